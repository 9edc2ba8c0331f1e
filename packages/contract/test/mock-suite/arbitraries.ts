import fc from 'fast-check';
import { getAtPointer, type OpenApiRoot } from '@astro-api/spec-loader';

type Schema = Record<string, unknown>;

function resolve(document: OpenApiRoot, schema: Schema): Schema {
  let current = schema;
  while (typeof current.$ref === 'string') current = getAtPointer(document, current.$ref.slice(1)) as Schema;
  return current;
}

/**
 * A fast-check arbitrary for values of a schema: mostly values the schema allows (enums, ranges,
 * required properties), sometimes values just outside it (out-of-range numbers, unknown enum
 * strings, wrong types), so that both the success and the 400 paths of the server are exercised.
 */
export function arbitraryFor(document: OpenApiRoot, raw: Schema, depth = 0): fc.Arbitrary<unknown> {
  const schema = resolve(document, raw);
  const wrong = fc.oneof(fc.constant(null), fc.integer(), fc.string({ maxLength: 5 }), fc.boolean());
  const valid = validArbitrary(document, schema, depth);
  return fc.oneof({ weight: 6, arbitrary: valid }, { weight: 1, arbitrary: wrong });
}

function validArbitrary(document: OpenApiRoot, schema: Schema, depth: number): fc.Arbitrary<unknown> {
  for (const key of ['oneOf', 'anyOf'] as const) {
    const alternatives = schema[key];
    if (Array.isArray(alternatives) && alternatives.length > 0) return fc.oneof(...alternatives.map((a) => validArbitrary(document, resolve(document, a as Schema), depth)));
  }
  if (Array.isArray(schema.allOf)) {
    const parts = schema.allOf.map((part) => validArbitrary(document, resolve(document, part as Schema), depth));
    return fc.tuple(...parts).map((values) => Object.assign({}, ...values.filter((v) => v && typeof v === 'object')));
  }
  if (Array.isArray(schema.enum)) return fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...schema.enum) }, { weight: 1, arbitrary: fc.constant('NOT_AN_ENUM_VALUE') });
  switch (schema.type ?? (schema.properties ? 'object' : undefined)) {
    case 'integer':
    case 'number': {
      const min = typeof schema.minimum === 'number' ? schema.minimum : -5;
      const max = typeof schema.maximum === 'number' ? schema.maximum : 5000;
      return fc.oneof({ weight: 4, arbitrary: fc.integer({ min, max }) }, { weight: 1, arbitrary: fc.constantFrom(min - 1, max + 1) });
    }
    case 'boolean':
      return fc.boolean();
    case 'string':
      if (schema.format === 'date-time') return fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString());
      return fc.string({ minLength: Number(schema.minLength ?? 0), maxLength: Math.min(Number(schema.maxLength ?? 12), 12) });
    case 'array':
      if (depth > 2 || schema.items === undefined) return fc.constant([]);
      return fc.array(validArbitrary(document, resolve(document, schema.items as Schema), depth + 1), { minLength: Number(schema.minItems ?? 0), maxLength: 3 });
    case 'object': {
      if (depth > 2) return fc.constant({});
      const required = new Set((schema.required as string[] | undefined) ?? []);
      const properties = Object.entries((schema.properties ?? {}) as Record<string, Schema>);
      const model = Object.fromEntries(properties.map(([name, property]) => [name, arbitraryFor(document, property, depth + 1)]));
      return fc.record(model, { requiredKeys: properties.map(([name]) => name).filter((name) => required.has(name)) });
    }
    default:
      return fc.anything({ maxDepth: 1 });
  }
}

/** Query strings for an operation's query parameters; arrays are sent form+explode (repeated keys). */
export function queryArbitrary(document: OpenApiRoot, parameters: Array<{ name: string; in: string; schema?: Schema }>): fc.Arbitrary<URLSearchParams> {
  const query = parameters.filter((p) => p.in === 'query' && p.schema);
  const model = Object.fromEntries(query.map((p) => [p.name, arbitraryFor(document, p.schema!)]));
  return fc.record(model, { requiredKeys: [] }).map((values) => {
    const search = new URLSearchParams();
    for (const [name, value] of Object.entries(values)) {
      for (const one of Array.isArray(value) ? value : [value]) search.append(name, typeof one === 'object' ? JSON.stringify(one) : String(one));
    }
    return search;
  });
}
