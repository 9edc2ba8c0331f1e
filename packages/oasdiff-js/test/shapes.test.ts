/**
 * One change, one id: allOf members that only carry annotations, a concrete object wrapped in a
 * oneOf, and type swaps where values are text on the wire are each reported once, under oasdiff's id
 * for them, and never also as the raw changes they are made of.
 */
import { describe, expect, it } from 'vitest';
import { diffSpecs, loadSide, specFromDocument } from '../src/index.js';

type Doc = Record<string, unknown>;
const doc = (paths: Doc, schemas: Doc = {}): Doc => ({ openapi: '3.1.0', info: { title: 'T', version: '1' }, paths, components: { schemas } });
const side = (d: Doc, name: string) => loadSide([specFromDocument(structuredClone(d) as never, name)]);
const ids = (a: Doc, b: Doc) => diffSpecs(side(a, 'a.json'), side(b, 'b.json')).changes.map((c) => `${c.id} ${c.location}`);
const ref = (n: string) => ({ $ref: `#/components/schemas/${n}` });
const str = { type: 'string' };
const request = (schema: unknown, media = 'application/json', schemas: Doc = {}) => doc({ '/x': { post: { requestBody: { content: { [media]: { schema } } }, responses: { '200': { description: 'OK' } } } } }, schemas);
const response = (schema: unknown, media = 'application/json', schemas: Doc = {}) => doc({ '/x': { get: { responses: { '200': { description: 'OK', content: { [media]: { schema } } } } } } }, schemas);
const A = { type: 'object', properties: { a: str } };

describe('allOf members that only carry annotations', () => {
  it('are told apart from members that constrain, each reported once', () => {
    const before = request({ allOf: [ref('A')] }, 'application/json', { A, B: { type: 'object', properties: { b: str } } });
    const after = request({ allOf: [ref('A'), ref('B'), { title: 'Thing', description: 'A thing.', default: {} }] }, 'application/json', { A, B: { type: 'object', properties: { b: str } } });
    expect(ids(before, after).sort()).toEqual(['request-body-all-of-added POST /x request body', 'request-body-all-of-added-annotation-only POST /x request body']);
  });
  it('follows a reference to an annotation-only schema, and reads a property as a property', () => {
    const schemas = { A, Note: { description: 'Shared note.' } };
    const before = response({ type: 'object', properties: { p: { allOf: [ref('A'), ref('Note')] } } }, 'application/json', schemas);
    const after = response({ type: 'object', properties: { p: { allOf: [ref('A')] } } }, 'application/json', schemas);
    expect(ids(before, after)).toEqual(['response-property-all-of-removed-annotation-only GET /x response 200 p']);
  });
});

describe('a concrete object wrapped in a oneOf', () => {
  const object = { type: 'object', properties: { a: str, b: str }, required: ['a'] };
  it('is one change at the body, not a lost type plus removed properties plus new members', () => {
    const wrapped = { oneOf: [{ type: 'object', properties: { a: str, c: str }, required: ['a', 'c'] }, { type: 'object', properties: { b: str } }] };
    expect(ids(request(object), request(wrapped))).toEqual(['request-body-wrapped-in-one-of POST /x request body']);
    expect(ids(response(object), response(wrapped))).toEqual(['response-body-wrapped-in-one-of GET /x response 200']);
  });
  it('keeping the original as an alternative is the warning variant', () => {
    const wrapped = { oneOf: [ref('Original'), { type: 'object', properties: { z: str } }] };
    expect(ids(request(object, 'application/json', { Original: object }), request(wrapped, 'application/json', { Original: object }))).toEqual(['request-body-wrapped-in-one-of-original-preserved POST /x request body']);
  });
  it('below the root reads as the property gaining oneOf members (as oasdiff), still without removals', () => {
    const before = response({ type: 'object', properties: { p: object } }, 'application/json', { A, B: { type: 'object', properties: { b: str } } });
    const after = response({ type: 'object', properties: { p: { oneOf: [ref('A'), ref('B')] } } }, 'application/json', { A, B: { type: 'object', properties: { b: str } } });
    expect(ids(before, after).sort()).toEqual(['response-property-one-of-added GET /x response 200 p', 'response-property-one-of-added GET /x response 200 p']);
  });
  it('a property that went nowhere is still removed', () => {
    const wrapped = { oneOf: [{ type: 'object', properties: { a: str } }, { type: 'object', properties: { c: str } }] };
    expect(ids(request(object), request(wrapped)).sort()).toEqual(['request-body-wrapped-in-one-of POST /x request body', 'request-property-removed POST /x request body b']);
  });
});

