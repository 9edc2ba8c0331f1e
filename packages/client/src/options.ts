import type { Middleware } from 'openapi-fetch';
import type { TokenSource } from './auth.js';
import type { RetryOptions } from './retry.js';

/** A fetch replacement; it receives the finished `Request` (Authorization included). */
export type FetchFunction = (request: Request) => Promise<Response>;

/** Options shared by every client of this package. */
export interface ClientOptions {
  /**
   * Bearer token (an Astro API token), or a function returning one (sync or async), called before
   * every request so that a rotated token is picked up. Default: the `ASTRO_API_TOKEN` environment variable.
   */
  token?: TokenSource;
  /** Server URL; defaults to the production server of the API version. */
  baseUrl?: string;
  /**
   * Retries: 429 for every method; 5xx (not 501/505) and connection failures for idempotent
   * methods; `Retry-After` honoured up to `maxRetryAfterMs`. `false` turns retries off.
   */
  retry?: RetryOptions | false;
  /**
   * Upper bound of one call in milliseconds, retries and their waits included; the call then
   * rejects with an `AstroTimeoutError`. When the next retry's wait would pass it, the call gives
   * back the last response instead. Default 30000; `Infinity` disables it.
   */
  timeoutMs?: number;
  /** A fetch implementation, e.g. for proxies or tests. Default: `globalThis.fetch`. */
  fetch?: FetchFunction;
  /** Per-call middleware (`onRequest`, `onResponse`, `onError`): once per call, around all attempts. */
  middleware?: Middleware[];
  /** Per-attempt middleware: around every attempt, retries included (e.g. logging each attempt). */
  attemptMiddleware?: Middleware[];
  /** Appended to the User-Agent: RFC 9110 products such as `my-app/1.2.0`. */
  userAgent?: string;
  /** Headers sent with every request. */
  headers?: Record<string, string>;
  /**
   * `false` (default): a non-2xx gives `{ error, response }`, `error` of the API's Error shape.
   * `true`: it throws an `AstroApiError`, and the client's results are typed `{ data }` only.
   */
  throwOnError?: boolean;
}
