/**
 * The request pipeline shared by every client of this package. openapi-fetch supplies the URL,
 * query and body serialisation (its exported helpers); the pipeline around them is ours, so that
 * deadlines, retries, auth, middleware and the result shape are one design:
 *
 *   call ──► per-call middleware onRequest ──► attempt loop ──► per-call middleware onResponse ──► { data } | { error }
 *                                               │  per-attempt middleware onRequest
 *                                               │  Authorization added (token function called)
 *                                               │  fetch
 *                                               │  per-attempt middleware onResponse / onError
 *                                               └─ retry? wait (Retry-After or backoff) unless past the deadline
 *
 * Middleware never sees the Authorization header: it is added to a copy right before `fetch`.
 */
import {
  createFinalURL,
  createQuerySerializer,
  defaultBodySerializer,
  defaultPathSerializer,
  mergeHeaders,
  type Middleware,
  type MiddlewareCallbackParams,
} from 'openapi-fetch';
import { tokenProvider, type TokenProvider } from './auth.js';
import { AstroApiError, AstroConnectionError, AstroTimeoutError, toApiErrorBody, type ApiErrorBody } from './errors.js';
import { Secrets, type Redactor } from './redact.js';
import type { ClientOptions } from './options.js';
import { isRetryable, parseRetryAfter, resolveRetryPolicy, retryDelay, type RetryPolicy } from './retry.js';
import { userAgent } from './user-agent.js';
import { abortHandle, type AbortHandle } from './abort.js';

export const DEFAULT_TIMEOUT_MS = 30_000;

const METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'TRACE'] as const;

/**
 * Lets `paginate()` ask a client for a throwing call whatever its `throwOnError`:
 * `client[THROWING_CALL](method, path, init, check?)`. `check(data)` returns a problem with a 2xx
 * body (or nothing); the client then throws an `AstroApiError` with that message, built and
 * redacted like every other error of the client.
 */
export const THROWING_CALL = Symbol.for('@astro-api/client.throwingCall');

/** The `check` of a throwing call. */
export type BodyCheck = (data: unknown) => string | undefined;

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

interface Result {
  data?: unknown;
  error?: ApiErrorBody;
  response: Response;
}

const querySerializer = createQuerySerializer();
const NO_INIT: Record<string, unknown> = Object.freeze({});
/** The call options this pipeline reads itself; any other key is a RequestInit field for fetch. */
const KNOWN_INIT = new Set(['params', 'body', 'headers', 'parseAs', 'middleware', 'timeoutMs', 'retry', 'signal', 'method']);
const PARSE_AS = new Set(['json', 'text', 'blob', 'arrayBuffer', 'stream']);

