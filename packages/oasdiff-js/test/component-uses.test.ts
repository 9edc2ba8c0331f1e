/**
 * Issue 20: how the operations reach a shared component (`diff/uses.ts`), carried to its facts. A
 * component is diffed once; oasdiff v1.37 reads the same change at every use, and two of its readings
 * depend on the use: a change under an allOf member is capped at warning, and a type change in a body
 * that is not JSON is read as compatible. The facts say, per direction, whether every use passes
 * through an allOf member (`underAllOf`) and through which media types the component is reached.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { factsOf } from '../src/classify/facts.js';
import { diffSides } from '../src/diff/index.js';
import { diffSpecs, loadSide, specFromDocument } from '../src/index.js';

const fixtures = path.join(import.meta.dirname, 'fixtures/mutations');

type Doc = Parameters<typeof specFromDocument>[0];
const side = (doc: unknown) => loadSide([specFromDocument(doc as Doc)]);

/** The component facts of a comparison: `Name request|response` → what the fact carries. */
function componentFacts(base: Parameters<typeof diffSides>[0], revision: Parameters<typeof diffSides>[1]) {
  const out = new Map<string, { mediaTypes?: readonly string[]; underAllOf?: true; prefix: string }>();
  for (const fact of factsOf(diffSides(base, revision))) {
    if (fact.kind !== 'schema' || !fact.component) continue;
    const direction = fact.prefix.startsWith('request') ? 'request' : fact.prefix.startsWith('response') ? 'response' : 'none';
    out.set(`${fact.component.name} ${direction}`, { prefix: fact.prefix, ...(fact.mediaTypes ? { mediaTypes: fact.mediaTypes } : {}), ...(fact.underAllOf ? { underAllOf: fact.underAllOf } : {}) });
  }
  return out;
}

describe('media types a component is reached through', () => {
  const dir = path.join(fixtures, 'type-change-by-media-type');
  const facts = componentFacts(loadSide([path.join(dir, 'base.yaml')]), loadSide([path.join(dir, 'revision.yaml')]));

  it('names the body media types of each direction, passed down through a parent component', () => {
    expect(facts.get('Reading response')?.mediaTypes).toEqual(['application/xml']);
    expect(facts.get('Sample response')?.mediaTypes).toEqual(['application/json', 'text/plain']);
    expect(facts.get('Note request')?.mediaTypes).toEqual(['*/*']);
  });

  it('reads a type change as compatible only where no body that carries the component is JSON (the rules read mediaTypes)', () => {
    // oasdiff v1.37 on this pair: response-property-type-compatible (XML) for Reading.value,
    // request-property-type-compatible (*/*) for Note.flag, and for Sample.value both
    // response-property-type-changed (JSON, breaking) and -compatible (text/plain): ours reports the strict one.
    const result = diffSpecs(path.join(dir, 'base.yaml'), path.join(dir, 'revision.yaml'));
    const at = (location: string) => result.changes.filter((c) => c.location === location).map((c) => `${c.id}:${c.level}`);
    expect(at('Reading.value')).toEqual(['response-property-type-compatible:info']);
    expect(at('Note.flag')).toEqual(['request-property-type-compatible:info']);
    expect(at('Sample.value')).toEqual(['response-property-type-changed:breaking']);
  });

  it('names a response header and a parameter by their place, and a shared response by its content', () => {
    const doc = (type: string) => ({
      openapi: '3.0.3',
      info: { title: 'Station', version: '1.0.0' },
      paths: {
        '/a': {
          get: {
            parameters: [{ $ref: '#/components/parameters/Unit' }],
            responses: {
              200: { description: 'ok', headers: { 'X-Level': { schema: { $ref: '#/components/schemas/Level' } } } },
              400: { $ref: '#/components/responses/Problem' },
            },
          },
        },
      },
      components: {
        parameters: { Unit: { name: 'unit', in: 'query', schema: { $ref: '#/components/schemas/UnitName' } } },
        responses: { Problem: { description: 'bad', content: { 'application/problem+xml': { schema: { $ref: '#/components/schemas/Problem' } } } } },
        schemas: {
          Level: { type },
          UnitName: { type },
          Problem: { type: 'object', properties: { detail: { type } } },
        },
      },
    });
    const found = componentFacts(side(doc('string')), side(doc('integer')));
    expect(found.get('Level response')?.mediaTypes).toEqual(['header']);
    expect(found.get('UnitName request')?.mediaTypes).toEqual(['parameter']);
    expect(found.get('Problem response')?.mediaTypes).toEqual(['application/problem+xml']);
  });
});

