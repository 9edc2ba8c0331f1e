import type { Middleware } from 'openapi-fetch';
import type { RetryOptions } from './retry.js';
import type { FetchFunction } from './transport.js';

/** Options shared by every client of this package. */
export interface ClientOptions {
  /** Bearer token (an Astro API token). Default: the `ASTRO_API_TOKEN` environment variable. */
  token?: string;
  /** Server URL; defaults to the production server of the API version. */
  baseUrl?: string;
  /** Retries on 429 and 5xx for idempotent methods; `false` turns them off. */
  retry?: RetryOptions | false;
  /**
   * Upper bound of one call in milliseconds, retries and their waits included; the call then
   * rejects with a `TimeoutError` DOMException. Default 30000; `Infinity` disables it. A call can
   * override it with `timeoutMs` in its options and can be cancelled with `signal`.
   */
  timeoutMs?: number;
  /** A fetch implementation, e.g. for proxies or tests. Default: `globalThis.fetch`. */
  fetch?: FetchFunction;
  /** openapi-fetch middleware (`onRequest`, `onResponse`, `onError`), e.g. for logging or tracing. */
  middleware?: Middleware[];
  /** Appended to the User-Agent, e.g. `my-app/1.2.0`. */
  userAgent?: string;
  /** Headers sent with every request. */
  headers?: Record<string, string>;
  /**
   * `false` (default): a non-2xx response gives openapi-fetch's `{ error, response }` result, with
   * `error` typed by the operation's error responses. `true`: it throws an `AstroApiError`.
   */
  throwOnError?: boolean;
}

/** Options of each call, beyond openapi-fetch's own (`params`, `body`, `signal`, …). */
export interface CallOptions {
  /** Overrides the client's `timeoutMs` for this call. */
  timeoutMs?: number;
}
