/**
 * Where oasdiff's parameter-property, header-property, path-level parameter and related media type
 * ids apply, and where they do not: each change is reported once, under one id.
 */
import { describe, expect, it } from 'vitest';
import { diffSpecs, loadSide, renderMarkdown, specFromDocument } from '../src/index.js';

type Doc = Record<string, unknown>;
const doc = (paths: Doc, schemas: Doc = {}): Doc => ({ openapi: '3.1.0', info: { title: 'T', version: '1' }, paths, components: { schemas } });
const side = (d: Doc, name: string) => loadSide([specFromDocument(structuredClone(d) as never, name)]);
const diff = (a: Doc, b: Doc) => diffSpecs(side(a, 'a.json'), side(b, 'b.json'));
const ids = (a: Doc, b: Doc) => diff(a, b).changes.map((c) => `${c.id} ${c.location}`);
const ok = { '200': { description: 'OK' } };
const str = { type: 'string' };
const params = (parameters: unknown[]) => doc({ '/items': { get: { parameters, responses: ok } } });
const object = (properties: Doc, required?: string[]) => ({ type: 'object', properties, ...(required ? { required } : {}) });
const media = (content: Doc, status = '200') => doc({ '/items': { get: { responses: { [status]: { description: 'OK', content } } } } });

describe('changes inside a parameter schema', () => {
  it.each([
    [
      'the items of an array parameter are a property, as oasdiff walks them ("the property `items`")',
      params([{ name: 'tags', in: 'query', schema: { type: 'array', items: { type: 'string', enum: ['a', 'b'] } } }]),
      params([{ name: 'tags', in: 'query', schema: { type: 'array', items: { type: 'string', enum: ['a'] } } }]),
      ['request-parameter-property-enum-value-removed GET /items query tags []'],
    ],
    [
      'the root of a parameter losing an enum value keeps the parameter id',
      params([{ name: 'mode', in: 'query', schema: { type: 'string', enum: ['a', 'b'] } }]),
      params([{ name: 'mode', in: 'query', schema: { type: 'string', enum: ['a'] } }]),
      ['request-parameter-enum-value-removed GET /items query mode'],
    ],
    [
      'a property inside the items of an array parameter is a property',
      params([{ name: 'f', in: 'query', schema: { type: 'array', items: object({ k: { type: 'string', enum: ['a', 'b'] } }) } }]),
      params([{ name: 'f', in: 'query', schema: { type: 'array', items: object({ k: { type: 'string', enum: ['a'] } }) } }]),
      ['request-parameter-property-enum-value-removed GET /items query f [].k'],
    ],
    [
      'the root of a header parameter that became an enum keeps the parameter id',
      params([{ name: 'X-Mode', in: 'header', schema: str }]),
      params([{ name: 'X-Mode', in: 'header', schema: { type: 'string', enum: ['fast'] } }]),
      ['request-parameter-became-enum GET /items header X-Mode'],
    ],
    [
      'a query object property that became an enum keeps the parameter id (oasdiff has header ids only)',
      params([{ name: 'f', in: 'query', schema: object({ a: str }) }]),
      params([{ name: 'f', in: 'query', schema: object({ a: { type: 'string', enum: ['x'] } }) }]),
      ['request-parameter-became-enum GET /items query f a'],
    ],
    [
      'a required property added to a query object keeps the request-property id',
      params([{ name: 'f', in: 'query', schema: object({ a: str }) }]),
      params([{ name: 'f', in: 'query', schema: object({ a: str, b: str }, ['b']) }]),
      ['new-required-request-property GET /items query f b'],
    ],
    [
      'a required header property with a default reads under the one header id',
      params([{ name: 'X-F', in: 'header', schema: object({ a: str }) }]),
      params([{ name: 'X-F', in: 'header', schema: object({ a: str, b: { type: 'string', default: 'x' } }, ['b']) }]),
      ['new-required-request-header-property GET /items header X-F b'],
    ],
    [
      'a nullable property changing type to string is the warning (null aside)',
      params([{ name: 'f', in: 'query', schema: object({ a: { type: ['integer', 'null'] } }) }]),
      params([{ name: 'f', in: 'query', schema: object({ a: { type: ['string', 'null'] } }) }]),
      ['request-parameter-property-type-changed GET /items query f a'],
    ],
    [
      'a property changing from number to integer is specialized',
      params([{ name: 'f', in: 'query', schema: object({ a: { type: 'number' } }) }]),
      params([{ name: 'f', in: 'query', schema: object({ a: { type: 'integer' } }) }]),
      ['request-parameter-property-type-specialized GET /items query f a'],
    ],
    [
      'the root of a parameter changing type keeps the parameter id',
      params([{ name: 'n', in: 'query', schema: str }]),
      params([{ name: 'n', in: 'query', schema: { type: 'integer' } }]),
      ['request-parameter-type-changed GET /items query n'],
    ],
  ])('%s', (_name, a, b, expected) => {
    expect(ids(a, b)).toEqual(expected);
  });
});