/** Builds the runtime object behind every typed client of this package. */
export function createApiClient(options: ClientOptions, setup: ClientSetup): unknown {
  const tokens = tokenProvider(options.token, setup.factory);
  const retry = resolveRetryPolicy(options.retry);
  const timeoutMs = checkTimeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS, setup.factory);
  const throwOnError = options.throwOnError ?? false;
  const baseUrl = (options.baseUrl ?? setup.defaultBaseUrl).replace(/\/+$/, '');
  const customFetch = options.fetch;
  const baseHeaders = mergeHeaders({ 'User-Agent': userAgent(options.userAgent, setup.factory) }, setup.headers, options.headers);
  const baseRecord: Record<string, string> = Object.fromEntries(baseHeaders.entries());
  const callMiddleware: Middleware[] = [];
  const attemptMiddleware: Middleware[] = [];
  const add = (list: Middleware[], added: Middleware[]) => {
    for (const m of added) {
      if (!m) continue;
      if (typeof m !== 'object' || !('onRequest' in m || 'onResponse' in m || 'onError' in m)) {
        throw new TypeError(`${setup.factory}: middleware must be an object with onRequest, onResponse or onError`);
      }
      list.push(m);
    }
  };
  const remove = (list: Middleware[], removed: Middleware[]) => {
    for (const m of removed) {
      const i = list.indexOf(m);
      if (i !== -1) list.splice(i, 1);
    }
  };
  add(callMiddleware, options.middleware ?? []);
  add(attemptMiddleware, options.attemptMiddleware ?? []);
  // The token values handed out and the Authorization credentials callers set (redact.ts): every
  // error of this client is redacted of them. Only read when an error is built.
  const secrets = new Secrets();
  const redact: Redactor = (text) => {
    for (const token of tokens.seen) secrets.add(token);
    return secrets.redact(text);
  };

  async function call(method: string, path: string, init: Record<string, unknown> | undefined, forceThrow: boolean, check?: BodyCheck): Promise<Result> {
    const options = (init ?? NO_INIT) as Record<string, any>;
    const params = options.params ?? NO_INIT;
    const { body, headers, parseAs = 'json', middleware: perCall, timeoutMs: callTimeoutMs, retry: callRetry, signal: callerSignal } = options;
    // Other RequestInit fields (cache, credentials, dispatcher, …) pass through to fetch. Found
    // without an object rest, which V8 makes costly on this per-call path.
    let extra: Record<string, unknown> | undefined;
    for (const key in options) {
      if (KNOWN_INIT.has(key)) continue;
      (extra ??= {})[key] = options[key];
    }
    const where = `${method} ${path}`;
    if (!PARSE_AS.has(parseAs)) throw new TypeError(`${where}: parseAs must be one of ${[...PARSE_AS].join(', ')}`);
    const limit = callTimeoutMs === undefined ? timeoutMs : checkTimeout(callTimeoutMs, where);
    const policy = callRetry === undefined ? retry : resolveRetryPolicy(callRetry);
    const signal = (callerSignal ?? undefined) as AbortSignal | undefined;
    const url =
      params.query === undefined
        ? baseUrl + (params.path ? fillPath(path, params.path) : path)
        : createFinalURL(path, { baseUrl, params, querySerializer, pathSerializer: fillPath });
    const serialized: unknown = body === undefined ? undefined : (defaultBodySerializer as (body: unknown, headers: Headers) => unknown)(body, mergeHeaders(baseHeaders, headers, params.header));
    const json = serialized !== undefined && !(serialized instanceof FormData);
    const middlewares = perCall?.length ? [...callMiddleware, ...(perCall as Middleware[])] : callMiddleware;
    // Plain header records when nothing but fetch will read them: undici copies them once, instead of
    // copying a Headers object that was itself built from records (see bench/overhead.mjs).
    const finalHeaders: Headers | Record<string, string> =
      headers === undefined && params.header === undefined && middlewares.length === 0
        ? json
          ? { 'content-type': 'application/json', ...baseRecord }
          : baseRecord
        : mergeHeaders(json ? { 'Content-Type': 'application/json' } : undefined, baseHeaders, headers, params.header);

    // The deadline covers the whole call: attempts, waits, reading the body.
    const deadline = limit === Infinity ? Infinity : performance.now() + limit;
    let controller: AbortHandle | undefined;
    // The abort reason of our own deadline, told apart from a caller's abort by identity.
    // (made only when the deadline passes: a DOMException captures a stack, too dear for every call).
    let timedOut: DOMException | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const forwardAbort = () => controller!.abort(signal!.reason);
    if (limit !== Infinity || signal) {
      controller = abortHandle();
      if (limit !== Infinity) {
        timer = setTimeout(() => {
          timedOut = new DOMException(`${where} passed its deadline of ${limit} ms`, 'TimeoutError');
          controller!.abort(timedOut);
        }, limit);
      }
      if (signal?.aborted) forwardAbort();
      else signal?.addEventListener('abort', forwardAbort, { once: true });
    }
    const state: AttemptState = { lastResponse: undefined };
    try {
      const requestInit: RequestInit & Record<string, unknown> = extra ? { ...extra, method, headers: finalHeaders } : { method, headers: finalHeaders };
      if (serialized !== undefined) requestInit.body = serialized as RequestInit['body'];
      if (controller) requestInit.signal = controller.signal;
      let response: Response;
      if (middlewares.length === 0) {
        response = await attempts({ url, init: requestInit, request: undefined }, policy, deadline, state);
      } else {
        response = await withMiddleware(middlewares, path, params, parseAs, new Request(url, requestInit), (request) =>
          attempts({ url, init: requestInit, request }, policy, deadline, state),
        );
      }
      // The common case (a 2xx JSON body) is read here, without another async frame.
      const result =
        response.ok && parseAs === 'json' && response.status !== 204 && method !== 'HEAD'
          ? jsonResult(await response.text(), response, redact)
          : await settle(response, method, parseAs, redact);
      if (result.error && (throwOnError || forceThrow)) {
        throw new AstroApiError({ status: response.status, error: result.error, headers: response.headers, method, url, path, redact });
      }
      const problem = check && !result.error ? check(result.data) : undefined;
      if (problem !== undefined) {
        const error: ApiErrorBody = { statusCode: response.status, message: problem, requestId: response.headers.get('x-request-id') ?? '' };
        throw new AstroApiError({ status: response.status, error, headers: response.headers, method, url, path, redact });
      }
      return result;
    } catch (error) {
      if (timedOut !== undefined && controller?.signal.reason === timedOut) {
        // The constructor keeps a body-less copy with a redacted reason phrase and headers.
        throw new AstroTimeoutError({ method, url, path, timeoutMs: limit, lastResponse: state.lastResponse, cause: error, redact });
      }
      if (signal?.aborted) throw signal.reason;
      if (error instanceof TypeError && isNetworkError(error)) {
        throw new AstroConnectionError({ method, url, path, cause: error, redact });
      }
      throw error;
    } finally {
      if (timer !== undefined) clearTimeout(timer);
      signal?.removeEventListener('abort', forwardAbort);
    }
  }

  interface Outgoing {
    url: string;
    init: RequestInit;
    /** The Request per-call middleware produced; undefined on the lean path (no middleware). */
    request: Request | undefined;
  }
  interface AttemptState {
    lastResponse: Response | undefined;
  }

  /**
   * Sends, and retries while the policy and the deadline allow; gives back the last response. The
   * first attempt is chained without an async frame: most calls end there (bench/overhead.mjs).
   */
  function attempts(out: Outgoing, policy: RetryPolicy, deadline: number, state: AttemptState): Promise<Response> {
    const method = out.request?.method ?? (out.init.method as string);
    const last = policy.retries === 0;
    return sendOnce(out, last, 0).then(
      (response) => {
        state.lastResponse = response;
        return last || !isRetryable(response.status, method, policy) ? response : retrying(out, policy, deadline, state, { response });
      },
      (error: unknown) => retrying(out, policy, deadline, state, { error }),
    );
  }

  async function retrying(out: Outgoing, policy: RetryPolicy, deadline: number, state: AttemptState, first: { response?: Response; error?: unknown }): Promise<Response> {
    const method = out.request?.method ?? (out.init.method as string);
    const signal = out.request?.signal ?? out.init.signal ?? undefined;
    for (let attempt = 0; ; attempt++) {
      const last = attempt >= policy.retries;
      let response: Response;
      try {
        if (attempt > 0) response = await sendOnce(out, last, attempt);
        else if (first.response) response = first.response;
        else throw first.error;
      } catch (error) {
        // Only connection failures (fetch's TypeError) of idempotent methods are retried.
        if (last || signal?.aborted || !(error instanceof TypeError) || !policy.methods.has(method)) throw error;
        const delayMs = retryDelay(attempt + 1, policy, undefined);
        if (delayMs === undefined || performance.now() + delayMs >= deadline) throw error;
        policy.onRetry?.({ attempt: attempt + 1, delayMs, method, url: redact(out.url), status: undefined, retryAfterMs: undefined });
        await sleep(delayMs, signal);
        continue;
      }
      state.lastResponse = response;
      if (last || !isRetryable(response.status, method, policy)) return response;
      const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
      const delayMs = retryDelay(attempt + 1, policy, retryAfterMs);
      // Asked to wait longer than we may, or past the deadline: the server's answer is the result.
      if (delayMs === undefined || performance.now() + delayMs >= deadline) return response;
      // Free the connection before waiting; the body of a response we drop is never read.
      await response.body?.cancel().catch(() => {});
      policy.onRetry?.({ attempt: attempt + 1, delayMs, method, url: redact(out.url), status: response.status, retryAfterMs });
      await sleep(delayMs, signal);
    }
  }

  function sendOnce(out: Outgoing, last: boolean, attempt: number): Promise<Response> {
    const token = tokens.get();
    // A static token (or a sync function) costs no extra microtask.
    return typeof token === 'string' ? sendWith(out, last, attempt, token) : token.then((value) => sendWith(out, last, attempt, value));
  }

  function sendWith(out: Outgoing, last: boolean, attempt: number, token: string): Promise<Response> {
    const authorization = `Bearer ${token}`;
    if (!out.request && !customFetch && attemptMiddleware.length === 0) {
      // Lean path: no hook can see a Request, so none is built; fetch gets the URL and init, once.
      const given = out.init.headers as Headers | Record<string, string>;
      if (!(given instanceof Headers)) {
        if (given.authorization === undefined) return globalThis.fetch(out.url, { ...out.init, headers: { ...given, authorization } });
        // The caller's own Authorization is what is sent: its credential is a secret too.
        secrets.addAuthorization(given.authorization);
        return globalThis.fetch(out.url, { ...out.init, headers: given });
      }
      const headers = attempt === 0 && last ? given : new Headers(given);
      const own = headers.get('authorization');
      if (own === null) headers.set('authorization', authorization);
      else secrets.addAuthorization(own);
      return globalThis.fetch(out.url, { ...out.init, headers });
    }
    let request = out.request ?? new Request(out.url, out.init);
    // A body can be read once; keep the original unread for the next attempt.
    if (!last && request.body !== null) request = request.clone();
    if (attemptMiddleware.length === 0) return (customFetch ?? globalThis.fetch)(withAuth(request, authorization, secrets));
    return withMiddleware(attemptMiddleware, request.url, {}, 'json', request, (req) =>
      (customFetch ?? globalThis.fetch)(withAuth(req, authorization, secrets)),
    );
  }

  const client: Record<string | symbol, unknown> = {
    use: (...added: Middleware[]) => add(callMiddleware, added),
    eject: (...removed: Middleware[]) => remove(callMiddleware, removed),
    useAttempt: (...added: Middleware[]) => add(attemptMiddleware, added),
    ejectAttempt: (...removed: Middleware[]) => remove(attemptMiddleware, removed),
    request: (method: string, path: string, init?: Record<string, unknown>) => call(method.toUpperCase(), path, init, false),
    [THROWING_CALL]: (method: string, path: string, init?: Record<string, unknown>, check?: BodyCheck) => call(method, path, init, true, check),
  };
  for (const method of METHODS) client[method] = (path: string, init?: Record<string, unknown>) => call(method, path, init, false);
  // A readable description that names the API and server but, like everything else here, not the token.
  const description = `AstroClient(${setup.api} ${redact(baseUrl)})`;
  Object.defineProperty(client, 'toString', { value: () => description });
  Object.defineProperty(client, Symbol.for('nodejs.util.inspect.custom'), { value: () => description });
  Object.defineProperty(client, 'toJSON', { value: () => description });
  return client;
}

