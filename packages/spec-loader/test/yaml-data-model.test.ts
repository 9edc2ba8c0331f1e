import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, hashDocument, loadSpec, parseText, sameSubtree, SpecError } from '../src/index.js';
import { recordAndVisitRefs } from '../src/hash.js';
import { checkShape } from '../src/limits.js';

/**
 * The family: a YAML reader that builds values JSON cannot hold (js-yaml's default schema makes a
 * `Date` of every unquoted timestamp, a Uint8Array of `!!binary`, …). The engine compares JSON data;
 * a `Date` has no members, so two different dates read as the same value and the change was lost.
 * The guard is one place, the loader's YAML schema (parse.ts). These properties would have found it.
 */

/** Plain scalars as people write them in specs, including every spelling YAML 1.1 types specially. */
const plainScalars = [
  '2024-01-01', '2024-01-01T10:00:00Z', '2024-01-01 10:00:00.5 +02:00', '2001-12-14t21:59:43.10-05:00', '2024-1-1',
  'yes', 'no', 'on', 'off', 'Y', 'n', 'true', 'False', 'TRUE', 'null', 'Null', '~', '',
  '0', '-1', '0o17', '017', '0x1F', '1_000', '1e3', '6.8523015e+5', '.5', '-.inf', '.Inf', '.NaN', '190:20:30',
  '12:30', 'v1.2.3', 'a b c', 'ÿ', '=', '<<x', 'https://example.com/a?b=c', 'R0lGODlhDAAMAIQAAP',
];

/** A scalar: plain (from the list or random safe text), single-quoted or double-quoted. */
const scalar = fc.oneof(
  fc.constantFrom(...plainScalars),
  fc.stringMatching(/^[a-z][a-z0-9 ._-]{0,12}$/).map((s) => s.trimEnd()),
  fc.constantFrom(...plainScalars).map((s) => `'${s.replace(/'/g, "''")}'`),
  fc.string({ maxLength: 8 }).map((s) => JSON.stringify(s)),
);

const key = fc.stringMatching(/^[a-z][a-zA-Z0-9_]{0,8}$/);

/** YAML text of a node at an indentation, as block mappings and sequences of scalars. */
const node: fc.Memo<string> = fc.memo((depth) =>
  depth <= 1
    ? scalar
    : fc.oneof(
        { weight: 2, arbitrary: scalar },
        { weight: 1, arbitrary: fc.uniqueArray(fc.tuple(key, node(depth - 1)), { minLength: 1, maxLength: 4, selector: ([k]) => k }).map((members) => members.map(([k, v]) => ({ k, v }))).map((members) => JSON.stringify({ map: members })) },
        { weight: 1, arbitrary: fc.array(node(depth - 1), { minLength: 1, maxLength: 3 }).map((items) => JSON.stringify({ seq: items })) },
      ),
);

/** Renders the generator's nested description (JSON of {map}/{seq} or a scalar) as block YAML. */
function render(description: string, indent: string): string {
  if (!description.startsWith('{"map"') && !description.startsWith('{"seq"')) return ` ${description}`;
  const parsed = JSON.parse(description) as { map?: Array<{ k: string; v: string }>; seq?: string[] };
  if (parsed.map) return parsed.map.map(({ k, v }) => `\n${indent}${k}:${render(v, `${indent}  `)}`).join('');
  return parsed.seq!.map((v) => `\n${indent}-${render(v, `${indent}  `)}`).join('');
}

const yamlDocument = fc.uniqueArray(fc.tuple(key, node(4)), { minLength: 1, maxLength: 5, selector: ([k]) => k }).map((members) => members.map(([k, v]) => `${k}:${render(v, '  ')}`).join('\n') + '\n');

/** Whether a value is JSON data: strings, numbers, booleans, null, arrays and plain objects only. */
function jsonDataProblem(value: unknown, at = ''): string | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean' || typeof value === 'number') return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const problem = jsonDataProblem(value[i], `${at}/${i}`);
      if (problem) return problem;
    }
    return undefined;
  }
  if (typeof value === 'object') {
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return `${at}: ${Object.prototype.toString.call(value)}`;
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const problem = jsonDataProblem(v, `${at}/${k}`);
      if (problem) return problem;
    }
    return undefined;
  }
  return `${at}: ${typeof value}`;
}

/** The value's text, non-finite numbers told apart (JSON.stringify writes them as null). */
const textOf = (value: unknown) => JSON.stringify(value, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? `\u0000${v}` : v));

