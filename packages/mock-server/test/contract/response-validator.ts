import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { appendPointer, bundle, getAtPointer, loadRevision, pointerToUriFragment, toJsonSchemaDialect, type OpenApiRoot } from '@astro-api/spec-loader';

const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;

export interface SpecOperation {
  operationId: string;
  method: string;
  path: string;
  pointer: string;
}

/**
 * The contract tests' own view of a spec: its operations and an Ajv validator for each declared
 * response. It shares nothing with the server's code (only the repository's loader), so a bug in the
 * server's self-check cannot hide a mismatch here.
 */
export class ResponseValidator {
  readonly document: OpenApiRoot;
  readonly operations: SpecOperation[] = [];
  /** Error statuses the server sent that the operation does not declare (accepted when they are `Error` objects). */
  readonly undeclared = new Set<string>();
  private readonly ajv: Ajv;
  private readonly cache = new Map<string, ValidateFunction>();

  constructor(api: string) {
    this.document = bundle(loadRevision(api));
    this.ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, logger: false });
    addFormats(this.ajv);
    this.ajv.addSchema(toJsonSchemaDialect(this.document) as object, 'doc');
    for (const [path, item] of Object.entries(this.document.paths ?? {})) {
      for (const method of ['get', 'post', 'put', 'patch', 'delete']) {
        const op = (item as Record<string, { operationId?: string }>)[method];
        if (op?.operationId) this.operations.push({ operationId: op.operationId, method, path, pointer: appendPointer('/paths', path, method) });
      }
    }
  }

  find(method: string, path: string): SpecOperation | undefined {
    return this.operations.find((op) => op.method === method.toLowerCase() && op.path === path);
  }

  private validator(pointer: string): ValidateFunction {
    let fn = this.cache.get(pointer);
    if (!fn) {
      const ref = `doc#${pointerToUriFragment(pointer)}`;
      fn = this.ajv.compile({ $ref: ref });
      this.cache.set(pointer, fn);
    }
    return fn;
  }

  private resolve(pointer: string): { value: Record<string, unknown>; pointer: string } {
    let at = pointer;
    let value = getAtPointer(this.document, at) as Record<string, unknown>;
    while (typeof value?.$ref === 'string') {
      at = value.$ref.slice(1);
      value = getAtPointer(this.document, at) as Record<string, unknown>;
    }
    return { value, pointer: at };
  }

  /** `undefined` when the answer fits the spec; otherwise what is wrong. */
  check(op: SpecOperation, status: number, contentType: string | null, text: string): string | undefined {
    const responses = (getAtPointer(this.document, op.pointer) as { responses: Record<string, unknown> }).responses;
    const key = [String(status), `${String(status)[0]}XX`, 'default'].find((k) => k in responses);
    let schemaPointer: string | undefined;
    let mediaType: string | undefined;
    if (key === undefined) {
      if (status < 400) return `${op.operationId}: status ${status} is not declared`;
      this.undeclared.add(`${op.operationId} ${status}`);
      schemaPointer = '/components/schemas/Error';
      mediaType = 'application/json';
    } else {
      const response = this.resolve(appendPointer(op.pointer, 'responses', key));
      const content = (response.value.content ?? {}) as Record<string, { schema?: unknown }>;
      const entries = Object.keys(content);
      if (entries.length === 0) return text === '' ? undefined : `${op.operationId}: ${status} declares no body but one was sent`;
      mediaType = entries.find((m) => /json/.test(m)) ?? entries[0]!;
      if (!/json/.test(mediaType)) return contentType?.startsWith(mediaType) || status >= 400 ? undefined : `${op.operationId}: content-type ${contentType} is not ${mediaType}`;
      if (content[mediaType]!.schema !== undefined) schemaPointer = appendPointer(response.pointer, 'content', mediaType, 'schema');
    }
    if (!contentType?.includes('json')) return `${op.operationId}: ${status} answered with content-type ${contentType}`;
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return `${op.operationId}: ${status} body is not JSON`;
    }
    if (!schemaPointer) return undefined;
    const validate = this.validator(schemaPointer);
    if (validate(body)) return undefined;
    return `${op.operationId}: ${status} body does not match ${schemaPointer}: ${this.ajv.errorsText(validate.errors)}`;
  }
}

export interface ValidatorWithAccepts {
  accepts(pointer: string, value: unknown): boolean;
}

/** Whether a value fits the schema at a pointer (used to pick valid `oneOf` samples for request bodies). */
ResponseValidator.prototype.accepts = function accepts(this: ResponseValidator, pointer: string, value: unknown): boolean {
  return (this as unknown as { validator(p: string): ValidateFunction }).validator(pointer)(value) as boolean;
};

export interface ResponseValidator extends ValidatorWithAccepts {}
