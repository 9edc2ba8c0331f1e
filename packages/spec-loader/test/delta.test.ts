import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deltaStats, parseJsonAgainst, type EarlierJson } from '../src/delta.js';
import { parseText } from '../src/index.js';
import { hasShared, sharedDir } from './support/revisions.js';

/**
 * `parseJsonAgainst` replaces `JSON.parse` for a revision of a JSON text already parsed. The property
 * that makes it safe: whatever the two texts, it gives exactly what `JSON.parse` gives (members in the
 * same order, `__proto__` an own member, every object plain), or `undefined` when `JSON.parse` refuses
 * the text; and a member whose text did not change is the earlier object itself.
 */

/** Throws unless `actual` is what `JSON.parse(text)` gives: same JSON text, same own keys in order, plain prototypes. */
function expectParsedAs(actual: unknown, text: string): void {
  const expected: unknown = JSON.parse(text);
  expect(JSON.stringify(actual)).toBe(JSON.stringify(expected));
  const check = (x: unknown, y: unknown, at: string): void => {
    if (y === null || typeof y !== 'object') {
      expect(Object.is(x, y), at).toBe(true);
      return;
    }
    expect(x !== null && typeof x === 'object', at).toBe(true);
    expect(Object.getPrototypeOf(x), at).toBe(Object.getPrototypeOf(y));
    const xKeys = Reflect.ownKeys(x as object);
    expect(xKeys, at).toEqual(Reflect.ownKeys(y));
    for (const key of xKeys) {
      if (Array.isArray(y) && key === 'length') continue;
      check((x as Record<string | symbol, unknown>)[key], (y as Record<string | symbol, unknown>)[key], `${at}/${String(key)}`);
    }
  };
  check(actual, expected, '');
}

/** Names JSON objects may have that JavaScript objects treat specially, or that sort as integers. */
const specialKeys = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', '0', '1', '10', '01', '-1', '4294967295', 'a', 'b', 'é', 'a"b', 'a\\b', '\u2028', '\t', 'x-y', ''];
const key = fc.oneof(fc.constantFrom(...specialKeys), fc.string({ maxLength: 6 }));
const scalar = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.string({ maxLength: 12 }),
  // Long strings make containers past the size at which a differing piece is scanned deeper.
  fc.string({ minLength: 200, maxLength: 700 }),
);
const { value } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(tie('value'), { maxLength: 6 }),
    fc.dictionary(key, tie('value'), { maxKeys: 8 }),
  ),
}));
const top = fc.oneof(fc.dictionary(key, value, { minKeys: 1, maxKeys: 10 }), fc.array(value, { minLength: 1, maxLength: 8 }));

/** One edit of a parsed value, at a node chosen by `at` (modulo the number of containers). */
interface Edit {
  at: number;
  kind: 'set' | 'delete' | 'add' | 'reverse';
  name: string;
  value: unknown;
}
const edit = fc.record({ at: fc.nat(), kind: fc.constantFrom<Edit['kind']>('set', 'delete', 'add', 'reverse'), name: key, value });

function containers(root: unknown): object[] {
  const out: object[] = [];
  const walk = (node: unknown) => {
    if (node === null || typeof node !== 'object') return;
    out.push(node);
    for (const child of Object.values(node)) walk(child);
  };
  walk(root);
  return out;
}

/** The edits applied to a copy of the value parsed from `text`. */
function edited(text: string, edits: Edit[]): unknown {
  const copy: unknown = JSON.parse(text);
  for (const e of edits) {
    const nodes = containers(copy);
    const node = nodes[e.at % nodes.length]! as Record<string, unknown> & unknown[];
    const names = Object.keys(node);
    const name = Array.isArray(node) ? String(e.at % (node.length + 1)) : names.length > 0 && e.kind !== 'add' ? names[e.at % names.length]! : e.name;
    if (e.kind === 'reverse') {
      if (Array.isArray(node)) node.reverse();
      else {
        const entries = Object.entries(node).reverse();
        for (const k of names) delete node[k];
        for (const [k, v] of entries) Object.defineProperty(node, k, { value: v, writable: true, enumerable: true, configurable: true });
      }
    } else if (e.kind === 'delete') {
      if (Array.isArray(node)) node.splice(Number(name), 1);
      else delete node[name];
    } else if (Array.isArray(node)) node.splice(Number(name), e.kind === 'set' ? 1 : 0, e.value);
    else Object.defineProperty(node, name, { value: e.value, writable: true, enumerable: true, configurable: true });
  }
  return copy;
}

