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
