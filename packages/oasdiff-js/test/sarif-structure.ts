/**
 * A structural JSON Schema for the parts of SARIF 2.1.0 that oasdiff-js writes, written here from the
 * OASIS SARIF 2.1.0 specification (sections 3.13 sarifLog, 3.14 run, 3.19 tool, 3.27 result,
 * 3.28 location, 3.29 physicalLocation, 3.30 region, 3.49 reportingDescriptor, 3.35 suppression).
 * The official schema is checked too (`official-schemas.test.ts`); this one names exactly the
 * constraints the code-scanning upload relies on.
 */
const message = { type: 'object', required: ['text'], properties: { text: { type: 'string', minLength: 1 } } };

export const sarifStructureSchema = {
  type: 'object',
  required: ['version', 'runs'],
  properties: {
    $schema: { type: 'string', format: 'uri' },
    version: { const: '2.1.0' },
    runs: {
      type: 'array',
      items: {
        type: 'object',
        required: ['tool'],
        properties: {
          tool: {
            type: 'object',
            required: ['driver'],
            properties: {
              driver: {
                type: 'object',
                required: ['name'],
                properties: {
                  name: { type: 'string', minLength: 1 },
                  version: { type: 'string' },
                  informationUri: { type: 'string' },
                  rules: {
                    type: 'array',
                    items: {
                      type: 'object',
                      required: ['id'],
                      properties: {
                        id: { type: 'string', minLength: 1 },
                        shortDescription: message,
                        fullDescription: message,
                        defaultConfiguration: { type: 'object', properties: { level: { enum: ['none', 'note', 'warning', 'error'] } } },
                        properties: { type: 'object' },
                      },
                    },
                  },
                },
              },
            },
          },
          results: {
            type: 'array',
            items: {
              type: 'object',
              required: ['message'],
              properties: {
                ruleId: { type: 'string' },
                ruleIndex: { type: 'integer', minimum: -1 },
                level: { enum: ['none', 'note', 'warning', 'error'] },
                message,
                locations: {
                  type: 'array',
                  items: {
                    type: 'object',
                    properties: {
                      physicalLocation: {
                        type: 'object',
                        required: ['artifactLocation'],
                        properties: {
                          artifactLocation: { type: 'object', required: ['uri'], properties: { uri: { type: 'string', minLength: 1 } } },
                          region: { type: 'object', required: ['startLine'], properties: { startLine: { type: 'integer', minimum: 1 } } },
                        },
                      },
                    },
                  },
                },
                partialFingerprints: { type: 'object', additionalProperties: { type: 'string' } },
                suppressions: {
                  type: 'array',
                  items: { type: 'object', required: ['kind'], properties: { kind: { enum: ['inSource', 'external'] }, justification: { type: 'string' } } },
                },
                properties: { type: 'object' },
              },
            },
          },
        },
      },
    },
  },
} as const;
