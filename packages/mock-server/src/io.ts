import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Reply } from './context.js';
import { HttpError, badRequest } from './http-error.js';
import { isJson, type MockSpec, type OperationInfo } from './spec.js';
import type { FieldError } from './validation.js';

/**
 * The path and query of a request exactly as sent. WHATWG URL parsing would resolve `.` and `..`
 * segments (`/tokens/x/..` → `/tokens`) and so route a request somewhere its text does not say;
 * such segments, plain or percent-encoded, are refused instead.
 */
export function parseTarget(raw: string): { pathname: string; search: URLSearchParams } {
  const cut = raw.indexOf('?');
  const pathname = cut === -1 ? raw : raw.slice(0, cut);
  const search = new URLSearchParams(cut === -1 ? '' : raw.slice(cut + 1));
  for (const segment of pathname.split('/')) {
    let decoded = segment;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      /* the router answers 404 for undecodable segments */
    }
    if (decoded === '.' || decoded === '..') throw badRequest('the path must not contain "." or ".." segments');
  }
  return { pathname, search };
}

/**
 * Reads a JSON request body. A body must say `Content-Type: application/json` (or `+json`), else 415;
 * one longer than `limit` bytes is refused with 413 as soon as that is known (from Content-Length
 * before reading anything, else while streaming), so it is never buffered whole.
 */
export async function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  const declared = req.headers['content-length'];
  const hasBody = (declared !== undefined && declared !== '0') || req.headers['transfer-encoding'] !== undefined;
  if (!hasBody) return undefined;
  if (declared !== undefined && Number(declared) > limit) throw new HttpError(413, `request body larger than ${limit} bytes`);
  const type = req.headers['content-type'];
  if (type === undefined || !isJson(type.trim().toLowerCase())) {
    throw new HttpError(415, `request bodies must be JSON (Content-Type: application/json), not ${type === undefined ? 'untyped' : JSON.stringify(type.slice(0, 80))}`);
  }
  const raw = await readRawBody(req, limit);
  if (raw.length === 0) return undefined;
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    // Node's parse message quotes the text it failed on, which may be a secret: it is not repeated.
    throw badRequest('request body is not valid JSON', [{ field: '(body)', code: 'json', message: 'request body is not valid JSON' }]);
  }
}

/** Reads a body of any type, refusing more than `limit` bytes with 413 (declared or streamed). */
export async function readRawBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > limit) throw new HttpError(413, `request body larger than ${limit} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new HttpError(413, `request body larger than ${limit} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** The spec's `Error` object. `fieldErrors` only where the revision's Error schema declares it. */
export function errorReply(spec: MockSpec, statusCode: number, message: string, requestId: string, fieldErrors?: FieldError[]): Reply {
  const body: Record<string, unknown> = { message, requestId, statusCode };
  const errorPointer = spec.schemaPointer('Error');
  const hasFieldErrors =
    errorPointer !== undefined &&
    spec.deref<{ properties?: Record<string, unknown> }>(spec.document.components?.schemas?.Error, errorPointer).value.properties?.fieldErrors !== undefined;
  if (hasFieldErrors && statusCode === 400 && fieldErrors && fieldErrors.length > 0) body.fieldErrors = fieldErrors;
  return { status: statusCode, body };
}

export function send(res: ServerResponse, reply: Reply, requestId: string, operation: OperationInfo | undefined): void {
  res.setHeader('x-request-id', requestId);
  if (reply.body === undefined || reply.status === 204) {
    res.writeHead(reply.status).end();
    return;
  }
  const declared = operation?.responses.find((r) => r.status === String(reply.status));
  const mediaType = reply.contentType ?? [...(declared?.content.keys() ?? [])][0] ?? 'application/json';
  if (Buffer.isBuffer(reply.body) || typeof reply.body === 'string') {
    res.writeHead(reply.status, { 'content-type': mediaType }).end(reply.body);
    return;
  }
  res.writeHead(reply.status, { 'content-type': isJson(mediaType) ? mediaType : 'application/json' }).end(JSON.stringify(reply.body));
}

const REDACTED = '[redacted]';
const SECRET_NAME = /token|auth|key|secret|password|credential/i;

/**
 * The request target as the log shows it, before the one redaction (`redact.ts`) every line goes
 * through: every query value the operation does not declare, or whose name suggests a secret, is
 * replaced, so a secret sent in an unexpected parameter never reaches the log even if it is no token.
 */
export function loggableTarget(pathname: string, search: URLSearchParams, operation: OperationInfo | undefined): string {
  const declared = new Set(operation?.parameters.filter((p) => p.in === 'query').map((p) => p.name) ?? []);
  const parts: string[] = [];
  for (const [name, value] of search) {
    const shown = !declared.has(name) || SECRET_NAME.test(name) ? REDACTED : value;
    parts.push(`${encodeURIComponent(name)}=${shown === REDACTED ? shown : encodeURIComponent(shown)}`);
  }
  return parts.length > 0 ? `${pathname}?${parts.join('&')}` : pathname;
}

/** What an Authorization header presents as a secret: the whole credential and each of its parts. */
export function bearerParts(header: string | undefined): string[] {
  if (!header) return [];
  const credential = header.replace(/^\s*Bearer\s+/i, '').trim();
  return [credential, ...credential.split(/\s+/)];
}

/** True when reading the request failed because the client closed the connection mid-body. */
export function isClientClosed(req: IncomingMessage, error: Error): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return req.readableAborted || code === 'ECONNRESET' || code === 'ECONNABORTED' || error.message === 'aborted';
}
