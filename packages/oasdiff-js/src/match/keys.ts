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

/**
 * Enum values (and defaults) compare by value: a canonical JSON text with sorted object keys. The text
 * is `JSON.stringify(value)` of a copy whose objects list their keys sorted (by UTF-16 code units),
 * except that keys which are array indices (`"200"`, `"404"`) come first, in numeric order, as in any
 * JavaScript object. Written out directly, without building the sorted copies.
 */
export function valueKey(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  return canonicalJson(value, '') as string;
}

const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Whether a key is an array index (an integer below 2^32 - 1 written canonically): objects list those first. */
function isArrayIndex(key: string): boolean {
  const first = key.charCodeAt(0);
  if (first < 48 || first > 57 || (first === 48 && key.length > 1) || key.length > 10) return false;
  for (let i = 1; i < key.length; i++) {
    const c = key.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return Number(key) < 4294967295;
}

/** `JSON.stringify` of one value as a member named `key` (`toJSON` honoured), objects with sorted keys; undefined where it writes nothing. */
function canonicalJson(value: unknown, key: string): string | undefined {
  if (value !== null && typeof value === 'object') {
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') value = toJSON.call(value, key) as unknown;
  }
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) {
    let text = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) text += ',';
      text += canonicalJson(value[i], String(i)) ?? 'null';
    }
    return text + ']';
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  // Own keys list array indices first (ascending); the rest are sorted.
  let indices = 0;
  while (indices < keys.length && isArrayIndex(keys[indices]!)) indices++;
  const names = indices === 0 ? keys.sort(byCodeUnits) : [...keys.slice(0, indices), ...keys.slice(indices).sort(byCodeUnits)];
  let text = '{';
  let first = true;
  for (const name of names) {
    const member = canonicalJson(record[name], name);
    if (member === undefined) continue;
    text += (first ? '' : ',') + JSON.stringify(name) + ':' + member;
    first = false;
  }
  return text + '}';
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
