/**
 * The error family of the client. Every error this package throws is an `AstroError`:
 *
 *     AstroError
 *     ├── AstroApiError         the server answered, but not with a usable 2xx (status, requestId, fieldErrors, headers)
 *     ├── AstroConnectionError  no answer: DNS, refused or reset connection, TLS (the network error is `cause`)
 *     └── AstroTimeoutError     the call's deadline passed (keeps the last response when there was one)
 *
 * None of them holds the request or its headers, and every text they carry (message, URL, body)
 * has been through `redact()` with the token of the call, so a server that echoes the token, or a
 * logger that prints the whole error, cannot leak it.
 */

/** One entry of the Error schema's `fieldErrors` (present on 400s caused by request validation). */
export interface FieldValidationError {
  field: string;
  /** Validation rule that failed, e.g. `required`, `max`, `oneof`. */
  code: string;
  message: string;
}

/**
 * The body of every non-2xx result: the API's `Error` schema. When the server's body is not of that
 * shape (an empty 404, a proxy's HTML 502, a 2xx whose JSON cannot be read), the client synthesises
 * one from the status and the body text, so `error.message` and `error.statusCode` are always there.
 */
export interface ApiErrorBody {
  statusCode: number;
  message: string;
  /** The API's request id; `''` when the server sent none. */
  requestId: string;
  fieldErrors?: FieldValidationError[];
}

/** Options shared by the constructors of the family. */
export interface AstroErrorOptions {
  /** HTTP method, e.g. `GET`. */
  method: string;
  /** The concrete URL that was requested (path parameters and query filled in), token-free. */
  url: string;
  /** The OpenAPI path template, e.g. `/organizations/{organizationId}/tokens`. */
  path: string;
  cause?: unknown;
}

// Registered symbols, so that two copies of this package (or two realms) recognise each other's errors.
const BRAND = Symbol.for('@astro-api/client.AstroError');
const API_BRAND = Symbol.for('@astro-api/client.AstroApiError');

/** The base of every error this package throws. */
export class AstroError extends Error {
  override name = 'AstroError';
  readonly method: string;
  readonly url: string;
  readonly path: string;

  constructor(message: string, options: AstroErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    Object.defineProperty(this, BRAND, { value: true });
    this.method = options.method;
    this.url = options.url;
    this.path = options.path;
  }
}

/** What an `AstroApiError` is built from. */
export interface AstroApiErrorInit extends AstroErrorOptions {
  status: number;
  /** The error body of the result (already redacted). */
  error: ApiErrorBody;
  /** The response headers. */
  headers: Headers;
}

/**
 * The server answered with a non-2xx status (or with a 2xx whose body could not be read). Thrown by
 * a client created with `throwOnError: true`, and always by `paginate()`.
 */
export class AstroApiError extends AstroError {
  override name = 'AstroApiError';
  readonly status: number;
  /** `requestId` of the Error body: quote it to Astronomer support. `undefined` when the server sent none. */
  readonly requestId: string | undefined;
  /** Field-level validation failures; v1 (and v1beta1 since 2026-07-16) send them on some 400s. */
  readonly fieldErrors: readonly FieldValidationError[] | undefined;
  /** The error body, of the API's `Error` shape (synthesised when the server's was not). */
  readonly error: ApiErrorBody;
  readonly headers: Headers;

  constructor(init: AstroApiErrorInit) {
    let message = `${init.method} ${init.url} failed with HTTP ${init.status}: ${init.error.message}`;
    if (init.error.requestId) message += ` (requestId ${init.error.requestId})`;
    super(message, init);
    Object.defineProperty(this, API_BRAND, { value: true });
    this.status = init.status;
    this.requestId = init.error.requestId || undefined;
    this.fieldErrors = init.error.fieldErrors;
    this.error = init.error;
    this.headers = init.headers;
  }
}

/** No response: the connection failed (the network error, e.g. `ECONNREFUSED`, is `cause`). */
export class AstroConnectionError extends AstroError {
  override name = 'AstroConnectionError';
  /** The system error code of the cause when there is one, e.g. `ECONNREFUSED`. */
  readonly code: string | undefined;

  constructor(options: AstroErrorOptions & { redact: Redactor }) {
    const code = networkCode(options.cause);
    const detail = networkDetail(options.cause);
    super(options.redact(`${options.method} ${options.url} failed: could not connect${detail ? ` (${detail})` : ''}`), options);
    this.code = code;
  }
}

