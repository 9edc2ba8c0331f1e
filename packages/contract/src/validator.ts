import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import {
  appendPointer,
  bundle,
  currentRevision,
  escapeToken,
  getAtPointer,
  loadRevision,
  pointerToUriFragment,
  toJsonSchemaDialect,
  type OpenApiRoot,
} from '@astro-api/spec-loader';
import type { Finding } from './findings.js';

const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;

export interface SpecOperation {
  operationId: string;
  method: string;
  path: string;
  pointer: string;
}

export interface CheckOptions {
  /**
   * Accept an error status the operation does not declare when its body is the spec's `Error` (the mock's
   * contract suite sends deliberately bad requests; several operations omit 400 or 404). Off for runs
   * against a server, where an undeclared status is a finding.
   */
  tolerateUndeclaredErrors?: boolean;
}

/**
 * An independent view of a spec revision: its operations and an Ajv validator for each declared response.
 * It shares nothing with the mock server's code (only the repository's loader), so a bug in the mock's
 * self-check or in the validating proxy cannot hide a mismatch here.
 */
export class ResponseValidator {
  readonly api: string;
  readonly revision: string;
  readonly document: OpenApiRoot;
  readonly operations: SpecOperation[] = [];
  /** Error statuses the server sent that the operation does not declare (accepted when they are `Error` objects). */
  readonly undeclared = new Set<string>();
  private readonly ajv: Ajv;
  private readonly cache = new Map<string, ValidateFunction>();
  /** Schema node of the dialect document → its pointer, to name the rule an Ajv error broke. */
  private readonly pointers = new WeakMap<object, string>();

