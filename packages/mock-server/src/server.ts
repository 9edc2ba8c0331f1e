import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Reply } from './context.js';
import { acceptUpload, UPLOAD_PREFIX } from './families/deploys.js';
import { applyDrift } from './drift.js';
import { HttpError } from './http-error.js';
import { newRequestId } from './ids.js';
import { bearerParts, errorReply, isClientClosed, loggableTarget, parseTarget, readJsonBody, readRawBody, send } from './io.js';
import { DEFAULT_LIMITS, type Limits } from './limits.js';
import { ORGANIZATION_OWNER } from './permissions.js';
import { authenticate, authorize, validateRequest } from './request.js';
import { loadMockSpec, type MockSpec, type OperationInfo } from './spec.js';
import { prepareParams } from './prepare.js';
import { redact } from './redact.js';
import { SEED } from './seed.js';
import { buildStack, stackFor } from './stack.js';
import { handleGeneric } from './store/generic.js';
import { TokenStore } from './tokens/token-store.js';

export interface MockServerOptions extends Partial<Limits> {
  /**
   * Manifest key: `v1`, `v1beta1-iam` or `v1beta1-platform` (its current revision is served), or
   * `v1beta1`: both v1beta1 APIs in one server under their own base paths, with one token store.
   */
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
  /** Break the contract on purpose in five known ways, for testing conformance tools (see drift.ts). */
  drift?: boolean;
}

export interface MockServer {
  /** Base URL including the spec's server path, e.g. `http://127.0.0.1:4010/v1` (for `v1beta1`: the IAM API's). */
  readonly url: string;
  /** `http://127.0.0.1:<port>`, without a base path. */
  readonly origin: string;
  /** Base URL of every API served, by manifest key (`v1beta1` serves `v1beta1-iam` and `v1beta1-platform`). */
  readonly urls: Readonly<Record<string, string>>;
  /** The specs served (one, or two for `v1beta1`); `spec` is the first. */
  readonly specs: readonly MockSpec[];
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
  issueToken(input: { role: string; scope?: 'ORGANIZATION' | 'WORKSPACE' | 'DEPLOYMENT'; entityId?: string; name?: string; value?: string }): { id: string; value: string };
  /** Which module answers an operation (`generic` for the shared store). */
  familyOf(operationId: string): string;
  close(): Promise<void>;
}

const DEFAULT_ORGANIZATION = SEED.organization.id;

/** `v1beta1` is one host serving both v1beta1 APIs (IAM and Platform) under their own base paths. */
export const COMBINED_APIS: Readonly<Record<string, readonly string[]>> = { v1beta1: ['v1beta1-iam', 'v1beta1-platform'] };


