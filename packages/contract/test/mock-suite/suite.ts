import fc from 'fast-check';
import { getAtPointer } from '@astro-api/spec-loader';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sampleFromSchema, startMockServer, type MockServer } from '@astro-api/mock-server';
import { arbitraryFor, queryArbitrary } from './arbitraries.js';
import { uncoveredOperations } from '../../src/coverage.js';
import { ResponseValidator, type SpecOperation } from '../../src/validator.js';

/* The generated clients are typed per path; this suite drives every path generically, so it speaks to them untyped. */
type AnyClient = any;
type ClientFactory = (options: { token: string; baseUrl: string; retry: false; middleware?: unknown[]; fetch?: (request: Request) => Promise<Response> }) => AnyClient;
type Paginate = (client: AnyClient, path: string, init: unknown) => AsyncIterable<any>;

export interface ContractTarget {
  api: 'v1' | 'v1beta1-iam' | 'v1beta1-platform';
  makeClient: ClientFactory;
  paginate: Paginate;
}

const MEMBER_TOKEN = 'astro_mock_contract_member';

/**
 * Registers a test only when the revision has what it needs. A flow that does not apply to an API
 * is not registered at all, so it never shows up as a skipped test.
 */
function itWhen(applies: boolean): (name: string, fn: () => Promise<void> | void) => void {
  return applies ? (name, fn) => it(name, fn) : () => undefined;
}

/**
 * The contract suite for the current revision of one API: the generated client against the mock,
 * every answer checked by an Ajv validator of the tests' own (not the server's self-check).
 */
