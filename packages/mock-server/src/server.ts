import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Reply, RequestContext } from './context.js';
import { HttpError, badRequest, forbidden, unauthorized } from './http-error.js';
import { newRequestId } from './ids.js';
import { isGranted, ORGANIZATION_OWNER, type PermissionContext } from './permissions.js';
import { ResourceStore, fill } from './resources.js';
import { Router } from './router.js';
import { SelfCheck } from './self-check.js';
import { loadMockSpec, type MockSpec, type OperationInfo } from './spec.js';
import { TOKEN_COLLECTIONS, TokenStore, type TokenRecord } from './tokens.js';
import { SpecValidator, toFieldErrors, type FieldError } from './validation.js';

export interface MockServerOptions {
  /** Manifest key: `v1`, `v1beta1-iam` or `v1beta1-platform`. Its current revision is served. */
  api?: string;
  /** Serve this spec file (or `REV:path`) instead of the API's current revision. */
  spec?: string;
  /** TCP port on 127.0.0.1; 0 (the default) picks a free one. */
  port?: number;
  /** The organization-owner token to accept from the start; a random one when absent. */
  bootstrapToken?: string;
  /**
   * More Organization tokens to accept from the start, with the roles they hold (for example a
   * non-owner, to try permission checks against an API that cannot create tokens itself).
   */
  tokens?: ReadonlyArray<{ value: string; name?: string; roles: ReadonlyArray<{ entityType: string; entityId: string; role: string }> }>;
  /** The ID of the one organization the mock serves. */
  organizationId?: string;
  /**
   * Check every answer against the spec before sending it; a mismatch becomes a 500 naming the
   * problem and is kept in `selfCheckFailures`. Default: on under vitest or NODE_ENV=test.
   */
  selfCheck?: boolean;
  /** The clock, so tests can move past a token's `endAt`. */
  now?: () => Date;
  /** Called with one line per request (the CLI prints them). */
  log?: (line: string) => void;
  /** Largest accepted request body in bytes. Default 1 MiB. */
  maxBodyBytes?: number;
}

export interface MockServer {
  /** Base URL including the spec's server path, e.g. `http://127.0.0.1:4010/v1`. */
  readonly url: string;
  readonly port: number;
  readonly bootstrapToken: string;
  readonly organizationId: string;
  readonly spec: MockSpec;
  /** One message per answer that did not match the spec (empty when all is well). */
  readonly selfCheckFailures: readonly string[];
  /** operationId → status → count, for computed coverage. */
  readonly exercised: ReadonlyMap<string, ReadonlyMap<number, number>>;
  /** Path parameters that name fresh, existing resources for an operation (contract tests use it). */
  prepare(operationId: string): Record<string, string>;
  close(): Promise<void>;
}

const DEFAULT_ORGANIZATION = 'clmockorganization000000001';
/** Headers OpenAPI says to ignore when declared as parameters (OpenAPI 3.0.3 §4.7.12.1). */
const IGNORED_HEADERS = new Set(['accept', 'content-type', 'authorization']);

