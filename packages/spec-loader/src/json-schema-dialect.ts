/**
 * Rewrites the parts of OpenAPI 3.0 Schema Objects that JSON Schema (draft-07, Ajv's default) reads
 * differently, in a copy, so that every Ajv in the repository validates the same way:
 * - `nullable: true` (OpenAPI 3.0.3 §4.7.24) admits `null`; JSON Schema says that with a type list.
 * - boolean `exclusiveMinimum`/`exclusiveMaximum` (draft-04 style, which 3.0 uses) become numbers.
 * `example`/`examples` values are data and are left untouched; other annotations (`x-*`,
 * `discriminator`) are ignored by Ajv when `strict` is false.
 */
export function toJsonSchemaDialect<T>(document: T): T {
  const copy = structuredClone(document);
  const visit = (node: unknown): void => {
    if (node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    const schema = node as Record<string, unknown>;
    for (const [key, value] of Object.entries(schema)) if (key !== 'example' && key !== 'examples') visit(value);
    convertSchema(schema);
  };
  visit(copy);
  return copy;
}

/** Only Schema Objects carry `nullable: true` or a boolean exclusive bound, so other objects pass unchanged. */
function convertSchema(schema: Record<string, unknown>): void {
  for (const [bound, exclusive] of [['minimum', 'exclusiveMinimum'], ['maximum', 'exclusiveMaximum']] as const) {
    if (typeof schema[exclusive] === 'boolean') {
      if (schema[exclusive] === true && typeof schema[bound] === 'number') {
        schema[exclusive] = schema[bound];
        delete schema[bound];
      } else {
        delete schema[exclusive];
      }
    }
  }
  if (schema.nullable !== true) return;
  delete schema.nullable;
  if (typeof schema.type === 'string') schema.type = [schema.type, 'null'];
  if (Array.isArray(schema.enum) && !schema.enum.includes(null)) schema.enum = [...schema.enum, null];
  if (schema.type === undefined) {
    // No type to widen (e.g. only allOf/oneOf): accept null next to whatever the schema accepts.
    const rest = { ...schema };
    for (const key of Object.keys(schema)) delete schema[key];
    schema.anyOf = [rest, { type: 'null' }];
  }
}
