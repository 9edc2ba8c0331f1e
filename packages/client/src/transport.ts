import { LeanRequest } from './lean-request.js';
import { isRetryableStatus, parseRetryAfter, retryDelay, type RetryPolicy } from './retry.js';

export type FetchFunction = (request: Request) => Promise<Response>;

export interface TransportOptions {
  token: string;
  /** A caller's fetch; absent means `globalThis.fetch`. */
  fetch: FetchFunction | undefined;
  retry: RetryPolicy;
}

/**
 * The `fetch` that openapi-fetch calls: adds the Authorization header and retries. It runs after
 * the user's `onRequest` middleware, so logging middleware never sees the token, and the Request
 * those hooks receive is never modified.
 */
export function createTransport({ token, fetch: customFetch, retry }: TransportOptions): (request: Request | LeanRequest) => Promise<Response> {
  const authorization = `Bearer ${token}`;

  function send(request: Request | LeanRequest, last: boolean): Promise<Response> {
    if (request instanceof LeanRequest) {
      // Nobody else holds these headers (see lean-request.ts), so they may be completed in place.
      if (!request.headers.has('authorization')) request.headers.set('authorization', authorization);
      if (customFetch) return customFetch(request.toRequest(request.headers));
      return globalThis.fetch(request.url, { ...request.init, method: request.method, headers: request.headers, body: request.body, signal: request.signal });
    }
    // A body can be read once; keep the original unread for the next attempt.
    const source = !last && request.body !== null ? request.clone() : request;
    // A copy of the headers: the Request that middleware saw is left as it was, without the token.
    const headers = new Headers(source.headers);
    if (!headers.has('authorization')) headers.set('authorization', authorization);
    return (customFetch ?? globalThis.fetch)(new Request(source, { headers }));
  }

  return async function astroTransport(request: Request | LeanRequest): Promise<Response> {
    const retryable = retry.retries > 0 && retry.methods.has(request.method);
    const signal = request.signal ?? new AbortController().signal;
    for (let attempt = 0; ; attempt++) {
      const last = !retryable || attempt >= retry.retries;
      let response: Response;
      try {
        response = await send(request, last);
      } catch (error) {
        // Only connection failures (fetch's TypeError) are retried; an abort or a timeout is final.
        if (last || signal.aborted || !(error instanceof TypeError)) throw error;
        await waitBeforeRetry(attempt + 1, undefined, undefined);
        continue;
      }
      if (last || !isRetryableStatus(response.status)) return response;
      const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
      // Free the connection before waiting; the body of a response we drop is never read.
      await response.body?.cancel().catch(() => {});
      await waitBeforeRetry(attempt + 1, response.status, retryAfterMs);
    }

    function waitBeforeRetry(attempt: number, status: number | undefined, retryAfterMs: number | undefined): Promise<void> {
      const delayMs = retryDelay(attempt, retry, retryAfterMs);
      retry.onRetry?.({ attempt, delayMs, method: request.method, url: request.url, status });
      return sleep(delayMs, signal);
    }
  };
}

/** Waits, but gives up at once (with the signal's reason, e.g. a TimeoutError) when the signal aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