export async function startMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  const spec = loadMockSpec({ api: options.api ?? (options.spec ? undefined : 'v1'), spec: options.spec });
  const clock = options.now ?? (() => new Date());
  const organizationId = options.organizationId ?? DEFAULT_ORGANIZATION;
  const validator = new SpecValidator(spec);
  const resources = new ResourceStore(spec, validator, organizationId, clock, TOKEN_COLLECTIONS);
  const tokens = new TokenStore(spec, resources, organizationId, (pointer, value) => validator.at(pointer)(value));
  const router = new Router(spec.operations);
  const selfCheck = options.selfCheck ?? (process.env.VITEST !== undefined || process.env.NODE_ENV === 'test');
  const checker = new SelfCheck(spec, validator);
  const failures: string[] = [];
  const exercised = new Map<string, Map<number, number>>();
  const maxBody = options.maxBodyBytes ?? 1024 * 1024;

  const bootstrap = tokens.issue({
    name: 'bootstrap organization owner',
    description: 'Issued by the mock server at start.',
    scope: 'ORGANIZATION',
    entityId: organizationId,
    roles: [{ entityType: 'ORGANIZATION', entityId: organizationId, role: ORGANIZATION_OWNER }],
    now: clock(),
    value: options.bootstrapToken,
  });

  for (const extra of options.tokens ?? []) {
    tokens.issue({ name: extra.name ?? 'preset token', scope: 'ORGANIZATION', entityId: organizationId, roles: extra.roles.map((r) => ({ ...r })), now: clock(), value: extra.value });
  }

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const requestId = newRequestId();
    const url = new URL(req.url ?? '/', 'http://mock');
    const method = (req.method ?? 'GET').toLowerCase();
    let operation: OperationInfo | undefined;
    let reply: Reply;
    try {
      const relative = url.pathname.startsWith(spec.basePath + '/') || url.pathname === spec.basePath ? url.pathname.slice(spec.basePath.length) : undefined;
      const match = relative === undefined ? undefined : router.match(method, relative || '/');
      if (!match) throw new HttpError(404, `no operation at ${req.method} ${url.pathname}`);
      if (!('operation' in match)) {
        res.setHeader('allow', match.allowed.join(', '));
        throw new HttpError(405, `${req.method} is not allowed on ${url.pathname} (allowed: ${match.allowed.join(', ')})`);
      }
      operation = match.operation;
      const now = clock();
      const caller = operation.needsAuth ? authenticate(req, tokens, now) : undefined;
      const body = await readJson(req, maxBody);
      const ctx = validateRequest(validator, operation, match.pathParams, url.searchParams, req, body, caller, now);
      if (caller) authorize(operation, caller, permissionContext(ctx, resources, organizationId));
      resources.checkAncestors(operation.path, ctx.pathParams, false);
      reply = tokens.handle(ctx) ?? resources.handle(ctx);
    } catch (error) {
      if (!(error instanceof HttpError)) {
        console.error(error);
        reply = errorReply(spec, 500, `the mock failed: ${(error as Error).message}`, requestId);
      } else {
        reply = errorReply(spec, error.statusCode, error.message, requestId, error.fieldErrors);
      }
    }
    if (selfCheck && operation) {
      const problem = checker.check(operation, reply);
      if (problem) {
        const message = `mock self-check failed: ${operation.operationId} answered ${reply.status} that does not match ${spec.source}: ${problem}`;
        failures.push(message);
        console.error(message);
        reply = errorReply(spec, 500, message, requestId);
      }
    }
    if (operation) {
      const counts = exercised.get(operation.operationId) ?? new Map<number, number>();
      counts.set(reply.status, (counts.get(reply.status) ?? 0) + 1);
      exercised.set(operation.operationId, counts);
    }
    options.log?.(`${req.method} ${url.pathname}${url.search} → ${reply.status}${operation ? ` ${operation.operationId}` : ''}`);
    send(res, reply, requestId, operation);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      console.error(error);
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}${spec.basePath}`,
    port,
    bootstrapToken: bootstrap.value,
    organizationId,
    spec,
    selfCheckFailures: failures,
    exercised,
    prepare(operationId) {
      const operation = spec.operations.find((op) => op.operationId === operationId);
      if (!operation) throw new Error(`no operation ${operationId} in ${spec.source}`);
      return prepareParams(operation, resources, tokens, clock());
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function authenticate(req: IncomingMessage, tokens: TokenStore, now: Date): TokenRecord {
  const header = req.headers.authorization;
  if (!header) throw unauthorized('missing Authorization header: send "Authorization: Bearer <API token>"');
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) throw unauthorized('the Authorization header must be "Bearer <API token>"');
  const result = tokens.authenticate(match[1]!, now);
  if ('problem' in result) throw unauthorized(result.problem);
  return result.token;
}

/** Every `x-permission` action of the operation must be granted by one of the caller's roles. */
function authorize(operation: OperationInfo, caller: TokenRecord, context: PermissionContext): void {
  for (const permission of operation.permissions) {
    if (!isGranted(caller.roles, permission, context)) {
      throw forbidden(`API token "${caller.name}" lacks the permission ${permission} required by ${operation.operationId}`);
    }
  }
}

function permissionContext(ctx: RequestContext, resources: ResourceStore, organizationId: string): PermissionContext {
  const deploymentId = ctx.pathParams.deploymentId;
  let workspaceId = ctx.pathParams.workspaceId;
  if (workspaceId === undefined && deploymentId !== undefined && resources.isCollection('/organizations/{organizationId}/deployments')) {
    const deployment = resources.find(fill('/organizations/{organizationId}/deployments', { organizationId }), deploymentId);
    if (typeof deployment?.workspaceId === 'string') workspaceId = deployment.workspaceId;
  }
  // CreateDeployment names its Workspace in the body; CreateApiToken names the token's entity.
  const body = ctx.body as { workspaceId?: unknown; entityId?: unknown; scope?: unknown; type?: unknown } | undefined;
  if (workspaceId === undefined && typeof body?.workspaceId === 'string') workspaceId = body.workspaceId;
  if (ctx.operation.operationId === 'CreateApiToken' && typeof body?.entityId === 'string') {
    const scope = body.scope ?? body.type;
    if (scope === 'WORKSPACE') workspaceId ??= body.entityId;
    if (scope === 'DEPLOYMENT') return permissionContext({ ...ctx, pathParams: { ...ctx.pathParams, deploymentId: body.entityId }, body: undefined }, resources, organizationId);
  }
  return { organizationId, workspaceId, deploymentId };
}

async function readJson(req: IncomingMessage, limit: number): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new HttpError(413, `request body larger than ${limit} bytes`);
    chunks.push(chunk as Buffer);
  }
  if (size === 0) return undefined;
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw badRequest(`request body is not valid JSON: ${(error as Error).message}`, [
      { field: '(body)', code: 'json', message: 'request body is not valid JSON' },
    ]);
  }
}

/** Validates path, query, header and body values against the operation with Ajv; 400 with every failure. */
function validateRequest(
  validator: SpecValidator,
  operation: OperationInfo,
  pathParams: Record<string, string>,
  search: URLSearchParams,
  req: IncomingMessage,
  body: unknown,
  caller: TokenRecord | undefined,
  now: Date,
): RequestContext {
  const errors: FieldError[] = [];
  const values: Record<string, Record<string, unknown>> = { path: { ...pathParams }, query: {}, header: {} };
  for (const location of ['path', 'query', 'header'] as const) {
    const params = operation.parameters.filter((p) => p.in === location && p.schemaPointer && !(location === 'header' && IGNORED_HEADERS.has(p.name.toLowerCase())));
    for (const p of params) {
      if (location === 'query') {
        const all = search.getAll(p.name);
        if (all.length > 0) values.query![p.name] = all.length === 1 ? all[0] : all;
      } else if (location === 'header') {
        const header = req.headers[p.name.toLowerCase()];
        if (header !== undefined) values.header![p.name] = header;
      }
    }
    const validate = validator.object(
      `${location}:${operation.pointer}`,
      Object.fromEntries(params.map((p) => [p.name, p.schemaPointer!])),
      params.filter((p) => p.required || p.in === 'path').map((p) => p.name),
    );
    if (!validate(values[location])) errors.push(...toFieldErrors(validate.errors));
  }
  if (operation.requestBody) {
    if (body === undefined) {
      if (operation.requestBody.required) errors.push({ field: '(body)', code: 'required', message: 'a JSON request body is required' });
    } else if (operation.requestBody.schemaPointer) {
      const validate = validator.at(operation.requestBody.schemaPointer);
      if (!validate(body)) errors.push(...toFieldErrors(validate.errors));
    }
  }
  if (errors.length > 0) throw badRequest(`invalid request: ${errors.map((e) => e.message).join('; ')}`, errors);
  return { operation, pathParams, query: values.query!, body, caller, now };
}

/** The spec's `Error` object. `fieldErrors` only where the revision's Error schema declares it. */
function errorReply(spec: MockSpec, statusCode: number, message: string, requestId: string, fieldErrors?: FieldError[]): Reply {
  const body: Record<string, unknown> = { message, requestId, statusCode };
  const errorPointer = spec.schemaPointer('Error');
  const hasFieldErrors = errorPointer !== undefined && spec.deref<{ properties?: Record<string, unknown> }>(spec.document.components?.schemas?.Error, errorPointer).value.properties?.fieldErrors !== undefined;
  if (hasFieldErrors && statusCode === 400 && fieldErrors && fieldErrors.length > 0) body.fieldErrors = fieldErrors;
  return { status: statusCode, body };
}

function send(res: ServerResponse, reply: Reply, requestId: string, operation: OperationInfo | undefined): void {
  res.setHeader('x-request-id', requestId);
  if (reply.body === undefined || reply.status === 204) {
    res.writeHead(reply.status).end();
    return;
  }
  const declared = operation?.responses.find((r) => r.status === String(reply.status));
  const mediaType = reply.contentType ?? [...(declared?.content.keys() ?? [])][0] ?? 'application/json';
  if (Buffer.isBuffer(reply.body) || typeof reply.body === 'string') {
    res.writeHead(reply.status, { 'content-type': mediaType }).end(reply.body);
    return;
  }
  res.writeHead(reply.status, { 'content-type': /json/.test(mediaType) ? mediaType : 'application/json' }).end(JSON.stringify(reply.body));
}

/** Creates the resources an operation's path names and returns their IDs. */
function prepareParams(operation: OperationInfo, resources: ResourceStore, tokens: TokenStore, now: Date): Record<string, string> {
  const params: Record<string, string> = {};
  const parts = operation.path.split('/').filter(Boolean);
  parts.forEach((part, i) => {
    const match = /^\{([^}]+)\}$/.exec(part);
    if (!match) return;
    const name = match[1]!;
    const template = '/' + parts.slice(0, i).join('/');
    const normalized = template.replace(/\{[^}]+\}/g, '{}');
    if (name === 'organizationId') params[name] = resources.organizationId;
    else if (normalized === '/organizations/{}/tokens') {
      params[name] = tokens.issue({
        name: 'prepared token',
        scope: 'ORGANIZATION',
        entityId: resources.organizationId,
        roles: [{ entityType: 'ORGANIZATION', entityId: resources.organizationId, role: 'ORGANIZATION_MEMBER' }],
        now,
      }).record.id;
    } else if (normalized === '/organizations/{}/deployments/{}/agent-tokens') {
      params[name] = tokens.issue({
        name: 'prepared agent token',
        scope: 'DEPLOYMENT',
        entityId: params.deploymentId!,
        roles: [],
        now,
        agentDeploymentId: params.deploymentId,
      }).record.id;
    } else if (resources.isCollection(template)) {
      params[name] = resources.addSample(fill(template, params));
    } else {
      params[name] = `unknown-${name}`;
    }
  });
  return params;
}
