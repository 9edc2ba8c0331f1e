/**
 * The error family of the client. Every error this package throws is an `AstroError`:
 *
 *     AstroError
 *     ├── AstroApiError         the server answered, but not with a usable 2xx (status, requestId, fieldErrors, headers)
 *     ├── AstroConnectionError  no answer: DNS, refused or reset connection, TLS (the network error is `cause`)
 *     └── AstroTimeoutError     the call's deadline passed (keeps the last response when there was one)
 *
 * None of them holds the request or its headers, and every text they carry (message, URL, body,
 * headers, cause) goes through the one redaction step of redact.ts in the `AstroError` constructor,
 * so a server that echoes the token, or a logger that prints the whole error, cannot leak it.
 */
import { redactCredentials, redactValue, type Redactor } from './redact.js';

export type { Redactor } from './redact.js';

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
  /** The concrete URL that was requested (path parameters and query filled in); redacted by the constructor. */
  url: string;
  /** The OpenAPI path template, e.g. `/organizations/{organizationId}/tokens`. */
  path: string;
  cause?: unknown;
  /**
   * The redaction of the client that built the error (its token values). Without one (an error built
   * outside a client) only `Bearer <credential>` patterns are redacted.
   */
  redact?: Redactor;
}

// Registered symbols, so that two copies of this package (or two realms) recognise each other's errors.
const BRAND = Symbol.for('@astro-api/client.AstroError');
const API_BRAND = Symbol.for('@astro-api/client.AstroApiError');

/**
 * The base of every error this package throws. Its constructor is the redaction step of the family:
 * the message (after a subclass composed it), the URL, the path, the cause and every detail a
 * subclass keeps go through `redactValue()` (redact.ts) before the error exists, so its stack,
 * `String()`, `JSON.stringify` and `util.inspect` only ever see redacted text. Subclasses keep
 * their fields by handing them to this constructor (`declare`d, never assigned themselves).
 */
export class AstroError extends Error {
  override name = 'AstroError';
  declare readonly method: string;
  declare readonly url: string;
  declare readonly path: string;

  constructor(message: string, options: AstroErrorOptions, details?: Record<string, unknown>) {
    const redact = options.redact ?? redactCredentials;
    const cause = options.cause === undefined ? undefined : redactValue(options.cause, redact);
    super(redact(message), cause === undefined ? undefined : { cause });
    Object.defineProperty(this, BRAND, { value: true });
    const kept = redactValue({ method: options.method, url: options.url, path: options.path, ...details }, redact);
    for (const [key, value] of Object.entries(kept)) {
      Object.defineProperty(this, key, { value, enumerable: true, writable: false, configurable: true });
    }
  }
}

/** What an `AstroApiError` is built from (the constructor redacts all of it). */
export interface AstroApiErrorInit extends AstroErrorOptions {
  /** The HTTP status (`statusCode` of the error body when the server sent one). */
  status: number;
  /** The error body of the result. */
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
  /** The HTTP status: the same number, and the same name, as `statusCode` of the API's Error body. */
  declare readonly statusCode: number;
  /** `requestId` of the Error body: quote it to Astronomer support. `undefined` when the server sent none. */
  declare readonly requestId: string | undefined;
  /** Field-level validation failures; v1 (and v1beta1 since 2026-07-16) send them on some 400s. */
  declare readonly fieldErrors: readonly FieldValidationError[] | undefined;
  /** The error body, of the API's `Error` shape (synthesised when the server's was not). */
  declare readonly error: ApiErrorBody;
  /** The response headers (redacted: a value holding a token is rewritten, a name holding one dropped). */
  declare readonly headers: Headers;

  constructor(init: AstroApiErrorInit) {
    let message = `${init.method} ${init.url} failed with HTTP ${init.status}: ${init.error.message}`;
    if (init.error.requestId) message += ` (requestId ${init.error.requestId})`;
    super(message, init, {
      statusCode: init.status,
      requestId: init.error.requestId || undefined,
      fieldErrors: init.error.fieldErrors,
      error: init.error,
      headers: init.headers,
    });
    Object.defineProperty(this, API_BRAND, { value: true });
  }

  /**
   * The HTTP status.
   * @deprecated Use `statusCode`, the name the API's Error body (`error.statusCode`) uses for the same number.
   */
  get status(): number {
    return this.statusCode;
  }
}

/** No response: the connection failed (the network error, e.g. `ECONNREFUSED`, is `cause`). */
export class AstroConnectionError extends AstroError {
  override name = 'AstroConnectionError';
  /** The system error code of the cause when there is one, e.g. `ECONNREFUSED`. */
  declare readonly code: string | undefined;

  constructor(options: AstroErrorOptions) {
    const detail = networkDetail(options.cause);
    super(`${options.method} ${options.url} failed: could not connect${detail ? ` (${detail})` : ''}`, options, { code: networkCode(options.cause) });
  }
}

/** The call's deadline (`timeoutMs`) passed. */
export class AstroTimeoutError extends AstroError {
  override name = 'AstroTimeoutError';
  declare readonly timeoutMs: number;
  /** The last response received before the deadline (a 503 being retried, say), if any: status, reason phrase and headers (redacted), no body. */
  declare readonly lastResponse: Response | undefined;

  constructor(options: AstroErrorOptions & { timeoutMs: number; lastResponse?: Response | undefined }) {
    super(`${options.method} ${options.url} timed out after ${options.timeoutMs} ms`, options, { timeoutMs: options.timeoutMs, lastResponse: options.lastResponse });
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

/** Longest excerpt of a non-API body that goes into a synthesised message. */
const EXCERPT = 200;

/**
 * The error body of a result: the server's own when it has the API's `Error` shape, else one made
 * from the status and the text. Redaction comes first: the status text, the parsed body, the text
 * and the request id header are redacted before a message is made of them or cut to an excerpt
 * (a token cut at the edge of the excerpt would otherwise no longer match), and the composed
 * message once more.
 */
export function toApiErrorBody(status: number, statusText: string, body: unknown, text: string, headers: Headers, redact: Redactor): ApiErrorBody {
  const clean = redactValue({ statusText, body, text, requestIdHeader: headers.get('x-request-id') }, redact);
  if (isErrorShape(clean.body)) return clean.body;
  const record = typeof clean.body === 'object' && clean.body !== null ? (clean.body as Record<string, unknown>) : {};
  const requestId = clean.requestIdHeader ?? (typeof record.requestId === 'string' ? record.requestId : '');
  const apiMessage = typeof record.message === 'string' ? record.message : undefined;
  const excerpt = clean.text.replace(/\s+/g, ' ').trim().slice(0, EXCERPT);
  const described = clean.statusText || defaultStatusText(status);
  const message = apiMessage ?? (excerpt ? `${described}: ${excerpt}` : `${described} (empty body)`);
  return { statusCode: status, message: redact(message), requestId };
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
