/**
 * Rewrites the parts of OpenAPI 3.0 Schema Objects that plain JSON Schema reads differently, on a copy
 * of the bundled document that only Ajv sees.
 *
 * `oneOf` + `discriminator` (OpenAPI 3.0.3 §4.7.25): the discriminator picks the one schema to use,
 * so a body is checked against the schema its tag names even when the alternatives overlap (JSON
 * Schema's `oneOf` would reject a body that fits several). Without the tag, any alternative may match.
 */
export function adaptForAjv<T>(document: T): T {
  const copy = structuredClone(document);
  const visit = (node: unknown): void => {
    if (node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    const schema = node as Record<string, unknown>;
    for (const [key, value] of Object.entries(schema)) if (key !== 'example' && key !== 'examples') visit(value);
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
  };
  visit(copy);
  return copy;
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
