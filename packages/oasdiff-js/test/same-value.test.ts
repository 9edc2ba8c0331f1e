/** sameValue (a fast equality used by the differ) agrees with comparing valueKey texts. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sameJson, sameValue, valueKey } from '../src/match/keys.js';

describe('sameValue', () => {
  it('equals valueKey(a) === valueKey(b) for any JSON values, including reordered copies', () => {
    const shuffled = (v: unknown): unknown =>
      Array.isArray(v) ? v.map(shuffled) : v !== null && typeof v === 'object' ? Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, shuffled(x)])) : v;
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (a, b) => {
        expect(sameValue(a, b)).toBe(valueKey(a) === valueKey(b));
        expect(sameValue(a, shuffled(a))).toBe(true);
      }),
      { numRuns: 500 },
    );
    expect(sameValue({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(sameValue(undefined, null)).toBe(false);
    expect(sameValue([1, 2], [2, 1])).toBe(false);
  });
});

describe('valueKey', () => {
  it('keeps its text: fingerprints (ignore files, SARIF alerts) are hashed from it', () => {
    const tricky = { b: 1, a: [undefined, { z: 1, 10: 2, 9: 3, '01': 4 }], c: undefined, d: new Date(0), 4294967295: 5, 4294967294: 6 };
    // Index keys first in numeric order (4294967295 is past the last index), then the rest by code unit;
    // undefined members left out, undefined items as null, dates as their JSON text.
    expect(valueKey(tricky)).toBe('{"4294967294":6,"4294967295":5,"a":[null,{"9":3,"10":2,"01":4,"z":1}],"b":1,"d":"1970-01-01T00:00:00.000Z"}');
    expect(valueKey('x')).toBe('"x"');
    expect(valueKey({ b: 2, a: 1 })).toBe(valueKey({ a: 1, b: 2 }));
  });
});

describe('sameJson', () => {
  it('equals comparing JSON.stringify texts (key order counts)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (a, b) => {
        expect(sameJson(a, b)).toBe(JSON.stringify(a) === JSON.stringify(b));
        expect(sameJson(a, JSON.parse(JSON.stringify(a)))).toBe(true);
      }),
      { numRuns: 500 },
    );
    expect(sameJson({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(false);
  });
});