/**
 * Runs openapi-fetch-style middleware around `send`: `onRequest` in order (may replace the Request
 * or answer with a Response), then `onResponse` / `onError` in reverse order.
 */
async function withMiddleware(
  middlewares: readonly Middleware[],
  schemaPath: string,
  params: Record<string, unknown>,
  parseAs: string,
  first: Request,
  send: (request: Request) => Promise<Response>,
): Promise<Response> {
  const id = Math.random().toString(36).slice(2, 11);
  const options = Object.freeze({ parseAs }) as unknown as MiddlewareCallbackParams['options'];
  let request = first;
  let response: Response | undefined;
  for (const m of middlewares) {
    if (typeof m.onRequest !== 'function') continue;
    const result = await m.onRequest({ request, schemaPath, params, options, id });
    if (!result) continue;
    if (result instanceof Request) request = result;
    else if (result instanceof Response) {
      response = result;
      break;
    } else throw new TypeError('onRequest middleware must return a Request, a Response or nothing');
  }
  if (!response) {
    try {
      response = await send(request);
    } catch (error) {
      let failure: unknown = error;
      for (let i = middlewares.length - 1; i >= 0; i--) {
        const onError = middlewares[i]!.onError;
        if (typeof onError !== 'function') continue;
        const result: unknown = await onError({ request, error: failure, schemaPath, params, options, id });
        if (result instanceof Response) {
          response = result;
          failure = undefined;
          break;
        }
        if (result instanceof Error) failure = result;
        else if (result) throw new TypeError('onError middleware must return a Response, an Error or nothing');
      }
      if (!response) throw failure;
    }
  }
  for (let i = middlewares.length - 1; i >= 0; i--) {
    const onResponse = middlewares[i]!.onResponse;
    if (typeof onResponse !== 'function') continue;
    const result = await onResponse({ request, response, schemaPath, params, options, id });
    if (!result) continue;
    if (!(result instanceof Response)) throw new TypeError('onResponse middleware must return a Response or nothing');
    response = result;
  }
  return response;
}

