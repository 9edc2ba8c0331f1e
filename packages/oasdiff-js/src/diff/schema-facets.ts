import type { NumericFacet } from './tree.js';

/**
 * Numeric constraints compared as "set / unset / increased / decreased". Names follow oasdiff's
 * rule ids (`max` for `maximum`, `max-length` for `maxLength`, …).
 */
export const numericFacets: ReadonlyArray<{ keyword: string; facet: NumericFacet }> = [
  { keyword: 'maximum', facet: 'max' },
  { keyword: 'minimum', facet: 'min' },
  { keyword: 'exclusiveMaximum', facet: 'exclusive-max' },
  { keyword: 'exclusiveMinimum', facet: 'exclusive-min' },
  { keyword: 'maxLength', facet: 'max-length' },
  { keyword: 'minLength', facet: 'min-length' },
  { keyword: 'maxItems', facet: 'max-items' },
  { keyword: 'minItems', facet: 'min-items' },
  { keyword: 'maxProperties', facet: 'max-properties' },
  { keyword: 'minProperties', facet: 'min-properties' },
  { keyword: 'maxContains', facet: 'max-contains' },
  { keyword: 'minContains', facet: 'min-contains' },
];

/**
 * JSON Schema 2020 subschema keywords compared whole (a change inside one may narrow or widen, so it
 * is one change), with the change-kind prefix oasdiff uses for them.
 */
export const subschemaKeywords = [
  ['contains', 'contains'],
  ['if', 'if'],
  ['then', 'then'],
  ['else', 'else'],
  ['propertyNames', 'property-names'],
  ['unevaluatedItems', 'unevaluated-items'],
  ['unevaluatedProperties', 'unevaluated-properties'],
  ['contentSchema', 'content-schema'],
  ['prefixItems', 'prefix-items'],
] as const;

/** OpenAPI 3.0 boolean exclusive bounds: [keyword, facet it qualifies, the bound keyword it applies to]. */
export const exclusiveFlags = [
  ['exclusiveMinimum', 'min', 'minimum'],
  ['exclusiveMaximum', 'max', 'maximum'],
] as const;

/** Boolean annotations: [keyword, change when it turns true, change when it turns false]. `deprecated` is read with its `x-sunset` by diff/lifecycle.ts. */
export const flagFacets = [
  ['readOnly', 'became-read-only', 'became-not-read-only'],
  ['writeOnly', 'became-write-only', 'became-not-write-only'],
] as const;

/** Composition keywords and the change-kind prefix they report under. */
export const compositions = [
  ['allOf', 'all-of'],
  ['oneOf', 'one-of'],
  ['anyOf', 'any-of'],
] as const;
