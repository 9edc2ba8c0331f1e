/**
 * The one redaction step of the client (issue 19). Every error this package builds, and every
 * `{ error }` body of a non-throwing call, is made from values that went through `redactValue()`
 * first, before anything is cut, composed or kept: the `AstroError` constructor applies it to its
 * message, URL, cause and every detail a subclass keeps (errors.ts), and `toApiErrorBody()` applies
 * it to the server's status text, body and headers before it synthesises or truncates a message.
 *
 * The rule, for every secret (each token value the client was configured with or sent, and the
 * credential of an `Authorization` header a caller set): any run of text in which every 8-character
 * window is an 8-character piece of the secret — in its raw form, or URL-, JSON- or HTML-escaped,
 * ASCII case ignored — is replaced by `[redacted]`. So the whole token, `Bearer <token>`, a token cut
 * at the edge of an excerpt and any fragment of 8 characters or more are all removed, and no
 * 8-character piece of the token survives in the text. `Bearer <credential>` is redacted too,
 * whatever the credential (8 characters or more). Secrets shorter than 8 characters have no piece and are not redacted:
 * real tokens are hundreds of characters long, and a test token `t` must not erase every `t`.
 *
 * Redaction only runs when an error is built; a successful call never calls it.
 */

/** What a redacted run is replaced by. */
export const REDACTED = '[redacted]';

/** Length of the pieces of a secret that are searched for (and the shortest secret redacted). */
export const PIECE_LENGTH = 8;

/** Replaces every secret in a text by `[redacted]`. */
export type Redactor = (text: string) => string;

/** How many secrets one client remembers (a rotating token function hands out new values). */
const REMEMBERED = 16;

/** `Bearer <credential>` in any text, whoever's credential it is (8 characters or more, so `Bearer token required` stays). */
const BEARER = /\b(Bearer)(\s+)[^\s"'`,;<>()[\]{}]{8,}/gi;

/** The redaction of text no client knows the secrets of (an error built by a caller): credential patterns only. */
export const redactCredentials: Redactor = (text) => (text.length >= 7 ? text.replace(BEARER, `$1$2${REDACTED}`) : text);

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** The forms a secret takes in text a server sends back. */
function formsOf(secret: string): string[] {
  return [
    secret,
    encodeURIComponent(secret),
    JSON.stringify(secret).slice(1, -1),
    secret.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!),
  ];
}

/** ASCII letters lowered; every other code unit kept, so indexes stay the same. */
function lowerAscii(text: string): string {
  return /[A-Z]/.test(text) ? text.replace(/[A-Z]+/g, (run) => run.toLowerCase()) : text;
}

/** A redactor for `secrets` (shorter ones ignored). */
export function redactor(secrets: Iterable<string>): Redactor {
  const pieces = new Set<string>();
  for (const secret of secrets) {
    if (secret.length < PIECE_LENGTH) continue;
    for (const form of formsOf(secret)) {
      const lowered = lowerAscii(form);
      for (let i = 0; i + PIECE_LENGTH <= lowered.length; i++) pieces.add(lowered.slice(i, i + PIECE_LENGTH));
    }
  }
  if (pieces.size === 0) return redactCredentials;
  return (text) => redactCredentials(redactPieces(text, pieces));
}

/** Replaces each maximal run of text covered by windows found in `pieces` by one `[redacted]`. */
function redactPieces(text: string, pieces: ReadonlySet<string>): string {
  if (text.length < PIECE_LENGTH) return text;
  const lowered = lowerAscii(text);
  let out = '';
  let kept = 0; // text[kept…] is not yet in `out`
  let runStart = -1;
  let runEnd = -1;
  for (let i = 0; i + PIECE_LENGTH <= lowered.length; i++) {
    if (!pieces.has(lowered.slice(i, i + PIECE_LENGTH))) continue;
    if (runStart !== -1 && i <= runEnd) {
      runEnd = i + PIECE_LENGTH;
      continue;
    }
    if (runStart !== -1) {
      out += text.slice(kept, runStart) + REDACTED;
      kept = runEnd;
    }
    runStart = i;
    runEnd = i + PIECE_LENGTH;
  }
  if (runStart === -1) return text;
  return out + text.slice(kept, runStart) + REDACTED + text.slice(runEnd);
}

/**
 * The secrets of one client: the token values it handed out and the credentials of Authorization
 * headers callers set, the last `REMEMBERED` of them. `redact` is rebuilt only after a change.
 */
export class Secrets {
  #values: string[] = [];
  #redact: Redactor | undefined;

