import createClient, { type Client, type Middleware } from 'openapi-fetch';
import { resolveToken } from './auth.js';
import { AstroApiError } from './errors.js';
import { LeanRequest } from './lean-request.js';
import type { ClientOptions } from './options.js';
import { resolveRetryPolicy } from './retry.js';
import { createTransport } from './transport.js';
import { userAgent } from './user-agent.js';

export const DEFAULT_TIMEOUT_MS = 30_000;

const METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'TRACE'] as const;

/** What one API version adds to the shared options. */
export interface ClientSetup {
  /** Factory name, used in messages (`createAstroClient`). */
  factory: string;
  /** Shown by `toString()`, e.g. `v1`. */
  api: string;
  defaultBaseUrl: string;
  /** Version-specific default headers, e.g. `X-API-Version`. */
  headers?: Record<string, string>;
}

/**
 * Builds an openapi-fetch client for one API: auth and retries in the transport, defaults in the
 * headers, and a thin wrapper on each method for the call deadline and `throwOnError`.
 */
export function createApiClient<Paths extends {}>(options: ClientOptions, setup: ClientSetup): Client<Paths> {
  const token = resolveToken(options.token, setup.factory);
  const retry = resolveRetryPolicy(options.retry);
  const timeoutMs = checkTimeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS, setup.factory);
  const throwOnError = options.throwOnError ?? false;
  const baseUrl = options.baseUrl ?? setup.defaultBaseUrl;

  const base = createClient<Paths>({
    baseUrl,
    fetch: createTransport({ token, fetch: options.fetch, retry }) as (request: Request) => Promise<Response>,
    headers: { 'User-Agent': userAgent(options.userAgent), ...setup.headers, ...options.headers },
  });
  // Mirrors openapi-fetch's own list, to know whether any hook can see the Request (lean-request.ts).
  const middleware: Middleware[] = [];
  const use = (...added: Middleware[]) => {
    base.use(...added);
    for (const m of added) if (m) middleware.push(m);
  };
  const eject = (...removed: Middleware[]) => {
    base.eject(...removed);
    for (const m of removed) {
      const i = middleware.indexOf(m);
      if (i !== -1) middleware.splice(i, 1);
    }
  };
  if (options.middleware?.length) use(...options.middleware);

  async function call(method: string, path: string, init: Record<string, unknown> | undefined) {
    const { timeoutMs: callTimeoutMs, signal: callerSignal, ...rest } = init ?? {};
    const limit = callTimeoutMs === undefined ? timeoutMs : checkTimeout(callTimeoutMs, `${method} ${path}`);
    const lean = middleware.length === 0 && !(rest.middleware as Middleware[] | undefined)?.length;
    const callInit: Record<string, unknown> = lean ? { ...rest, Request: LeanRequest } : rest;
    const signal = callerSignal as AbortSignal | null | undefined;
    // An AbortSignal on a fetch costs undici (Node 20) tens of microseconds, so a call with neither a
    // deadline nor a caller's signal (timeoutMs: Infinity) goes without one (see bench/overhead.mjs).
    if (limit === Infinity && !signal) return settle(await base.request(method as 'get', path as never, callInit as never));

    const controller = new AbortController();
    const timer =
      limit === Infinity
        ? undefined
        : setTimeout(() => controller.abort(new DOMException(`${method} ${path} timed out after ${limit} ms`, 'TimeoutError')), limit);
    const forwardAbort = () => controller.abort(signal?.reason);
    if (signal?.aborted) forwardAbort();
    else signal?.addEventListener('abort', forwardAbort, { once: true });
    try {
      callInit.signal = controller.signal;
      return settle(await base.request(method as 'get', path as never, callInit as never));
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', forwardAbort);
    }

    function settle<R extends { error?: unknown; response: Response }>(result: R): R {
      if (throwOnError && !result.response.ok) {
        throw new AstroApiError({ status: result.response.status, method, path, body: result.error, redact: [token] });
      }
      return result;
    }
  }


  const client: Record<string, unknown> = {
    use,
    eject,
    request: (method: string, path: string, init?: Record<string, unknown>) => call(method.toUpperCase(), path, init),
  };
  for (const method of METHODS) client[method] = (path: string, init?: Record<string, unknown>) => call(method, path, init);
  // A readable description that names the API and server but, like everything else here, not the token.
  const description = `AstroClient(${setup.api} ${baseUrl})`;
  Object.defineProperty(client, 'toString', { value: () => description });
  Object.defineProperty(client, Symbol.for('nodejs.util.inspect.custom'), { value: () => description });
  return client as unknown as Client<Paths>;
}

function checkTimeout(value: unknown, where: string): number {
  if (typeof value !== 'number' || Number.isNaN(value) || value <= 0) {
    throw new TypeError(`${where}: timeoutMs must be a number of milliseconds > 0 (or Infinity), got ${String(value)}`);
  }
  return value;
}
