import createClient, { type Client } from 'openapi-fetch';
import { resolveToken } from './auth.js';
import { AstroApiError } from './errors.js';
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
    fetch: createTransport({ token, fetch: options.fetch ?? ((request) => globalThis.fetch(request)), retry }),
    headers: { 'User-Agent': userAgent(options.userAgent), ...setup.headers, ...options.headers },
  });
  if (options.middleware?.length) base.use(...options.middleware);

  async function call(method: string, path: string, init: Record<string, unknown> | undefined) {
    const { timeoutMs: callTimeoutMs, signal: callerSignal, ...rest } = init ?? {};
    const limit = callTimeoutMs === undefined ? timeoutMs : checkTimeout(callTimeoutMs, `${method} ${path}`);
    const controller = new AbortController();
    const timer =
      limit === Infinity
        ? undefined
        : setTimeout(() => controller.abort(new DOMException(`${method} ${path} timed out after ${limit} ms`, 'TimeoutError')), limit);
    const signal = callerSignal as AbortSignal | null | undefined;
    const forwardAbort = () => controller.abort(signal?.reason);
    if (signal?.aborted) forwardAbort();
    else signal?.addEventListener('abort', forwardAbort, { once: true });
    try {
      const result = await base.request(method as 'get', path as never, { ...rest, signal: controller.signal } as never);
      if (throwOnError && !result.response.ok) {
        throw new AstroApiError({ status: result.response.status, method, path, body: result.error, redact: [token] });
      }
      return result;
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', forwardAbort);
    }
  }

  const client: Record<string, unknown> = { ...base, request: (method: string, path: string, init?: Record<string, unknown>) => call(method.toUpperCase(), path, init) };
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
