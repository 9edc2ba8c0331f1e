import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { parsePointer, pointerToUriFragment, toJsonSchemaDialect } from '@astro-api/spec-loader';
import type { MockSpec } from './spec.js';

// ajv-formats is CommonJS; under NodeNext its default export arrives as the module object.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;

/** One failed constraint, in the shape of the spec's `FieldValidationError`. */
export interface FieldError {
  field: string;
  code: string;
  message: string;
}

/**
 * Ajv keywords → the validation tags the Astro API reports in `FieldValidationError.code`
 * (its examples are `required`, `max`, `oneof`: the names of the Go validator tags it binds with).
 * Keywords not listed keep Ajv's name.
 */
const CODE_OF_KEYWORD: Readonly<Record<string, string>> = {
  required: 'required',
  maximum: 'max',
  maxLength: 'max',
  maxItems: 'max',
  minimum: 'min',
  minLength: 'min',
  minItems: 'min',
  enum: 'oneof',
  type: 'type',
  format: 'format',
  pattern: 'pattern',
  additionalProperties: 'unknown',
};

const SPEC_ID = 'spec';

/** `#/paths/~1a~1{b}` is not a valid URI fragment; Ajv wants each pointer token URI-encoded. */
export function refTo(pointer: string): string {
  return `${SPEC_ID}#${pointerToUriFragment(pointer)}`;
}

function newAjv(coerce: boolean): Ajv {
  // OpenAPI 3.0 Schema Objects are a JSON Schema dialect: `nullable`, `example`, `x-*` and
  // formats such as `int64` or `password`, hence strict: false and the full ajv-formats set.
  const ajv = new Ajv({
    strict: false,
    allErrors: true,
    validateSchema: false,
    logger: false,
    // Query, path and header values arrive as strings; form+explode arrays as repeated keys
    // (OpenAPI 3.0.3 §4.7.12.4 default style), so scalars become one-element arrays.
    coerceTypes: coerce ? 'array' : false,
    useDefaults: coerce,
  });
  addFormats(ajv);
  return ajv;
}

/** Compiled validators for one spec, cached by pointer. */
export class SpecValidator {
  private readonly params: Ajv;
  private readonly bodies: Ajv;
  private readonly cache = new Map<string, ValidateFunction>();

  readonly spec: MockSpec;

  constructor(spec: MockSpec) {
    this.spec = spec;
    this.params = newAjv(true);
    this.bodies = newAjv(false);
    const document = toJsonSchemaDialect(spec.document, { discriminator: true }) as object;
    this.params.addSchema(document, SPEC_ID);
    this.bodies.addSchema(document, SPEC_ID);
  }

  /** A validator for a schema inside the spec; `coerce` for values that came from a URL or header. */
  at(pointer: string, coerce = false): ValidateFunction {
    const key = `${coerce ? 'c' : 'b'}${pointer}`;
    let fn = this.cache.get(key);
    if (!fn) {
      fn = (coerce ? this.params : this.bodies).compile({ $ref: refTo(pointer) });
      this.cache.set(key, fn);
    }
    return fn;
  }

  /** A validator for an object whose properties are schemas inside the spec (one location's parameters). */
  object(key: string, properties: Record<string, string>, required: string[]): ValidateFunction {
    let fn = this.cache.get(key);
    if (!fn) {
      const schema = {
        type: 'object',
        properties: Object.fromEntries(Object.entries(properties).map(([name, pointer]) => [name, { $ref: refTo(pointer) }])),
        required,
      };
      fn = this.params.compile(schema);
      this.cache.set(key, fn);
    }
    return fn;
  }
}

/**
 * Drops `oneOf` failures where the value fits several alternatives. Published schemas have `oneOf`s
 * whose alternatives overlap and carry no discriminator (v1beta1 Platform's CreateClusterRequest: the
 * AWS and Azure alternatives require the same fields), so strict `oneOf` would refuse every body the
 * API documents; the mock reads such a `oneOf` as "fits at least one". A value fitting none still fails.
 */
export function withoutAmbiguousOneOf(errors: readonly ErrorObject[] | null | undefined): ErrorObject[] {
  return (errors ?? []).filter((e) => !(e.keyword === 'oneOf' && Array.isArray((e.params as { passingSchemas?: unknown }).passingSchemas)));
}

/** Turns Ajv errors into field errors. `prefix` names where the value came from for parameter locations. */
export function toFieldErrors(errors: readonly ErrorObject[] | null | undefined, base = ''): FieldError[] {
  return (errors ?? []).map((error) => {
    const tokens = parsePointer(error.instancePath);
    if (error.keyword === 'required') tokens.push(String((error.params as { missingProperty: string }).missingProperty));
    if (error.keyword === 'additionalProperties') tokens.push(String((error.params as { additionalProperty: string }).additionalProperty));
    const field = [base, ...tokens].filter((t) => t !== '').reduce((acc, t) => (/^\d+$/.test(t) ? `${acc}[${t}]` : acc ? `${acc}.${t}` : t), '');
    const detail = error.keyword === 'enum'
      ? `must be one of ${((error.params as { allowedValues: unknown[] }).allowedValues).map(String).join(', ')}`
      : error.message ?? error.keyword;
    return { field: field || '(body)', code: CODE_OF_KEYWORD[error.keyword] ?? error.keyword, message: `${field || 'body'} ${detail}` };
  });
}
