/**
 * Property tests (fast-check) for composition read by meaning. Each prints its number of runs and its
 * seed; `FC_SEED=<n>` replays a run, `FC_RUNS=<n>` changes how many cases are tried.
 *
 * (a) Rewriting a schema into an equivalent spelling (the five nullability spellings, an allOf of one
 *     member, a $ref inlined, union branches reordered) yields no breaking or warning change.
 * (b) Removing one branch from an n-branch union yields exactly one change, the branch's removal,
 *     for any n and any position.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffSpecs, loadSide, specFromDocument } from '../../src/index.js';

const seed = process.env.FC_SEED !== undefined ? Number(process.env.FC_SEED) : Math.floor(Math.random() * 2 ** 31);
const runs = (fallback: number) => (process.env.FC_RUNS !== undefined ? Number(process.env.FC_RUNS) : fallback);

type Schema = Record<string, unknown>;
const side = (doc: object, name: string) => loadSide([specFromDocument(doc as Parameters<typeof specFromDocument>[0], name)]);

/** A spec that uses `schema` as a property of a request body and of a response (both directions read it). */
function spec(schema: Schema, components: Record<string, Schema>): object {
  const body = { type: 'object', properties: { value: schema, other: { type: 'string' } }, required: ['other'] };
  return {
    openapi: '3.1.0',
    info: { title: 'Generated', version: '1' },
    paths: {
      '/things': {
        post: {
          requestBody: { required: true, content: { 'application/json': { schema: body } } },
          responses: { '200': { description: 'OK', content: { 'application/json': { schema: body } } } },
        },
      },
    },
    components: { schemas: components },
  };
}

/** A value schema without nullability: a scalar with constraints, an enum, or an object. */
const coreArb: fc.Arbitrary<Schema> = fc.oneof(
  fc.record({ type: fc.constant('string'), minLength: fc.integer({ min: 0, max: 3 }), maxLength: fc.integer({ min: 10, max: 99 }) }, { requiredKeys: ['type'] }),
  fc.record({ type: fc.constant('integer'), minimum: fc.integer({ min: -5, max: 0 }), maximum: fc.integer({ min: 1, max: 100 }) }, { requiredKeys: ['type'] }),
  fc.record({ type: fc.constant('string'), enum: fc.uniqueArray(fc.constantFrom('red', 'green', 'blue', 'cyan'), { minLength: 1, maxLength: 4 }) }),
  fc.record({ type: fc.constant('object'), properties: fc.constant({ id: { type: 'string' }, size: { type: 'integer', minimum: 0 } }), required: fc.subarray(['id', 'size']) }),
);

/**
 * One spelling of (core, nullable). `ref` puts the core in `components/schemas/Value` and refers to it.
 * Returns the use-site schema and the components it needs.
 */
type Form = 'plain' | 'nullable30' | 'type-list' | 'any-of-null' | 'one-of-null' | 'const-null-branch' | 'enum-null' | 'all-of-one' | 'ref' | 'ref-any-of-null' | 'all-of-one-ref';
const forms: readonly Form[] = ['plain', 'nullable30', 'type-list', 'any-of-null', 'one-of-null', 'const-null-branch', 'enum-null', 'all-of-one', 'ref', 'ref-any-of-null', 'all-of-one-ref'];

function spell(core: Schema, nullable: boolean, form: Form, description: string | undefined): { schema: Schema; components: Record<string, Schema> } | undefined {
  const doc = description !== undefined ? { description } : {};
  const ref = { $ref: '#/components/schemas/Value' };
  const withComponent = (schema: Schema) => ({ schema, components: { Value: core } });
  switch (form) {
    case 'plain':
      return nullable ? undefined : { schema: { ...core, ...doc }, components: {} };
    case 'nullable30':
      return nullable ? { schema: { ...core, nullable: true, ...doc }, components: {} } : undefined;
    case 'type-list':
      return nullable ? { schema: { ...core, type: [core.type, 'null'], ...doc }, components: {} } : undefined;
    case 'any-of-null':
      return nullable ? { schema: { anyOf: [core, { type: 'null' }], ...doc }, components: {} } : undefined;
    case 'one-of-null':
      return nullable ? { schema: { oneOf: [{ type: 'null' }, core], ...doc }, components: {} } : undefined;
    case 'const-null-branch':
      return nullable ? { schema: { anyOf: [core, { const: null }], ...doc }, components: {} } : undefined;
    case 'enum-null':
      return nullable && Array.isArray(core.enum) ? { schema: { ...core, type: [core.type, 'null'], enum: [...core.enum, null], ...doc }, components: {} } : undefined;
    case 'all-of-one':
      return { schema: { allOf: [core], ...(nullable ? { nullable: true } : {}), ...doc }, components: {} };
    case 'ref':
      return nullable ? undefined : withComponent({ ...ref, ...doc });
    case 'ref-any-of-null':
      return nullable ? withComponent({ anyOf: [ref, { type: 'null' }], ...doc }) : undefined;
    case 'all-of-one-ref':
      return withComponent({ allOf: [ref], ...(nullable ? { nullable: true } : {}), ...doc });
  }
}

