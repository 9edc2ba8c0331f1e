/** Property tests on generated small specs (fast-check): the engine's symmetries. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffSpecs, loadSide, specFromDocument, type Change } from '../src/index.js';

const schemaNames = ['Pet', 'Owner', 'Tag'] as const;

const propertyArb = fc.oneof(
  fc.record({ type: fc.constant('string'), enum: fc.option(fc.uniqueArray(fc.constantFrom('A', 'B', 'C', 'D'), { minLength: 1 }), { nil: undefined }) }, { requiredKeys: ['type'] }),
  fc.record({ type: fc.constant('integer'), minimum: fc.option(fc.integer({ min: 0, max: 5 }), { nil: undefined }), maximum: fc.option(fc.integer({ min: 10, max: 20 }), { nil: undefined }) }, { requiredKeys: ['type'] }),
  fc.constant({ $ref: '#/components/schemas/Error' }),
);

const schemaArb = fc
  .dictionary(fc.constantFrom('id', 'name', 'kind', 'size', 'owner'), propertyArb, { maxKeys: 4 })
  .chain((properties) => fc.record({ type: fc.constant('object'), properties: fc.constant(properties), required: fc.subarray(Object.keys(properties)) }));

const parameterArb = fc.record({ name: fc.constantFrom('limit', 'offset', 'kind', 'X-Trace'), in: fc.constantFrom('query', 'header'), required: fc.boolean(), schema: propertyArb.filter((p) => !('$ref' in p)) });

const specArb = fc.dictionary(fc.constantFrom(...schemaNames), schemaArb, { maxKeys: 3 }).chain((schemas) => {
  const names = ['Error', ...Object.keys(schemas)];
  const ref = fc.constantFrom(...names).map((n) => ({ $ref: `#/components/schemas/${n}` }));
  const operationArb = fc.record(
    {
      parameters: fc.uniqueArray(parameterArb, { maxLength: 3, selector: (p) => `${p.in}:${p.name.toLowerCase()}` }),
      requestBody: fc.record({ required: fc.boolean(), content: fc.record({ 'application/json': fc.record({ schema: ref }) }) }),
      responses: fc.dictionary(fc.constantFrom('200', '201', '400', '404'), fc.record({ description: fc.constant('r'), content: fc.record({ 'application/json': fc.record({ schema: ref }) }) }), { minKeys: 1, maxKeys: 3 }),
      deprecated: fc.boolean(),
      'x-permission': fc.constantFrom([{ action: 'a.read' }], [{ action: 'a.write' }]),
    },
    { requiredKeys: ['parameters', 'responses'] },
  );
  const pathItemArb = fc.dictionary(fc.constantFrom('get', 'post', 'delete'), operationArb, { minKeys: 1, maxKeys: 2 });
  return fc.record({
    openapi: fc.constant('3.1.0'),
    info: fc.record({ title: fc.constant('Generated'), version: fc.constantFrom('1', '2') }),
    paths: fc.dictionary(fc.constantFrom('/pets', '/pets/{id}', '/owners'), pathItemArb, { maxKeys: 3 }),
    components: fc.constant({ schemas: { Error: { type: 'object', properties: { message: { type: 'string' } } }, ...schemas } }),
  });
});

const side = (doc: unknown, name: string) => loadSide([specFromDocument(JSON.parse(JSON.stringify(doc)), name)]);

/** What a change added (or removed), as a place: the same place must show up as removed (added) the other way. */
const pairs: Record<string, string> = { 'endpoint:added': 'endpoint:removed', 'property-added': 'property-removed', 'parameter:added': 'parameter:removed', 'schema:added': 'schema:removed', 'enum-value-added': 'enum-value-removed', 'response:added': 'response:removed' };
const places = (changes: Change[], kinds: string[]) =>
  [...new Set(changes.filter((c) => kinds.includes(c.kind)).map((c) => `${c.kind.replace(/added|removed/, '*')} ${c.location} ${JSON.stringify(c.kind.startsWith('enum') ? (c.new ?? c.old) : '')}`))].sort();

describe('properties of the diff (generated specs)', () => {
  it('finds nothing when a spec is compared with itself', () => {
    fc.assert(
      fc.property(specArb, (doc) => {
        expect(diffSpecs(side(doc, 'a.json'), side(doc, 'b.json')).changes).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });

  it('reports as removed from B to A everything it reports as added from A to B', () => {
    fc.assert(
      fc.property(specArb, specArb, (a, b) => {
        const forward = diffSpecs(side(a, 'a.json'), side(b, 'b.json')).changes;
        const backward = diffSpecs(side(b, 'b.json'), side(a, 'a.json')).changes;
        expect(places(backward, Object.values(pairs))).toEqual(places(forward, Object.keys(pairs)));
        expect(places(forward, Object.values(pairs))).toEqual(places(backward, Object.keys(pairs)));
      }),
      { numRuns: 150 },
    );
  });

  it('gives the same fingerprints on every run', () => {
    fc.assert(
      fc.property(specArb, specArb, (a, b) => {
        const once = diffSpecs(side(a, 'a.json'), side(b, 'b.json')).changes.map((c) => c.fingerprint);
        const twice = diffSpecs(side(a, 'a.json'), side(b, 'b.json')).changes.map((c) => c.fingerprint);
        expect(twice).toEqual(once);
        expect(new Set(once).size).toBe(once.length);
      }),
      { numRuns: 50 },
    );
  });
});
