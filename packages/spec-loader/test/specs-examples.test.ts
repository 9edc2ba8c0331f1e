// Issue 2, "must show": every example in every revision validates against its schema (Ajv, with the
// OpenAPI 3.0 dialect: `nullable`, boolean exclusive bounds, `x-` keys ignored). `$ref`s are resolved
// through the loader's bundle().
import { describe, expect, it } from 'vitest';
import { bundle, loadSpec } from '../src/index.js';
import { collectExamples, validateExamples } from './support/examples.js';
import { allRevisions, documentOf, label } from './support/revisions.js';
import { scratchSpec, validSpecText } from './support/scratch.js';

describe('examples in every revision', () => {
  it.each(allRevisions.map((revision) => [label(revision), revision] as const))('%s: every example is valid', (_name, revision) => {
    const report = validateExamples(documentOf(revision), revision.repoPath);
    // A revision without a single example would make this test vacuous.
    expect(report.checked, `${revision.repoPath} has no examples at all`).toBeGreaterThan(0);
    expect(report.failures).toEqual([]);
  });
});

describe('the example check itself', () => {
  const check = (text: string) => {
    const file = scratchSpec('spec.yaml', text);
    return validateExamples(bundle(loadSpec(file)), 'spec.yaml');
  };

  it('finds schema, property, parameter and media-type examples, and accepts valid ones', () => {
    const text = validSpecText.replace(
      "                $ref: '#/components/schemas/Thing'\n",
      "                $ref: '#/components/schemas/Thing'\n              examples:\n                small:\n                  value: {id: th_2, size: 1}\n",
    );
    const sites = collectExamples(bundle(loadSpec(scratchSpec('spec.yaml', text))));
    expect(sites.map((site) => site.examplePointer).sort()).toEqual([
      '/components/schemas/Thing/example',
      '/components/schemas/Thing/properties/id/example',
      '/components/schemas/Thing/properties/note/example',
      '/components/schemas/Thing/properties/size/example',
      '/paths/~1things~1{thingId}/get/parameters/0/example',
      '/paths/~1things~1{thingId}/get/responses/200/content/application~1json/examples/small/value',
    ]);
    expect(check(text)).toEqual({ checked: 6, failures: [] });
  });

  it.each([
    ['a property example of the wrong type', ['          example: 3', '          example: three'], '/components/schemas/Thing/properties/size/example: / must be integer'],
    ['a property example below its minimum', ['          example: 3', '          example: 0'], '/components/schemas/Thing/properties/size/example: / must be >= 1'],
    ['a schema example missing a required property', ['        id: th_1\n        size: 3', '        size: 3'], "/components/schemas/Thing/example: / must have required property 'id'"],
    ['null where the schema is not nullable', ['          example: th_1\n        size', '          example: null\n        size'], '/components/schemas/Thing/properties/id/example: / must be string'],
    ['an example on an OpenAPI 3.0 boolean exclusive bound', ['          minimum: 1\n', '          minimum: 3\n          exclusiveMinimum: true\n'], ['/components/schemas/Thing/example: /size must be > 3', '/components/schemas/Thing/properties/size/example: / must be > 3']],
    ['a parameter example of the wrong type', ['          example: th_1\n      responses', '          example: [th_1]\n      responses'], '/paths/~1things~1{thingId}/get/parameters/0/example: / must be string'],
  ])('rejects %s', (_name, [from, to], failure) => {
    expect(validSpecText).toContain(from!);
    const report = check(validSpecText.replace(from!, to!));
    expect(report.failures).toEqual((Array.isArray(failure) ? failure : [failure]).map((line) => `spec.yaml#${line}`));
  });

  it('rejects an invalid media-type example reached through a $ref', () => {
    const text = validSpecText.replace(
      "                $ref: '#/components/schemas/Thing'\n",
      "                $ref: '#/components/schemas/Thing'\n              example: {size: 2}\n",
    );
    expect(check(text).failures).toEqual([
      "spec.yaml#/paths/~1things~1{thingId}/get/responses/200/content/application~1json/example: / must have required property 'id'",
    ]);
  });
});
