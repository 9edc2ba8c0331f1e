/**
 * Long `$ref` chains (issue 19): a chain of 10,000 component schemas loads and diffs, and the diff
 * of a long chain says what the diff of a short one says. No time is asserted (bench/scaling-refs.mjs
 * measures the scaling); the chain shapes that took minutes before the fix complete here.
 *
 * The two shortcuts behind the fix are checked against the plain walks they replace, on random
 * reference graphs (fast-check; the seed is printed, replay with FC_SEED=<seed>):
 * - `deref` remembers where a chain ends: it must answer as a walk hop by hop (`followRefs` of the
 *   loader), cycles included, whatever order the starts are asked in;
 * - `Reachability.reach` answers for a run of single-parent identities with the run's top: it must
 *   equal the depth-first search from the identity itself, order included.
 */
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { followRefs, SpecError, type OpenApiRoot } from '@astro-api/spec-loader';
import { diffSpecs, loadSide, specFromDocument } from '../src/index.js';
import { child, deref } from '../src/load/located.js';
import { listOperations } from '../src/diff/operations.js';
import { Reachability } from '../src/diff/reachability.js';

const seed = Number(process.env.FC_SEED ?? Math.floor(Math.random() * 2 ** 31));
const numRuns = Number(process.env.FC_RUNS ?? 100);

const dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'oasdiff-js-chains-')));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Shape = 'alias' | 'nested';

/** A0 → A1 → … → A(n-1); the revision changes the last schema (and, nested, every link's description). */
function chain(n: number, shape: Shape, changed: boolean): OpenApiRoot {
  const schemas: Record<string, unknown> = {};
  for (let i = 0; i < n - 1; i++) {
    const next = { $ref: `#/components/schemas/A${i + 1}` };
    schemas[`A${i}`] = shape === 'nested' ? { type: 'object', description: changed ? 'a link, revised' : 'a link', properties: { next } } : next;
  }
  schemas[`A${n - 1}`] = changed
    ? { type: 'object', required: ['id', 'added'], properties: { id: { type: 'integer' }, added: { type: 'string' } } }
    : { type: 'object', required: ['id'], properties: { id: { type: 'string' } } };
  const body = { content: { 'application/json': { schema: { $ref: '#/components/schemas/A0' } } } };
  return {
    openapi: '3.0.3',
    info: { title: 'chain', version: '1' },
    paths: { '/start': { post: { operationId: 'start', requestBody: body, responses: { 200: { description: 'ok', ...body } } } } },
    components: { schemas },
  };
}

/** The changes of a chain of `n`, written to disk and diffed through the loader, with A_i named by its distance from the end. */
function chainChanges(n: number, shape: Shape): string[] {
  const files = [false, true].map((changed) => {
    const file = path.join(dir, `${shape}-${n}-${changed ? 'new' : 'old'}.json`);
    writeFileSync(file, JSON.stringify(chain(n, shape, changed)));
    return file;
  });
  const result = diffSpecs(files[0]!, files[1]!, { today: '2026-01-01' });
  // Names count from the end of the chain (`A9999` of 10,000 and `A2` of 3 are both `end-0`), so
  // chains of different lengths can be compared change for change.
  const fromEnd = (text: string) => text.replace(/A(\d+)/g, (_, i: string) => `end-${n - 1 - Number(i)}`);
  return result.changes.map((c) =>
    fromEnd(JSON.stringify({ id: c.id, level: c.level, component: c.component, location: c.location, affects: c.affects, old: c.old, new: c.new, text: c.text })),
  );
}

describe('a chain of 10,000 $refs', () => {
  it('alias chain: the change at its end is reported for the operation at its start, as for a chain of 3', () => {
    const long = chainChanges(10_000, 'alias');
    expect(long).toEqual(chainChanges(3, 'alias'));
    // What the short chain says (and so the long one): the end's changes, each affecting POST /start.
    expect(long.length).toBeGreaterThan(0);
    for (const change of long) {
      expect(JSON.parse(change).component).toBe('schemas/end-0');
      expect(JSON.parse(change).affects).toEqual([{ method: 'POST', path: '/start' }]);
    }
  });

  it('nested chain with every link changed: each link reports its change for the operation at the start', () => {
    const n = 10_000;
    const long = chainChanges(n, 'nested');
    const short = chainChanges(3, 'nested');
    // A link in the middle of the short chain stands for every middle link of the long one.
    const middle = short.filter((c) => c.includes('"schemas/end-1"'));
    const expected = [
      ...short.filter((c) => c.includes('"schemas/end-0"')),
      ...Array.from({ length: n - 2 }, (_, k) => middle.map((c) => c.replaceAll('end-1', `end-${k + 1}`))).flat(),
      ...short.filter((c) => c.includes('"schemas/end-2"')).map((c) => c.replaceAll('end-2', `end-${n - 1}`)),
    ];
    expect(middle.length).toBeGreaterThan(0);
    expect(short).toHaveLength(short.filter((c) => /"schemas\/end-[012]"/.test(c)).length);
    expect([...long].sort()).toEqual([...expected].sort());
    for (const change of long) expect(JSON.parse(change).affects).toEqual([{ method: 'POST', path: '/start' }]);
  });
});

