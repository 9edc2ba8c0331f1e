import { definitionKey } from '../load/side.js';
import { valueKey } from '../match/keys.js';

/**
 * `valueKey` and `definitionKey` of an object, worked out once per object. Both write the whole
 * subtree out as canonical text; the composition pass asks them of the same members again and again
 * (each removed branch against each added one, each inline branch every time its union is compared).
 * Parsed values are never changed after loading, and the values the differ builds are finished before
 * anyone reads them, so an object's text stays what it was.
 */
const valueKeys = new WeakMap<object, string>();
const definitionKeys = new WeakMap<object, string>();

export function valueKeyOf(value: unknown): string {
  if (value === null || typeof value !== 'object') return valueKey(value);
  let key = valueKeys.get(value);
  if (key === undefined) valueKeys.set(value, (key = valueKey(value)));
  return key;
}

export function definitionKeyOf(value: unknown): string {
  if (value === null || typeof value !== 'object') return definitionKey(value);
  let key = definitionKeys.get(value);
  if (key === undefined) definitionKeys.set(value, (key = definitionKey(value)));
  return key;
}
