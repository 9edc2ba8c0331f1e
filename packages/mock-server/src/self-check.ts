import type { Reply } from './context.js';
import { isJson, type MockSpec, type OperationInfo, type ResponseInfo } from './spec.js';
import type { SpecValidator } from './validation.js';

/** Finds the Response Object that covers a status: exact code, then `4XX`-style range, then `default` (OpenAPI 3.0.3 §4.7.16). */
export function declaredResponse(operation: OperationInfo, status: number): ResponseInfo | undefined {
  return (
    operation.responses.find((r) => r.status === String(status)) ??
    operation.responses.find((r) => r.status.toUpperCase() === `${String(status)[0]}XX`) ??
    operation.responses.find((r) => r.status === 'default')
  );
}

/**
 * Compares an answer with the spec before it is sent. Error statuses the operation does not declare
 * (several operations omit 400 or 404) are accepted when the body is the spec's `Error` object; a
 * success status the operation does not declare is a mismatch.
 */
export class SelfCheck {
  private readonly spec: MockSpec;
  private readonly validator: SpecValidator;

  constructor(spec: MockSpec, validator: SpecValidator) {
    this.spec = spec;
    this.validator = validator;
  }

  check(operation: OperationInfo, reply: Reply): string | undefined {
    const declared = declaredResponse(operation, reply.status);
    if (!declared) {
      const errorSchema = this.spec.schemaPointer('Error');
      if (reply.status < 400 || !errorSchema) return `status ${reply.status} is not declared`;
      return this.validate(errorSchema, reply.body, `undeclared status ${reply.status}`);
    }
    if (declared.content.size === 0) {
      return reply.body === undefined ? undefined : `status ${reply.status} declares no content but a body was sent`;
    }
    if (reply.body === undefined) return `status ${reply.status} declares content but none was sent`;
    const json = [...declared.content].find(([mediaType]) => isJson(mediaType));
    if (json) return json[1] ? this.validate(json[1], reply.body, `status ${reply.status}`) : undefined;
    // Non-JSON media types (the audit log download is application/octet-stream) are sent as bytes.
    return Buffer.isBuffer(reply.body) || typeof reply.body === 'string' || reply.status >= 400 ? undefined : `status ${reply.status} must be sent as bytes`;
  }

  private validate(pointer: string, body: unknown, what: string): string | undefined {
    const validate = this.validator.at(pointer);
    if (validate(body)) return undefined;
    const details = (validate.errors ?? []).slice(0, 5).map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ');
    return `${what} body does not match ${pointer}: ${details}`;
  }
}