export function contractSuite({ api, makeClient, paginate }: ContractTarget): void {
  const spec = new ResponseValidator(api);
  const has = (...ids: string[]) => ids.every((id) => spec.operations.some((op) => op.operationId === id));
  const opById = (id: string) => spec.operations.find((op) => op.operationId === id)!;

  describe(`contract: ${api} (current revision)`, () => {
    let mock: MockServer;
    let client: AnyClient;
    const exercised = new Map<string, Set<number>>();
    const mismatches: string[] = [];
    const recorder = {
      async onResponse({ request, response, schemaPath }: { request: Request; response: Response; schemaPath: string }) {
        const op = spec.find(request.method, schemaPath);
        if (!op) {
          mismatches.push(`the client called ${request.method} ${schemaPath}, which the spec does not have`);
          return;
        }
        const statuses = exercised.get(op.operationId) ?? new Set<number>();
        statuses.add(response.status);
        exercised.set(op.operationId, statuses);
        const problem = spec.check(op, response.status, response.headers.get('content-type'), await response.clone().text());
        if (problem) mismatches.push(problem);
      },
    };
    const clientWith = (token: string, extra: Partial<Parameters<ClientFactory>[0]> = {}) =>
      makeClient({ token, baseUrl: mock.url, retry: false, middleware: [recorder], ...extra });
    const org = () => ({ organizationId: mock.organizationId });
    const call = (c: AnyClient, op: SpecOperation, init: Record<string, unknown>) => c[op.method.toUpperCase()](op.path, init);

    /** A request body for an operation: the spec's examples, or a hand-made one where an example names entities the mock does not have. */
    const bodyFor = (op: SpecOperation, params: Record<string, string>): unknown => {
      const scopeField = scopeFieldOf(spec);
      switch (op.operationId) {
        case 'CreateApiToken':
          return { name: 'contract token', role: 'ORGANIZATION_MEMBER', [scopeField]: 'ORGANIZATION' };
        case 'UpdateApiTokenRoles':
          return { roles: [{ entityType: 'ORGANIZATION', entityId: mock.organizationId, role: 'ORGANIZATION_MEMBER' }] };
        case 'UpdateDeploymentHibernationOverride':
          // The example's date lies in the past; an override ends in the future.
          return { isHibernating: true, overrideUntil: new Date(Date.now() + 86_400_000).toISOString().replace(/\.\d+Z$/, 'Z') };
      }
      const pointer = requestBodyPointer(spec, op);
      if (!pointer) return undefined;
      const body = sampleFromSchema(mock.spec, pointer, { accepts: (at, value) => spec.accepts(at, value) }) as Record<string, unknown>;
      // Bodies that name a Workspace get a real one.
      if (body && typeof body === 'object' && 'workspaceId' in body && params.workspaceId) body.workspaceId = params.workspaceId;
      return body;
    };

    /** A Deployment in the given Workspace, made through the client (for bodies that must name one). */
    const deploymentIn = async (workspaceId: string): Promise<string> => {
      const params = mock.prepare('CreateDeployment');
      const created = await client.POST('/organizations/{organizationId}/deployments', { params: { path: org() }, body: bodyFor(opById('CreateDeployment'), { ...params, workspaceId }) });
      expect(created.response.status).toBe(200);
      return created.data.id as string;
    };

    /**
     * Bodies that must name entities related to each other (environment objects belong to a Workspace and
     * link only Deployments of that Workspace) are made fitting here; every other body is the example one.
     */
    const fittingBody = async (op: SpecOperation, params: Record<string, string>): Promise<unknown> => {
      const body = bodyFor(op, params) as Record<string, any> | undefined;
      const linkTo = async (workspaceId: string) => {
        const deploymentId = await deploymentIn(workspaceId);
        if (Array.isArray(body?.links)) body!.links = body!.links.slice(0, 1).map((l: Record<string, unknown>) => ({ ...l, scopeEntityId: deploymentId }));
        if (Array.isArray(body?.excludeLinks)) body!.excludeLinks = [];
        return deploymentId;
      };
      switch (op.operationId) {
        case 'CreateEnvironmentObject': {
          const workspace = await client.POST('/organizations/{organizationId}/workspaces', { params: { path: org() }, body: bodyFor(opById('CreateWorkspace'), params) });
          Object.assign(body!, { scope: 'WORKSPACE', scopeEntityId: workspace.data.id, objectKey: `KEY_${Date.now()}_${Math.random().toString(36).slice(2)}` });
          await linkTo(workspace.data.id);
          return body;
        }
        case 'UpdateEnvironmentObject':
        case 'ExcludeLinkingEnvironmentObject': {
          const object = await client.GET('/organizations/{organizationId}/environment-objects/{environmentObjectId}', { params: { path: params } });
          const deploymentId = await linkTo(object.data.scopeEntityId);
          return op.operationId === 'ExcludeLinkingEnvironmentObject' ? { scope: 'DEPLOYMENT', scopeEntityId: deploymentId } : body;
        }
        default:
          return body;
      }
    };

    beforeAll(async () => {
      mock = await startMockServer({
        api,
        selfCheck: true,
        tokens: [{ value: MEMBER_TOKEN, name: 'contract member', roles: [{ entityType: 'ORGANIZATION', entityId: 'clmockorganization000000001', role: 'ORGANIZATION_MEMBER' }] }],
      });
      client = clientWith(mock.bootstrapToken);
    });
    afterEach(() => {
      expect(mismatches.splice(0)).toEqual([]);
    });
    afterAll(async () => {
      await mock?.close();
      expect(mock?.selfCheckFailures ?? []).toEqual([]);
    });

    describe('every operation answers 2xx through the generated client', () => {
      it.each(spec.operations.map((op) => [op.operationId, op] as const))('%s', async (_id, op) => {
        const params = mock.prepare(op.operationId);
        const query = requiredQuery(spec, op, mock);
        const textual = !successIsJson(spec, op);
        const result = await call(client, op, {
          params: { path: params, query },
          body: await fittingBody(op, params),
          ...(textual ? { parseAs: 'text' } : {}),
        });
        expect(result.error, JSON.stringify(result.error)).toBeUndefined();
        expect(result.response.status).toBeGreaterThanOrEqual(200);
        expect(result.response.status).toBeLessThan(300);
      });
    });

    describe('flows from the docs', () => {
      /** A Deployment to scope tokens to: a real one where this API serves Deployments. */
      const deploymentForTokens = async (): Promise<string> => {
        if (!has('CreateWorkspace', 'CreateDeployment')) return 'clmcontractdeployment00001';
        const params = mock.prepare('CreateDeployment');
        const workspace = await client.POST('/organizations/{organizationId}/workspaces', { params: { path: org() }, body: bodyFor(opById('CreateWorkspace'), params) });
        const created = await client.POST('/organizations/{organizationId}/deployments', {
          params: { path: org() },
          body: bodyFor(opById('CreateDeployment'), { ...params, workspaceId: workspace.data.id }),
        });
        expect(created.response.status).toBe(200);
        return created.data.id as string;
      };

      itWhen(has('CreateApiToken', 'RotateApiToken', 'DeleteApiToken'))(
        'create a Deployment token, use it, rotate it, see the old value refused, delete it',
        async () => {
          const deploymentId = await deploymentForTokens();
          const created = await client.POST('/organizations/{organizationId}/tokens', {
            params: { path: org() },
            body: { name: 'ci deploys', role: 'DEPLOYMENT_ADMIN', [scopeFieldOf(spec)]: 'DEPLOYMENT', entityId: deploymentId, tokenExpiryPeriodInDays: 30 },
          });
          expect(created.response.status).toBe(200);
          expect(created.data.kind ?? 'STANDARD').toBe('STANDARD');
          const tokenId = created.data.id as string;
          const use = (value: string) =>
            has('GetDeployment')
              ? clientWith(value).GET('/organizations/{organizationId}/deployments/{deploymentId}', { params: { path: { ...org(), deploymentId } } })
              : clientWith(value).GET('/organizations/{organizationId}/deployments/{deploymentId}/agent-tokens', { params: { path: { ...org(), deploymentId } } });
          expect((await use(created.data.token)).response.status).toBe(200);

          const rotated = await client.POST('/organizations/{organizationId}/tokens/{tokenId}/rotate', { params: { path: { ...org(), tokenId } } });
          expect(rotated.response.status).toBe(200);
          expect(rotated.data.token).not.toBe(created.data.token);
          expect((await use(created.data.token)).response.status).toBe(401);
          expect((await use(rotated.data.token)).response.status).toBe(200);

          const removed = await client.DELETE('/organizations/{organizationId}/tokens/{tokenId}', { params: { path: { ...org(), tokenId } } });
          expect(removed.response.status).toBe(204);
          expect((await use(rotated.data.token)).response.status).toBe(401);
          const gone = await client.GET('/organizations/{organizationId}/tokens/{tokenId}', { params: { path: { ...org(), tokenId } } });
          expect(gone.response.status).toBe(404);
        },
      );

      itWhen(has('CreateApiToken', 'UpdateApiTokenRoles'))('assign roles, DAG roles included where the revision has them', async () => {
        const deploymentId = await deploymentForTokens();
        const created = await client.POST('/organizations/{organizationId}/tokens', {
          params: { path: org() },
          body: { name: 'dag access', role: 'DEPLOYMENT_ADMIN', [scopeFieldOf(spec)]: 'DEPLOYMENT', entityId: deploymentId },
        });
        const entityTypes = roleEntityTypes(spec);
        const roles: Array<Record<string, string>> = [{ entityType: 'DEPLOYMENT', entityId: deploymentId, role: 'DEPLOYMENT_ADMIN' }];
        if (entityTypes.includes('DAG')) roles.push({ entityType: 'DAG', entityId: 'nightly_etl', role: 'DAG_VIEWER', deploymentId });
        const answer = await client.POST('/organizations/{organizationId}/tokens/{tokenId}/roles', {
          params: { path: { ...org(), tokenId: created.data.id } },
          body: { roles },
        });
        expect(answer.response.status).toBe(200);
        expect(answer.data.deploymentRoles).toEqual([{ deploymentId, role: 'DEPLOYMENT_ADMIN' }]);
        if (entityTypes.includes('DAG')) expect(answer.data.dagRoles).toEqual([{ deploymentId, role: 'DAG_VIEWER', dagId: 'nightly_etl' }]);
        const read = await client.GET('/organizations/{organizationId}/tokens/{tokenId}', { params: { path: { ...org(), tokenId: created.data.id } } });
        expect(read.data.roles).toHaveLength(roles.length);
      });

      itWhen(has('CreateAgentToken', 'ListAgentTokens'))('create agent tokens and paginate through many of them', async () => {
        const deploymentId = await deploymentForTokens();
        const path = { ...org(), deploymentId };
        const made = new Set<string>();
        for (let i = 0; i < 45; i++) {
          const created = await client.POST('/organizations/{organizationId}/deployments/{deploymentId}/agent-tokens', { params: { path }, body: { name: `worker-${i}` } });
          expect(created.data.token).toBeTypeOf('string');
          made.add(created.data.id);
        }
        const seen: string[] = [];
        for await (const token of paginate(client, '/organizations/{organizationId}/deployments/{deploymentId}/agent-tokens', { params: { path, query: { limit: 7 } } })) {
          expect(token).not.toHaveProperty('token');
          seen.push(token.id);
        }
        expect(new Set(seen)).toEqual(made);
        expect(seen).toHaveLength(45);
      });

      itWhen(has('CreateDeployment', 'ListDeployments') && !has('CreateAgentToken'))('create Deployments and paginate through them', async () => {
        const before = (await client.GET('/organizations/{organizationId}/deployments', { params: { path: org() } })).data.totalCount as number;
        for (let i = 0; i < 12; i++) await deploymentForTokens();
        let count = 0;
        for await (const deployment of paginate(client, '/organizations/{organizationId}/deployments', { params: { path: org(), query: { limit: 5 } } })) {
          expect(deployment.id).toBeTypeOf('string');
          count++;
        }
        expect(count).toBeGreaterThanOrEqual(before + 12 * 2 - 12);
      });
    });

    describe('every operation has a negative case through the generated client', () => {
      it.each(spec.operations.map((op) => [op.operationId, op] as const))('%s', async (_id, op) => {
        const params = mock.prepare(op.operationId);
        const query = requiredQuery(spec, op, mock);
        const ids = [...op.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!).filter((name) => name !== 'organizationId');
        const textual = !successIsJson(spec, op) ? { parseAs: 'text' } : {};
        const last = ids[ids.length - 1];
        // Only where the API serves the entity the ID names (the IAM API names Deployments it does not serve).
        const served = last !== undefined && spec.operations.some((o) => o.method === 'get' && o.path === op.path.slice(0, op.path.indexOf(`{${last}}`) + last.length + 2));
        if (last !== undefined && served) {
          // An ID nothing has: 404.
          const answer = await call(client, op, { params: { path: { ...params, [last]: 'clmdoesnotexist0000000000' }, query }, body: bodyFor(op, params), ...textual });
          expect(answer.response.status).toBe(404);
        } else if (requestBodyPointer(spec, op)) {
          // A body of the wrong type: 400.
          const answer = await call(client, op, { params: { path: params, query }, body: [42], ...textual });
          expect(answer.response.status).toBe(400);
        } else {
          // A token the mock never issued: 401.
          const answer = await call(clientWith('astro_mock_never_issued'), op, { params: { path: params, query }, ...textual });
          expect(answer.response.status).toBe(401);
        }
      });
    });

    describe('negative cases', () => {
      const createOp = has('CreateApiToken') ? opById('CreateApiToken') : opById('CreateWorkspace');
      const listWithLimit = spec.operations.find((op) => maxOf(spec, op, 'limit') === 1000);
      const itemGet = spec.operations.find((op) => op.method === 'get' && /\}$/.test(op.path) && op.operationId !== 'GetOrganization');

      it('bad body → 400 Error (fieldErrors where the revision has them)', async () => {
        const answer = await call(client, createOp, { params: { path: org() }, body: { description: 42 } });
        expect(answer.response.status).toBe(400);
        expect(answer.error).toMatchObject({ statusCode: 400, requestId: expect.any(String) });
        if (errorHasFieldErrors(spec)) expect(answer.error.fieldErrors).toContainEqual(expect.objectContaining({ field: 'name', code: 'required' }));
        else expect(answer.error).not.toHaveProperty('fieldErrors');
      });

      const enumTarget = [createOp, ...spec.operations].find((op) => requestBodyPointer(spec, op) && enumProperty(spec, requestBodyPointer(spec, op)!));
      itWhen(enumTarget !== undefined)('bad enum in a body → 400', async () => {
        const params = mock.prepare(enumTarget!.operationId);
        const body = bodyFor(enumTarget!, params) as Record<string, unknown>;
        const field = enumProperty(spec, requestBodyPointer(spec, enumTarget!)!)!;
        const answer = await call(client, enumTarget!, { params: { path: params }, body: { ...body, [field]: 'NOT_AN_ENUM_VALUE' } });
        expect(answer.response.status).toBe(400);
      });

      const sorted = spec.operations.find((op) => queryParameters(spec, op).some((p) => p.name === 'sorts'));
      itWhen(sorted !== undefined)('bad enum in a query → 400', async () => {
        const answer = await call(client, sorted!, { params: { path: mock.prepare(sorted!.operationId), query: { sorts: ['shoeSize:asc'] } } });
        expect(answer.response.status).toBe(400);
      });

      itWhen(listWithLimit !== undefined)('limit over 1000 → 400', async () => {
        const answer = await call(client, listWithLimit!, { params: { path: mock.prepare(listWithLimit!.operationId), query: { limit: 1001 } } });
        expect(answer.response.status).toBe(400);
      });

      it('missing auth → 401', async () => {
        const anonymous = clientWith('astro_mock_placeholder', {
          fetch: (request: Request) => {
            const stripped = new Request(request);
            stripped.headers.delete('authorization');
            return globalThis.fetch(stripped);
          },
        });
        const answer = await call(anonymous, createOp, { params: { path: org() }, body: bodyFor(createOp, {}) });
        expect(answer.response.status).toBe(401);
        const forged = await call(clientWith('astro_mock_forged'), createOp, { params: { path: org() }, body: bodyFor(createOp, {}) });
        expect(forged.response.status).toBe(401);
      });

      it('wrong permission → 403', async () => {
        const answer = await call(clientWith(MEMBER_TOKEN), createOp, { params: { path: org() }, body: bodyFor(createOp, {}) });
        expect(answer.response.status).toBe(403);
        expect(answer.error.message).toMatch(/lacks the permission/);
      });

      itWhen(itemGet !== undefined)('unknown ID → 404', async () => {
        const params = mock.prepare(itemGet!.operationId);
        const last = /\{([^}]+)\}$/.exec(itemGet!.path)![1]!;
        const answer = await call(client, itemGet!, { params: { path: { ...params, [last]: 'clmdoesnotexist0000000000' } } });
        expect(answer.response.status).toBe(404);
      });
    });

    describe('property-based requests built from the schemas', () => {
      const targets = spec.operations.filter((op) => requestBodyPointer(spec, op) || queryParameters(spec, op).length > 0);
      it.each(targets.map((op) => [op.operationId, op] as const))('%s: never 5xx, always as the spec says', async (_id, op) => {
        const bodyPointer = requestBodyPointer(spec, op);
        const body = bodyPointer ? arbitraryFor(spec.document, getAtPointer(spec.document, bodyPointer) as Record<string, unknown>) : fc.constant(undefined);
        const query = queryArbitrary(spec.document, queryParameters(spec, op));
        await fc.assert(
          fc.asyncProperty(query, body, async (search, payload) => {
            const params = mock.prepare(op.operationId);
            const path = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(params[name]!));
            const qs = search.toString();
            const res = await fetch(`${mock.url}${path}${qs ? `?${qs}` : ''}`, {
              method: op.method.toUpperCase(),
              headers: { authorization: `Bearer ${mock.bootstrapToken}`, ...(payload === undefined ? {} : { 'content-type': 'application/json' }) },
              body: payload === undefined ? undefined : JSON.stringify(payload),
            });
            const text = await res.text();
            expect(res.status, text).toBeLessThan(500);
            expect(spec.check(op, res.status, res.headers.get('content-type'), text)).toBeUndefined();
          }),
          { numRuns: 25 },
        );
      });
    });

    it('coverage: every operation of the spec had a contract test (computed from the calls made)', () => {
      const missing = uncoveredOperations(spec.operations.map((op) => op.operationId), exercised);
      const covered = spec.operations.length - missing.length;
      console.log(`[coverage] ${api}: ${covered}/${spec.operations.length} operations reached 2xx through the client; statuses seen: ${[...exercised].map(([id, s]) => `${id}=${[...s].sort().join('/')}`).join(' ')}`);
      if (spec.undeclared.size > 0) console.log(`[coverage] ${api}: error statuses the spec does not declare for the operation: ${[...spec.undeclared].join(', ')}`);
      expect(missing).toEqual([]);
      const withoutNegative = spec.operations.filter((op) => ![...(exercised.get(op.operationId) ?? [])].some((status) => status >= 400 && status < 500)).map((op) => op.operationId);
      expect(withoutNegative).toEqual([]);
      // The server's own log must agree that each of these operations was really served.
      for (const op of spec.operations) expect(mock.exercised.has(op.operationId), op.operationId).toBe(true);
    });
  });
}

