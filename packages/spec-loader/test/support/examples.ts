// Finds every example in an OpenAPI 3.0 document and validates it with Ajv against the schema it
// belongs to: schema `example` (which covers property-level examples, since a property is a schema),
// JSON Schema `examples` arrays, and the `example`/`examples` of parameters and media types.
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { escapeToken, getAtPointer, pointerToUriFragment, toJsonSchemaDialect } from '../../src/index.js';
import { deref, HTTP_METHODS } from './openapi.js';

// ajv-formats is CommonJS; under NodeNext its default export arrives as the module object.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;

type Node = Record<string, unknown>;

function isObject(value: unknown): value is Node {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

const at = (pointer: string, ...tokens: Array<string | number>) =>
  pointer + tokens.map((token) => '/' + escapeToken(String(token))).join('');

/** One example value and the schema it must satisfy, both as JSON pointers into the document. */
export interface ExampleSite {
  readonly examplePointer: string;
  readonly schemaPointer: string;
  readonly value: unknown;
}

/** Calls `visit` for every Schema Object inside `node` (not following `$ref`s: named schemas are walked once, where they are defined). */
function walkSchema(node: unknown, pointer: string, visit: (schema: Node, pointer: string) => void): void {
  if (!isObject(node) || typeof node.$ref === 'string') return;
  visit(node, pointer);
  for (const key of ['properties', 'patternProperties'] as const) {
    const map = node[key];
    if (isObject(map)) for (const [name, child] of Object.entries(map)) walkSchema(child, at(pointer, key, name), visit);
  }
  for (const key of ['allOf', 'oneOf', 'anyOf'] as const) {
    const list = node[key];
    if (Array.isArray(list)) list.forEach((child, i) => walkSchema(child, at(pointer, key, i), visit));
  }
  for (const key of ['items', 'additionalProperties', 'not'] as const) {
    const child = node[key];
    if (Array.isArray(child)) child.forEach((c, i) => walkSchema(c, at(pointer, key, i), visit));
    else walkSchema(child, at(pointer, key), visit);
  }
}

/** Examples that sit next to a schema: a parameter's, a media type's or a header's. */
function siblingExamples(doc: unknown, holder: Node, pointer: string, schemaPointer: string, sites: ExampleSite[]): void {
  if ('example' in holder) sites.push({ examplePointer: at(pointer, 'example'), schemaPointer, value: holder.example });
  if (isObject(holder.examples)) {
    for (const [name, raw] of Object.entries(holder.examples)) {
      const example = deref(doc, raw);
      // An Example Object carries `value` or `externalValue`; only inline values can be checked.
      if (isObject(example) && 'value' in example) {
        sites.push({ examplePointer: at(pointer, 'examples', name, 'value'), schemaPointer, value: example.value });
      }
    }
  }
}

function walkContent(doc: unknown, content: unknown, pointer: string, sites: ExampleSite[], schemas: Array<[unknown, string]>): void {
  if (!isObject(content)) return;
  for (const [mediaType, media] of Object.entries(content)) {
    if (!isObject(media)) continue;
    const mediaPointer = at(pointer, mediaType);
    if (media.schema !== undefined) {
      schemas.push([media.schema, at(mediaPointer, 'schema')]);
      siblingExamples(doc, media, mediaPointer, at(mediaPointer, 'schema'), sites);
    }
  }
}

/** Parameters and headers have the same shape for our purpose: `schema` or `content`, plus examples. */
function walkParameterLike(doc: unknown, raw: unknown, pointer: string, sites: ExampleSite[], schemas: Array<[unknown, string]>): void {
  if (!isObject(raw) || typeof raw.$ref === 'string') return;
  if (raw.schema !== undefined) {
    schemas.push([raw.schema, at(pointer, 'schema')]);
    siblingExamples(doc, raw, pointer, at(pointer, 'schema'), sites);
  }
  walkContent(doc, raw.content, at(pointer, 'content'), sites, schemas);
}

function walkResponse(doc: unknown, raw: unknown, pointer: string, sites: ExampleSite[], schemas: Array<[unknown, string]>): void {
  if (!isObject(raw) || typeof raw.$ref === 'string') return;
  walkContent(doc, raw.content, at(pointer, 'content'), sites, schemas);
  if (isObject(raw.headers)) for (const [name, header] of Object.entries(raw.headers)) walkParameterLike(doc, header, at(pointer, 'headers', name), sites, schemas);
}

function walkRequestBody(doc: unknown, raw: unknown, pointer: string, sites: ExampleSite[], schemas: Array<[unknown, string]>): void {
  if (!isObject(raw) || typeof raw.$ref === 'string') return;
  walkContent(doc, raw.content, at(pointer, 'content'), sites, schemas);
}

/**
 * Walks the places of an OpenAPI document that hold schemas: component schemas, parameters, headers,
 * request bodies and responses (in components and in operations). Returns the schema roots found, and
 * the examples that sit beside them (parameter and media-type examples).
 */
function traverse(doc: unknown): { schemas: Array<[unknown, string]>; sites: ExampleSite[] } {
  const sites: ExampleSite[] = [];
  const schemas: Array<[unknown, string]> = [];
  const root = isObject(doc) ? doc : {};
  const components = isObject(root.components) ? root.components : {};
  const each = (key: string) => (isObject(components[key]) ? Object.entries(components[key] as Node) : []);

  for (const [name, node] of each('schemas')) schemas.push([node, at('/components/schemas', name)]);
  for (const [name, node] of each('parameters')) walkParameterLike(doc, node, at('/components/parameters', name), sites, schemas);
  for (const [name, node] of each('headers')) walkParameterLike(doc, node, at('/components/headers', name), sites, schemas);
  for (const [name, node] of each('responses')) walkResponse(doc, node, at('/components/responses', name), sites, schemas);
  for (const [name, node] of each('requestBodies')) walkRequestBody(doc, node, at('/components/requestBodies', name), sites, schemas);

  const paths = isObject(root.paths) ? root.paths : {};
  for (const [p, item] of Object.entries(paths)) {
    if (!isObject(item)) continue;
    const itemPointer = at('/paths', p);
    if (Array.isArray(item.parameters)) item.parameters.forEach((param, i) => walkParameterLike(doc, param, at(itemPointer, 'parameters', i), sites, schemas));
    for (const method of HTTP_METHODS) {
      const op = item[method];
      if (!isObject(op)) continue;
      const opPointer = at(itemPointer, method);
      if (Array.isArray(op.parameters)) op.parameters.forEach((param, i) => walkParameterLike(doc, param, at(opPointer, 'parameters', i), sites, schemas));
      walkRequestBody(doc, op.requestBody, at(opPointer, 'requestBody'), sites, schemas);
      if (isObject(op.responses)) for (const [code, response] of Object.entries(op.responses)) walkResponse(doc, response, at(opPointer, 'responses', code), sites, schemas);
    }
  }
  return { schemas, sites };
}

/** Every example in the document, each paired with the schema it belongs to. */
export function collectExamples(doc: unknown): ExampleSite[] {
  const { schemas, sites } = traverse(doc);
  for (const [node, pointer] of schemas) {
    walkSchema(node, pointer, (schema, schemaPointer) => {
      if ('example' in schema) sites.push({ examplePointer: at(schemaPointer, 'example'), schemaPointer, value: schema.example });
      // JSON Schema's `examples` (an array) is not an OpenAPI 3.0 keyword, but 3.1-style specs use it.
      if (Array.isArray(schema.examples)) {
        schema.examples.forEach((value, i) => sites.push({ examplePointer: at(schemaPointer, 'examples', i), schemaPointer, value }));
      }
    });
  }
  return sites;
}

const SPEC_ID = 'spec';

/** Ajv wants each pointer token URI-encoded inside a `$ref` fragment (`{id}` is not a valid fragment). */
function refTo(pointer: string): string {
  return `${SPEC_ID}#${pointerToUriFragment(pointer)}`;
}

function describe(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? error.keyword}`).join('; ');
}

export interface ExampleReport {
  readonly checked: number;
  /** One line per invalid example: `<file>#<pointer>: <why>`. */
  readonly failures: string[];
}

/** Validates every example of a bundled document; `shownAs` names the file in failure lines. */
export function validateExamples(doc: unknown, shownAs: string): ExampleReport {
  const sites = collectExamples(doc);
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, logger: false });
  addFormats(ajv);
  ajv.addSchema(toJsonSchemaDialect(doc) as object, SPEC_ID);
  const compiled = new Map<string, ValidateFunction>();
  const failures: string[] = [];
  for (const site of sites) {
    let validate = compiled.get(site.schemaPointer);
    try {
      if (!validate) {
        if (getAtPointer(doc, site.schemaPointer) === undefined) throw new Error('schema not found');
        validate = ajv.compile({ $ref: refTo(site.schemaPointer) });
        compiled.set(site.schemaPointer, validate);
      }
    } catch (error) {
      failures.push(`${shownAs}#${site.examplePointer}: cannot compile its schema ${site.schemaPointer} (${(error as Error).message})`);
      continue;
    }
    if (!validate(site.value)) failures.push(`${shownAs}#${site.examplePointer}: ${describe(validate.errors)}`);
  }
  return { checked: sites.length, failures };
}