  /** `document`: a bundled document to use instead of the API's current revision (tests of the validator itself). */
  constructor(api: string, document?: OpenApiRoot) {
    this.api = api;
    this.revision = currentRevision(api).date;
    this.document = document ?? bundle(loadRevision(api));
    this.ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, logger: false, verbose: true });
    addFormats(this.ajv);
    const dialect = toJsonSchemaDialect(this.document) as object;
    const index = (node: unknown, pointer: string): void => {
      if (node === null || typeof node !== 'object' || this.pointers.has(node)) return;
      this.pointers.set(node, pointer);
      for (const [key, value] of Object.entries(node)) index(value, `${pointer}/${escapeToken(key)}`);
    };
    index(dialect, '');
    this.ajv.addSchema(dialect, 'doc');
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

  byId(operationId: string): SpecOperation | undefined {
    return this.operations.find((op) => op.operationId === operationId);
  }

  private validator(pointer: string): ValidateFunction {
    let fn = this.cache.get(pointer);
    if (!fn) {
      fn = this.ajv.compile({ $ref: `doc#${pointerToUriFragment(pointer)}` });
      this.cache.set(pointer, fn);
    }
    return fn;
  }

  /** Whether a value fits the schema at a pointer (used to pick valid `oneOf` samples for request bodies). */
  accepts(pointer: string, value: unknown): boolean {
    return this.validator(pointer)(value) as boolean;
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

  /** `undefined` when the answer fits the spec; otherwise what is wrong (violations only, one line). */
  check(op: SpecOperation, status: number, contentType: string | null, text: string): string | undefined {
    const headers = new Headers(contentType ? { 'content-type': contentType } : {});
    const problems = this.findings(op, status, headers, text, { tolerateUndeclaredErrors: true }).filter((f) => f.kind === 'violation');
    return problems.length === 0 ? undefined : `${op.operationId}: ${problems.map((f) => `${f.message} (#${f.pointer})`).join('; ')}`;
  }

  /** Every violation and unknown field of one answer. Response headers are checked where the spec declares them required. */
  findings(op: SpecOperation, status: number, headers: Headers, text: string, options: CheckOptions = {}): Finding[] {
    const out: Finding[] = [];
    const add = (kind: Finding['kind'], pointer: string, message: string) =>
      out.push({ kind, api: this.api, revision: this.revision, operationId: op.operationId, method: op.method.toUpperCase(), path: op.path, direction: 'response', status, pointer, message });
    const contentType = headers.get('content-type');
    const responsesPointer = appendPointer(op.pointer, 'responses');
    const responses = (getAtPointer(this.document, responsesPointer) ?? {}) as Record<string, unknown>;
    const key = [String(status), `${String(status)[0]}XX`, 'default'].find((k) => k in responses);
    let schemaPointer: string | undefined;
    if (key === undefined) {
      if (status < 400 || !options.tolerateUndeclaredErrors) {
        add('violation', responsesPointer, `status ${status} is not declared (declared: ${Object.keys(responses).join(', ')})`);
        return out;
      }
      this.undeclared.add(`${op.operationId} ${status}`);
      schemaPointer = '/components/schemas/Error';
    } else {
      const response = this.resolve(appendPointer(responsesPointer, key));
      for (const [name, raw] of Object.entries((response.value.headers ?? {}) as Record<string, unknown>)) {
        const header = this.resolve(appendPointer(response.pointer, 'headers', name));
        if ((header.value as { required?: boolean }).required && !headers.has(name) && raw !== undefined) {
          add('violation', header.pointer, `required header ${name} is missing`);
        }
      }
      const content = (response.value.content ?? {}) as Record<string, { schema?: unknown }>;
      const mediaTypes = Object.keys(content);
      if (mediaTypes.length === 0) {
        if (text !== '') add('violation', response.pointer, `${status} declares no body but one was sent`);
        return out;
      }
      const json = mediaTypes.find((m) => /json/.test(m));
      if (!json) {
        if (!mediaTypes.some((m) => contentType?.startsWith(m)) && status < 400) {
          add('violation', appendPointer(response.pointer, 'content'), `content-type ${contentType ?? '(none)'} is not one of ${mediaTypes.join(', ')}`);
        }
        return out;
      }
      if (!contentType?.includes('json')) {
        add('violation', appendPointer(response.pointer, 'content'), `content-type ${contentType ?? '(none)'} is not ${json}`);
        return out;
      }
      if (content[json]!.schema !== undefined) schemaPointer = appendPointer(response.pointer, 'content', json, 'schema');
    }
    if (!contentType?.includes('json')) {
      add('violation', responsesPointer, `${status} answered with content-type ${contentType ?? '(none)'}, not JSON`);
      return out;
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      add('violation', schemaPointer ?? responsesPointer, `${status} body is not JSON`);
      return out;
    }
    if (!schemaPointer) return out;
    const validate = this.validator(schemaPointer);
    if (!validate(body)) for (const error of relevantErrors(validate.errors)) add('violation', this.rulePointer(error, schemaPointer), describe(error));
    else for (const unknown of this.unknownFields(schemaPointer, body, '')) add('unknown-field', unknown.pointer, `${unknown.at} is not a property the schema names`);
    return out;
  }

  /** The pointer of the keyword an Ajv error broke, in the bundled document. */
  private rulePointer(error: ErrorObject, fallback: string): string {
    const parent = error.parentSchema ? this.pointers.get(error.parentSchema) : undefined;
    return parent === undefined ? fallback : `${parent}/${escapeToken(error.keyword)}`;
  }

  /** Properties present in a valid value that its schema (or the `oneOf` alternative it fits) does not name. */
  private unknownFields(pointer: string, value: unknown, at: string, depth = 0): Array<{ pointer: string; at: string }> {
    const { value: schema, pointer: where } = this.resolve(pointer);
    if (!schema || typeof schema !== 'object' || depth > 32 || value === null || typeof value !== 'object') return [];
    for (const key of ['oneOf', 'anyOf'] as const) {
      const alternatives = schema[key];
      if (Array.isArray(alternatives)) {
        const fits = alternatives.findIndex((_, i) => this.accepts(`${where}/${key}/${i}`, value));
        return fits < 0 ? [] : this.unknownFields(`${where}/${key}/${fits}`, value, at, depth + 1);
      }
    }
    if (Array.isArray(schema.allOf)) return []; // the union of the parts' properties would be needed; no revision uses allOf
    if (Array.isArray(value)) {
      return schema.items === undefined ? [] : value.flatMap((item, i) => this.unknownFields(`${where}/items`, item, `${at}/${i}`, depth + 1));
    }
    const out: Array<{ pointer: string; at: string }> = [];
    const properties = (schema.properties ?? undefined) as Record<string, unknown> | undefined;
    const extra = schema.additionalProperties;
    for (const [name, child] of Object.entries(value as Record<string, unknown>)) {
      const childAt = `${at}/${escapeToken(name)}`;
      if (properties && name in properties) out.push(...this.unknownFields(`${where}/properties/${escapeToken(name)}`, child, childAt, depth + 1));
      else if (extra && typeof extra === 'object') out.push(...this.unknownFields(`${where}/additionalProperties`, child, childAt, depth + 1));
      else if (properties && extra === undefined) out.push({ pointer: where, at: childAt });
    }
    return out;
  }
}

/** Drops `oneOf` failures where the value fits several alternatives (overlapping published alternatives, see the mock's validation.ts). */
function relevantErrors(errors: readonly ErrorObject[] | null | undefined): ErrorObject[] {
  return (errors ?? []).filter((e) => !(e.keyword === 'oneOf' && Array.isArray((e.params as { passingSchemas?: unknown }).passingSchemas)));
}

/** One error in words: where in the body, and what. Values are never quoted (a body may hold secrets). */
function describe(error: ErrorObject): string {
  const at = error.instancePath || '/';
  switch (error.keyword) {
    case 'required':
      return `${at}: required property ${(error.params as { missingProperty: string }).missingProperty} is missing`;
    case 'type':
      return `${at}: must be ${(error.params as { type: string }).type}, is ${Array.isArray(error.data) ? 'array' : error.data === null ? 'null' : typeof error.data}`;
    case 'enum':
      return `${at}: not one of the spec's values ${((error.params as { allowedValues: unknown[] }).allowedValues).map(String).join(', ')}`;
    default:
      return `${at}: ${error.message ?? error.keyword}`;
  }
}