function operationNode(spec: ResponseValidator, op: SpecOperation): Record<string, any> {
  return getAtPointer(spec.document, op.pointer) as Record<string, any>;
}

function deref(spec: ResponseValidator, node: any): any {
  while (node && typeof node.$ref === 'string') node = getAtPointer(spec.document, node.$ref.slice(1));
  return node;
}

function requestBodyPointer(spec: ResponseValidator, op: SpecOperation): string | undefined {
  const raw = operationNode(spec, op).requestBody;
  if (!raw) return undefined;
  const at = typeof raw.$ref === 'string' ? raw.$ref.slice(1) : `${op.pointer}/requestBody`;
  const body = deref(spec, raw);
  return body?.content?.['application/json']?.schema ? `${at}/content/application~1json/schema` : undefined;
}

function queryParameters(spec: ResponseValidator, op: SpecOperation): Array<{ name: string; in: string; required?: boolean; schema?: Record<string, unknown> }> {
  return ((operationNode(spec, op).parameters ?? []) as unknown[]).map((p) => deref(spec, p)).filter((p) => p.in === 'query');
}

function requiredQuery(spec: ResponseValidator, op: SpecOperation, mock: MockServer): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  ((operationNode(spec, op).parameters ?? []) as unknown[]).forEach((raw, i) => {
    const p = deref(spec, raw);
    if (p.in === 'query' && p.required) out[p.name] = sampleFromSchema(mock.spec, `${typeof raw === 'object' && raw && '$ref' in raw ? (raw as { $ref: string }).$ref.slice(1) : `${op.pointer}/parameters/${i}`}/schema`);
  });
  return out;
}

