import { appendPointer, currentRevision, escapeToken, getAtPointer, parsePointer } from '@astro-api/spec-loader';
import type { ErrorObject } from 'ajv';
import { declaredResponse } from './self-check.js';
import { isJson, type MockSpec, type OperationInfo } from './spec.js';
import { withoutAmbiguousOneOf, type FieldError, type SpecValidator } from './validation.js';

/**
 * One thing a server did (or a client sent) that the spec revision does not say. The same shape as the
 * conformance runner's (`@astro-api/contract`, src/findings.ts), so a proxy session and a run compare
 * line by line: operation, spec pointer, revision, message.
 */
export interface Finding {
  kind: 'violation' | 'unknown-field';
  api: string;
  revision: string;
  operationId: string;
  method: string;
  path: string;
  direction: 'request' | 'response';
  status?: number;
  /** JSON pointer into the bundled spec document of the rule broken. */
  pointer: string;
  message: string;
}

export function formatFinding(f: Finding): string {
  return `${f.operationId}${f.status === undefined ? '' : ` ${f.status}`} ${f.direction} #${f.pointer} (${f.api} ${f.revision})${f.kind === 'unknown-field' ? ' [unknown field]' : ''}: ${f.message}`;
}

/** The dated revision a spec is (the manifest's current one), or where it came from for a spec given by path. */
export function revisionOf(spec: MockSpec): string {
  try {
    return currentRevision(spec.api).date;
  } catch {
    return spec.source;
  }
}

type Node = Record<string, unknown>;

/** The node at a pointer of the bundled document, `$ref`s followed. */
function locate<T>(spec: MockSpec, pointer: string) {
  return spec.deref<T>(getAtPointer(spec.document, pointer), pointer);
}

/**
 * The schema a value at `instancePath` is held to, walking from the schema at `root` through `$ref`s,
 * properties, items and the first `oneOf`/`anyOf` alternative that names the next step.
 */
export function schemaPointerAt(spec: MockSpec, root: string, instancePath: string): string {
  let at = locate<Node>(spec, root);
  const step = (pointer: string) => (at = locate<Node>(spec, pointer));
  for (const token of parsePointer(instancePath)) {
    for (const key of ['oneOf', 'anyOf'] as const) {
      const alternatives = at.value[key];
      if (!Array.isArray(alternatives)) continue;
      const index = alternatives.findIndex((_, i) => {
        const alt = locate<Node>(spec, `${at.pointer}/${key}/${i}`).value;
        return (alt.properties as Node | undefined)?.[token] !== undefined || (/^\d+$/.test(token) && alt.items !== undefined);
      });
      if (index >= 0) step(`${at.pointer}/${key}/${index}`);
    }
    if (/^\d+$/.test(token) && at.value.items !== undefined) step(`${at.pointer}/items`);
    else if ((at.value.properties as Node | undefined)?.[token] !== undefined) step(`${at.pointer}/properties/${escapeToken(token)}`);
    else if (typeof at.value.additionalProperties === 'object') step(`${at.pointer}/additionalProperties`);
    else break;
  }
  return at.pointer;
}

function describe(error: ErrorObject): string {
  const at = error.instancePath || '/';
  switch (error.keyword) {
    case 'required':
      return `${at}: required property ${(error.params as { missingProperty: string }).missingProperty} is missing`;
    case 'type':
      return `${at}: must be ${(error.params as { type: string }).type}`;
    case 'enum':
      return `${at}: not one of the spec's values ${((error.params as { allowedValues: unknown[] }).allowedValues).map(String).join(', ')}`;
    default:
      return `${at}: ${error.message ?? error.keyword}`;
  }
}

/**
 * Holds one answer to the spec with the mock's own validator: status declared, content type, body schema,
 * required headers. Error statuses the operation does not declare are findings too (a live server's 404 on
 * an operation without one is drift).
 */
