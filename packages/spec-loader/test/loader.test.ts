import { writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundle, followRefs, loadSpec, pointerToUriFragment, SpecError, toJsonSchemaDialect } from '../src/index.js';
import { errorOf, scratchFolder } from './support/scratch.js';

const scratch = (files: Record<string, string>) => scratchFolder('spec-loader-', files);

const minimal = 'openapi: 3.0.3\ninfo: {title: t, version: "1"}\npaths: {}\n';

describe('loadSpec', () => {
  it('loads YAML and JSON and reports the OpenAPI version', () => {
    const dir = scratch({ 'a.yaml': minimal, 'b.json': JSON.stringify({ openapi: '3.1.0', info: { title: 't', version: '1' }, paths: {} }) });
    expect(loadSpec(path.join(dir, 'a.yaml')).major).toBe('3.0');
    expect(loadSpec(path.join(dir, 'b.json')).major).toBe('3.1');
  });

  it('names file and line for malformed YAML', () => {
    const dir = scratch({ 'bad.yaml': 'openapi: 3.0.3\ninfo:\n  title: [unclosed\n' });
    const error = errorOf(() => loadSpec(path.join(dir, 'bad.yaml'), { cwd: dir }));
    expect(error.message).toMatch(/^bad\.yaml:\d+: invalid YAML/);
    expect(error.line).toBeGreaterThan(1);
  });

  it('names file and line for malformed JSON', () => {
    const dir = scratch({ 'bad.json': '{\n  "openapi": "3.0.3",\n  "info": }\n' });
    const error = errorOf(() => loadSpec(path.join(dir, 'bad.json'), { cwd: dir }));
    expect(error.message).toMatch(/^bad\.json:3: invalid JSON/);
  });

  it('rejects documents that are not OpenAPI 3.x', () => {
    const dir = scratch({ 'swagger.yaml': 'swagger: "2.0"\n', 'plain.yaml': 'hello: world\n' });
    expect(errorOf(() => loadSpec(path.join(dir, 'swagger.yaml'), { cwd: dir })).message).toBe(
      'swagger.yaml#/swagger: Swagger 2.0 is not supported; convert it to OpenAPI 3.0 or 3.1',
    );
    expect(errorOf(() => loadSpec(path.join(dir, 'plain.yaml'), { cwd: dir })).pointer).toBe('/openapi');
  });

  it('treats the value of an Example Object as data, so a "$ref" key inside it is not a reference', () => {
    // GitHub's published spec has SCIM examples whose payloads carry "$ref": "https://api.github.com/…".
    const doc = {
      openapi: '3.0.3',
      info: { title: 't', version: '1' },
      paths: {},
      components: {
        examples: { scim: { value: { members: [{ $ref: 'https://api.example.com/Users/1' }] } } },
        schemas: { Holder: { type: 'object', properties: { examples: { type: 'object', properties: { value: { $ref: '#/components/schemas/Nope' } } } } } },
      },
    };
    const dir = scratch({ 'a.json': JSON.stringify(doc) });
    // The example payload is skipped; a schema property named `value` under a property named `examples` is still checked.
    expect(errorOf(() => loadSpec(path.join(dir, 'a.json'), { cwd: dir })).pointer).toBe('/components/schemas/Holder/properties/examples/properties/value/$ref');
    delete (doc.components.schemas.Holder.properties.examples.properties as Record<string, unknown>).value;
    writeFileSync(path.join(dir, 'a.json'), JSON.stringify(doc));
    expect(loadSpec(path.join(dir, 'a.json'), { cwd: dir }).files.size).toBe(1);
  });

  it('reports a dangling $ref with the pointer where it sits', () => {
    const dir = scratch({
      'a.yaml': `${minimal.replace('paths: {}', '')}paths:\n  /x:\n    get:\n      responses:\n        '200':\n          $ref: '#/components/responses/Nope'\n`,
    });
    const error = errorOf(() => loadSpec(path.join(dir, 'a.yaml'), { cwd: dir }));
    expect(error.file).toBe('a.yaml');
    expect(error.pointer).toBe('/paths/~1x/get/responses/200/$ref');
  });

  it('follows relative file references, including cycles between files, and bundles them', () => {
    const dir = scratch({
      'root.yaml': `${minimal.replace('paths: {}', '')}paths:\n  /x:\n    $ref: 'paths/x.yaml'\n`,
      'paths/x.yaml': "get:\n  responses:\n    '200':\n      description: ok\n      content:\n        application/json:\n          schema:\n            $ref: '../models/node.yaml#/Node'\n",
      'models/node.yaml': "Node:\n  type: object\n  properties:\n    child:\n      $ref: '#/Node'\n    other:\n      $ref: 'other.yaml'\n",
      'models/other.yaml': "type: object\nproperties:\n  back:\n    $ref: 'node.yaml#/Node'\n",
    });
    const spec = loadSpec(path.join(dir, 'root.yaml'));
    expect(spec.files.size).toBe(4);
    const pathItem = followRefs(spec, spec.root, (spec.document.paths as Record<string, unknown>)['/x']);
    expect(pathItem.file.shownAs).toMatch(/paths[/\\]x\.yaml$/);
    const bundled = bundle(spec);
    expect(JSON.stringify(bundled)).not.toMatch(/\.yaml/);
    expect(bundled['x-bundled-files']).toHaveLength(3);
  });

  it('reports a $ref to a missing file', () => {
    const dir = scratch({ 'root.yaml': `${minimal.replace('paths: {}', '')}paths:\n  /x:\n    $ref: 'missing.yaml'\n` });
    const error = errorOf(() => loadSpec(path.join(dir, 'root.yaml'), { cwd: dir }));
    expect(error.message).toBe('root.yaml#/paths/~1x: $ref "missing.yaml" points to a file that does not exist');
  });
});