/** The call's deadline (`timeoutMs`) passed. */
export class AstroTimeoutError extends AstroError {
  override name = 'AstroTimeoutError';
  readonly timeoutMs: number;
  /** The last response received before the deadline (a 503 being retried, say), if any: status and (redacted) headers, no body. */
  readonly lastResponse: Response | undefined;

  constructor(options: AstroErrorOptions & { timeoutMs: number; lastResponse?: Response | undefined }) {
    super(`${options.method} ${options.url} timed out after ${options.timeoutMs} ms`, options);
    this.timeoutMs = options.timeoutMs;
    this.lastResponse = options.lastResponse;
  }
}

/** True for any error of this package, also one thrown by another copy of it. */
export function isAstroError(value: unknown): value is AstroError {
  return value instanceof AstroError || (typeof value === 'object' && value !== null && BRAND in value);
}

/** True for an `AstroApiError`, also one thrown by another copy of the package. */
export function isAstroApiError(value: unknown): value is AstroApiError {
  return value instanceof AstroApiError || (typeof value === 'object' && value !== null && API_BRAND in value);
}

/** Replaces every secret (the token, its `Bearer` form) by `[redacted]`. */
export type Redactor = (text: string) => string;

/**
 * Secrets shorter than this are not redacted: real Astro API tokens are hundreds of characters, and
 * replacing every `t` of a message because a test used the token `t` would destroy the message.
 */
export const MIN_REDACTED_LENGTH = 8;

export function redactor(secrets: readonly string[]): Redactor {
  const active = [...new Set(secrets.filter((secret) => secret.length >= MIN_REDACTED_LENGTH))].sort((a, b) => b.length - a.length);
  if (active.length === 0) return (text) => text;
  // One pass with every secret, longest first, so that no replacement is itself rewritten.
  const pattern = new RegExp(active.map((secret) => secret.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
  return (text) => text.replace(pattern, '[redacted]');
}

/** Longest excerpt of a non-API body that goes into a synthesised message. */
const EXCERPT = 200;

/**
 * The error body of a result: the server's own when it has the API's `Error` shape, else one made
 * from the status and the text. Every string in it is redacted.
 */
export function toApiErrorBody(status: number, statusText: string, body: unknown, text: string, headers: Headers, redact: Redactor): ApiErrorBody {
  if (isErrorShape(body)) return redactDeep(body, redact) as ApiErrorBody;
  const requestId = headers.get('x-request-id') ?? (typeof body === 'object' && body !== null && typeof (body as { requestId?: unknown }).requestId === 'string' ? (body as { requestId: string }).requestId : '');
  const apiMessage = typeof body === 'object' && body !== null && typeof (body as { message?: unknown }).message === 'string' ? (body as { message: string }).message : undefined;
  const excerpt = text.replace(/\s+/g, ' ').trim().slice(0, EXCERPT);
  const described = statusText || defaultStatusText(status);
  const message = apiMessage ?? (excerpt ? `${described}: ${excerpt}` : `${described} (empty body)`);
  return { statusCode: status, message: redact(message), requestId: redact(requestId) };
}

/** A copy of a parsed JSON value with every string (keys included) redacted. */
export function redactDeep(value: unknown, redact: Redactor): unknown {
  if (typeof value === 'string') return redact(value);
  if (Array.isArray(value)) return value.map((item) => redactDeep(item, redact));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [redact(key), redactDeep(item, redact)]));
  }
  return value;
}

/** A copy of response headers with every value redacted (a server may echo the token in one). */
export function redactHeaders(headers: Headers, redact: Redactor): Headers {
  const out = new Headers();
  headers.forEach((value, key) => out.append(key, redact(value)));
  return out;
}

function isErrorShape(body: unknown): body is ApiErrorBody {
  if (typeof body !== 'object' || body === null) return false;
  const record = body as Record<string, unknown>;
  return (
    typeof record.message === 'string' &&
    typeof record.requestId === 'string' &&
    typeof record.statusCode === 'number' &&
    (record.fieldErrors === undefined || Array.isArray(record.fieldErrors))
  );
}

function defaultStatusText(status: number): string {
  return status >= 200 && status < 300 ? `HTTP ${status} with an unreadable body` : `HTTP ${status}`;
}

function networkCode(cause: unknown): string | undefined {
  for (let error = cause, depth = 0; error && depth < 4; error = (error as { cause?: unknown }).cause, depth++) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

function networkDetail(cause: unknown): string | undefined {
  // undici wraps the system error: TypeError('fetch failed', { cause: Error('connect ECONNREFUSED …') }).
  const inner = (cause as { cause?: unknown } | undefined)?.cause ?? cause;
  return inner instanceof Error ? inner.message : undefined;
}
