import { appendPointer, getAtPointer } from '@astro-api/spec-loader';
import type { MockSpec } from './spec.js';

type Schema = Record<string, unknown>;

export interface SampleOptions {
  /** The time used for `date-time` values without an example. */
  now?: Date;
  /** Include optional properties (with or without an example). Default: true. */
  optional?: boolean;
  /** Depth after which optional properties are left out, which also ends recursive schemas. */
  maxDepth?: number;
  /**
   * Validates a candidate against the schema at a pointer. With it, `oneOf`/`anyOf` samples are tried
   * alternative by alternative (with and without optional properties) until one validates, since
   * overlapping alternatives make the first one match several.
   */
  accepts?: (pointer: string, value: unknown) => boolean;
}

/**
 * Builds a value for the schema at `pointer` from the spec's own `example`s, falling back to the
 * first `enum` value, the `default`, or the smallest value the constraints allow. The result is
 * meant to be schema-valid; the server's self-check verifies that it is.
 */
export function sampleFromSchema(spec: MockSpec, pointer: string, options: SampleOptions = {}): unknown {
  return build(spec, getAtPointer(spec.document, pointer) as Schema, pointer, options, 0);
}

function build(spec: MockSpec, raw: Schema, pointer: string, options: SampleOptions, depth: number): unknown {
  const { value: schema, pointer: at } = spec.deref<Schema>(raw, pointer);
  if (Array.isArray(schema.allOf)) {
    const parts = schema.allOf.map((part, i) => build(spec, part as Schema, appendPointer(at, 'allOf', i), options, depth));
    return parts.every(isPlainObject) ? Object.assign({}, ...parts) : parts[0];
  }
  for (const key of ['oneOf', 'anyOf'] as const) {
    const alternatives = schema[key];
    if (!Array.isArray(alternatives) || alternatives.length === 0) continue;
    const candidates = alternatives.flatMap((alternative, i) =>
      [true, false].map((optional) => () => build(spec, alternative as Schema, appendPointer(at, key, i), { ...options, optional }, depth)),
    );
    if (options.accepts) {
      for (const candidate of candidates) {
        const value = candidate();
        if (options.accepts(at, value)) return value;
      }
    }
    return candidates[0]!();
  }
  if (schema.example !== undefined && fitsType(schema, schema.example)) return structuredClone(schema.example);
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  if (schema.default !== undefined) return structuredClone(schema.default);
  const type = schema.type ?? (schema.properties ? 'object' : schema.items ? 'array' : undefined);
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      const required = new Set((schema.required as string[] | undefined) ?? []);
      const properties = (schema.properties ?? {}) as Record<string, Schema>;
      const includeOptional = (options.optional ?? true) && depth < (options.maxDepth ?? 3);
      for (const [name, property] of Object.entries(properties)) {
        if (!required.has(name) && !includeOptional) continue;
        out[name] = build(spec, property, appendPointer(at, 'properties', name), options, depth + 1);
      }
      return out;
    }
    case 'array': {
      const count = Math.max(Number(schema.minItems ?? 0), depth < (options.maxDepth ?? 3) ? 1 : 0);
      if (schema.items === undefined) return [];
      return Array.from({ length: count }, () => build(spec, schema.items as Schema, appendPointer(at, 'items'), options, depth + 1));
    }
    case 'integer':
    case 'number':
      return typeof schema.minimum === 'number' ? schema.minimum : typeof schema.maximum === 'number' ? Math.min(0, schema.maximum) : 0;
    case 'boolean':
      return false;
    case 'string':
      return sampleString(schema, options.now ?? new Date());
    default:
      return {};
  }
}

function sampleString(schema: Schema, now: Date): string {
  switch (schema.format) {
    case 'date-time':
      return isoSeconds(now);
    case 'date':
      return isoSeconds(now).slice(0, 10);
    case 'email':
      return 'user@example.com';
    case 'uri':
    case 'url':
      return 'https://example.com';
    case 'uuid':
      return '00000000-0000-4000-8000-000000000000';
  }
  const min = Number(schema.minLength ?? 0);
  return 'x'.repeat(Math.max(min, 1)).slice(0, Number(schema.maxLength ?? Infinity));
}

/** `YYYY-MM-DDTHH:MM:SSZ`, the format the Astro API documents for its timestamps. */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A cheap sanity check so that a mistyped `example` (a common spec slip) does not leak into answers. */
function fitsType(schema: Schema, example: unknown): boolean {
  switch (schema.type) {
    case 'string':
      return typeof example === 'string' && (!Array.isArray(schema.enum) || schema.enum.includes(example));
    case 'integer':
      return Number.isInteger(example);
    case 'number':
      return typeof example === 'number';
    case 'boolean':
      return typeof example === 'boolean';
    case 'array':
      return Array.isArray(example);
    case 'object':
      return isPlainObject(example);
    default:
      return true;
  }
}