describe('pointerToUriFragment', () => {
  it('escapes each token and URI-encodes it, so Ajv can resolve the $ref', () => {
    expect(pointerToUriFragment('/paths/~1organizations~1{organizationId}/get')).toBe('/paths/~1organizations~1%7BorganizationId%7D/get');
    expect(pointerToUriFragment('')).toBe('');
  });
});

describe('toJsonSchemaDialect', () => {
  it('rewrites nullable and boolean exclusive bounds in a copy, and leaves example data alone', () => {
    const document = {
      components: {
        schemas: {
          A: { type: 'string', nullable: true, enum: ['x'], example: { nullable: true, exclusiveMinimum: true } },
          B: { type: 'integer', minimum: 1, exclusiveMinimum: true, maximum: 9, exclusiveMaximum: false },
          C: { nullable: true, allOf: [{ $ref: '#/components/schemas/B' }] },
        },
      },
    };
    const converted = toJsonSchemaDialect(document).components.schemas as Record<string, unknown>;
    expect(converted.A).toEqual({ type: ['string', 'null'], enum: ['x', null], example: { nullable: true, exclusiveMinimum: true } });
    expect(converted.B).toEqual({ type: 'integer', exclusiveMinimum: 1, maximum: 9 });
    expect(converted.C).toEqual({ anyOf: [{ allOf: [{ $ref: '#/components/schemas/B' }] }, { type: 'null' }] });
    expect(document.components.schemas.A.nullable).toBe(true);
  });

  it('lets a discriminator pick the alternative only when asked', () => {
    const document = {
      components: {
        schemas: {
          Pet: { oneOf: [{ $ref: '#/components/schemas/Cat' }, { $ref: '#/components/schemas/Dog' }], discriminator: { propertyName: 'kind' } },
          Cat: { type: 'object' },
          Dog: { type: 'object' },
        },
      },
    };
    expect(toJsonSchemaDialect(document).components.schemas.Pet).toEqual(document.components.schemas.Pet);
    const pet = toJsonSchemaDialect(document, { discriminator: true }).components.schemas.Pet as Record<string, unknown>;
    expect(pet.oneOf).toBeUndefined();
    expect(pet.allOf).toEqual([
      { if: { required: ['kind'] }, then: { properties: { kind: { enum: ['Cat', 'Dog'] } } }, else: { anyOf: document.components.schemas.Pet.oneOf } },
      { if: { required: ['kind'], properties: { kind: { const: 'Cat' } } }, then: { $ref: '#/components/schemas/Cat' } },
      { if: { required: ['kind'], properties: { kind: { const: 'Dog' } } }, then: { $ref: '#/components/schemas/Dog' } },
    ]);
  });
});