  /** Remembers a secret (the credential of an `Authorization` value: what follows the scheme). */
  add(value: string): void {
    if (value.length < PIECE_LENGTH || this.#values.includes(value)) return;
    this.#values.push(value);
    if (this.#values.length > REMEMBERED) this.#values.shift();
    this.#redact = undefined;
  }

  /** Remembers the credential of an `Authorization` header value (`Bearer abc…` → `abc…`). */
  addAuthorization(value: string): void {
    const credential = /^[A-Za-z][\w.+-]*\s+(\S.*)$/.exec(value.trim())?.[1];
    this.add(credential ?? value.trim());
  }

  readonly redact: Redactor = (text) => (this.#redact ??= redactor(this.#values))(text);

  /** Not the values: a description that names how many there are. */
  toString(): string {
    return `Secrets(${this.#values.length})`;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }

  toJSON(): string {
    return this.toString();
  }
}

/** Nesting depth past which `redactValue` stops copying (and keeps nothing). */
const MAX_DEPTH = 8;

/**
 * A redacted copy of a value an error keeps: strings, arrays and plain objects (keys too), `Headers`
 * (a header whose name holds a secret is dropped), a `Response` (a body-less copy with a redacted
 * reason phrase and headers) and an `Error` (a copy of the same class, message, stack, own strings
 * and cause redacted; the original itself when nothing in it changes). Numbers, booleans, `null`
 * and `undefined` are kept; any other object is kept when its `String()` holds no secret, else
 * replaced by that text redacted.
 */
export function redactValue<T>(value: T, redact: Redactor, depth = 0): T {
  return redactAny(value, redact, depth) as T;
}

function redactAny(value: unknown, redact: Redactor, depth: number): unknown {
  if (typeof value === 'string') return redact(value);
  if (value === null || typeof value !== 'object') return typeof value === 'function' || typeof value === 'symbol' ? undefined : value;
  if (depth > MAX_DEPTH) return undefined;
  if (Array.isArray(value)) return value.map((item) => redactAny(item, redact, depth + 1));
  if (value instanceof Headers) return redactHeaders(value, redact);
  if (value instanceof Response) {
    return new Response(null, { status: value.status, statusText: redact(value.statusText), headers: redactHeaders(value.headers, redact) });
  }
  if (value instanceof Error || isErrorLike(value)) return redactError(value as Error, redact, depth);
  const proto = Object.getPrototypeOf(value);
  if (proto === Object.prototype || proto === null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [redact(key), redactAny(item, redact, depth + 1)]));
  }
  // Anything else (a socket description, a URL): kept when its text holds no secret, else its redacted text.
  const text = String(value);
  const clean = redact(text);
  return clean === text ? value : clean;
}

function redactHeaders(headers: Headers, redact: Redactor): Headers {
  const out = new Headers();
  headers.forEach((value, name) => {
    if (redact(name) === name) out.append(name, redact(value));
  });
  return out;
}

function isErrorLike(value: object): boolean {
  return Object.prototype.toString.call(value) === '[object Error]' || (typeof (value as Error).message === 'string' && typeof (value as Error).stack === 'string');
}

/** The error, or a copy of it (same prototype) whose every string and cause is redacted. */
function redactError(error: Error, redact: Redactor, depth: number): Error {
  const fields = new Map<PropertyKey, unknown>();
  for (const key of ['name', 'message', 'stack'] as const) {
    const text = readSafely(error, key);
    if (typeof text === 'string') fields.set(key, text);
  }
  for (const key of Reflect.ownKeys(error)) {
    const descriptor = Object.getOwnPropertyDescriptor(error, key);
    if (descriptor && 'value' in descriptor) fields.set(key, descriptor.value);
  }
  let changed = false;
  const redacted = new Map<PropertyKey, unknown>();
  for (const [key, item] of fields) {
    const clean = redactAny(item, redact, depth + 1);
    // Objects are compared by content: redactAny copies them even when there was nothing to redact.
    if (clean !== item && !(typeof item === 'object' && item !== null && sameText(clean, item))) changed = true;
    redacted.set(key, clean);
  }
  if (!changed) return error;
  const copy = Object.create(Object.getPrototypeOf(error)) as Error;
  for (const [key, item] of redacted) {
    const enumerable = Object.getOwnPropertyDescriptor(error, key)?.enumerable ?? false;
    Object.defineProperty(copy, key, { value: item, writable: true, configurable: true, enumerable });
  }
  return copy;
}

function readSafely(error: Error, key: 'name' | 'message' | 'stack'): unknown {
  try {
    return error[key];
  } catch {
    return undefined;
  }
}

/** Whether a redacted copy reads the same as the original (nothing was redacted in it). */
function sameText(copy: unknown, original: unknown): boolean {
  if (copy === original) return true;
  if (copy instanceof Headers && original instanceof Headers) return JSON.stringify([...copy]) === JSON.stringify([...original]);
  if (copy instanceof Error || original instanceof Error) return false;
  try {
    return JSON.stringify(copy) === JSON.stringify(original);
  } catch {
    return false;
  }
}