describe('YAML is read as JSON data (the loader schema: core + merge keys)', () => {
  it('property: whatever block YAML of real-world scalar spellings parses to holds only JSON values', () => {
    fc.assert(
      fc.property(yamlDocument, (text) => {
        let document: unknown;
        try {
          document = parseText(text, 'gen.yaml');
        } catch (error) {
          // A generated text may be invalid YAML; the reader must then say so as a SpecError, nothing else.
          expect(error).toBeInstanceOf(SpecError);
          return;
        }
        expect(jsonDataProblem(document)).toBeUndefined();
      }),
      { numRuns: 300, seed: 20261207 },
    );
  });

  it('property: two documents that differ in one scalar are never the same subtree when their values differ', () => {
    const pair = fc.tuple(fc.constantFrom(...plainScalars), fc.constantFrom(...plainScalars)).filter(([a, b]) => a !== b);
    fc.assert(
      fc.property(pair, fc.nat(11), ([a, b], place) => {
        // 12 members, so the root is large enough for the loader's table to hold its hash.
        const text = (value: string) => Array.from({ length: 12 }, (_, i) => `m${i}: ${i === place ? value : `v${i}`}`).join('\n') + '\n';
        const x = parseText(text(a), 'a.yaml');
        const y = parseText(text(b), 'b.yaml');
        if (textOf(x) === textOf(y)) return; // e.g. `yes` and `Y` are both… strings here, so they differ; `~` and `null` are both null
        expect(sameSubtree(x, y, hashDocument(x), hashDocument(y))).toBe(false);
      }),
      { numRuns: 400, seed: 20261207 },
    );
  });

  it('an unquoted date or date-time is the string as written (not a Date), and YAML 1.1 words stay strings', () => {
    const document = parseText('a: 2024-01-01\nb: 2024-01-01T10:00:00+02:00\nc: yes\nd: ~\ne: 0x1F\nf: .inf\n', 'x.yaml') as Record<string, unknown>;
    expect(document).toEqual({ a: '2024-01-01', b: '2024-01-01T10:00:00+02:00', c: 'yes', d: null, e: 31, f: Infinity });
  });

  it('merge keys still work; explicit non-JSON tags are refused with their line', () => {
    expect(parseText('base: &b {x: 1, y: 2}\nmore:\n  <<: *b\n  y: 3\n', 'm.yaml')).toEqual({ base: { x: 1, y: 2 }, more: { x: 1, y: 3 } });
    for (const tagged of ['a: 1\nb: !!binary R0lGODlh\n', 'a: 1\nb: !!timestamp 2024-01-01\n', 'a: 1\nb: !!set {x}\n', 'a: 1\nb: !!omap [x: 1]\n']) {
      let error: unknown;
      try {
        parseText(tagged, 'tags.yaml');
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(SpecError);
      expect((error as SpecError).file).toBe('tags.yaml');
      expect((error as SpecError).line).toBe(2);
    }
  });

  // The second member of the family: a parser that sets an object's prototype from the input. js-yaml
  // before 4.1.1 did so for a `__proto__` key brought in by a merge key (`<<`): the member vanished from
  // every key listing while `merged.type` still read it. These would have found it.
  const objectKeys = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', 'type', 'enum', 'a', 'b'];

  it('property: merge keys bring in every member, whatever its name, as an own member of a plain object', () => {
    const member = fc.tuple(fc.constantFrom(...objectKeys), fc.constantFrom('string', '1', 'true', '{type: integer}', '[x, y]'));
    fc.assert(
      fc.property(fc.uniqueArray(member, { minLength: 1, maxLength: 5, selector: ([k]) => k }), fc.constantFrom(...objectKeys), (members, own) => {
        const text = `base: &b\n${members.map(([k, v]) => `  ${k}: ${v}`).join('\n')}\nmerged:\n  <<: *b\n  ${own}: mine\n`;
        const document = parseText(text, 'merge.yaml') as { base: object; merged: Record<string, unknown> };
        expect(jsonDataProblem(document)).toBeUndefined();
        const expected = [...new Set([...members.map(([k]) => k).filter((k) => k !== own), own])].sort();
        expect(Object.keys(document.merged).sort()).toEqual(expected);
        for (const [k] of members) expect(Object.prototype.hasOwnProperty.call(document.merged, k)).toBe(true);
        expect(({} as Record<string, unknown>).type).toBeUndefined(); // nothing leaked into Object.prototype
      }),
      { numRuns: 300, seed: 20261207 },
    );
  });

  it('a document holding an object with its own prototype is refused, by the shape check and by the loader\'s walk', () => {
    const sneaky = Object.create({ type: 'string' }) as Record<string, unknown>;
    sneaky.description = 'looks empty to a key listing';
    const document = { openapi: '3.0.3', paths: { '/a': { get: { responses: { '200': { description: 'ok', content: { 'application/json': { schema: sneaky } } } } } } } };
    const expectRefusal = (run: () => void) => {
      let error: unknown;
      try {
        run();
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(SpecError);
      expect((error as SpecError).message).toMatch(/not JSON data/);
      expect((error as SpecError).pointer).toBe('/paths/~1a/get/responses/200/content/application~1json/schema');
    };
    expectRefusal(() => checkShape(document, 'x.json', DEFAULT_LIMITS));
    expectRefusal(() => recordAndVisitRefs(document, () => {}, { shownAs: 'x.json', limits: DEFAULT_LIMITS }));
    // A document a caller builds in memory is taken as it is.
    expect(() => hashDocument(document)).not.toThrow();
  });

  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  // The third member of the family: a reader that keeps one of two values written under the same key.
  // js-yaml's `json` option let the last one win, silently: a change to the first was never compared,
  // and a reviewer reading the file top-down read a value the engine did not. These would have found it.
  const refusal = (text: string, file: string): SpecError => {
    try {
      parseText(text, file);
    } catch (caught) {
      expect(caught).toBeInstanceOf(SpecError);
      return caught as SpecError;
    }
    throw new Error(`${file} was read although it repeats a key`);
  };

  it('property: a key written twice in one mapping, at any depth, is refused at the second one\'s line, named', () => {
    fc.assert(
      fc.property(yamlDocument, fc.nat(), fc.constantFrom(...plainScalars.filter((v) => v !== '')), (text, pick, value) => {
        try {
          parseText(text, 'once.yaml');
        } catch {
          return; // the generator's text was not valid YAML to begin with
        }
        // A line `indent key:` of the generated text, written again below its mapping's last member.
        const lines = text.split('\n');
        const keyLines = lines.map((line, i) => ({ line, i, match: /^( *)([a-z][a-zA-Z0-9_]*):/.exec(line) })).filter((l) => l.match);
        const { i, match } = keyLines[pick % keyLines.length]!;
        const [, indent, key] = match!;
        // Below the member's own block (its more deeply indented lines): a sibling of the first one.
        let end = i + 1;
        while (end < lines.length && lines[end]!.startsWith(`${indent} `)) end++;
        const edited = [...lines.slice(0, end), `${indent}${key}: ${value}`, ...lines.slice(end)].join('\n');
        const error = refusal(edited, 'twice.yaml');
        expect(error.file).toBe('twice.yaml');
        expect(error.line).toBe(end + 1);
        expect(error.message).toContain(`duplicated mapping key ${JSON.stringify(key)}`);
      }),
      { numRuns: 300, seed: 20261208 },
    );
  });

  it('a repeated key is refused in flow mappings and quoted, with the key as it reads; a merge key still gives way to an own member', () => {
    expect(refusal('a: {x: 1, x: 2}\n', 'f.yaml')).toMatchObject({ line: 1 });
    expect(refusal('a: {x: 1, x: 2}\n', 'f.yaml').message).toContain('duplicated mapping key "x"');
    expect(refusal('"q\\tk": 1\n"q\\tk": 2\n', 'q.yaml').message).toContain('duplicated mapping key "q\\tk"');
    expect(refusal("'it''s': 1\n'it''s': 2\n", 's.yaml').message).toContain(`duplicated mapping key "it's"`);
    // Two spellings of one JSON key (the number 1 and the string "1") would also lose a value.
    expect(refusal('1: x\n"1": y\n', 'n.yaml')).toMatchObject({ line: 2 });
    // `<<` is YAML's own way to give defaults: members written beside it win, as before.
    expect(parseText('base: &b {x: 1}\nmore:\n  <<: *b\n  x: 2\n', 'm.yaml')).toEqual({ base: { x: 1 }, more: { x: 2 } });
  });

  it('loadSpec refuses a spec whose YAML repeats a key, naming the file and line, before anything compares it', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'yaml-data-model-'));
    dirs.push(dir);
    const file = path.join(dir, 'twice.yaml');
    writeFileSync(file, "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200': {description: ok}\n  /b:\n    get:\n      responses:\n        '200': {description: ok}\n  /a:\n    post:\n      responses:\n        '201': {description: made}\n");
    let error: unknown;
    try {
      loadSpec(file);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(SpecError);
    expect((error as SpecError).line).toBe(12);
    expect((error as SpecError).message).toContain('duplicated mapping key "/a"');
  });

  it('a loaded spec: two revisions whose example dates differ have different subtrees at every level above the date', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'yaml-data-model-'));
    dirs.push(dir);
    const spec = (date: string) => `openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                type: object\n                properties:\n                  when: {type: string, format: date, example: ${date}}\n                  a: {type: string}\n                  b: {type: string}\n                  c: {type: string}\n`;
    writeFileSync(path.join(dir, 'a.yaml'), spec('2020-01-01'));
    writeFileSync(path.join(dir, 'b.yaml'), spec('2021-01-01'));
    const a = loadSpec(path.join(dir, 'a.yaml'));
    const b = loadSpec(path.join(dir, 'b.yaml'));
    const schemaOf = (s: typeof a) => (s.document as any).paths['/a'].get.responses['200'].content['application/json'].schema;
    expect(schemaOf(a).properties.when.example).toBe('2020-01-01');
    expect(sameSubtree(schemaOf(a), schemaOf(b), a.root.hashes, b.root.hashes)).toBe(false);
    expect(sameSubtree(a.document, b.document, a.root.hashes, b.root.hashes)).toBe(false);
  });
});
