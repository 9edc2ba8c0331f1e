/** One entry of the Error schema's `fieldErrors` (present on 400s caused by request validation). */
export interface FieldValidationError {
  field: string;
  /** Validation rule that failed, e.g. `required`, `max`, `oneof`. */
  code: string;
  message: string;
}

/** What an `AstroApiError` is built from. */
export interface AstroApiErrorInit {
  status: number;
  /** HTTP method of the operation, e.g. `GET`. */
  method: string;
  /** The OpenAPI path template, e.g. `/organizations/{organizationId}/tokens`. */
  path: string;
  /** The parsed response body: the API's Error schema, or text when the body was not JSON. */
  body: unknown;
  /** Strings that must never appear in the error (the bearer token). */
  redact?: readonly string[];
}

// A registered symbol, so that two copies of this package (or two realms) still recognise each other's errors.
const BRAND = Symbol.for('@astro-api/client.AstroApiError');

/**
 * A non-2xx response of the Astro API, thrown when a client is created with `throwOnError: true`
 * and always by `paginate()`. It carries the Error schema's fields; it never holds the request,
 * so neither the Authorization header nor the token can leak through it.
 */
export class AstroApiError extends Error {
  override readonly name = 'AstroApiError';
  readonly status: number;
  /** `requestId` of the Error body: quote it to Astronomer support. */
  readonly requestId: string | undefined;
  /** The API's own `message` (also part of `message`). */
  readonly apiMessage: string | undefined;
  /** Field-level validation failures; v1 (and v1beta1 since 2026-07-16) send them on some 400s. */
  readonly fieldErrors: readonly FieldValidationError[] | undefined;
  readonly method: string;
  readonly path: string;
  /** The response body as parsed by openapi-fetch. */
  readonly body: unknown;

  constructor(init: AstroApiErrorInit) {
    const fields = errorFields(init.body);
    const detail = fields.message ?? (typeof init.body === 'string' && init.body !== '' ? init.body.slice(0, 200) : undefined);
    let message = `${init.method} ${init.path} failed with HTTP ${init.status}`;
    if (detail) message += `: ${detail}`;
    if (fields.requestId) message += ` (requestId ${fields.requestId})`;
    super(redact(message, init.redact));
    Object.defineProperty(this, BRAND, { value: true });
    this.status = init.status;
    this.requestId = fields.requestId;
    this.apiMessage = fields.message === undefined ? undefined : redact(fields.message, init.redact);
    this.fieldErrors = fields.fieldErrors;
    this.method = init.method;
    this.path = init.path;
    this.body = init.redact?.length ? JSON.parse(redact(JSON.stringify(init.body ?? null), init.redact)) : init.body;
  }
}

/** True for an `AstroApiError`, also one thrown by another copy of this package. */
export function isAstroApiError(value: unknown): value is AstroApiError {
  return value instanceof AstroApiError || (typeof value === 'object' && value !== null && BRAND in value);
}

function errorFields(body: unknown): { message?: string; requestId?: string; fieldErrors?: FieldValidationError[] } {
  if (typeof body !== 'object' || body === null) return {};
  const record = body as Record<string, unknown>;
  return {
    ...(typeof record.message === 'string' ? { message: record.message } : {}),
    ...(typeof record.requestId === 'string' ? { requestId: record.requestId } : {}),
    ...(Array.isArray(record.fieldErrors) ? { fieldErrors: record.fieldErrors as FieldValidationError[] } : {}),
  };
}

function redact(text: string, secrets: readonly string[] | undefined): string {
  if (!secrets) return text;
  let out = text;
  for (const secret of secrets) if (secret) out = out.split(secret).join('[redacted]');
  return out;
}