function successIsJson(spec: ResponseValidator, op: SpecOperation): boolean {
  const responses = operationNode(spec, op).responses as Record<string, any>;
  const key = Object.keys(responses).find((k) => /^2/.test(k));
  const content = key ? deref(spec, responses[key]).content : undefined;
  return !content || Object.keys(content).some((m) => /json/.test(m));
}

function maxOf(spec: ResponseValidator, op: SpecOperation, name: string): unknown {
  return deref(spec, queryParameters(spec, op).find((p) => p.name === name)?.schema)?.maximum;
}

function scopeFieldOf(spec: ResponseValidator): 'scope' | 'type' {
  const props = deref(spec, getAtPointer(spec.document, '/components/schemas/CreateApiTokenRequest'))?.properties ?? {};
  return 'type' in props ? 'type' : 'scope';
}

function roleEntityTypes(spec: ResponseValidator): string[] {
  return deref(spec, getAtPointer(spec.document, '/components/schemas/ApiTokenRole'))?.properties?.entityType?.enum ?? [];
}

/** The first property of a (possibly `oneOf`) object schema that has an `enum`, for the bad-enum case. */
function enumProperty(spec: ResponseValidator, pointer: string): string | undefined {
  const schema = deref(spec, getAtPointer(spec.document, pointer));
  const shapes = [schema, ...((schema.oneOf ?? schema.anyOf ?? []) as unknown[]).map((s) => deref(spec, s))];
  for (const shape of shapes) {
    for (const [name, property] of Object.entries((shape.properties ?? {}) as Record<string, unknown>)) if (Array.isArray(deref(spec, property)?.enum)) return name;
  }
  return undefined;
}

function errorHasFieldErrors(spec: ResponseValidator): boolean {
  return deref(spec, getAtPointer(spec.document, '/components/schemas/Error'))?.properties?.fieldErrors !== undefined;
}
