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
  if (!name.includes(';')) return name.trim().toLowerCase(); // most names: no parameters
  const [type = '', ...params] = name.split(';');
  return [type.trim().toLowerCase(), ...params.map((p) => p.trim())].join(';');
}

/** Enum values (and defaults) compare by value: a canonical JSON text with sorted object keys. */
export function valueKey(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/**
 * Whether two JSON values are equal as `valueKey` sees them (object key order ignored), without
 * serialising them: examples and defaults can be large and are almost always equal.
 */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') {
    // valueKey maps undefined, functions and NaN the way JSON.stringify does; mirror it for the rare non-JSON case.
    return typeof a === 'number' && typeof b === 'number' ? JSON.stringify(a) === JSON.stringify(b) : false;
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const y = b as unknown[];
    if (a.length !== y.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameValue(a[i] === undefined ? null : a[i], y[i] === undefined ? null : y[i])) return false;
    return true;
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const xKeys = Object.keys(x).filter((k) => x[k] !== undefined);
  const yKeys = Object.keys(y).filter((k) => y[k] !== undefined);
  if (xKeys.length !== yKeys.length) return false;
  for (const k of xKeys) if (!Object.prototype.hasOwnProperty.call(y, k) || !sameValue(x[k], y[k])) return false;
  return true;
}

/**
 * Whether `JSON.stringify(a) === JSON.stringify(b)` (key order counts), without building the texts.
 * For values parsed from JSON or YAML (no `undefined`, functions or cycles).
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return typeof a === 'number' && typeof b === 'number' && JSON.stringify(a) === JSON.stringify(b);
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const y = b as unknown[];
    if (a.length !== y.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], y[i])) return false;
    return true;
  }
  const xKeys = Object.keys(a);
  const yKeys = Object.keys(b);
  if (xKeys.length !== yKeys.length) return false;
  for (let i = 0; i < xKeys.length; i++) {
    const key = xKeys[i]!;
    if (key !== yKeys[i] || !sameJson((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key])) return false;
  }
  return true;
}
