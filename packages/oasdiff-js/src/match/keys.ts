/**
 * Identity keys. Two elements with the same key are "the same element" on both sides, wherever
 * they sit in their arrays.
 */

/** HTTP methods of a Path Item Object (OpenAPI 3.1 §4.8.9). */
export const httpMethods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/**
 * `/a/{id}/b` and `/a/{x}/b` are the same template: path-parameter names are not part of the
 * identity (OpenAPI 3.1 §4.8.8: "templated paths with the same hierarchy but different templated
 * names MUST NOT exist" because they are identical).
 */
export function normalisePathTemplate(template: string): string {
  return template.replace(/\{[^}/]*\}/g, '{}');
}

export function operationKey(method: string, template: string): string {
  return `${method.toUpperCase()} ${normalisePathTemplate(template)}`;
}

/** Parameters are unique by (in, name); header names are case-insensitive (RFC 9110 §5.1). */
export function parameterKey(parameter: { in?: unknown; name?: unknown }): string {
  const where = String(parameter.in ?? '');
  const name = String(parameter.name ?? '');
  return `${where}:${where === 'header' ? name.toLowerCase() : name}`;
}

/** Response header names are case-insensitive too. */
export function headerKey(name: string): string {
  return name.toLowerCase();
}

/** Media types compare without parameters' spacing or case of type/subtype (RFC 9110 §8.3.1). */
export function mediaTypeKey(name: string): string {
  const [type = '', ...params] = name.split(';');
  return [type.trim().toLowerCase(), ...params.map((p) => p.trim())].join(';');
}

/** Enum values (and defaults) compare by value: a canonical JSON text with sorted object keys. */
export function valueKey(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}