function withAuth(request: Request, authorization: string, secrets: Secrets): Request {
  const own = request.headers.get('authorization');
  if (own !== null) {
    // Set by the caller or by middleware: that credential is what is sent, so it is a secret too.
    secrets.addAuthorization(own);
    return request;
  }
  // A copy of the headers: the Request that middleware saw is left as it was, without the token.
  const headers = new Headers(request.headers);
  headers.set('authorization', authorization);
  return new Request(request, { headers });
}

/**
 * The `{ data }` or `{ error }` result. `data` is absent exactly when `error` is present: a non-2xx
 * always gives an `error` of the API's Error shape, and so does a 2xx whose JSON cannot be read.
 */
async function settle(response: Response, method: string, parseAs: string, redact: Redactor): Promise<Result> {
  if (!response.ok) {
    const text = await readText(response);
    const error = toApiErrorBody(response.status, response.statusText, parseJson(text), text, response.headers, redact);
    return { error, response };
  }
  if (response.status === 204 || method === 'HEAD') return { data: undefined, response };
  // An empty JSON body reads as `undefined` below; other forms check the length first.
  if (parseAs !== 'json' && response.headers.get('content-length') === '0' && !response.headers.get('transfer-encoding')?.includes('chunked')) {
    return { data: undefined, response };
  }
  switch (parseAs) {
    case 'stream':
      return { data: response.body, response };
    case 'text':
      return { data: await response.text(), response };
    case 'blob':
      return { data: await response.blob(), response };
    case 'arrayBuffer':
      return { data: await response.arrayBuffer(), response };
  }
  return jsonResult(await response.text(), response, redact);
}

