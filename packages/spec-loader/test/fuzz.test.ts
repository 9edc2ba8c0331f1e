/**
 * Fuzzing the loader alone, at the text level where the parsers meet hostile bytes: real spec text
 * is truncated, has characters inserted, flipped or deleted, gains YAML anchors, aliases and tags
 * (`!!js/function`, `!!binary`, unknown ones), deep brackets, huge scalars, duplicate keys and
 * `$ref`s to places it may not go. Every variant must load or throw a one-line `SpecError`;
 * anything else (a TypeError, a RangeError, a hang) is a bug.
 *
 * The seed changes every run and is printed; replay with FUZZ_SEED=<seed>. FUZZ_RUNS sets the count
 * (default 300, a few seconds).
 */
import { mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSpec, SpecError } from '../src/index.js';

const seed = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const numRuns = Number(process.env.FUZZ_RUNS ?? 300);
const HANG_MS = 20_000;

const dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'spec-loader-fuzz-')));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(path.join(dir, 'other.yaml'), 'S:\n  type: string\nLoop:\n  $ref: "#/Loop"\n');

const specs = fileURLToPath(new URL('../../../specs/', import.meta.url));
const texts = ['v1beta1/platform/2024-07-31.yaml', 'v1beta1/iam/2024-07-31.yaml'].map((name) => readFileSync(path.join(specs, name), 'utf8'));
// A small document too, so that edits near its few keys are common.
texts.push('openapi: 3.0.3\ninfo: {title: t, version: "1"}\nservers: [{url: "https://x"}]\npaths:\n  /a:\n    get:\n      responses:\n        "200": {description: ok}\ncomponents:\n  schemas:\n    A: {type: object, properties: {b: {$ref: "#/components/schemas/A"}}}\n');
texts.push(JSON.stringify({ openapi: '3.1.0', info: { title: 't', version: '1' }, paths: { '/a': { get: { responses: { 200: { description: 'ok' } } } } } }));

const inserts = [
  '!!js/function "function () { process.exit(9) }"',
  '!!js/undefined ""',
  '!!binary aGVsbG8=',
  '!<tag:example.com,2000:x> 1',
  '&anchor [1, 2, 3]',
  '*anchor',
  '*never_defined',
  '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[',
  '{ $ref: "../../../../etc/passwd" }',
  '{ $ref: "/dev/zero" }',
  '{ $ref: "http://127.0.0.1:9/x" }',
  '{ $ref: "other.yaml#/Loop" }',
  '{ $ref: "other.yaml#/S" }',
  '{ $ref: "#/nowhere/~2" }',
  '\u0000',
  '\uFEFF',
  '\t',
  '"\\uD800"',
  '1e999999',
  '-0x',
  '<<: *anchor',
  '? complex\n: key',
  '%YAML 1.3\n---\n',
  '---\n...\n---\n',
];

const edit = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.noBias(fc.nat()) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.noBias(fc.nat()), text: fc.oneof(fc.constantFrom(...inserts), fc.string({ maxLength: 8 }), fc.string({ unit: 'binary', maxLength: 4 })) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.noBias(fc.nat()), length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant('duplicate-line' as const), at: fc.noBias(fc.nat()) }),
  fc.record({ kind: fc.constant('huge' as const), at: fc.noBias(fc.nat()), length: fc.integer({ min: 1_000, max: 1_000_000 }) }),
);
type Edit = typeof edit extends fc.Arbitrary<infer T> ? T : never;

function applyEdit(text: string, e: Edit): string {
  const at = text.length === 0 ? 0 : e.at % text.length;
  switch (e.kind) {
    case 'truncate':
      return text.slice(0, at);
    case 'insert':
      return text.slice(0, at) + e.text + text.slice(at);
    case 'delete':
      return text.slice(0, at) + text.slice(at + e.length);
    case 'duplicate-line': {
      const start = text.lastIndexOf('\n', at) + 1;
      const end = text.indexOf('\n', at);
      const line = text.slice(start, end === -1 ? text.length : end);
      return text.slice(0, start) + line + '\n' + text.slice(start);
    }
    case 'huge':
      return text.slice(0, at) + 'x'.repeat(e.length) + text.slice(at);
  }
}

describe('fuzz: the loader on mutated spec text', () => {
  it(`every variant loads or throws a one-line SpecError (seed ${seed}, ${numRuns} variants)`, () => {
    console.log(`spec-loader fuzz: seed ${seed}, ${numRuns} variants (replay: FUZZ_SEED=${seed})`);
    let loaded = 0;
    let refused = 0;
    let slowest = 0;
    let n = 0;
    fc.assert(
      fc.property(fc.nat({ max: texts.length - 1 }), fc.array(edit, { minLength: 1, maxLength: 5 }), fc.boolean(), (which, edits, asJsonName) => {
        const text = edits.reduce(applyEdit, texts[which]!);
        const file = path.join(dir, `variant-${n++ % 4}.${asJsonName ? 'json' : 'yaml'}`);
        writeFileSync(file, text);
        const started = performance.now();
        try {
          loadSpec(file, { cwd: dir });
          loaded++;
        } catch (error) {
          if (!(error instanceof SpecError)) throw error;
          expect(error.message).not.toContain('\n');
          expect(error.message.slice(0, 200)).toMatch(new RegExp(`^${path.basename(file).replace(".", "\\.")}`));
          refused++;
        }
        const took = performance.now() - started;
        slowest = Math.max(slowest, took);
        expect(took).toBeLessThan(HANG_MS);
      }),
      { seed, numRuns, endOnFailure: true },
    );
    console.log(`spec-loader fuzz: ${loaded} loaded, ${refused} refused with a SpecError, 0 crashes; slowest ${Math.round(slowest)} ms`);
  });
});
