/** Captures what renderers show about a parameter, schema or operation, so that they never read a spec. */
import { child, deref, displayIdentity, isRef, type Located } from '../load/located.js';
import type { ParameterDetails, PropertyDetails, SchemaDetails, SchemaSummary } from './tree.js';

type Obj = Record<string, unknown>;

export function asObject(value: unknown): Obj {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Obj) : {};
}

/** `type` as a list without `null` (3.1 type arrays and 3.0 `nullable` both express nullability). */
export function typesOf(schema: Obj): string[] {
  const type = schema.type;
  const list = Array.isArray(type) ? type.map(String) : typeof type === 'string' ? [type] : [];
  return list.filter((t) => t !== 'null');
}

export function isNullable(schema: Obj): boolean {
  return schema.nullable === true || (Array.isArray(schema.type) && schema.type.includes('null'));
}

const plural: Record<string, string> = { string: 'strings', integer: 'integers', number: 'numbers', boolean: 'booleans', object: 'objects', array: 'arrays' };

/** A short type text: `string`, `array of strings`, `ApiToken`, `array of ApiToken`. */
export function typeText(at: Located | undefined, depth = 0): string {
  if (!at || at.value === undefined) return 'any';
  const { node, identity } = safeDeref(at);
  const schema = asObject(node.value);
  const types = typesOf(schema);
  if (types.includes('array') || (types.length === 0 && schema.items !== undefined)) {
    if (depth > 3) return 'array';
    const items = child(node, 'items');
    const itemType = typeText(items, depth + 1);
    const itemRef = isRef(items.value);
    return `array of ${itemRef ? itemType : (plural[itemType] ?? itemType)}`;
  }
  if (identity && (types.length === 0 || types.includes('object'))) return displayIdentity(identity);
  if (types.length > 0) return types.join(' or ');
  if (Array.isArray(schema.oneOf) || Array.isArray(schema.anyOf)) return 'one of several types';
  if (Array.isArray(schema.allOf)) return 'object';
  if (schema.properties !== undefined) return 'object';
  return 'any';
}

function safeDeref(at: Located): { node: Located; identity: string | undefined } {
  try {
    return deref(at);
  } catch {
    return { node: at, identity: undefined };
  }
}

const numeric: Array<[keyof SchemaSummary, string]> = [
  ['minimum', 'minimum'],
  ['maximum', 'maximum'],
  ['minLength', 'minLength'],
  ['maxLength', 'maxLength'],
  ['minItems', 'minItems'],
  ['maxItems', 'maxItems'],
];

export function summariseSchema(at: Located | undefined): SchemaSummary {
  if (!at || at.value === undefined) return { type: 'any' };
  const { node, identity } = safeDeref(at);
  const schema = asObject(node.value);
  const summary: SchemaSummary = { type: typeText(at) };
  if (identity) summary.ref = displayIdentity(identity);
  if (typeof schema.format === 'string') summary.format = schema.format;
  if (typeof schema.description === 'string') summary.description = schema.description;
  // Enum of an array parameter lives on its items (`sorts` takes `name:asc`, `name:desc`, …).
  const enumSource = Array.isArray(schema.enum) ? schema : asObject(safeDeref(child(node, 'items')).node.value);
  if (Array.isArray(enumSource.enum)) summary.enum = [...enumSource.enum];
  if (schema.default !== undefined) summary.default = schema.default;
  for (const [key, field] of numeric) if (typeof schema[field] === 'number') (summary as unknown as Obj)[key] = schema[field];
  if (typeof schema.pattern === 'string') summary.pattern = schema.pattern;
  if (isNullable(schema)) summary.nullable = true;
  if (schema.deprecated === true) summary.deprecated = true;
  if (schema.readOnly === true) summary.readOnly = true;
  if (schema.writeOnly === true) summary.writeOnly = true;
  return summary;
}

export function parameterDetails(parameter: Located): ParameterDetails {
  const p = asObject(parameter.value);
  const summary = summariseSchema(p.schema !== undefined ? child(parameter, 'schema') : firstContentSchema(parameter));
  const details: ParameterDetails = { ...summary, name: String(p.name ?? ''), in: String(p.in ?? ''), required: p.required === true };
  if (typeof p.description === 'string') details.description = p.description;
  else delete details.description;
  if (p.deprecated === true) details.deprecated = true;
  if (typeof p.style === 'string') details.style = p.style;
  if (typeof p.explode === 'boolean') details.explode = p.explode;
  return details;
}

/**
 * How a parameter is serialised (OpenAPI 3.1 §4.8.12.4): `style` defaults to `form` in query and
 * cookie and to `simple` in path and header; `explode` defaults to true for `form` only. Comparing
 * the effective values means spelling out a default is not reported as a change.
 */
export function effectiveStyle(p: Pick<ParameterDetails, 'in' | 'style' | 'explode'>): { style: string; explode: boolean } {
  const style = p.style ?? (p.in === 'query' || p.in === 'cookie' ? 'form' : 'simple');
  return { style, explode: p.explode ?? style === 'form' };
}

function firstContentSchema(parameter: Located): Located | undefined {
  const content = asObject(asObject(parameter.value).content);
  const first = Object.keys(content)[0];
  return first === undefined ? undefined : child(parameter, 'content', first, 'schema');
}

export function propertyDetails(property: Located, name: string, required: boolean): PropertyDetails {
  return { ...summariseSchema(property), name, required };
}

/** An object schema with its properties (allOf members inline or by reference contribute theirs). */
export function schemaDetails(at: Located, name: string): SchemaDetails {
  const summary = summariseSchema(at);
  delete summary.ref;
  const properties: PropertyDetails[] = [];
  const seen = new Set<string>();
  const collect = (loc: Located, depth: number) => {
    const { node } = safeDeref(loc);
    const schema = asObject(node.value);
    const required = new Set(Array.isArray(schema.required) ? schema.required.map(String) : []);
    for (const prop of Object.keys(asObject(schema.properties))) {
      if (seen.has(prop)) continue;
      seen.add(prop);
      properties.push(propertyDetails(child(node, 'properties', prop), prop, required.has(prop)));
    }
    if (depth < 4 && Array.isArray(schema.allOf)) schema.allOf.forEach((_m, i) => collect(child(node, 'allOf', i), depth + 1));
  };
  collect(at, 0);
  return { ...summary, name, properties };
}