export function responseFindings(
  spec: MockSpec,
  validator: SpecValidator,
  operation: OperationInfo,
  status: number,
  headers: Headers,
  text: string,
): Finding[] {
  const out: Finding[] = [];
  const base = { kind: 'violation' as const, api: spec.api, revision: revisionOf(spec), operationId: operation.operationId, method: operation.method.toUpperCase(), path: operation.path, direction: 'response' as const, status };
  const add = (pointer: string, message: string) => out.push({ ...base, pointer, message });
  const responsesPointer = appendPointer(operation.pointer, 'responses');
  const declared = declaredResponse(operation, status);
  if (!declared) {
    add(responsesPointer, `status ${status} is not declared (declared: ${operation.responses.map((r) => r.status).join(', ')})`);
    return out;
  }
  const response = locate<Node>(spec, appendPointer(responsesPointer, declared.status));
  for (const name of Object.keys((response.value.headers ?? {}) as Node)) {
    const header = locate<{ required?: boolean }>(spec, appendPointer(response.pointer, 'headers', name));
    if (header.value.required && !headers.has(name)) add(header.pointer, `required header ${name} is missing`);
  }
  const contentType = headers.get('content-type');
  if (declared.content.size === 0) {
    if (text !== '') add(response.pointer, `${status} declares no body but one was sent`);
    return out;
  }
  const json = [...declared.content].find(([mediaType]) => isJson(mediaType));
  if (!json) {
    if (status < 400 && ![...declared.content.keys()].some((m) => contentType?.startsWith(m))) {
      add(appendPointer(response.pointer, 'content'), `content-type ${contentType ?? '(none)'} is not one of ${[...declared.content.keys()].join(', ')}`);
    }
    return out;
  }
  if (!contentType || !/json/.test(contentType)) {
    add(appendPointer(response.pointer, 'content'), `content-type ${contentType ?? '(none)'} is not ${json[0]}`);
    return out;
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    add(json[1] ?? response.pointer, `${status} body is not JSON`);
    return out;
  }
  if (json[1] === undefined) return out;
  const validate = validator.at(json[1]);
  if (validate(body)) {
    for (const unknown of unknownFields(spec, validator, json[1], body, '')) {
      out.push({ ...base, kind: 'unknown-field', pointer: unknown.pointer, message: `${unknown.at} is not a property the schema names` });
    }
    return out;
  }
  for (const error of withoutAmbiguousOneOf(validate.errors)) {
    add(`${schemaPointerAt(spec, json[1], error.instancePath)}/${escapeToken(error.keyword)}`, describe(error));
  }
  return out;
}

/** Properties of a valid value that its schema (or the `oneOf` alternative it fits) does not name. */
function unknownFields(spec: MockSpec, validator: SpecValidator, pointer: string, value: unknown, at: string, depth = 0): Array<{ pointer: string; at: string }> {
  const { value: schema, pointer: where } = locate<Node>(spec, pointer);
  if (!schema || typeof schema !== 'object' || depth > 32 || value === null || typeof value !== 'object') return [];
  for (const key of ['oneOf', 'anyOf'] as const) {
    const alternatives = schema[key];
    if (Array.isArray(alternatives)) {
      const fits = alternatives.findIndex((_, i) => validator.at(`${where}/${key}/${i}`)(value));
      return fits < 0 ? [] : unknownFields(spec, validator, `${where}/${key}/${fits}`, value, at, depth + 1);
    }
  }
  if (Array.isArray(schema.allOf)) return [];
  if (Array.isArray(value)) return schema.items === undefined ? [] : value.flatMap((item, i) => unknownFields(spec, validator, `${where}/items`, item, `${at}/${i}`, depth + 1));
  const out: Array<{ pointer: string; at: string }> = [];
  const properties = schema.properties as Node | undefined;
  const extra = schema.additionalProperties;
  for (const [name, child] of Object.entries(value as Node)) {
    const childAt = `${at}/${escapeToken(name)}`;
    if (properties && name in properties) out.push(...unknownFields(spec, validator, `${where}/properties/${escapeToken(name)}`, child, childAt, depth + 1));
    else if (extra && typeof extra === 'object') out.push(...unknownFields(spec, validator, `${where}/additionalProperties`, child, childAt, depth + 1));
    else if (properties && extra === undefined) out.push({ pointer: where, at: childAt });
  }
  return out;
}

/** A request the mock's validation refused, one finding per field error (pointer: the operation's parameters or body). */
export function requestFindings(spec: MockSpec, operation: OperationInfo, fieldErrors: readonly FieldError[], message: string): Finding[] {
  const base = { kind: 'violation' as const, api: spec.api, revision: revisionOf(spec), operationId: operation.operationId, method: operation.method.toUpperCase(), path: operation.path, direction: 'request' as const };
  const bodyPointer = operation.requestBody?.schemaPointer ?? appendPointer(operation.pointer, 'requestBody');
  const parameter = (field: string) => operation.parameters.find((p) => field === p.name || field.startsWith(`${p.name}.`) || field.startsWith(`${p.name}[`));
  if (fieldErrors.length === 0) return [{ ...base, pointer: operation.pointer, message }];
  return fieldErrors.map((e) => {
    const p = parameter(e.field);
    return { ...base, pointer: p?.schemaPointer ?? (e.field === '(body)' || !p ? bodyPointer : operation.pointer), message: e.message };
  });
}