/** A union of branches with distinct identities (types), in some order; reordering is a respelling too. */
const unionArb = fc
  .shuffledSubarray(
    [{ type: 'string', maxLength: 20 }, { type: 'integer' }, { type: 'boolean' }, { type: 'array', items: { type: 'string' } }, { type: 'object', title: 'Pair', properties: { a: { type: 'string' } } }],
    { minLength: 2 },
  )
  .chain((branches) => fc.tuple(fc.constant(branches), fc.shuffledSubarray(branches, { minLength: branches.length, maxLength: branches.length }), fc.constantFrom('anyOf', 'oneOf')));

describe('composition properties (fast-check)', () => {
  it('(a) an equivalent spelling yields no breaking or warning change', () => {
    const numRuns = runs(300);
    console.log(`(a) equivalent spellings: ${numRuns} runs, seed ${seed} (FC_SEED=${seed} replays)`);
    let compared = 0;
    fc.assert(
      fc.property(coreArb, fc.boolean(), fc.constantFrom(...forms), fc.constantFrom(...forms), fc.option(fc.constantFrom('The value.', 'A value.'), { nil: undefined }), (core, nullable, fromForm, toForm, description) => {
        const from = spell(core, nullable, fromForm, description);
        const to = spell(core, nullable, toForm, description);
        fc.pre(from !== undefined && to !== undefined);
        compared++;
        const result = diffSpecs(side(spec(from!.schema, from!.components), 'a.json'), side(spec(to!.schema, to!.components), 'b.json'));
        const loud = result.changes.filter((c) => c.level !== 'info' && c.schemaName !== 'Value');
        expect(loud.map((c) => `${c.id} ${c.location}: ${c.text}`)).toEqual([]);
        // Nothing but documentation, or the respelling itself (info), may be reported at the use site.
        expect(result.changes.filter((c) => !c.documentation && c.kind !== 'composition-respelled' && c.schemaName === undefined && c.kind !== 'schema:added' && c.kind !== 'schema:removed').map((c) => `${c.id} ${c.location}`)).toEqual([]);
      }),
      { seed, numRuns },
    );
    expect(compared).toBeGreaterThan(numRuns / 4);
  });

  it('(a) reordering the branches of a union yields no change at all', () => {
    const numRuns = runs(100);
    console.log(`(a) reordered unions: ${numRuns} runs, seed ${seed}`);
    fc.assert(
      fc.property(unionArb, ([branches, reordered, keyword]) => {
        const a = spec({ [keyword]: branches }, {});
        const b = spec({ [keyword]: reordered }, {});
        expect(diffSpecs(side(a, 'a.json'), side(b, 'b.json')).changes.map((c) => `${c.id} ${c.location}`)).toEqual([]);
      }),
      { seed, numRuns },
    );
  });

  it('(b) removing one branch from an n-branch union yields exactly one change, that branch leaving', () => {
    const numRuns = runs(150);
    console.log(`(b) one branch removed: ${numRuns} runs, seed ${seed}`);
    // Branch i: a component reference, an inline event with a const tag, or an inline titled object; one
    // kind per union (tagged inline events share `type`, the discriminating property).
    const caseArb = fc.integer({ min: 2, max: 60 }).chain((n) =>
      fc.record({
        n: fc.constant(n),
        at: fc.integer({ min: 0, max: n - 1 }),
        keyword: fc.constantFrom('anyOf', 'oneOf'),
        kinds: fc.array(fc.constantFrom('ref', 'tag', 'title'), { minLength: n, maxLength: n }),
        where: fc.constantFrom('body', 'property'),
      }),
    );
    fc.assert(
      fc.property(caseArb, ({ n, at, keyword, kinds, where }) => {
        const components: Record<string, Schema> = {};
        const branches = kinds.map((kind, i) => {
          const event = { type: 'object', properties: { type: { type: 'string', const: `event.${i}` }, seq: { type: 'integer' } }, required: ['type'] };
          if (kind === 'ref') {
            components[`Event${i}`] = event;
            return { $ref: `#/components/schemas/Event${i}` };
          }
          if (kind === 'tag') return event;
          return { type: 'object', title: `Shape${i}`, properties: { [`f${i}`]: { type: 'string' } } };
        });
        const union = (list: Schema[]) => ({ [keyword]: list });
        const place = (schema: Schema) =>
          where === 'property'
            ? spec(schema, components)
            : { ...(spec({ type: 'string' }, components) as Record<string, unknown>), paths: { '/events': { get: { responses: { '200': { description: 'OK', content: { 'application/json': { schema } } } } } } } };
        const before = place(union(branches));
        const after = place(union(branches.filter((_b, i) => i !== at)));
        const changes = diffSpecs(side(before, 'a.json'), side(after, 'b.json')).changes;
        const kind = keyword === 'anyOf' ? 'any-of-removed' : 'one-of-removed';
        // The property sits in a request and a response: one change per direction, both about the same branch.
        const expected = where === 'property' ? 2 : 1;
        expect(changes.map((c) => c.kind)).toEqual(Array(expected).fill(kind));
        const want = kinds[at] === 'ref' ? `Event${at}` : kinds[at] === 'tag' ? { branch: `event.${at}`, form: 'tag', property: 'type', types: ['object'] } : { branch: `Shape${at}`, form: 'title', types: ['object'] };
        for (const c of changes) expect(c.old).toEqual(want);
      }),
      { seed, numRuns },
    );
  });
});
