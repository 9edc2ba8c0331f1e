import { writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadSpec, type LoadedSpec, type LoadOptions, type SubtreeTable } from '../src/index.js';
import { scratchFolder, tempFolder } from './support/scratch.js';

/**
 * `loadSpec(revision, { shareWith: base })` must load exactly what `loadSpec(revision)` loads: the same
 * document, the same answers from its table for every node (large or not, the references inside, which
 * of them stand where a schema goes), and, for a revision that fails, the same error with the same
 * pointer, even when the failing reference sits in a part shared with the base (its target was removed).
 * These properties hold over generated specs and edits; they are what would have found a walk that
 * skipped a check for a shared part.
 */

type Json = Record<string, unknown>;

/** A spec whose schemas refer to each other, with references in examples and extensions (data, not references). */
const spec = fc
  .record({
    schemas: fc.array(
      fc.record({
        props: fc.array(fc.oneof(fc.constant('string'), fc.nat(7), fc.tuple(fc.constant('array'), fc.nat(7))), { minLength: 1, maxLength: 9 }),
        example: fc.boolean(),
        ext: fc.option(fc.nat(7), { nil: undefined }),
      }),
      { minLength: 2, maxLength: 8 },
    ),
    paths: fc.array(fc.record({ target: fc.nat(7), param: fc.boolean(), words: fc.string({ maxLength: 40 }) }), { minLength: 1, maxLength: 6 }),
  })
  .map(({ schemas, paths }) => {
    const n = schemas.length;
    const ref = (i: number) => ({ $ref: `#/components/schemas/S${i % n}` });
    const document: Json = {
      openapi: '3.0.3',
      info: { title: 'generated', version: '1' },
      paths: Object.fromEntries(
        paths.map((p, i) => [
          `/things${i}`,
          {
            get: {
              summary: p.words,
              ...(p.param ? { parameters: [{ $ref: '#/components/parameters/Limit' }] } : {}),
              responses: { '200': { description: 'ok', content: { 'application/json': { schema: ref(p.target) } } } },
            },
          },
        ]),
      ),
      components: {
        parameters: { Limit: { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100 } } },
        schemas: Object.fromEntries(
          schemas.map((s, i) => [
            `S${i}`,
            {
              type: 'object',
              properties: Object.fromEntries(
                s.props.map((prop, j) => [`p${j}`, prop === 'string' ? { type: 'string', description: `field ${j}` } : typeof prop === 'number' ? ref(prop) : { type: 'array', items: ref(prop[1]) }]),
              ),
              ...(s.example ? { example: { $ref: '#/components/schemas/NotAReference', p0: 'x' } } : {}),
              ...(s.ext !== undefined ? { 'x-related': ref(s.ext) } : {}),
            },
          ]),
        ),
      },
    };
    return document;
  });

