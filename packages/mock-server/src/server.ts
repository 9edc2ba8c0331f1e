import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Reply } from './context.js';
import { acceptUpload, UPLOAD_PREFIX } from './families/deploys.js';
import { families } from './families/index.js';
import { HttpError } from './http-error.js';
import { newRequestId } from './ids.js';
import { errorReply, loggableTarget, parseTarget, readJsonBody, readRawBody, redactPath, redactRequestValues, send } from './io.js';
import { DEFAULT_LIMITS, type Limits } from './limits.js';
import { ORGANIZATION_OWNER } from './permissions.js';
import { prepareParams } from './prepare.js';
import { Registry } from './registry.js';
import { authenticate, authorize, validateRequest } from './request.js';
import { Router } from './router.js';
import { SelfCheck } from './self-check.js';
import { loadMockSpec, type MockSpec, type OperationInfo } from './spec.js';
import { Catalog } from './store/catalog.js';
import { handleGeneric } from './store/generic.js';
import { ResourceStore } from './store/resources.js';
import { TOKEN_COLLECTIONS } from './tokens/collections.js';
import { TokenStore } from './tokens/token-store.js';
import { SpecValidator } from './validation.js';

export interface MockServerOptions extends Partial<Limits> {
  /** Manifest key: `v1`, `v1beta1-iam` or `v1beta1-platform`. Its current revision is served. */
  api?: string;
  /** Serve this spec file (or `REV:path`) instead of the API's current revision. */
  spec?: string;
  /** TCP port on 127.0.0.1; 0 (the default) picks a free one. */
  port?: number;
  /** The organization-owner token to accept from the start; a random one when absent. */
  bootstrapToken?: string;
  /** More Organization tokens to accept from the start, with the roles they hold. */
  tokens?: ReadonlyArray<{ value: string; name?: string; roles: ReadonlyArray<{ entityType: string; entityId: string; role: string }> }>;
  /** The ID of the one organization the mock serves. */
  organizationId?: string;
  /** Check every answer against the spec before sending it (default: on under vitest or NODE_ENV=test). */
  selfCheck?: boolean;
  /** The clock, so tests can move past a token's `endAt`. */
  now?: () => Date;
  /** Called with one line per request (the CLI prints them). Token values are redacted from it. */
  log?: (line: string) => void;
}

export interface MockServer {
  /** Base URL including the spec's server path, e.g. `http://127.0.0.1:4010/v1`. */
  readonly url: string;
  readonly port: number;
  readonly bootstrapToken: string;
  readonly organizationId: string;
  readonly spec: MockSpec;
  /** The limits in force (defaults overridden by options). */
  readonly limits: Readonly<Limits>;
  /** One message per answer that did not match the spec (empty when all is well). */
  readonly selfCheckFailures: readonly string[];
  /** operationId → status → count, for computed coverage. */
  readonly exercised: ReadonlyMap<string, ReadonlyMap<number, number>>;
  /** Path parameters that name fresh, existing resources for an operation (contract tests use it). */
  prepare(operationId: string): Record<string, string>;
  /**
   * Issues a token holding one role on one entity, without an HTTP call (for APIs that cannot create
   * tokens themselves, and for tests). The value is returned once, like CreateApiToken does.
   */
  issueToken(input: { role: string; scope?: 'ORGANIZATION' | 'WORKSPACE' | 'DEPLOYMENT'; entityId?: string; name?: string }): { id: string; value: string };
  /** Which module answers an operation (`generic` for the shared store). */
  familyOf(operationId: string): string;
  close(): Promise<void>;
}

const DEFAULT_ORGANIZATION = 'clmockorganization000000001';

