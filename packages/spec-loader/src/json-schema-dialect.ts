export interface DialectOptions {
  /**
   * Also let `discriminator` choose among `oneOf`/`anyOf` alternatives (OpenAPI 3.0.3 §4.7.25): a value
   * is checked against the schema its tag names, even when alternatives overlap (plain `oneOf` would
   * refuse a value that fits several). Without the tag, any alternative may match. Off by default.
   */
  discriminator?: boolean;
}

/**
 * Rewrites the parts of OpenAPI 3.0 Schema Objects that JSON Schema (draft-07, Ajv's default) reads
 * differently, in a copy, so that every Ajv in the repository validates the same way:
 * - `nullable: true` (OpenAPI 3.0.3 §4.7.24) admits `null`; JSON Schema says that with a type list.
 * - boolean `exclusiveMinimum`/`exclusiveMaximum` (draft-04 style, which 3.0 uses) become numbers.
 * `example`/`examples` values are data and are left untouched; other annotations (`x-*`,
 * `discriminator`) are ignored by Ajv when `strict` is false.
 */
export function toJsonSchemaDialect<T>(document: T, options: DialectOptions = {}): T {
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
    if (options.discriminator) applyDiscriminator(schema);
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

function applyDiscriminator(schema: Record<string, unknown>): void {
  const discriminator = schema.discriminator as { propertyName?: unknown; mapping?: Record<string, string> } | undefined;
  const alternatives = schema.oneOf ?? schema.anyOf;
  if (!discriminator || typeof discriminator.propertyName !== 'string' || !Array.isArray(alternatives)) return;
  const tag = discriminator.propertyName;
  const mapping = discriminator.mapping ?? implicitMapping(alternatives);
  const values = Object.keys(mapping);
  if (values.length === 0) return;
  delete schema.oneOf;
  delete schema.anyOf;
  schema.allOf = [
    ...((schema.allOf as unknown[] | undefined) ?? []),
    { if: { required: [tag] }, then: { properties: { [tag]: { enum: values } } }, else: { anyOf: alternatives } },
    ...values.map((value) => ({ if: { required: [tag], properties: { [tag]: { const: value } } }, then: { $ref: mapping[value] } })),
  ];
}

/** Without `mapping`, the tag value is the name of the referenced component schema. */
function implicitMapping(alternatives: unknown[]): Record<string, string> {
  const mapping: Record<string, string> = {};
  for (const alternative of alternatives) {
    const ref = (alternative as { $ref?: unknown }).$ref;
    if (typeof ref === 'string') mapping[ref.slice(ref.lastIndexOf('/') + 1)] = ref;
  }
  return mapping;
}