const indent = fc.constantFrom<number | string>(0, 2, '\t');

const earlierOf = (text: string): EarlierJson => ({ text, document: JSON.parse(text) });

describe('parseJsonAgainst: what JSON.parse gives, sharing what did not change', () => {
  it('an edited revision parses as JSON.parse parses it, in the same layout or another', () => {
    fc.assert(
      fc.property(top, fc.array(edit, { minLength: 1, maxLength: 4 }), indent, indent, (doc, edits, a, b) => {
        const oldText = JSON.stringify(doc, null, a);
        const newText = JSON.stringify(edited(oldText, edits), null, b);
        const result = parseJsonAgainst(newText, earlierOf(oldText));
        expect(result).toBeDefined();
        expectParsedAs(result!.document, newText);
      }),
      { numRuns: 400 },
    );
  });

  it('a member whose text did not change is the earlier object itself', () => {
    fc.assert(
      fc.property(fc.dictionary(key, value, { minKeys: 2, maxKeys: 10 }), edit, indent, (doc, e, layout) => {
        const oldText = JSON.stringify(doc, null, layout);
        const earlier = earlierOf(oldText);
        const next = edited(oldText, [e]) as Record<string, unknown>;
        const newText = JSON.stringify(next, null, layout);
        const result = parseJsonAgainst(newText, earlier)!;
        const parsed = result.document as Record<string, unknown>;
        const before = earlier.document as Record<string, unknown>;
        for (const name of Object.keys(next)) {
          const was = before[name];
          if (!Object.prototype.hasOwnProperty.call(before, name) || was === null || typeof was !== 'object') continue;
          // The same text at the same depth: the same object.
          if (JSON.stringify(was, null, layout) === JSON.stringify(next[name], null, layout)) expect(parsed[name]).toBe(was);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a chain of revisions (each parsed against the one before) parses as JSON.parse parses each', () => {
    fc.assert(
      fc.property(top, fc.array(fc.array(edit, { minLength: 1, maxLength: 3 }), { minLength: 2, maxLength: 5 }), indent, (doc, rounds, layout) => {
        let text = JSON.stringify(doc, null, layout);
        let earlier = earlierOf(text);
        for (const edits of rounds) {
          text = JSON.stringify(edited(text, edits), null, layout);
          const result = parseJsonAgainst(text, earlier);
          expect(result).toBeDefined();
          expectParsedAs(result!.document, text);
          earlier = result!.next;
        }
      }),
      { numRuns: 150 },
    );
  });

  it('a text JSON.parse refuses is refused (undefined), one it accepts parses as it does: one character inserted, deleted or replaced', () => {
    const noise = fc.constantFrom('{', '}', '[', ']', ',', ':', '"', '\\', ' ', '\n', '0', '-', 'e', '.', 't', 'n', '\u0001', '\u00a0', '\ufeff', '/');
    fc.assert(
      fc.property(top, indent, fc.nat(), fc.constantFrom('insert', 'delete', 'replace'), noise, (doc, layout, where, how, char) => {
        const oldText = JSON.stringify(doc, null, layout);
        const at = where % (oldText.length + 1);
        const newText = how === 'insert' ? oldText.slice(0, at) + char + oldText.slice(at) : oldText.slice(0, at) + (how === 'replace' ? char : '') + oldText.slice(at + 1);
        let accepted = true;
        try {
          JSON.parse(newText);
        } catch {
          accepted = false;
        }
        const result = parseJsonAgainst(newText, earlierOf(oldText));
        if (!accepted) expect(result).toBeUndefined();
        else {
          expect(result).toBeDefined();
          expectParsedAs(result!.document, newText);
        }
      }),
      { numRuns: 1500 },
    );
  });

  it('every malformed text is refused, at the levels it scans and below them', () => {
    const oldText = '{"a":1,"b":{"c":{"d":[1,2,{"e":"f"}]}},"g":[true,null,"h"]}';
    const malformed = [
      '{"a":1,"b":{"c":{"d":[1,2,{"e":"f"}]}},"g":[true,null,"h"],}',
      '{"a":1,"b":{"c":{"d":[1,2,{"e":"f"}]}},"g":[true,null,"h",]}',
      '{"a" 1,"b":{"c":{"d":[1,2,{"e":"f"}]}},"g":[true,null,"h"]}',
      '{"a":1 "b":{"c":{"d":[1,2,{"e":"f"}]}},"g":[true,null,"h"]}',
      '{"a":,"b":{"c":{"d":[1,2,{"e":"f"}]}},"g":[true,null,"h"]}',
      '{"a":1,"b":{"c":{"d":[1,2,{"e":"f"}]}},"g":[true,null,"h"]}}',
      '{"a":1,"b":{"c":{"d":[1,2,{"e":"f"}]}},"g":[true,null,"h"]} x',
      `{'a':1,"b":{"c":{"d":[1,2,{"e":"f"}]}},"g":[true,null,"h"]}`,
      '{"a":01,"b":{"c":{"d":[1,2,{"e":"f"}]}},"g":[true,null,"h"]}',
      '{"a":NaN,"b":{"c":{"d":[1,2,{"e":"f"}]}},"g":[true,null,"h"]}',
      '{"a":"\u0001","b":{"c":{"d":[1,2,{"e":"f"}]}},"g":[true,null,"h"]}',
      '{"a\u0001":1,"b":{"c":{"d":[1,2,{"e":"f"}]}},"g":[true,null,"h"]}',
      '{"a":1,"b":{"c":{"d":[1 2,{"e":"f"}]}},"g":[true,null,"h"]}',
      '{"a":1,"b":{"c":{"d":[1,2,{"e":"f",}]}},"g":[true,null,"h"]}',
      '{"a":1,"b":{"c":{"d":[1,2,{"e":"f"}]},"g":[true,null,"h"]}',
      '{"a":1,"b":{"c":{"d":[1,2,{"e":"f"}]}},"g":[true,null,"h"]',
      '{"a":1,"b":{"c":{"d":[1,2,{"e":"f"]}}},"g":[true,null,"h"]}',
      '{"a":1,"b":{"c":{"d":[1,2,{"e":"f"}]}},"g":[tru,null,"h"]}',
      '\ufeff{"a":1}',
      '{"a":1}\u00a0',
      '',
    ];
    for (const text of malformed) {
      expect(() => JSON.parse(text), text).toThrow();
      expect(parseJsonAgainst(text, earlierOf(oldText)), text).toBeUndefined();
    }
    // Not an object or array at the top: nothing to share, left to the ordinary parse.
    expect(parseJsonAgainst('"a"', earlierOf(oldText))).toBeUndefined();
  });

  it('a name given twice keeps the last value at the first place, in the revision and in the earlier text', () => {
    const long = 'x'.repeat(3000);
    const oldText = `{"a":{"k":"${long}","k":1,"m":[1]},"b":{"c":2},"c":[1,2]}`;
    const cases = [
      `{"a":{"k":"${long}","k":1,"m":[1]},"b":{"c":2},"c":[1,2],"b":3}`,
      `{"a":{"k":"${long}","k":2,"m":[1]},"b":{"c":2},"c":[1,2]}`,
      `{"a":{"k":1,"m":[1],"k":"${long}"},"b":{"c":2,"c":{"d":1}},"c":[1,2]}`,
      `{"a":{"m":[1],"k":"${long}"},"b":{"c":2},"c":[1,2]}`,
    ];
    for (const newText of cases) {
      const result = parseJsonAgainst(newText, earlierOf(oldText));
      expect(result).toBeDefined();
      expectParsedAs(result!.document, newText);
    }
  });

  it('`__proto__` stays an own member and never sets a prototype, whether parsed or shared', () => {
    const oldText = '{"__proto__":{"polluted":true},"a":{"__proto__":[1],"b":1},"c":{"x":1}}';
    const newText = '{"__proto__":{"polluted":true},"a":{"__proto__":[1],"b":2},"c":{"x":1},"d":{"__proto__":{"y":2}}}';
    const earlier = earlierOf(oldText);
    const document = parseJsonAgainst(newText, earlier)!.document as Record<string, unknown>;
    expectParsedAs(document, newText);
    expect(Object.getPrototypeOf(document)).toBe(Object.prototype);
    expect(Object.prototype.hasOwnProperty.call(document, '__proto__')).toBe(true);
    expect((document as { polluted?: unknown }).polluted).toBeUndefined();
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
    expect(document.__proto__).toBe((earlier.document as Record<string, unknown>).__proto__);
  });

  it('byte-identical texts give the earlier document itself; a changed member is parsed, the rest shared', () => {
    const parts = Array.from({ length: 40 }, (_, i) => `"p${i}":{"get":{"summary":"${'s'.repeat(100)}${i}","responses":{"200":{"description":"ok"}}}}`);
    const oldText = `{"openapi":"3.0.3","paths":{${parts.join(',')}}}`;
    const earlier = earlierOf(oldText);
    expect(parseJsonAgainst(oldText, earlier)!.document).toBe(earlier.document);
    const changed = [...parts];
    changed[7] = changed[7]!.replace('"ok"', '"fine"');
    const newText = `{"openapi":"3.0.3","paths":{${changed.join(',')}}}`;
    const document = parseJsonAgainst(newText, earlier)!.document as { paths: Record<string, unknown> };
    expectParsedAs(document, newText);
    const before = (earlier.document as { paths: Record<string, unknown> }).paths;
    for (let i = 0; i < 40; i++) {
      if (i === 7) expect(document.paths[`p${i}`]).not.toBe(before[`p${i}`]);
      else expect(document.paths[`p${i}`]).toBe(before[`p${i}`]);
    }
    // Only the changed path item was parsed; the other 39 came from the earlier document.
    expect(deltaStats.parsed).toBeLessThan(200);
    expect(deltaStats.reused).toBeGreaterThan(newText.length * 0.9);
  });

  it('deep nesting in a differing piece neither throws nor recurses past a bound: it is JSON.parse\'s to read (the walk\'s depth limit refuses it later)', () => {
    const deep = '['.repeat(200_000) + ']'.repeat(200_000);
    const oldText = `{"a":${'['.repeat(1000)}${']'.repeat(1000)},"b":[${'"x",'.repeat(1000)}1]}`;
    const earlier = earlierOf(oldText);
    let result: ReturnType<typeof parseJsonAgainst>;
    expect(() => (result = parseJsonAgainst(`{"a":${deep},"b":[${'"x",'.repeat(1000)}1]}`, earlier))).not.toThrow();
    const document = result!.document as { a: unknown[]; b: unknown };
    expect(document.b).toBe((earlier.document as { b: unknown }).b);
    let depth = 0;
    for (let node: unknown = document.a; Array.isArray(node); node = node[0]) depth++;
    expect(depth).toBe(200_000);
  });
});

describe.skipIf(!hasShared)('parseJsonAgainst on real revision chains (needs ../shared)', () => {
  /** Every revision of a folder as JSON text, oldest first (YAML read with the loader's parser, then written as JSON in `layout`). */
  const chain = (folder: string, layout: number | string): string[] =>
    readdirSync(folder)
      .filter((f) => /^\d{4}-\d{2}-\d{2}.*\.(ya?ml|json)$/.test(f))
      .sort()
      .map((f) => {
        const text = readFileSync(path.join(folder, f), 'utf8');
        return f.endsWith('.json') && layout === 'as published' ? text : JSON.stringify(parseText(text, f), null, layout === 'as published' ? 2 : layout);
      });

  const folders = ['astro/v1beta1-iam', 'astro/v1beta1-platform', 'pagerduty'];
  for (const folder of folders) {
    for (const layout of ['as published', 0, '\t'] as const) {
      it(`${folder}, ${layout === 'as published' ? 'as published' : layout === 0 ? 'minified' : 'indented with tabs'}: each revision parsed against the one before is what JSON.parse gives`, () => {
        const texts = chain(path.join(sharedDir, 'corpus', folder), layout);
        expect(texts.length).toBeGreaterThan(5);
        let earlier = earlierOf(texts[0]!);
        let shared = 0;
        for (const text of texts.slice(1)) {
          const result = parseJsonAgainst(text, earlier);
          expect(result).toBeDefined();
          expect(JSON.stringify(result!.document)).toBe(JSON.stringify(JSON.parse(text)));
          if (deltaStats.reused > text.length / 2) shared++;
          earlier = result!.next;
        }
        // Real revisions share most of their text: most of them were mostly taken from the one before.
        expect(shared).toBeGreaterThan((texts.length - 1) / 2);
      }, 60_000);
    }
  }
});