describe('type swaps where values are text on the wire', () => {
  it('are compatible in XML and headers, and a type change in JSON', () => {
    expect(ids(request({ type: 'integer' }, 'application/xml'), request(str, 'application/xml'))).toEqual(['request-body-type-compatible POST /x request body']);
    expect(ids(request({ type: 'integer' }), request(str))).toEqual(['request-body-type-changed POST /x request body']);
    expect(ids(request({ type: 'integer' }, 'application/problem+json'), request(str, 'application/problem+json'))).toEqual(['request-body-type-changed POST /x request body']);
  });
  it('follow the direction: a request may become a string, a response may stop being one', () => {
    expect(ids(request(str, 'text/plain'), request({ type: 'integer' }, 'text/plain'))).toEqual(['request-body-type-changed POST /x request body']);
    expect(ids(response({ type: 'integer' }, 'text/plain'), response(str, 'text/plain'))).toEqual(['response-body-type-changed GET /x response 200']);
    expect(ids(response(str, 'text/plain'), response({ type: 'integer' }, 'text/plain'))).toEqual(['response-body-type-compatible GET /x response 200']);
  });
  it('a format the reader parses keeps it a type change', () => {
    const header = (schema: unknown) => doc({ '/x': { get: { responses: { '200': { description: 'OK', headers: { 'Retry-After': { schema } } } } } } });
    expect(ids(header({ type: 'string', format: 'date-time' }), header({ type: 'integer' }))).toEqual(['response-header-type-changed GET /x response 200 header Retry-After']);
    expect(ids(header(str), header({ type: 'integer' }))).toEqual(['response-header-type-compatible GET /x response 200 header Retry-After']);
  });
});

describe('type and format judged together (oasdiff v1.37, checker/check_types.go)', () => {
  const typed = (type: unknown, format?: string) => ({ type, ...(format ? { format } : {}) });
  it('reads a response string becoming anything else in XML as compatible, and a narrowing as specialized', () => {
    expect(ids(response(str, 'application/xml'), response({ type: 'boolean' }, 'application/xml'))).toEqual(['response-body-type-compatible GET /x response 200']);
    expect(ids(response({ type: 'number' }, 'application/xml'), response({ type: 'integer' }, 'application/xml'))).toEqual(['response-body-type-specialized GET /x response 200']);
    expect(ids(response(str), response({ type: 'boolean' }))).toEqual(['response-body-type-changed GET /x response 200']);
  });
  it('reads a wider format or a format dropped beside a wider type as a generalization in a request, the mirror in a response', () => {
    expect(ids(request(typed('integer', 'int32')), request(typed('integer', 'int64')))).toEqual(['request-body-type-generalized POST /x request body']);
    expect(ids(request(typed('integer', 'int64')), request(typed('number')))).toEqual(['request-body-type-generalized POST /x request body']);
    expect(ids(response(typed('integer', 'int64')), response(typed('integer', 'int32')))).toEqual(['response-body-type-specialized GET /x response 200']);
    expect(ids(response(typed('number')), response(typed('integer', 'int32')))).toEqual(['response-body-type-specialized GET /x response 200']);
    // The other way round each one narrows what a server accepts, or widens what it returns.
    expect(ids(request(typed('integer', 'int64')), request(typed('integer', 'int32')))).toEqual(['request-body-format-changed POST /x request body']);
    expect(ids(response(typed('integer', 'int32')), response(typed('number')))).toEqual(['response-body-type-generalized GET /x response 200']);
  });
  it('judges a type list changing with its format as one type change', () => {
    expect(ids(request(typed(['integer'], 'int64')), request(typed(['integer', 'string'], 'int32')))).toEqual(['request-body-type-changed POST /x request body']);
    expect(ids(request(typed(['string', 'integer'])), request(typed(['string'])))).toEqual(['request-body-type-changed POST /x request body']);
    expect(ids(response(typed(['string', 'integer'])), response(typed(['string'])))).toEqual(['response-body-type-specialized GET /x response 200']);
    // A parameter's list keeps its list-of-types reading (oasdiff's loose parameter verdict calls a wider list breaking).
    const query = (schema: unknown) => doc({ '/x': { get: { parameters: [{ name: 'n', in: 'query', schema }], responses: { '200': { description: 'OK' } } } } });
    expect(ids(query(typed(['string'])), query(typed(['string', 'integer'])))).toEqual(['request-parameter-list-of-types-widened GET /x query n']);
    expect(ids(query({ type: 'object', properties: { a: typed(['integer', 'boolean']) } }), query({ type: 'object', properties: { a: typed(['integer']) } }))).toEqual(['request-parameter-property-list-of-types-narrowed GET /x query n a']);
    expect(ids(request(typed(['string', 'integer']), 'application/xml'), request(typed(['string']), 'application/xml'))).toEqual(['request-body-type-compatible POST /x request body']);
  });
  it('reads a scalar parameter as text: a change to string accepts every value it accepted', () => {
    const query = (schema: unknown) => doc({ '/x': { get: { parameters: [{ name: 'n', in: 'query', schema }], responses: { '200': { description: 'OK' } } } } });
    expect(ids(query({ type: 'integer' }), query(str))).toEqual(['request-parameter-type-generalized GET /x query n']);
    expect(ids(query(str), query({ type: 'integer' }))).toEqual(['request-parameter-type-changed GET /x query n']);
  });
  it('reads a shared component as loosely typed only when none of its uses is JSON', () => {
    const schemas = (type: string) => ({ Berth: { type: 'object', properties: { draught: { type } } } });
    const post = (media: string[], type: string) => doc({ '/x': { post: { requestBody: { content: Object.fromEntries(media.map((m) => [m, { schema: ref('Berth') }])) }, responses: { '200': { description: 'OK' } } } } }, schemas(type));
    const only = (media: string[]) => ids(post(media, 'integer'), post(media, 'string')).map((s) => s.split(' ')[0]);
    expect(only(['application/xml'])).toEqual(['request-property-type-compatible']);
    expect(only(['application/xml', 'text/plain'])).toEqual(['request-property-type-compatible']);
    expect(only(['application/xml', 'application/json'])).toEqual(['request-property-type-changed']);
    expect(only(['application/vnd.berth+json'])).toEqual(['request-property-type-changed']);
  });
});

