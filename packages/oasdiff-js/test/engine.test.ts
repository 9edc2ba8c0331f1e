/** Matching by identity, shared components, renames, composition and base paths: table-driven cases. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffSpecs, loadSide, renderMarkdown, specFromDocument, type DiffOptions } from '../src/index.js';

type Doc = Record<string, unknown>;
const doc = (paths: Doc, schemas: Doc = {}, extra: Doc = {}): Doc => ({ openapi: '3.0.3', info: { title: 'T', version: '1' }, paths, components: { schemas }, ...extra });
const side = (d: Doc, name = 'spec.json') => loadSide([specFromDocument(structuredClone(d) as never, name)]);
const ids = (a: Doc, b: Doc, options: DiffOptions = {}) => diffSpecs(side(a, 'a.json'), side(b, 'b.json'), options).changes.map((c) => `${c.id} ${c.location}`);
const ok = { '200': { description: 'OK' } };
const q = (name: string, extra: Doc = {}) => ({ name, in: 'query', schema: { type: 'integer' }, ...extra });
const list = (parameters: unknown[]) => doc({ '/tokens': { get: { parameters, responses: ok } } });
const ref = (n: string) => ({ $ref: `#/components/schemas/${n}` });
const json = (schema: unknown) => ({ content: { 'application/json': { schema } } });

describe('matching by identity, never by position', () => {
  it.each([
    [
      'path parameters are matched whatever their name: /a/{id} ≡ /a/{x}',
      doc({ '/a/{id}': { get: { parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }], responses: ok } } }),
      doc({ '/a/{x}': { get: { parameters: [{ name: 'x', in: 'path', required: true, schema: { type: 'string' } }], responses: ok } } }),
      ['request-path-parameter-renamed GET /a/{x} path x'],
    ],
    // count: a side with two templates equal but for variable names pairs exact templates first.
    [
      'of /a/{id} and /a/{x} in the base, /a/{x} kept: one endpoint removed, not a rename plus the differences between two operations',
      doc({
        '/a/{id}': { get: { parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', enum: ['p'] } }], responses: ok } },
        '/a/{x}': { get: { parameters: [{ name: 'x', in: 'path', required: true, schema: { type: 'integer' } }], responses: ok } },
      }),
      doc({ '/a/{x}': { get: { parameters: [{ name: 'x', in: 'path', required: true, schema: { type: 'integer' } }], responses: ok } } }),
      ['api-path-removed-without-deprecation GET /a/{id}'],
    ],
    // count: a composition member re-pointed to an identical definition is the same member.
    [
      'a oneOf member re-pointed from A to B, identical but for documentation: only the documentation changed',
      doc({ '/u': { get: { responses: { '200': { description: 'OK', ...json(ref('U')) } } } } }, { U: { oneOf: [ref('A'), ref('C')] }, A: { type: 'string', description: 'a' }, B: { type: 'string', description: 'b' }, C: { type: 'integer' } }),
      doc({ '/u': { get: { responses: { '200': { description: 'OK', ...json(ref('U')) } } } } }, { U: { oneOf: [ref('B'), ref('C')] }, A: { type: 'string', description: 'a' }, B: { type: 'string', description: 'b' }, C: { type: 'integer' } }),
      ['response-body-schema-description-changed U'],
    ],
    ['header names are case-insensitive', list([{ name: 'X-Trace', in: 'header', schema: { type: 'string' } }]), list([{ name: 'x-trace', in: 'header', schema: { type: 'string' } }]), []],
    [
      'inserting kind before [offset, limit, sorts] is one addition (the Apr 2026 seed artefact)',
      list([q('offset'), q('limit'), q('sorts')]),
      list([{ name: 'kind', in: 'query', schema: { type: 'string', enum: ['STANDARD', 'DIRECT_ACCESS'] } }, q('offset'), q('limit'), q('sorts')]),
      ['new-optional-request-parameter GET /tokens query kind'],
    ],
    ['reordering is its own info change, not renames', list([q('offset'), q('limit')]), list([q('limit'), q('offset')]), ['request-parameter-order-changed GET /tokens parameters']],
    ['two out and two in is ambiguous: no rename', list([q('a'), q('b')]), list([q('c'), q('d')]), ['new-optional-request-parameter GET /tokens query c', 'new-optional-request-parameter GET /tokens query d', 'request-parameter-removed GET /tokens query a', 'request-parameter-removed GET /tokens query b']],
    ['one out and one in with another definition is not a rename', list([q('a')]), list([q('b', { schema: { type: 'string' } })]), ['new-optional-request-parameter GET /tokens query b', 'request-parameter-removed GET /tokens query a']],
    ['one out and one in, same place and definition: inferred rename', list([q('a')]), list([q('b')]), ['request-parameter-renamed GET /tokens query b']],
    [
      'responses by status code, media types by name (case and spacing)',
      doc({ '/x': { get: { responses: { '200': { description: 'OK', content: { 'application/json; charset=utf-8': { schema: { type: 'string' } } } } } } } }),
      doc({ '/x': { get: { responses: { '200': { description: 'OK', content: { 'Application/JSON; charset=utf-8': { schema: { type: 'string' } } } } } } } }),
      [],
    ],
    [
      'enum values by value, whatever their order',
      list([q('k', { schema: { type: 'string', enum: ['A', 'B'] } })]),
      list([q('k', { schema: { type: 'string', enum: ['C', 'B', 'A'] } })]),
      ['request-parameter-enum-value-added GET /tokens query k'],
    ],
  ])('%s', (_name, a, b, expected) => {
    expect(ids(a as Doc, b as Doc).sort()).toEqual([...expected].sort());
  });

  it('labels an inferred rename', () => {
    const result = diffSpecs(side(list([q('a')])), side(list([q('b')])));
    expect(result.changes[0]).toMatchObject({ id: 'request-parameter-renamed', inferred: true });
  });
});

describe('renames of properties and schemas', () => {
  const item = (props: Doc) => doc({ '/items': { get: { responses: { '200': { description: 'OK', ...json(ref('Item')) } } } } }, { Item: { type: 'object', properties: props } });
  it('follows x-renamed-from (declared, not inferred)', () => {
    const result = diffSpecs(side(item({ type: { type: 'string' }, n: { type: 'integer' } })), side(item({ kind: { type: 'string', description: 'Now documented.', 'x-renamed-from': 'type' }, n: { type: 'integer' } })));
    // The renamed property is still compared: its new description is reported (documentation only).
    expect(result.changes.map((c) => [c.id, c.location, c.inferred])).toEqual([
      ['response-property-description-changed', 'Item.kind', undefined],
      ['response-property-renamed', 'Item.kind', false],
    ]);
  });
  it('follows a rename hint given as an option', () => {
    const a = item({ type: { type: 'string' }, other: { type: 'integer' } });
    // A definition that differs beyond documentation is not inferred; the hint makes it a rename, compared as one.
    const b = item({ kind: { type: 'string', maxLength: 5 }, other: { type: 'integer' } });
    expect(ids(a, b)).toEqual(['response-optional-property-added Item.kind', 'response-optional-property-removed Item.type']);
    expect(ids(a, b, { renames: [{ schema: 'Item', from: 'type', to: 'kind' }] })).toEqual(['response-property-max-length-set Item.kind', 'response-property-renamed Item.kind']);
  });
  it('infers a schema rename only when one schema left and an identical one arrived', () => {
    expect(ids(doc({}, { Old: { type: 'string' } }), doc({}, { New: { type: 'string' } }))).toEqual(['api-schema-renamed New']);
    expect(ids(doc({}, { Old: { type: 'string' } }), doc({}, { New: { type: 'integer' } })).sort()).toEqual(['api-schema-added New', 'api-schema-removed Old']);
  });
  it('infers several schema renames at once when each is a respelling with an identical definition', () => {
    const a = doc({}, { auto_merge: { type: 'string' }, author_association: { type: 'integer' } });
    const b = doc({}, { 'auto-merge': { type: 'string' }, 'author-association': { type: 'integer' } });
    expect(ids(a, b).sort()).toEqual(['api-schema-renamed author-association', 'api-schema-renamed auto-merge']);
  });
  it('does not call a split a rename: an identical definition under another name stays added and removed', () => {
    const a = doc({}, { SpecRequest: { type: 'string' } });
    const b = doc({}, { CreateSpecRequest: { type: 'string', description: 'Fields left out get defaults.' }, UpdateSpecRequest: { type: 'string' } });
    expect(ids(a, b).sort()).toEqual(['api-schema-added CreateSpecRequest', 'api-schema-added UpdateSpecRequest', 'api-schema-removed SpecRequest']);
  });
});

describe('shared components are diffed once', () => {
  const pet = (nameType: string) => ({ type: 'object', properties: { name: { type: nameType }, friend: ref('Pet'), litter: { type: 'array', items: ref('Pet') } } });
  const api = (nameType: string) =>
    doc(
      {
        '/pets': { get: { responses: { '200': { description: 'OK', ...json({ type: 'array', items: ref('Pet') }) } } }, post: { requestBody: json(ref('Pet')), responses: { '201': { description: 'OK', ...json(ref('Pet')) } } } },
        '/pets/{id}': { get: { responses: { '200': { description: 'OK', ...json(ref('Pet')) } } } },
        '/owners': { get: { responses: { '200': { description: 'OK', ...json(ref('Owner')) } } } },
      },
      { Pet: pet(nameType), Owner: { type: 'object', properties: { pets: { type: 'array', items: ref('Pet') } } } },
    );

  it('reports a change to a (self-referencing) component once per direction, with the operations it affects', () => {
    const result = diffSpecs(side(api('string')), side(api('integer')));
    expect(result.changes.map((c) => `${c.id} ${c.location}`)).toEqual(['request-property-type-changed Pet.name', 'response-property-type-changed Pet.name']);
    const [request, response] = result.changes;
    expect(request!.affects).toEqual([{ method: 'POST', path: '/pets' }]);
    expect(response!.affects).toEqual([
      { method: 'GET', path: '/owners' },
      { method: 'GET', path: '/pets' },
      { method: 'POST', path: '/pets' },
      { method: 'GET', path: '/pets/{id}' },
    ]);
    expect(request!.pointers).toEqual({ base: '/components/schemas/Pet/properties/name', revision: '/components/schemas/Pet/properties/name' });
    expect(request!.fingerprint).not.toBe(response!.fingerprint);
  });
});

describe('sides: composition, base paths, git revisions', () => {
  const withServer = (url: string, p: string, schemas: Doc = {}) => doc({ [p]: { get: { responses: ok } } }, schemas, { servers: [{ url }] });
  it.each([
    ['keep', ['/users', '/clusters']],
    ['prefix', ['/iam/v1beta1/users', '/platform/v1beta1/clusters']],
  ] as const)('basePath %s', (mode, expected) => {
    const s = loadSide([specFromDocument(withServer('https://api.example.com/iam/v1beta1', '/users') as never, 'iam.json'), specFromDocument(withServer('https://api.example.com/platform/v1beta1', '/clusters') as never, 'platform.json')], { basePath: mode });
    expect(s.paths.map((p) => p.template)).toEqual(expected);
  });

  it('strips a base path that paths repeat', () => {
    const s = loadSide([specFromDocument(withServer('https://api.example.com/v2', '/v2/droplets') as never)], { basePath: 'strip' });
    expect(s.paths.map((p) => p.template)).toEqual(['/droplets']);
  });

  it('merges identical components and namespaces clashing ones, with a note', () => {
    const iam = withServer('https://x/iam', '/users', { Error: { type: 'object' }, Role: { type: 'string', enum: ['A'] } });
    const platform = withServer('https://x/platform', '/clusters', { Error: { type: 'object' }, Role: { type: 'string', enum: ['B'] } });
    (iam as { info: Doc }).info = { title: 'Astro IAM API', version: '1' };
    (platform as { info: Doc }).info = { title: 'Astro Platform API', version: '1' };
    const s = loadSide([specFromDocument(iam as never, 'iam.json'), specFromDocument(platform as never, 'platform.json')]);
    expect([...s.components.keys()].filter((k) => k.startsWith('schemas/')).sort()).toEqual(['schemas/Error', 'schemas/Platform.Role', 'schemas/Role']);
    expect(s.notes).toHaveLength(1);
  });

  it('merges components that differ only in documentation, with a note', () => {
    const iam = withServer('https://x/iam', '/users', {
      Error: { type: 'object', description: 'Returned on failure.', required: ['a', 'description'], properties: { a: { type: 'string' }, description: { type: 'string' } } },
    });
    // Same schema: other wording, other key order, `required` listed in another order.
    const platform = withServer('https://x/platform', '/clusters', {
      Error: { required: ['description', 'a'], properties: { a: { type: 'string' }, description: { type: 'string', description: 'What went wrong.' } }, type: 'object' },
    });
    const s = loadSide([specFromDocument(iam as never, 'iam.json'), specFromDocument(platform as never, 'platform.json')]);
    expect([...s.components.keys()].filter((k) => k.startsWith('schemas/'))).toEqual(['schemas/Error']);
    expect(s.notes).toEqual([expect.stringContaining('only in documentation; they are merged')]);
  });

  it('keeps a property named "description" when comparing components', () => {
    const schema = (type: string) => ({ Note: { type: 'object', properties: { description: { type } } } });
    const s = loadSide([
      specFromDocument(withServer('https://x/iam', '/users', schema('string')) as never, 'iam.json'),
      specFromDocument(withServer('https://x/platform', '/clusters', schema('integer')) as never, 'platform.json'),
    ]);
    expect([...s.components.keys()].filter((k) => k.startsWith('schemas/'))).toHaveLength(2);
  });

  it('reads a side from a git revision (REV:path)', () => {
    const repo = path.resolve(import.meta.dirname, '../../..');
    const result = diffSpecs('HEAD:specs/v1beta1/iam/2025-09-17.yaml', 'specs/v1beta1/iam/2025-09-17.yaml', { cwd: repo });
    expect(result.base.sources).toEqual(['HEAD:specs/v1beta1/iam/2025-09-17.yaml']);
    expect(result.changes).toEqual([]);
  });
});

describe('schema keywords compared inside', () => {
  const body = (schema: unknown) => doc({ '/items': { post: { requestBody: json(schema), responses: ok } } });
  it.each([
    ['a patternProperties entry is compared by its regex', { type: 'object', patternProperties: { '^x-': { type: 'string' } } }, { type: 'object', patternProperties: { '^x-': { type: 'integer' } } }, ['request-property-type-changed POST /items request body {^x-}']],
    ['a boolean exclusiveMinimum (3.0) next to minimum', { type: 'integer', minimum: 0 }, { type: 'integer', minimum: 0, exclusiveMinimum: true }, ['request-body-min-became-exclusive POST /items request body']],
    ['additionalProperties: true to false', { type: 'object', additionalProperties: true }, { type: 'object', additionalProperties: false }, ['request-body-additional-properties-forbidden POST /items request body']],
    ['additionalProperties absent and true are the same', { type: 'object' }, { type: 'object', additionalProperties: true }, []],
  ])('%s', (_name, a, b, expected) => {
    expect(ids(body(a), body(b))).toEqual(expected);
  });
  it('compares the effective parameter style: spelling out the default is no change', () => {
    const p = (extra: Doc) => list([{ name: 'ids', in: 'query', schema: { type: 'array', items: { type: 'string' } }, ...extra }]);
    expect(ids(p({}), p({ style: 'form', explode: true }))).toEqual([]);
    expect(ids(p({}), p({ explode: false }))).toEqual(['request-parameter-explode-changed GET /tokens query ids']);
  });
});

describe('places that used to go unread', () => {
  const enumIn = (status: string, values: string[]) =>
    doc({ '/a': { get: { responses: { [status]: { description: 'R', ...json({ type: 'object', properties: { k: { type: 'string', enum: values } } }) } } } } });
  it.each(['default', '2XX', '4xx'])('a change inside the %s response is reported like one under 200', (status) => {
    expect(ids(enumIn(status, ['a']), enumIn(status, ['a', 'b']))).toEqual([`response-property-enum-value-added GET /a response ${status} k`]);
  });
  it('type dropped beside allOf, and type added to a schema that had none', () => {
    const prop = (p: unknown) => doc({ '/a': { get: { responses: { '200': { description: 'OK', ...json({ type: 'object', properties: { p } }) } } } } });
    expect(ids(prop({ type: 'object', allOf: [{ properties: { x: { type: 'string' } } }] }), prop({ allOf: [{ properties: { x: { type: 'string' } } }] }))).toEqual(['response-property-type-removed GET /a response 200 p']);
    expect(ids(prop({ description: 'Any.' }), prop({ type: 'string', description: 'Any.' }))).toEqual(['response-property-type-added GET /a response 200 p']);
  });
  it('form encoding entries compare by effective value', () => {
    const form = (enc: unknown) => doc({ '/f': { post: { requestBody: { content: { 'application/x-www-form-urlencoded': { schema: { type: 'object', properties: { tags: { type: 'array', items: { type: 'string' } } } }, ...(enc ? { encoding: { tags: enc } } : {}) } } }, responses: ok } } });
    expect(ids(form(undefined), form({ style: 'form', explode: true }))).toEqual([]);
    expect(ids(form(undefined), form({ explode: false }))).toEqual(['request-body-encoding-explode-changed POST /f request body application/x-www-form-urlencoded encoding tags']);
  });
});

describe('schema names are names', () => {
  const twilio = (channel: unknown) =>
    doc({ '/v': { get: { responses: { '200': { description: 'OK', ...json(ref('verify.v2.service.verification')) } } } } }, { 'verify.v2.service.verification': { type: 'object', properties: { channel, sid: { type: 'string' } } } });
  it('keeps a dotted schema name whole, in the data and in Markdown', () => {
    const result = diffSpecs(side(twilio({ type: 'string', enum: ['sms', 'call'] })), side(twilio({ type: 'string' })));
    expect(result.changes.map((c) => [c.schemaName, c.propertyPath, c.text])).toEqual([
      ['verify.v2.service.verification', 'channel', 'verify.v2.service.verification.channel: is no longer restricted to sms, call (affects 1 operation).'],
    ]);
    const markdown = renderMarkdown(result);
    expect(markdown).toContain('Changed 1 existing schema: verify.v2.service.verification.');
    expect(markdown).toContain('- verify.v2.service.verification\n  - channel is no longer restricted to sms, call.');
    expect(markdown).not.toMatch(/^- verify$/m);
  });
});

describe('path-variable renames', () => {
  const org = (variable: string, description: string) =>
    doc({ [`/orgs/{${variable}}/codespaces`]: { get: { parameters: [{ name: variable, in: 'path', required: true, description, schema: { type: 'string' } }], responses: ok } } });
  it('/orgs/{org_id} → /orgs/{org} is one rename, even when the definitions differ, and the rest is still compared', () => {
    const result = diffSpecs(side(org('org_id', 'The org id.')), side(org('org', 'The organization name.')));
    expect(result.changes.map((c) => `${c.id} ${c.location}`)).toEqual(['request-path-parameter-renamed GET /orgs/{org}/codespaces path org', 'request-parameter-description-changed GET /orgs/{org}/codespaces path org']);
    expect(result.changes[0]!.inferred).toBe(false);
    expect(result.changes[0]!.text).toMatch(/URL is unchanged for HTTP callers, but typed SDKs .* must follow the rename/);
  });
});

describe('shared components beyond schemas are compared once, where they are defined', () => {
  const api = (badRequest: Doc, limit: Doc) => ({
    ...doc({
      '/a': { get: { parameters: [{ $ref: '#/components/parameters/Limit' }], responses: { '200': { description: 'OK' }, '400': { $ref: '#/components/responses/BadRequest' } } } },
      '/b': { get: { parameters: [{ $ref: '#/components/parameters/Limit' }], responses: { '200': { description: 'OK' }, '422': { $ref: '#/components/responses/BadRequest' } } } },
    }),
    components: { responses: { BadRequest: badRequest }, parameters: { Limit: limit } },
  });
  const bad = (values: string[], example: string) => ({ description: 'Bad.', content: { 'application/json': { schema: { type: 'object', properties: { code: { type: 'string', enum: values } } }, example: { code: example } } } });
  const limit = (maximum: number) => ({ name: 'limit', in: 'query', schema: { type: 'integer', maximum } });
  it('one change to a shared response or parameter is one change, with every operation it affects', () => {
    const result = diffSpecs(side(api(bad(['x'], 'x'), limit(100))), side(api(bad(['x', 'y'], 'y'), limit(50))));
    expect(result.changes.map((c) => `${c.id} ${c.location} ${c.operation === undefined} ${c.affects?.map((o) => `${o.method} ${o.path}`).join(',')}`)).toEqual([
      'response-examples-changed responses/BadRequest response application/json true GET /a,GET /b',
      'response-property-enum-value-added responses/BadRequest response code true GET /a,GET /b',
      'request-parameter-max-decreased parameters/Limit query limit true GET /a,GET /b',
    ]);
    const markdown = renderMarkdown(result);
    expect(markdown.match(/responses\/BadRequest/g)!.length).toBeGreaterThan(0);
    expect(markdown).not.toContain('GET /a response 400');
  });
  it('an unreferenced component is still compared', () => {
    const orphan = (maximum: number) => ({ ...doc({}), components: { parameters: { Page: { name: 'page', in: 'query', schema: { type: 'integer', maximum } } } } });
    expect(ids(orphan(10), orphan(20))).toEqual(['api-component-changed components/parameters/Page']);
  });
});

describe('required names whose property is defined elsewhere', () => {
  it('dropping a name from required next to oneOf is reported at the required list', () => {
    const body = (required: string[]) => doc({ '/r': { post: { requestBody: json({ required, oneOf: [{ type: 'object', properties: { locked: { type: 'boolean' }, name: { type: 'string' } } }] }), responses: ok } } });
    const result = diffSpecs(side(body(['name', 'locked'])), side(body(['name'])));
    expect(result.changes.map((c) => `${c.id} ${c.location} ${c.pointers.base}`)).toEqual(['request-property-became-optional POST /r request body locked /paths/~1r/post/requestBody/content/application~1json/schema/required']);
  });
});

/** The classes test/accounting.ts explains instead of reporting: each is the engine's deliberate behaviour. */
describe('what the ground-truth accounting explains', () => {
  const body = (schema: unknown, schemas: Doc = {}) => doc({ '/x': { post: { requestBody: json(schema), responses: ok } } }, schemas);
  it('same-after-refs: a $ref re-pointed to an identical definition (ignoring documentation) is no change', () => {
    const schemas = { Old: { type: 'object', properties: { a: { type: 'string' } } }, New: { type: 'object', description: 'Doc.', properties: { a: { type: 'string' } } } };
    expect(ids(body(ref('Old'), schemas), body(ref('New'), schemas)).filter((id) => !id.includes('description'))).toEqual([]);
    expect(ids(body({ type: 'object', properties: { a: { type: 'string' } } }, schemas), body(ref('Old'), schemas))).toEqual([]);
  });
  it('default-spelled-out: nullable: false, deprecated: false and an empty parameters list change nothing', () => {
    expect(ids(body({ type: 'string' }), body({ type: 'string', nullable: false, deprecated: false }))).toEqual([]);
    expect(ids(list([]), doc({ '/tokens': { get: { responses: ok } } }))).toEqual([]);
  });
  it('parameters-moved: a parameter moved from the operation to the path item, or given by $ref, is no change', () => {
    const p = { name: 'id', in: 'query', schema: { type: 'string' } };
    const onOp = doc({ '/a': { get: { parameters: [p], responses: ok } } });
    const onPath = doc({ '/a': { parameters: [{ $ref: '#/components/parameters/Id' }], get: { responses: ok } } }, {}, {});
    (onPath as { components: Doc }).components = { schemas: {}, parameters: { Id: p } };
    expect(ids(onOp, onPath).filter((id) => !id.startsWith('api-component-'))).toEqual([]);
  });
  it('composition-by-title: one titled member removed before others is one removal, not a change to each later member', () => {
    const member = (title: string, prop: string) => ({ title, type: 'object', properties: { [prop]: { type: 'string' } } });
    expect(ids(body({ oneOf: [member('Dumb', 'x'), member('Text', 'y'), member('Image', 'z')] }), body({ oneOf: [member('Text', 'y'), member('Image', 'z')] }))).toEqual(['request-body-one-of-removed POST /x request body']);
  });
  it('top-level-tags: the top-level tag list is not compared (operation tags are)', () => {
    expect(ids(doc({}), doc({}, {}, { tags: [{ name: 'Items' }] }))).toEqual([]);
  });
});