describe('uses under allOf', () => {
  const dir = path.join(fixtures, 'enum-under-allof');
  const facts = componentFacts(loadSide([path.join(dir, 'base.yaml')]), loadSide([path.join(dir, 'revision.yaml')]));

  it('marks a component every use of which passes through an allOf member, directly or below one', () => {
    expect(facts.get('GrowthStage response')?.underAllOf).toBe(true);
    expect(facts.get('Watering response')?.underAllOf).toBe(true);
  });

  it('does not mark one that some use reaches without allOf', () => {
    expect(facts.get('LightLevel response')).toBeDefined();
    expect(facts.get('LightLevel response')?.underAllOf).toBeUndefined();
  });

  it('reads a property named allOf as a property, not as a member step', () => {
    const doc = (values: string[]) => ({
      openapi: '3.0.3',
      info: { title: 'Odd names', version: '1.0.0' },
      paths: { '/x': { get: { responses: { 200: { description: 'ok', content: { 'application/json': { schema: { type: 'object', properties: { allOf: { $ref: '#/components/schemas/Mode' } } } } } } } } } },
      components: { schemas: { Mode: { type: 'string', enum: values } } },
    });
    const found = componentFacts(side(doc(['a'])), side(doc(['a', 'b'])));
    expect(found.get('Mode response')).toBeDefined();
    expect(found.get('Mode response')?.underAllOf).toBeUndefined();
  });

  it('settles through a $ref cycle: a use through the loop is still a use through allOf', () => {
    // Node → Node (a loop through `children`), reached from the body only as an allOf member.
    const doc = (type: string) => ({
      openapi: '3.0.3',
      info: { title: 'Tree', version: '1.0.0' },
      paths: { '/t': { get: { responses: { 200: { description: 'ok', content: { 'application/xml': { schema: { allOf: [{ $ref: '#/components/schemas/Node' }] } } } } } } } },
      components: { schemas: { Node: { type: 'object', properties: { label: { type }, children: { type: 'array', items: { $ref: '#/components/schemas/Node' } } } } } },
    });
    const found = componentFacts(side(doc('string')), side(doc('integer')));
    expect(found.get('Node response')).toMatchObject({ underAllOf: true, mediaTypes: ['application/xml'] });
  });

  it('answers along a chain of 10,000 components, the top reached through allOf and XML, every link changed', () => {
    const n = 10_000;
    const doc = (type: string) => {
      const schemas: Record<string, unknown> = {};
      for (let i = 0; i < n; i++) schemas[`A${i}`] = i + 1 < n ? { type: 'object', properties: { next: { $ref: `#/components/schemas/A${i + 1}` }, v: { type } } } : { type: 'object', properties: { v: { type } } };
      return {
        openapi: '3.0.3',
        info: { title: 'Chain', version: '1.0.0' },
        paths: { '/c': { get: { responses: { 200: { description: 'ok', content: { 'application/xml': { schema: { allOf: [{ $ref: '#/components/schemas/A0' }] } } } } } } } },
        components: { schemas },
      };
    };
    const found = componentFacts(side(doc('string')), side(doc('integer')));
    const responses = [...found].filter(([key]) => key.endsWith(' response'));
    expect(responses).toHaveLength(n);
    expect(responses.every(([, f]) => f.underAllOf === true && f.mediaTypes?.join() === 'application/xml')).toBe(true);
  });
});