/** A random reference graph among component schemas S0..S(k-1), with a few operations using some of them. */
const graph = fc.record({
  k: fc.integer({ min: 1, max: 14 }),
  // For each schema: a pure alias (one $ref), or an object whose properties refer to some schemas.
  kinds: fc.array(fc.oneof(fc.record({ alias: fc.nat() }), fc.record({ props: fc.array(fc.nat(), { maxLength: 3 }) })), { minLength: 14, maxLength: 14 }),
  ops: fc.array(fc.record({ request: fc.option(fc.nat()), response: fc.option(fc.nat()) }), { minLength: 1, maxLength: 4 }),
});

type Graph = typeof graph extends fc.Arbitrary<infer T> ? T : never;

function graphDocument({ k, kinds, ops }: Graph): OpenApiRoot {
  const ref = (i: number) => ({ $ref: `#/components/schemas/S${i % k}` });
  const schemas: Record<string, unknown> = {};
  for (let i = 0; i < k; i++) {
    const kind = kinds[i]!;
    schemas[`S${i}`] = 'alias' in kind ? ref(kind.alias) : { type: 'object', properties: Object.fromEntries(kind.props.map((p, j) => [`p${j}`, ref(p)])) };
  }
  const paths: Record<string, unknown> = {};
  ops.forEach((op, i) => {
    const content = (target: number) => ({ content: { 'application/json': { schema: ref(target) } } });
    paths[`/op${i}`] = {
      post: {
        ...(op.request !== null ? { requestBody: content(op.request) } : {}),
        responses: { 200: { description: 'ok', ...(op.response !== null ? content(op.response) : {}) } },
      },
    };
  });
  return { openapi: '3.0.3', info: { title: 'graph', version: '1' }, paths, components: { schemas } };
}

describe('the shortcuts answer as the plain walks', () => {
  it(`deref remembers chain ends and answers as a hop-by-hop walk, cycles included (seed ${seed})`, () => {
    console.log(`long-chains deref property: seed ${seed} (replay: FC_SEED=${seed})`);
    fc.assert(
      fc.property(graph, fc.array(fc.nat(), { minLength: 1, maxLength: 30 }), (g, order) => {
        const spec = specFromDocument(graphDocument(g));
        const side = loadSide([spec]);
        const root = { part: side.parts[0]!, file: spec.root, pointer: '', value: spec.document };
        for (const i of order) {
          const name = `S${i % g.k}`;
          const at = child(root, 'components', 'schemas', name);
          let expected: { pointer: string; value: unknown } | string;
          try {
            const target = followRefs(spec, spec.root, at.value, at.pointer);
            expected = { pointer: target.pointer, value: target.value };
          } catch (error) {
            if (!(error instanceof SpecError)) throw error;
            expected = `cycle at ${error.pointer}`;
          }
          let actual: { pointer: string; value: unknown } | string;
          try {
            const { node } = deref(at);
            actual = { pointer: node.pointer, value: node.value };
          } catch (error) {
            if (!(error instanceof SpecError)) throw error;
            expect(error.message).toContain('is part of a cycle of references');
            actual = `cycle at ${error.pointer}`;
          }
          expect(actual).toEqual(expected);
        }
      }),
      { seed, numRuns },
    );
  });

  it(`reach of every identity equals the depth-first search from it, order included (seed ${seed})`, () => {
    console.log(`long-chains reach property: seed ${seed} (replay: FC_SEED=${seed})`);
    fc.assert(
      fc.property(graph, fc.array(fc.nat(), { minLength: 1, maxLength: 30 }), (g, order) => {
        const side = loadSide([specFromDocument(graphDocument(g))]);
        const reach = new Reachability(listOperations(side));
        const search = (id: string) => (reach as unknown as { search(id: string): unknown }).search(id);
        for (const i of order) {
          const id = `schemas/S${i % g.k}`;
          const answer = reach.reach(id);
          expect(answer).toEqual(search(id));
          // Each caller gets its own lists.
          answer.request.push({ method: 'X', path: '/x' } as never);
          expect(reach.reach(id)).toEqual(search(id));
        }
      }),
      { seed, numRuns },
    );
  });
});