describe('renames inferred ignoring documentation', () => {
  it('a property renamed with a new description is one inferred rename, and the description change is still reported', () => {
    const token = (name: string, description: string) => doc({ '/t': { get: { responses: { '200': { description: 'OK', ...json(ref('ApiToken')) } } } } }, { ApiToken: { type: 'object', properties: { id: { type: 'string' }, [name]: { type: 'string', enum: ['A', 'B'], description } } } });
    expect(ids(token('type', 'The token type.'), token('scope', 'The scope of the token.'))).toEqual(['response-property-description-changed ApiToken.scope', 'response-property-renamed ApiToken.scope']);
  });
  it('proves ApiToken.type → scope between v1beta1 and v1 without a declared rename', () => {
    const repo = path.resolve(import.meta.dirname, '../../..');
    const result = diffSpecs(['specs/v1beta1/iam/2026-07-16.yaml', 'specs/v1beta1/platform/2026-07-16.yaml'], 'specs/v1/2026-07-16.yaml', { cwd: repo, basePath: 'strip' });
    const renames = result.changes.filter((c) => c.kind === 'property-renamed').map((c) => `${c.location} from ${String(c.old)} inferred ${c.inferred}`);
    expect(renames).toContain('ApiToken.scope from type inferred true');
  });
});
