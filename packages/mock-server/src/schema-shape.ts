import { appendPointer, getAtPointer } from '@astro-api/spec-loader';
import type { MockSpec } from './spec.js';

type Schema = Record<string, unknown>;

/** What the mock needs to know about an object schema: where each property's schema is, and which are required. */
export interface ObjectShape {
  readonly pointer: string;
  readonly properties: ReadonlyMap<string, string>;
  readonly required: ReadonlySet<string>;
}

/** Reads the properties of the object schema at `pointer` (following `$ref`s and `allOf`). */
export function objectShape(spec: MockSpec, pointer: string, node?: unknown): ObjectShape {
  if (node !== undefined) return readShape(spec, pointer, node);
  // Shapes are read on every answer; a spec never changes once loaded, so they are computed once.
  let shapes = SHAPES.get(spec);
  if (!shapes) SHAPES.set(spec, (shapes = new Map()));
  let shape = shapes.get(pointer);
  if (!shape) shapes.set(pointer, (shape = readShape(spec, pointer, undefined)));
  return shape;
}

const SHAPES = new WeakMap<MockSpec, Map<string, ObjectShape>>();

function readShape(spec: MockSpec, pointer: string, node: unknown): ObjectShape {
  const start = node ?? getAtPointer(spec.document, pointer);
  const { value, pointer: at } = spec.deref<Schema>(start, pointer);
  const properties = new Map<string, string>();
  const required = new Set<string>((value.required as string[] | undefined) ?? []);
  for (const name of Object.keys((value.properties ?? {}) as Schema)) properties.set(name, appendPointer(at, 'properties', name));
  if (Array.isArray(value.allOf)) {
    value.allOf.forEach((part, i) => {
      const inner = objectShape(spec, appendPointer(at, 'allOf', i), part);
      for (const [k, v] of inner.properties) properties.set(k, v);
      for (const r of inner.required) required.add(r);
    });
  }
  return { pointer: at, properties, required };
}

/** The schema pointer of the array items, when the schema at `pointer` is an array. */
export function itemsOf(spec: MockSpec, pointer: string): string | undefined {
  const { value, pointer: at } = spec.deref<Schema>(getAtPointer(spec.document, pointer), pointer);
  return value.type === 'array' || value.items !== undefined ? appendPointer(at, 'items') : undefined;
}

/** Keeps only the properties the schema declares, so that answers never carry fields the revision lacks. */
export function pick(value: Record<string, unknown>, shape: ObjectShape): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) if (shape.properties.has(key) && v !== undefined) out[key] = v;
  return out;
}