function jsonResult(text: string, response: Response, redact: Redactor): Result {
  if (text === '') return { data: undefined, response };
  const parsed = parseJson(text);
  if (parsed === NOT_JSON) {
    const error = toApiErrorBody(response.status, `HTTP ${response.status} with a body that is not valid JSON`, undefined, text, response.headers, redact);
    return { error, response };
  }
  return { data: parsed, response };
}

const NOT_JSON = Symbol('not JSON');

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return NOT_JSON;
  }
}

async function readText(response: Response): Promise<string> {
  try {
    return await response.text();
  } catch (error) {
    // The connection broke while reading an error body: the status is still worth reporting.
    if (error instanceof TypeError) return '';
    throw error;
  }
}

function isNetworkError(error: TypeError): boolean {
  return error.message === 'fetch failed' || error.cause !== undefined;
}

/**
 * Fills `{name}` path parameters. The Astro API only has simple string parameters; anything else
 * (label or matrix styles, arrays, objects) goes to openapi-fetch's general serialiser.
 */
function fillPath(url: string, values: Record<string, unknown>): string {
  // A scan instead of a regex with a callback: this runs on every call (see bench/overhead.mjs).
  let out = '';
  let from = 0;
  for (let open = url.indexOf('{'); open !== -1; open = url.indexOf('{', from)) {
    const close = url.indexOf('}', open);
    if (close === -1) break;
    const value = values[url.slice(open + 1, close)];
    if (typeof value !== 'string' && typeof value !== 'number') return defaultPathSerializer(url, values);
    out += url.slice(from, open) + encodeURIComponent(value);
    from = close + 1;
  }
  return from === 0 ? url : out + url.slice(from);
}

/** Waits, but gives up at once (with the signal's reason) when the signal aborts. */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function checkTimeout(value: unknown, where: string): number {
  if (typeof value !== 'number' || Number.isNaN(value) || value <= 0) {
    throw new TypeError(`${where}: timeoutMs must be a number of milliseconds > 0 (or Infinity), got ${String(value)}`);
  }
  return value;
}