describe('parameters declared on the path item', () => {
  const path = (parameters: unknown[] | undefined, operations: Doc) => doc({ '/items': { ...(parameters ? { parameters } : {}), ...operations } });
  const v = { name: 'v', in: 'query', required: true, schema: str };

  it('one change per existing operation, and nothing for an operation that is new', () => {
    expect(ids(path(undefined, { get: { responses: ok } }), path([v], { get: { responses: ok }, post: { responses: ok } }))).toEqual([
      'endpoint-added POST /items',
      'new-required-request-default-parameter-to-existing-path GET /items query v',
    ]);
  });

  it('moving a parameter from the operation to the path item is no change', () => {
    expect(ids(path(undefined, { get: { parameters: [v], responses: ok } }), path([v], { get: { responses: ok } }))).toEqual([]);
  });

  it('a path parameter declared on the path item keeps its own id', () => {
    const id = { name: 'id', in: 'path', required: true, schema: str };
    const before = doc({ '/items': { get: { responses: ok } } });
    const after = doc({ '/items': { parameters: [id], get: { responses: ok } } });
    expect(ids(before, after)).toEqual(['new-request-path-parameter GET /items path id']);
  });

  it('says in the sentence that the parameter is declared on the path', () => {
    const result = diff(path(undefined, { get: { responses: ok } }), path([{ ...v, required: false }], { get: { responses: ok } }));
    expect(result.changes.map((c) => c.text)).toEqual(['Added the optional query parameter v to GET /items (declared on the path, for all its operations).']);
  });
});

describe('related response media types', () => {
  it('pairs a media type with a more specific one and compares their schemas', () => {
    const result = diff(media({ 'application/json': { schema: { type: 'string', enum: ['a', 'b'] } } }), media({ 'application/problem+json': { schema: { type: 'string', enum: ['a'] } } }));
    expect(result.changes.map((c) => `${c.id} ${c.location}`)).toEqual([
      'response-mediatype-enum-value-removed GET /items response 200',
      'response-media-type-name-specialized GET /items response 200 application/problem+json',
    ]);
    expect(result.changes[0]!.pointers.revision).toBe('/paths/~1items/get/responses/200/content/application~1problem+json/schema');
    expect(result.changes[1]!.text).toBe('The response 200 of GET /items now has the media type application/problem+json instead of application/json (more specific).');
    expect(renderMarkdown(result)).toContain('application/problem+json instead of application/json');
  });

  it('leaves unrelated media types as a removal and an addition', () => {
    expect(ids(media({ 'application/json': { schema: str } }), media({ 'text/csv': { schema: str } }))).toEqual([
      'response-media-type-removed GET /items response 200 application/json',
      'response-media-type-added GET /items response 200 text/csv',
    ]);
  });

  it('leaves request bodies alone (oasdiff has no request name ids)', () => {
    const body = (name: string) => doc({ '/items': { post: { requestBody: { content: { [name]: { schema: str } } }, responses: ok } } });
    expect(ids(body('application/json'), body('application/merge-patch+json'))).toEqual([
      'request-body-media-type-removed POST /items request body application/json',
      'request-body-media-type-added POST /items request body application/merge-patch+json',
    ]);
  });

  it('reports each parameter that appeared, with its own fingerprint', () => {
    const result = diff(media({ 'text/plain': { schema: str } }), media({ 'text/plain; charset=utf-8; format=flowed': { schema: str } }));
    expect(result.changes.map((c) => `${c.id} ${c.location}`)).toEqual([
      'response-media-type-parameter-added GET /items response 200 text/plain; charset=utf-8; format=flowed parameter charset',
      'response-media-type-parameter-added GET /items response 200 text/plain; charset=utf-8; format=flowed parameter format',
    ]);
    expect(new Set(result.changes.map((c) => c.fingerprint)).size).toBe(2);
    expect(result.changes[1]!.text).toBe('The media type text/plain of the response 200 of GET /items gained the parameter format (now text/plain; charset=utf-8; format=flowed).');
  });

  it('a parameter and the name changing together cannot be ordered', () => {
    expect(ids(media({ 'application/json': { schema: str } }), media({ 'application/problem+json; charset=utf-8': { schema: str } }))).toEqual([
      'response-media-type-name-changed GET /items response 200 application/problem+json; charset=utf-8',
    ]);
  });
});

describe('x-extensible-enum', () => {
  it('compares values only when both sides list them, once per value', () => {
    const p = (schema: Doc) => params([{ name: 'kind', in: 'query', schema }]);
    expect(ids(p({ type: 'string', 'x-extensible-enum': ['a', 'b', 'c'] }), p({ type: 'string', 'x-extensible-enum': ['a'] }))).toEqual([
      'request-parameter-x-extensible-enum-value-removed GET /items query kind',
      'request-parameter-x-extensible-enum-value-removed GET /items query kind',
    ]);
    expect(new Set(diff(p({ type: 'string', 'x-extensible-enum': ['a', 'b', 'c'] }), p({ type: 'string', 'x-extensible-enum': ['a'] })).changes.map((c) => c.fingerprint)).size).toBe(2);
  });
});
