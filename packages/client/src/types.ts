/**
 * The types of a client: each method's options come from the operation (path, query, header
 * parameters and body) plus the per-call options, with no index signature, so a misspelt option is
 * a compile error. The result is `{ data, response }` or `{ error, response }`; a client created
 * with `throwOnError: true` has only the first.
 */
import type { FetchResponse, HeadersOptions, Middleware, ParamsOption, ParseAs, RequestBodyOption } from 'openapi-fetch';
import type { ApiErrorBody } from './errors.js';
import type { RetryOptions } from './retry.js';

export type HttpMethod = 'get' | 'put' | 'post' | 'delete' | 'options' | 'head' | 'patch' | 'trace';

/** The paths of `Paths` that have an operation for `M`. */
export type PathsWith<Paths, M extends HttpMethod> = {
  [P in keyof Paths]: Paths[P] extends { [K in M]: {} } ? P : never;
}[keyof Paths] &
  string;

/** The operation object behind `M path`. */
export type OperationOf<Paths, P extends keyof Paths, M extends HttpMethod> = Paths[P] extends { [K in M]: infer Op } ? Op : never;

/** Options every call accepts, beside the operation's `params` and `body`. */
export interface CallOptions {
  /** Overrides the client's `timeoutMs` for this call (retries and waits included). */
  timeoutMs?: number;
  /** Overrides the client's retry policy for this call; `false` makes exactly one attempt. */
  retry?: RetryOptions | false;
  /** Cancels the call; it then rejects with the signal's reason. */
  signal?: AbortSignal | null;
  /** Headers for this call (a `null` value removes a default header). */
  headers?: HeadersOptions;
  /** Middleware for this call only, run after the client's (see `use`). */
  middleware?: Middleware[];
}

/** The `init` argument of a call of `Op`; `A` is how a 2xx body is read (JSON by default). */
export type CallInit<Op, A extends ParseAs = 'json'> = ParamsOption<Op> & RequestBodyOption<Op> & CallOptions & { parseAs?: A };

type RequiredKeys<T> = { [K in keyof T]-?: {} extends Pick<T, K> ? never : K }[keyof T];
/** The `init` parameter is optional exactly when the operation needs no parameter and no body. */
export type InitArgs<Init> = [RequiredKeys<Init>] extends [never] ? [init?: Init] : [init: Init];

type Fetched<Op, A extends ParseAs> = FetchResponse<Op & Record<string | number, any>, { parseAs: A }, `${string}/${string}`>;

/** The 2xx body of `Op` as read with `A`. */
export type SuccessData<Op, A extends ParseAs = 'json'> = Extract<Fetched<Op, A>, { data: unknown }>['data'];
/** The declared error body of `Op` (the API's `Error` schema); `ApiErrorBody` when it declares none. */
export type ErrorData<Op> = [Extract<Fetched<Op, 'json'>, { error: unknown }>['error']] extends [never]
  ? ApiErrorBody
  : Extract<Fetched<Op, 'json'>, { error: unknown }>['error'];

/** A success: `data` is set (it is `undefined` only for a 204 or an empty body), `error` is absent. */
export interface Success<Data> {
  data: Data;
  error?: never;
  response: Response;
}
/** A failure: `error` has the API's Error shape, `data` is absent. */
export interface Failure<E> {
  data?: never;
  error: E;
  response: Response;
}

/** What a call resolves to: a client with `throwOnError: true` never resolves with a failure. */
export type CallResult<Op, A extends ParseAs, Throw extends boolean> = Throw extends true
  ? Success<SuccessData<Op, A>>
  : Success<SuccessData<Op, A>> | Failure<ErrorData<Op>>;

export type ClientMethod<Paths, M extends HttpMethod, Throw extends boolean> = <P extends PathsWith<Paths, M>, A extends ParseAs = 'json'>(
  path: P,
  ...init: InitArgs<CallInit<OperationOf<Paths, P, M>, A>>
) => Promise<CallResult<OperationOf<Paths, P, M>, A, Throw>>;

/**
 * A typed client. `Throw` is `true` for a client created with `throwOnError: true`: its calls
 * resolve only with `{ data }` and reject with an `AstroApiError` otherwise.
 */
export interface TypedClient<Paths, Throw extends boolean = false> {
  GET: ClientMethod<Paths, 'get', Throw>;
  PUT: ClientMethod<Paths, 'put', Throw>;
  POST: ClientMethod<Paths, 'post', Throw>;
  DELETE: ClientMethod<Paths, 'delete', Throw>;
  PATCH: ClientMethod<Paths, 'patch', Throw>;
  OPTIONS: ClientMethod<Paths, 'options', Throw>;
  HEAD: ClientMethod<Paths, 'head', Throw>;
  TRACE: ClientMethod<Paths, 'trace', Throw>;
  /** Calls `method path`, e.g. `request('get', '/organizations')`. */
  request<M extends HttpMethod, P extends PathsWith<Paths, M>, A extends ParseAs = 'json'>(
    method: M,
    path: P,
    ...init: InitArgs<CallInit<OperationOf<Paths, P, M>, A>>
  ): Promise<CallResult<OperationOf<Paths, P, M>, A, Throw>>;
  /** Adds per-call middleware: it runs once per call, around all attempts, and sees the final response. */
  use(...middleware: Middleware[]): void;
  /** Removes per-call middleware. */
  eject(...middleware: Middleware[]): void;
  /** Adds per-attempt middleware: it runs around every attempt, retries included (e.g. to log each one). */
  useAttempt(...middleware: Middleware[]): void;
  /** Removes per-attempt middleware. */
  ejectAttempt(...middleware: Middleware[]): void;
}