/** Edits of a spec: a schema removed (references to it dangle), a property changed, a reference added, a summary changed. */
const editOf = fc.oneof(
  fc.record({ kind: fc.constant('remove' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('retype' as const), at: fc.nat(), prop: fc.nat() }),
  fc.record({ kind: fc.constant('refer' as const), at: fc.nat(), to: fc.string({ maxLength: 4 }) }),
  fc.record({ kind: fc.constant('summary' as const), at: fc.nat(), words: fc.string({ maxLength: 20 }) }),
);
type Edit = typeof editOf extends fc.Arbitrary<infer T> ? T : never;

function applyEdits(document: Json, edits: Edit[]): Json {
  const copy = structuredClone(document) as { paths: Record<string, { get: Json }>; components: { schemas: Record<string, { properties: Record<string, unknown> }> } };
  for (const e of edits) {
    const names = Object.keys(copy.components.schemas);
    if (names.length === 0) break;
    const name = names[e.at % names.length]!;
    const schema = copy.components.schemas[name]!;
    if (e.kind === 'remove') delete copy.components.schemas[name];
    else if (e.kind === 'retype') {
      const props = Object.keys(schema.properties);
      schema.properties[props[e.prop % props.length]!] = { type: 'integer' };
    } else if (e.kind === 'refer') schema.properties[`r${e.to}`] = { $ref: `#/components/schemas/${e.to === '' ? name : e.to}` };
    else {
      const paths = Object.keys(copy.paths);
      copy.paths[paths[e.at % paths.length]!]!.get.summary = e.words;
    }
  }
  return copy as unknown as Json;
}

/** Every answer the table gives about the nodes of a document, in document order, by pointer. */
function tableAnswers(document: unknown, table: SubtreeTable | undefined): string[] {
  const out: string[] = [];
  const walk = (node: unknown, at: string) => {
    if (node === null || typeof node !== 'object') return;
    out.push(`${at} has=${table?.has(node)} refs=${JSON.stringify(table?.refs(node))} schema=${JSON.stringify(table?.refsInSchemaPosition(node))}`);
    for (const [key, child] of Object.entries(node)) walk(child, `${at}/${key}`);
  };
  walk(document, '');
  return out;
}

function outcome(load: () => LoadedSpec): { error: string } | { spec: LoadedSpec } {
  try {
    return { spec: load() };
  } catch (error) {
    return { error: String((error as Error).message) };
  }
}

function expectSameLoad(file: string, base: LoadedSpec, options: LoadOptions = {}): LoadedSpec | undefined {
  const plain = outcome(() => loadSpec(file, options));
  const shared = outcome(() => loadSpec(file, { ...options, shareWith: base }));
  if ('error' in plain) {
    expect(shared).toEqual(plain);
    return undefined;
  }
  expect('spec' in shared).toBe(true);
  const a = plain.spec;
  const b = (shared as { spec: LoadedSpec }).spec;
  expect(JSON.stringify(b.document)).toBe(JSON.stringify(a.document));
  expect([...b.files.keys()]).toEqual([...a.files.keys()]);
  for (const [key, file] of a.files) {
    const other = b.files.get(key)!;
    expect(tableAnswers(other.document, other.hashes)).toEqual(tableAnswers(file.document, file.hashes));
  }
  return b;
}

describe('loadSpec with shareWith: the same spec as an ordinary load', () => {
  it('same document, same table answers and same errors over generated specs and edits, minified or indented', () => {
    const dir = tempFolder('spec-loader-share-');
    let n = 0;
    fc.assert(
      fc.property(spec, fc.array(editOf, { minLength: 1, maxLength: 4 }), fc.constantFrom(0, 2), (document, edits, indent) => {
        const a = path.join(dir, `a${n}.json`);
        const b = path.join(dir, `b${n++}.json`);
        writeFileSync(a, JSON.stringify(document, null, indent));
        writeFileSync(b, JSON.stringify(applyEdits(document, edits), null, indent));
        const base = loadSpec(a);
        const loaded = expectSameLoad(b, base);
        // Sharing took place: the unchanged `info` is the base's object.
        if (loaded) expect(loaded.document.info).toBe(base.document.info);
      }),
      { numRuns: 200 },
    );
  });

  it('a reference inside a shared part whose target the revision removed fails as in an ordinary load, at the same pointer', () => {
    const base = { openapi: '3.0.3', info: { title: 't', version: '1' }, paths: { '/a': { get: { responses: { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'array', items: { $ref: '#/components/schemas/Gone' } } } } } } } } }, components: { schemas: { Gone: { type: 'string' }, Kept: { type: 'object', properties: { x: { $ref: '#/components/schemas/Gone' } } } } } };
    const revision = structuredClone(base);
    delete (revision.components.schemas as Partial<typeof base.components.schemas>).Gone;
    const dir = scratchFolder('spec-loader-share-', { 'a.json': JSON.stringify(base), 'b.json': JSON.stringify(revision) });
    const loadedBase = loadSpec(path.join(dir, 'a.json'), { cwd: dir });
    const plain = outcome(() => loadSpec(path.join(dir, 'b.json'), { cwd: dir }));
    const shared = outcome(() => loadSpec(path.join(dir, 'b.json'), { cwd: dir, shareWith: loadedBase }));
    // The walk meets `components` before `paths` (members last to first): both holders are in shared parts.
    expect(plain).toEqual({ error: 'b.json#/components/schemas/Kept/properties/x/$ref: $ref "#/components/schemas/Gone" points to nothing' });
    expect(shared).toEqual(plain);
  });

  it('a revision past the node limit through its shared parts fails as in an ordinary load', () => {
    // Each schema is large enough (12 nodes or more) for the walk to record it, so the revision's walk replays them.
    const big = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`S${i}`, { type: 'object', description: `schema ${i}`, required: ['a'], properties: { a: { type: 'string' }, b: { type: 'integer' }, c: { type: 'array', items: { type: 'string' } } } }]));
    const base = { openapi: '3.0.3', info: { title: 't', version: '1' }, paths: {}, components: { schemas: big } };
    const revision = { ...base, components: { schemas: { ...big, Extra: { type: 'string' } } } };
    const dir = scratchFolder('spec-loader-share-', { 'a.json': JSON.stringify(base), 'b.json': JSON.stringify(revision) });
    const count = (node: unknown): number => (node !== null && typeof node === 'object' ? 1 + Object.values(node).reduce<number>((n, child) => n + count(child), 0) : 1);
    const baseNodes = count(base);
    expect(count(revision)).toBe(baseNodes + 2);
    // The base just fits; the revision is two nodes past the limit, almost all of them in shared parts.
    const limits = { maxNodes: baseNodes };
    const loadedBase = loadSpec(path.join(dir, 'a.json'), { cwd: dir, limits });
    const plain = outcome(() => loadSpec(path.join(dir, 'b.json'), { cwd: dir, limits }));
    expect(plain).toHaveProperty('error');
    expect((plain as { error: string }).error).toContain('nodes');
    expect(outcome(() => loadSpec(path.join(dir, 'b.json'), { cwd: dir, limits, shareWith: loadedBase }))).toEqual(plain);
    expect(loadedBase.root.hashes!.has((base.components.schemas as Json).S0 as object)).toBe(false); // a copy, not the loaded object
    expect(loadedBase.root.hashes!.has((loadedBase.document.components!.schemas as Json).S0 as object)).toBe(true);
    // Exactly at the limit, both load.
    const roomy = { maxNodes: baseNodes + 2 };
    expectSameLoad(path.join(dir, 'b.json'), loadSpec(path.join(dir, 'a.json'), { cwd: dir, limits: roomy }), { cwd: dir, limits: roomy });
  });

  it('shares only between loads under the same limits, and each file of a multi-file spec with its counterpart', () => {
    const common = { components: { schemas: { Error: { type: 'object', properties: { code: { type: 'integer' }, message: { type: 'string' }, detail: { type: 'string' } } } } } };
    const root = (summary: string) => ({ openapi: '3.0.3', info: { title: 't', version: '1' }, paths: { '/a': { get: { summary, responses: { default: { description: 'error', content: { 'application/json': { schema: { $ref: 'common.json#/components/schemas/Error' } } } } } } } } });
    const dir = scratchFolder('spec-loader-share-', {
      'v1/root.json': JSON.stringify(root('one')),
      'v1/common.json': JSON.stringify(common),
      'v2/root.json': JSON.stringify(root('two')),
      'v2/common.json': JSON.stringify(common),
    });
    const base = loadSpec(path.join(dir, 'v1/root.json'));
    const revision = expectSameLoad(path.join(dir, 'v2/root.json'), base)!;
    const fileOf = (s: LoadedSpec, name: string) => [...s.files.values()].find((f) => f.key.endsWith(name))!;
    expect(fileOf(revision, 'common.json').document).toBe(fileOf(base, 'common.json').document);
    expect(fileOf(revision, 'common.json').hashes).toBe(fileOf(base, 'common.json').hashes);
    expect((revision.document.paths!['/a'] as Json).get).not.toBe((base.document.paths!['/a'] as Json).get);
    // Other limits: nothing shared.
    const other = loadSpec(path.join(dir, 'v2/root.json'), { shareWith: base, limits: { maxDepth: 100 } });
    expect(fileOf(other, 'common.json').document).not.toBe(fileOf(base, 'common.json').document);
    expect(other.root.hashes).not.toBe(base.root.hashes);
  });

  it('a history does not keep every revision alive: once the shared table holds three times its first document, the next load starts a new one', () => {
    const dir = tempFolder('spec-loader-share-');
    const revisionText = (k: number) =>
      JSON.stringify({ openapi: '3.0.3', info: { title: 't', version: String(k) }, paths: {}, components: { schemas: Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`S${i}`, { type: 'object', description: `rev ${k}`, properties: { a: { type: 'string' }, b: { type: 'string' }, c: { type: 'string' }, d: { type: 'string' } } }])) } });
    let previous: LoadedSpec | undefined;
    const tables: Array<SubtreeTable | undefined> = [];
    for (let k = 0; k < 8; k++) {
      const file = path.join(dir, `r${k}.json`);
      writeFileSync(file, revisionText(k));
      if (previous) expectSameLoad(file, previous);
      previous = loadSpec(file, previous ? { shareWith: previous } : {});
      tables.push(previous.root.hashes);
    }
    // Every schema changes each time: each revision adds a whole document to the table, so the chain restarts.
    expect(tables[1]).toBe(tables[0]);
    expect(new Set(tables).size).toBeGreaterThan(1);
    expect(new Set(tables).size).toBeLessThan(8);
  });
});
