/**
 * Issue 20: precise rule ids for changes a mutation study reported under the wrong prefix. Each pair
 * under test/fixtures/mutations/<case>/ is compared; the case names the id oasdiff v1.37 reports for
 * it (checked with its binary) and the ids that were reported instead.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffSpecs, loadSide, specFromDocument } from '../src/index.js';
import { isIntegerMultiple } from '../src/classify/rules/schema.js';

const fixtures = path.join(import.meta.dirname, 'fixtures/mutations');

const cases: Array<{ dir: string; what: string; want: Array<[id: string, location: string]>; not: string[] }> = [
  {
    dir: 'enum-in-named-component-response',
    what: 'a value added to an enum in a named component that a response property references',
    want: [['response-property-enum-value-added', 'Status']],
    not: ['response-body-enum-value-added'],
  },
  {
    dir: 'enum-in-named-component-request',
    what: 'a value removed from an enum in a named component that a request property references',
    want: [['request-property-enum-value-removed', 'Status']],
    not: ['request-body-enum-value-removed'],
  },
  {
    dir: 'enum-in-named-parameter-schema',
    what: 'a value removed from an enum in a named component that a path and a header parameter use as their schema',
    want: [['request-parameter-enum-value-removed', 'Kind']],
    not: ['request-body-enum-value-removed', 'request-property-enum-value-removed'],
  },
  {
    dir: 'enum-in-inline-parameters',
    what: 'a value removed from the inline enum of a path and a header parameter',
    want: [
      ['request-parameter-enum-value-removed', 'GET /pets/{kind} path kind'],
      ['request-parameter-enum-value-removed', 'GET /pets/{kind} header X-Mode'],
    ],
    not: ['request-body-enum-value-removed'],
  },
  {
    dir: 'ref-into-property',
    what: 'a value added to an enum reached through a $ref into a component property',
    want: [['response-property-enum-value-added', 'DomainRecord.tag']],
    not: ['response-body-enum-value-added'],
  },
  {
    dir: 'read-only-property-removed',
    what: 'a read-only property removed from a schema used in a request and a response',
    want: [
      ['request-read-only-property-removed', 'Pet.id'],
      ['response-optional-property-removed', 'Pet.id'],
    ],
    not: ['request-property-removed'],
  },
  {
    // oasdiff v1.37 (its binary on this pair): response-required-property-removed (ERR) for isbn,
    // response-optional-property-removed (INFO) for addedAt, nothing on the request side (its request
    // walk skips a removed read-only property). The response reading does not look at readOnly.
    dir: 'read-only-removed-required-and-optional',
    what: 'a required and an optional read-only property removed from a schema used in a request and a response',
    want: [
      ['response-required-property-removed', 'Book.isbn'],
      ['response-optional-property-removed', 'Book.addedAt'],
    ],
    not: ['request-property-removed'],
  },
];

describe.each(cases)('$dir', ({ dir, what, want, not }) => {
  it(`reports ${what} under the precise id`, () => {
    const file = (side: string) => ['json', 'yaml'].map((ext) => path.join(fixtures, dir, `${side}.${ext}`)).find((f) => existsSync(f))!;
    const result = diffSpecs(file('base'), file('revision'));
    expect(result.notes).toEqual([]);
    const found = result.changes.map((c) => `${c.id} @ ${c.location}`);
    for (const [id, location] of want) expect(found).toContain(`${id} @ ${location}`);
    for (const id of not) expect(result.changes.map((c) => c.id)).not.toContain(id);
  });
});

describe('multipleOf (issue 20: it was not compared at all)', () => {
  it('reads divisibility exactly, as decimals', () => {
    expect(isIntegerMultiple(0.3, 0.1)).toBe(true);
    expect(isIntegerMultiple(10, 5)).toBe(true);
    expect(isIntegerMultiple(5, 10)).toBe(false);
    expect(isIntegerMultiple(3e-7, 1e-7)).toBe(true);
    expect(isIntegerMultiple(0.35, 0.1)).toBe(false);
    expect(isIntegerMultiple(1, 0)).toBe(false);
  });

  const doc = (multipleOf: number | undefined, where: 'request' | 'response') => {
    const schema = { type: 'object', properties: { n: { type: 'number', ...(multipleOf === undefined ? {} : { multipleOf }) } } };
    const content = { content: { 'application/json': { schema } } };
    const op = where === 'request' ? { post: { requestBody: content, responses: { 204: { description: 'ok' } } } } : { get: { responses: { 200: { description: 'ok', ...content } } } };
    return { openapi: '3.1.0', info: { title: 't', version: '1' }, paths: { '/n': op } };
  };
  it.each([
    ['request', undefined, 2, 'request-property-multiple-of-set'],
    ['request', 2, undefined, 'request-property-multiple-of-unset'],
    ['request', 0.3, 0.1, 'request-property-multiple-of-generalized'],
    ['request', 0.1, 0.3, 'request-property-multiple-of-changed'],
    ['request', 2, 3, 'request-property-multiple-of-changed'],
    ['response', 0.1, 0.3, 'response-property-multiple-of-specialized'],
    ['response', 0.3, 0.1, 'response-property-multiple-of-changed'],
    ['response', 2, undefined, 'response-property-multiple-of-unset'],
  ] as const)('%s: %s → %s reads %s', (where, before, after, id) => {
    const side = (d: ReturnType<typeof doc>) => loadSide([specFromDocument(d as Parameters<typeof specFromDocument>[0])]);
    const result = diffSpecs(side(doc(before, where)), side(doc(after, where)));
    expect(result.changes.map((c) => c.id)).toEqual([id]);
  });
});