export async function startMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  const apiIds = options.api !== undefined && COMBINED_APIS[options.api] && !options.spec ? COMBINED_APIS[options.api]! : [options.api ?? (options.spec ? undefined : 'v1')];
  const specs = apiIds.map((api) => loadMockSpec({ api, spec: options.spec }));
  const limits: Limits = { ...DEFAULT_LIMITS };
  for (const key of Object.keys(DEFAULT_LIMITS) as Array<keyof Limits>) if (options[key] !== undefined) limits[key] = options[key]!;
  const clock = options.now ?? (() => new Date());
  const organizationId = options.organizationId ?? DEFAULT_ORGANIZATION;
  const tokens = new TokenStore(organizationId, limits.maxTokens);
  const stacks = specs.map((spec) => buildStack(spec, { tokens, organizationId, clock, limits }));
  // One organization across the APIs of one host: IAM checks the Workspaces and Deployments Platform stores.
  for (const stack of stacks) stack.resources.peers = stacks.filter((other) => other !== stack).map((other) => other.resources);
  const selfCheck = options.selfCheck ?? (process.env.VITEST !== undefined || process.env.NODE_ENV === 'test');
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

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const requestId = newRequestId();
    const method = (req.method ?? 'GET').toLowerCase();
    // Every line this request writes goes through one redaction: known token values and the presented bearer, as substrings.
    const presented = bearerParts(req.headers.authorization);
    const clean = (text: string) => redact(text, tokens, presented);
    const say = (line: string) => options.log?.(clean(line));
    let operation: OperationInfo | undefined;
    let reply: Reply;
    let target = { pathname: '/', search: new URLSearchParams() };
    let errorSpec = stacks[0]!.spec;
    try {
      target = parseTarget(req.url ?? '/');
      const { pathname } = target;
      const found = stackFor(stacks, pathname);
      if (found) errorSpec = found.stack.spec;
      const relative = found?.relative;
      const stack = found?.stack;
      if (method === 'put' && stack && relative?.startsWith(UPLOAD_PREFIX) && stack.resources.catalog.isCollection('/organizations/{organizationId}/deployments/{deploymentId}/deploys')) {
        // A deploy's archive upload (outside the API; see families/deploys.ts).
        const status = acceptUpload(stack.resources, relative.slice(UPLOAD_PREFIX.length), await readRawBody(req, limits.maxBodyBytes));
        say(`PUT ${pathname} → ${status} (deploy upload)`);
        res.setHeader('x-request-id', requestId);
        res.writeHead(status).end();
        return;
      }
      const match = stack && relative !== undefined ? stack.router.match(method, relative || '/') : undefined;
      if (!stack || !match) throw new HttpError(404, `no operation at ${req.method} ${pathname}`);
      if (!('operation' in match)) {
        res.setHeader('allow', match.allowed.join(', '));
        throw new HttpError(405, `${req.method} is not allowed on ${pathname} (allowed: ${match.allowed.join(', ')})`);
      }
      operation = match.operation;
      const now = clock();
      const caller = operation.needsAuth ? authenticate(req, tokens, now) : undefined;
      const body = await readJsonBody(req, limits.maxBodyBytes);
      // Permission before validation: a caller without it learns nothing about what a valid request looks like.
      if (caller) authorize({ operation, pathParams: match.pathParams, query: {}, body, caller, now }, caller, stack.registry, stack.resources);
      const ctx = validateRequest(stack.validator, operation, match.pathParams, target.search, req, body, caller, now);
      stack.resources.checkAncestors(operation.path, ctx.pathParams, false);
      reply = (stack.registry.handler(operation.operationId) ?? ((c) => handleGeneric(stack.resources, c)))(ctx);
      if (selfCheck) {
        const problem = stack.checker.check(operation, reply);
        if (problem) {
          const message = clean(`mock self-check failed: ${operation.operationId} answered ${reply.status} that does not match ${stack.spec.source}: ${problem}`);
          failures.push(message);
          console.error(message);
          reply = errorReply(stack.spec, 500, message, requestId);
        }
      }
    } catch (error) {
      if (error instanceof Error && !(error instanceof HttpError) && isClientClosed(req, error)) {
        say(`${req.method} ${loggableTarget(target.pathname, target.search, operation)} → client closed the connection while sending the body${operation ? ` (${operation.operationId})` : ''}`);
        return;
      }
      if (error instanceof HttpError) {
        reply = errorReply(errorSpec, error.statusCode, clean(error.message), requestId, error.fieldErrors);
      } else {
        console.error(clean(`astro-api-mock: internal error in ${operation?.operationId ?? 'routing'}: ${(error as Error).message}`));
        reply = errorReply(errorSpec, 500, clean(`the mock failed: ${(error as Error).message}`), requestId);
      }
    }
    if (operation && options.drift) reply = applyDrift(operation, reply);
    if (operation) {
      const counts = exercised.get(operation.operationId) ?? new Map<number, number>();
      counts.set(reply.status, (counts.get(reply.status) ?? 0) + 1);
      exercised.set(operation.operationId, counts);
    }
    say(`${req.method} ${loggableTarget(target.pathname, target.search, operation)} → ${reply.status}${operation ? ` ${operation.operationId}` : ''}`);
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
    const body = JSON.stringify(errorReply(stacks[0]!.spec, status, message, requestId).body);
    socket.end(`HTTP/1.1 ${status} ${reason}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nx-request-id: ${requestId}\r\nconnection: close\r\n\r\n${body}`);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  for (const stack of stacks) stack.baseUrl = origin + stack.spec.basePath;
  const stackOf = (operationId: string) => {
    const stack = stacks.find((s) => s.spec.operations.some((op) => op.operationId === operationId));
    if (!stack) throw new Error(`no operation ${operationId} in ${specs.map((s) => s.source).join(' or ')}`);
    return stack;
  };

  return {
    url: stacks[0]!.baseUrl,
    origin,
    urls: Object.fromEntries(stacks.map((stack) => [stack.spec.api, stack.baseUrl])),
    specs,
    port,
    bootstrapToken: bootstrap.value,
    organizationId,
    spec: specs[0]!,
    limits,
    selfCheckFailures: failures,
    exercised,
    prepare(operationId) {
      const stack = stackOf(operationId);
      const operation = stack.spec.operations.find((op) => op.operationId === operationId)!;
      return prepareParams(operation, stack.resources, tokens, clock(), stack.prepare);
    },
    issueToken({ role, scope = 'ORGANIZATION', entityId = organizationId, name = 'issued token', value: given }) {
      const { record, value } = tokens.issue({ name, scope, entityId, roles: [{ entityType: scope, entityId, role }], now: clock(), value: given });
      return { id: record.id, value };
    },
    familyOf: (operationId) => stackOf(operationId).registry.familyOf(operationId),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