export async function startMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  const spec = loadMockSpec({ api: options.api ?? (options.spec ? undefined : 'v1'), spec: options.spec });
  const limits: Limits = { ...DEFAULT_LIMITS };
  for (const key of Object.keys(DEFAULT_LIMITS) as Array<keyof Limits>) if (options[key] !== undefined) limits[key] = options[key]!;
  const clock = options.now ?? (() => new Date());
  const organizationId = options.organizationId ?? DEFAULT_ORGANIZATION;
  const validator = new SpecValidator(spec);
  const catalog = new Catalog(spec);
  const resources = new ResourceStore({ spec, catalog, validator, organizationId, clock, maxItems: limits.maxItemsPerCollection, foreign: TOKEN_COLLECTIONS });
  const tokens = new TokenStore(organizationId, limits.maxTokens);
  const registry = new Registry();
  let baseUrl = '';
  const built = families({ spec, resources, tokens, baseUrl: () => baseUrl });
  for (const family of built.families) registry.register(family);
  const router = new Router(spec.operations);
  const selfCheck = options.selfCheck ?? (process.env.VITEST !== undefined || process.env.NODE_ENV === 'test');
  const checker = new SelfCheck(spec, validator);
  const failures: string[] = [];
  const exercised = new Map<string, Map<number, number>>();

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

  const isSecret = (value: string) => value.length >= 8 && tokens.isTokenValue(value);
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const requestId = newRequestId();
    const method = (req.method ?? 'GET').toLowerCase();
    let operation: OperationInfo | undefined;
    let reply: Reply;
    let target = { pathname: '/', search: new URLSearchParams() };
    try {
      target = parseTarget(req.url ?? '/');
      const { pathname } = target;
      const shownPath = redactPath(pathname, isSecret);
      const relative = pathname.startsWith(spec.basePath + '/') || pathname === spec.basePath ? pathname.slice(spec.basePath.length) : undefined;
      if (method === 'put' && relative?.startsWith(UPLOAD_PREFIX) && resources.catalog.isCollection('/organizations/{organizationId}/deployments/{deploymentId}/deploys')) {
        // A deploy's archive upload (outside the API; see families/deploys.ts).
        const status = acceptUpload(resources, relative.slice(UPLOAD_PREFIX.length), await readRawBody(req, limits.maxBodyBytes));
        options.log?.(`PUT ${shownPath} → ${status} (deploy upload)`);
        res.setHeader('x-request-id', requestId);
        res.writeHead(status).end();
        return;
      }
      const match = relative === undefined ? undefined : router.match(method, relative || '/');
      if (!match) throw new HttpError(404, `no operation at ${req.method} ${shownPath}`);
      if (!('operation' in match)) {
        res.setHeader('allow', match.allowed.join(', '));
        throw new HttpError(405, `${req.method} is not allowed on ${shownPath} (allowed: ${match.allowed.join(', ')})`);
      }
      operation = match.operation;
      const now = clock();
      const caller = operation.needsAuth ? authenticate(req, tokens, now) : undefined;
      const body = await readJsonBody(req, limits.maxBodyBytes);
      // Permission before validation: a caller without it learns nothing about what a valid request looks like.
      if (caller) authorize({ operation, pathParams: match.pathParams, query: {}, body, caller, now }, caller, registry, resources);
      const ctx = validateRequest(validator, operation, match.pathParams, target.search, req, body, caller, now);
      resources.checkAncestors(operation.path, ctx.pathParams, false);
      reply = (registry.handler(operation.operationId) ?? ((c) => handleGeneric(resources, c)))(ctx);
    } catch (error) {
      if (error instanceof HttpError) {
        reply = errorReply(spec, error.statusCode, redactRequestValues(error.message, target.pathname, target.search, isSecret), requestId, error.fieldErrors);
      } else {
        console.error(`astro-api-mock: internal error in ${operation?.operationId ?? 'routing'}: ${(error as Error).message}`);
        reply = errorReply(spec, 500, `the mock failed: ${(error as Error).message}`, requestId);
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
    const shown = loggableTarget(target.pathname, target.search, operation, isSecret);
    options.log?.(`${req.method} ${shown} → ${reply.status}${operation ? ` ${operation.operationId}` : ''}`);
    send(res, reply, requestId, operation);
  };

  const server = createServer(
    {
      maxHeaderSize: limits.maxHeaderBytes,
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      // Node checks the two timeouts above on this interval (30 s by default), so check often enough.
      connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(limits.headersTimeoutMs / 4))),
    },
    (req, res) => {
      handle(req, res).catch((error: unknown) => {
        console.error(`astro-api-mock: could not answer: ${(error as Error).message}`);
        if (!res.headersSent) res.writeHead(500).end();
      });
    },
  );
  server.maxConnections = limits.maxConnections;
  // Requests Node refuses before they reach the handler (header section too large, malformed, too slow)
  // get the spec's Error object too, so every 4xx has the same shape.
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (!socket.writable || error.code === 'ECONNRESET') {
      socket.destroy();
      return;
    }
    const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
    const reason = status === 431 ? 'Request Header Fields Too Large' : status === 408 ? 'Request Timeout' : 'Bad Request';
    const message = status === 431 ? `request line and headers larger than ${limits.maxHeaderBytes} bytes` : status === 408 ? 'the request took too long' : 'malformed HTTP request';
    const requestId = newRequestId();
    const body = JSON.stringify(errorReply(spec, status, message, requestId).body);
    socket.end(`HTTP/1.1 ${status} ${reason}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nx-request-id: ${requestId}\r\nconnection: close\r\n\r\n${body}`);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  baseUrl = `http://127.0.0.1:${port}${spec.basePath}`;

  return {
    url: baseUrl,
    port,
    bootstrapToken: bootstrap.value,
    organizationId,
    spec,
    limits,
    selfCheckFailures: failures,
    exercised,
    prepare(operationId) {
      const operation = spec.operations.find((op) => op.operationId === operationId);
      if (!operation) throw new Error(`no operation ${operationId} in ${spec.source}`);
      return prepareParams(operation, resources, tokens, clock(), built.prepare);
    },
    issueToken({ role, scope = 'ORGANIZATION', entityId = organizationId, name = 'issued token' }) {
      const { record, value } = tokens.issue({ name, scope, entityId, roles: [{ entityType: scope, entityId, role }], now: clock() });
      return { id: record.id, value };
    },
    familyOf: (operationId) => registry.familyOf(operationId),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