describe('a wrapping found through a re-pointed reference', () => {
  it('below the root still reads as oneOf members added', () => {
    const schemas = { Old: { type: 'object', properties: { a: str } }, New: { oneOf: [ref('A'), ref('B')] }, A, B: { type: 'object', properties: { b: str } } };
    const before = response({ type: 'object', properties: { p: ref('Old') } }, 'application/json', schemas);
    const after = response({ type: 'object', properties: { p: ref('New') } }, 'application/json', schemas);
    expect(ids(before, after)).toEqual(['response-property-one-of-added GET /x response 200 p', 'response-property-one-of-added GET /x response 200 p']);
  });
});

describe('x- extensions, compared generically wherever they sit', () => {
  const changes = (a: Doc, b: Doc) => diffSpecs(side(a, 'a.json'), side(b, 'b.json')).changes;
  it('leaves the known ones to their own rules (one shared list)', async () => {
    const { knownExtensions } = await import('../src/diff/extensions.js');
    for (const name of ['x-permission', 'x-stability-level', 'x-sunset', 'x-extensible-enum']) expect(knownExtensions.has(name)).toBe(true);
    const before = response({ type: 'object', properties: { p: { type: 'string', 'x-extensible-enum': ['a'], 'x-sunset': '2030-01-01' } } });
    const after = response({ type: 'object', properties: { p: { type: 'string', 'x-extensible-enum': ['a', 'b'], 'x-sunset': '2031-01-01' } } });
    expect(changes(before, after).filter((c) => c.id.includes('extension'))).toEqual([]);
  });
  it('reports one change of a shared parameter once, with the operations it affects', () => {
    const withLimit = (value: number) => ({
      ...doc({ '/a': { get: { parameters: [{ $ref: '#/components/parameters/Limit' }], responses: { '200': { description: 'OK' } } } }, '/b': { get: { parameters: [{ $ref: '#/components/parameters/Limit' }], responses: { '200': { description: 'OK' } } } } }),
      components: { schemas: {}, parameters: { Limit: { name: 'limit', in: 'query', schema: { type: 'integer' }, 'x-internal-note': value } } },
    });
    const found = changes(withLimit(1), withLimit(2));
    expect(found.map((c) => [c.id, c.location, c.documentation, c.affects?.length])).toEqual([['request-parameter-extension-changed', 'parameters/Limit query limit x-internal-note', true, 2]]);
    expect(found[0]!.text).toBe('The extension x-internal-note of parameters/Limit query limit changed from 1 to 2 (affects 2 operations).');
  });
  it('reports a path item once, not once per method; a schema node by its property path', () => {
    const paths = (v: number) => doc({ '/a': { 'x-owner': v, get: { responses: { '200': { description: 'OK' } } }, post: { responses: { '200': { description: 'OK' } } } } });
    expect(changes(paths(1), paths(2)).map((c) => c.id)).toEqual(['api-path-extension-changed']);
    const schema = (v?: string) => response({ type: 'object', properties: { p: { type: 'object', properties: { q: { type: 'string', ...(v ? { 'x-go-name': v } : {}) } } } } });
    expect(changes(schema(), schema('Q')).map((c) => `${c.id} ${c.location}`)).toEqual(['response-property-extension-added GET /x response 200 p.q x-go-name']);
  });
});

describe('x- keys of a responses map', () => {
  it('are extensions, not status codes', () => {
    const withKey = (v?: number) => doc({ '/a': { get: { responses: { '200': { description: 'OK' }, ...(v !== undefined ? { 'x-note': v } : {}) } } } });
    const found = diffSpecs(side(withKey(), 'a.json'), side(withKey(1), 'b.json')).changes;
    expect(found.map((c) => `${c.id} ${c.location}`)).toEqual(['response-extension-added GET /a responses x-note']);
  });
});
