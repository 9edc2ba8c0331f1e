// The facts of an operation or schema with the prose left out, so that our specs (written in our own
// words) can be compared with the real published files: names, types, formats, enums, bounds, required
// lists, references. Descriptions, summaries and examples are deliberately not part of it.
import { deref, type OperationView, permissions, properties, required } from './openapi.js';

type Node = Record<string, unknown>;

function isObject(value: unknown): value is Node {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

const sorted = (values: unknown) => (Array.isArray(values) ? values.map(String).sort() : undefined);

/** Name of a component schema reference, or undefined. */
function refName(node: unknown): string | undefined {
  if (!isObject(node) || typeof node.$ref !== 'string') return undefined;
  return /^#\/components\/schemas\/(.+)$/.exec(node.$ref)?.[1] ?? node.$ref;
}

/**
 * Facts of one schema node, not descending into named schemas (they are compared on their own):
 * a `$ref` to a component schema is reduced to that schema's name.
 */
export function schemaFacts(doc: unknown, raw: unknown): unknown {
  const name = refName(raw);
  if (name !== undefined) return { $ref: name };
  const node = deref(doc, raw);
  if (!isObject(node)) return node;
  const facts: Node = {};
  for (const key of ['type', 'format', 'nullable', 'default', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'minLength', 'maxLength', 'pattern', 'minItems', 'maxItems', 'uniqueItems', 'readOnly', 'writeOnly']) {
    if (node[key] !== undefined) facts[key] = node[key];
  }
  if (node.enum !== undefined) facts.enum = sorted(node.enum);
  if (node.required !== undefined) facts.required = sorted(node.required);
  if (node.items !== undefined) facts.items = schemaFacts(doc, node.items);
  if (isObject(node.additionalProperties)) facts.additionalProperties = schemaFacts(doc, node.additionalProperties);
  else if (node.additionalProperties !== undefined) facts.additionalProperties = node.additionalProperties;
  for (const key of ['allOf', 'oneOf', 'anyOf']) {
    if (Array.isArray(node[key])) facts[key] = (node[key] as unknown[]).map((child) => schemaFacts(doc, child));
  }
  if (isObject(node.properties)) {
    facts.properties = Object.fromEntries(
      Object.keys(node.properties).sort().map((prop) => [prop, schemaFacts(doc, (node.properties as Node)[prop])]),
    );
  }
  return facts;
}

/** Facts of a component schema: its own facts, with its required list and property names spelled out. */
export function namedSchemaFacts(doc: unknown, node: Node | undefined): unknown {
  if (!node) return 'absent';
  return { ...(schemaFacts(doc, node) as Node), required: required(node).sort(), propertyNames: Object.keys(properties(node)).sort() };
}

/** Facts of an operation, with parameters in order. */
export function operationFacts(doc: unknown, view: OperationView): Node {
  const body = deref(doc, view.operation.requestBody);
  const responses = isObject(view.operation.responses) ? view.operation.responses : {};
  return {
    path: view.path,
    method: view.method,
    parameterNames: view.parameters.map((p) => String(p.name)),
    parameters: view.parameters.map((p) => ({ name: p.name, in: p.in, required: p.required === true, schema: schemaFacts(doc, p.schema) })),
    requestBody: isObject(body)
      ? {
          required: body.required === true,
          content: Object.fromEntries(Object.entries(isObject(body.content) ? body.content : {}).map(([type, media]) => [type, schemaFacts(doc, (media as Node).schema)])),
        }
      : undefined,
    responseCodes: Object.keys(responses).sort(),
    responses: Object.fromEntries(
      Object.entries(responses).map(([code, raw]) => {
        const response = deref(doc, raw) as Node;
        const content = isObject(response.content) ? response.content : {};
        return [code, Object.fromEntries(Object.entries(content).map(([type, media]) => [type, schemaFacts(doc, (media as Node).schema)]))];
      }),
    ),
    tags: view.operation.tags,
    security: view.operation.security,
    permissions: permissions(view),
  };
}

/** Lists where two fact trees differ, as `path: ours ≠ real` lines. */
export function differences(ours: unknown, real: unknown, at = ''): string[] {
  if (JSON.stringify(ours) === JSON.stringify(real)) return [];
  if (isObject(ours) && isObject(real)) {
    const keys = [...new Set([...Object.keys(ours), ...Object.keys(real)])].sort();
    return keys.flatMap((key) => differences(ours[key], real[key], `${at}.${key}`));
  }
  return [`${at || '.'}: ours ${JSON.stringify(ours)} ≠ real ${JSON.stringify(real)}`];
}
