import type { SchemaRole } from './reachability.js';
/**
 * The typed change tree: what the diff stage found, with old and new values and pointers into both
 * documents. No levels, no rule ids, no prose: those belong to classify and render.
 */
import type { SideInfo } from '../load/side.js';
import type { LifecycleFact, SunsetRemoval } from './lifecycle.js';

export interface OpRef {
  method: string;
  path: string;
  operationId?: string;
}

export interface Pointers {
  base?: string;
  revision?: string;
}

/** What a renderer needs to show a schema (type, constraints), captured here so it never reads a spec. */
export interface SchemaSummary {
  type: string;
  /** Display name of the component the schema refers to, when it is a `$ref`. */
  ref?: string;
  format?: string;
  description?: string;
  enum?: unknown[];
  default?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  nullable?: boolean;
  deprecated?: boolean;
  readOnly?: boolean;
  writeOnly?: boolean;
}

export interface ParameterDetails extends SchemaSummary {
  name: string;
  in: string;
  required: boolean;
  /** Serialisation, only when the spec states it (the defaults follow from `in`; see `effectiveStyle`). */
  style?: string;
  explode?: boolean;
}

export interface PropertyDetails extends SchemaSummary {
  name: string;
  required: boolean;
}

export interface EndpointDetails {
  method: string;
  path: string;
  operationId?: string;
  summary?: string;
  description?: string;
  deprecated: boolean;
  tags: string[];
  parameters: ParameterDetails[];
  requestBody?: { schema?: string; required: boolean; mediaTypes: string[] };
  responses: string[];
  permissions: string[];
  /** lifecycle: the `x-sunset` of a removed operation that was removed before it or with one that is not a date. */
  sunset?: string;
}

export interface SchemaDetails extends SchemaSummary {
  name: string;
  properties: PropertyDetails[];
}

export type NumericFacet =
  | 'max'
  | 'min'
  | 'exclusive-max'
  | 'exclusive-min'
  | 'max-length'
  | 'min-length'
  | 'max-items'
  | 'min-items'
  | 'max-properties'
  | 'min-properties'
  | 'max-contains'
  | 'min-contains';

export type SchemaChangeKind =
  | 'type-changed'
  | 'type-generalized'
  | 'type-specialized'
  | 'type-added'
  | 'type-removed'
  | 'format-changed'
  | 'format-added'
  | 'format-removed'
  | 'became-nullable'
  | 'became-not-nullable'
  | 'became-enum'
  | 'enum-removed'
  | 'enum-value-added'
  | 'enum-value-removed'
  | 'const-added'
  | 'const-removed'
  | 'const-changed'
  | 'default-value-added'
  | 'default-value-removed'
  | 'default-value-changed'
  | `${NumericFacet}-set`
  | `${NumericFacet}-unset`
  | `${NumericFacet}-increased`
  | `${NumericFacet}-decreased`
  | 'pattern-added'
  | 'pattern-removed'
  | 'pattern-changed'
  | 'multiple-of-set'
  | 'multiple-of-unset'
  | 'multiple-of-changed'
  | 'property-added'
  | 'property-removed'
  | 'property-renamed'
  // composition: properties that moved under a new object property (`old.properties` into `new`), or out of one that went away (`old` → `new.properties`)
  | 'properties-wrapped'
  | 'properties-unwrapped'
  // composition: the same reference spelled another way (`$ref` ↔ `allOf: [$ref]`, a union of it and null ↔ `nullable`): documentation only
  | 'composition-respelled'
  | 'became-required'
  | 'became-optional'
  | 'became-read-only'
  | 'became-not-read-only'
  | 'became-write-only'
  | 'became-not-write-only'
  | 'deprecated'
  | 'reactivated'
  | 'description-changed'
  | 'all-of-added'
  | 'all-of-removed'
  | 'all-of-added-annotation-only'
  | 'all-of-removed-annotation-only'
  | 'wrapped-in-one-of'
  | 'wrapped-in-one-of-original-preserved'
  | 'extension-added'
  | 'extension-removed'
  | 'extension-changed'
  | 'one-of-added'
  | 'one-of-removed'
  | 'any-of-added'
  | 'any-of-removed'
  | 'discriminator-added'
  | 'discriminator-removed'
  | 'discriminator-property-name-changed'
  | 'discriminator-mapping-changed'
  | 'additional-properties-allowed'
  | 'additional-properties-schema-added'
  | 'additional-properties-schema-removed'
  | 'items-added'
  | `${'contains' | 'if' | 'then' | 'else' | 'property-names' | 'unevaluated-items' | 'unevaluated-properties' | 'content-schema' | 'prefix-items'}-${'added' | 'removed' | 'changed'}`
  | 'dependent-required-added'
  | 'dependent-required-removed'
  | 'dependent-required-changed'
  | 'dependent-schema-added'
  | 'dependent-schema-removed'
  | 'dependent-schema-changed'
  | 'content-encoding-changed'
  | 'content-media-type-changed'
  | 'discriminator-mapping-added'
  | 'discriminator-mapping-deleted'
  | 'list-of-types-narrowed'
  | 'list-of-types-widened'
  | 'unique-items-added'
  | 'unique-items-removed'
  | 'items-removed'
  | 'additional-properties-forbidden'
  | 'min-became-exclusive'
  | 'min-became-inclusive'
  | 'max-became-exclusive'
  | 'max-became-inclusive'
  | 'not-added'
  | 'not-removed'
  | 'not-changed'
  | 'pattern-property-added'
  | 'pattern-property-removed'
  | 'example-changed'
  // props: values of x-extensible-enum (an open enum: clients must accept values they do not know)
  | 'x-extensible-enum-value-added'
  | 'x-extensible-enum-value-removed'
  // lifecycle: x-sunset and x-stability-level of properties (set by diff/lifecycle.ts)
  | 'deprecated-with-sunset'
  | 'deprecated-sunset-missing'
  | 'deprecated-sunset-invalid'
  | 'sunset-date-too-small'
  | 'stability-decreased'
  | 'stability-increased'
  | 'sunset-changed'
  | 'sunset-deleted'
  | 'sunset-date-changed-too-small'
  | 'sunset-date-changed-earlier';

/** One difference inside a schema. `path` is the property path from the schema's root (`[]` = root, `'[]'` = items, `'{}'` = additionalProperties, `'{<regex>}'` = a patternProperties entry). */
export interface SchemaDelta {
  change: SchemaChangeKind;
  path: string[];
  old?: unknown;
  new?: unknown;
  pointers: Pointers;
  /** For property-added/removed/renamed: the property as a renderer shows it. */
  property?: PropertyDetails;
  inferred?: boolean;
  /** Set when the schema that changed is itself read-only or write-only in the revision (oasdiff reads such changes at a lower level). */
  access?: 'read-only' | 'write-only';
  /** For became-(not-)read-only / became-(not-)write-only on a property: whether the property is required on both sides (oasdiff's required/optional split). */
  requiredOnBothSides?: boolean;
  /** For extension-*: the extension's name (`x-…`). */
  extension?: string;
  /**
   * Set when the change was found inside an `allOf` member (compared member by member) or at a schema
   * that composes with `allOf` on either side: a sibling member may still guarantee what changed, so
   * classify caps a breaking level at warning (oasdiff's all-of-not-flattened disclaimer).
   */
  allOf?: true;
  /** lifecycle: for `deprecated`, the revision's `x-sunset` (read with the caller's date by diff/lifecycle.ts). */
  sunset?: unknown;
}

/** Where in an operation a schema sits. */
export type SchemaScope =
  | { at: 'parameter'; name: string; in: string }
  | { at: 'request-body'; mediaType: string }
  | { at: 'response-body'; status: string; mediaType: string }
  | { at: 'response-header'; status: string; header: string };

/**
 * Set on a fact found inside a shared component (`components/responses/BadRequest`, a parameter, a
 * request body or a header) that both sides reach through the same `$ref`: the change is the
 * component's, reported once with the operations that reach it, not once per operation.
 */
export interface Via {
  /** `responses/BadRequest`, `parameters/limit`, `requestBodies/Token`, `headers/X-Rate`, or `file#pointer`. */
  identity: string;
  /** Where the component sits at this operation, as the location spells it (`response 400`, `query limit`). */
  place: string;
  /** The same place without what belongs to the operation (the status): `response`, `query limit`. */
  label: string;
  /** Filled once reachability is known: every operation that reaches the component (either side). */
  affects?: OpRef[];
}

export type OperationFact = (
  | { kind: 'deprecation'; change: 'deprecated' | 'reactivated'; pointers: Pointers }
  | { kind: 'field'; field: 'operationId' | 'summary' | 'description'; change: 'added' | 'removed' | 'changed'; old?: string; new?: string; pointers: Pointers }
  | { kind: 'tag'; change: 'added' | 'removed'; tag: string; pointers: Pointers }
  /**
   * Any other `x-` extension, compared by value: of the operation itself (no `node`), or of one of its
   * parameters, its request body, a media type, a response or a response header (`place` says which,
   * as a location spells it: `query limit`, `request body application/json`, `response 200 header X-Rate`).
   */
  | { kind: 'extension'; name: string; change: 'added' | 'removed' | 'changed'; old?: unknown; new?: unknown; pointers: Pointers; node?: 'parameter' | 'request-body' | 'request-media-type' | 'response' | 'response-media-type' | 'response-header'; place?: string }
  /** `x-stability-level` (draft < alpha < beta < stable); `invalid` when the revision's value is none of those. */
  | { kind: 'stability'; change: 'decreased' | 'increased' | 'invalid'; old?: string; new?: string; pointers: Pointers }
  | { kind: 'permission'; change: 'added' | 'removed' | 'changed'; old: string[]; new: string[]; pointers: Pointers }
  | {
      kind: 'parameter';
      change: 'added' | 'removed' | 'renamed' | 'became-required' | 'became-optional' | 'deprecated' | 'reactivated' | 'description-changed' | 'style-changed' | 'explode-changed' | 'examples-changed';
      old?: ParameterDetails;
      new?: ParameterDetails;
      inferred?: boolean;
      /** For `added`: the revision declares it on the path item, for every operation of the path. */
      pathLevel?: boolean;
      pointers: Pointers;
    }
  | { kind: 'parameter-order'; old: string[]; new: string[]; pointers: Pointers }
  | { kind: 'request-body'; change: 'added' | 'removed' | 'became-required' | 'became-optional'; required: boolean; old?: unknown; new?: unknown; pointers: Pointers }
  | {
      kind: 'media-type';
      where: 'request' | 'response';
      status?: string;
      mediaType: string;
      /** `name-*` and `parameter-*`: a response media type replaced by a related one (same type; see `mediaTypeRelation`). */
      change: 'added' | 'removed' | 'examples-changed' | 'schema-added' | 'schema-removed' | 'name-generalized' | 'name-specialized' | 'name-changed' | 'parameter-added' | 'parameter-removed' | 'parameter-changed';
      /** For `parameter-*`: the media type parameter (`charset`). */
      parameter?: string;
      old?: unknown;
      new?: unknown;
      pointers: Pointers;
    }
  | {
      /** A form or multipart `encoding` entry of a media type (one property), compared by effective value (defaults filled in). */
      kind: 'encoding';
      where: 'request' | 'response';
      status?: string;
      mediaType: string;
      property: string;
      change: 'content-type-changed' | 'style-changed' | 'explode-changed' | 'allow-reserved-changed' | 'headers-changed';
      old?: unknown;
      new?: unknown;
      pointers: Pointers;
    }
  | { kind: 'response'; status: string; change: 'added' | 'removed' | 'description-changed'; description?: string; oldDescription?: string; pointers: Pointers }
  | { kind: 'response-header'; status: string; header: string; change: 'added' | 'removed' | 'became-required' | 'became-optional'; required: boolean; pointers: Pointers }
  | { kind: 'security'; change: 'added' | 'removed' | 'scope-added' | 'scope-removed'; scheme: string; scope?: string; pointers: Pointers }
  | { kind: 'schema'; scope: SchemaScope; delta: SchemaDelta }
  // lifecycle: sunset dates and deprecation periods (diff/lifecycle.ts)
  | LifecycleFact
) & { via?: Via };

export interface OperationDiff {
  op: OpRef;
  change: 'added' | 'removed' | 'changed';
  pointers: Pointers;
  /** The operation as a renderer shows it: revision's for added/changed, base's for removed. */
  details: EndpointDetails;
  /** For removed operations: no operation is left on the path. */
  pathRemoved?: boolean;
  /** For removed operations: it was deprecated before removal. */
  wasDeprecated?: boolean;
  /** lifecycle: for removed deprecated operations, removed before their sunset date or with one that is not a date. */
  sunsetRemoval?: SunsetRemoval;
  facts: OperationFact[];
}

export interface ComponentDiff {
  /** `schemas/ApiToken` or `models/app.yml#` for a file-level schema. */
  identity: string;
  name: string;
  change: 'added' | 'removed' | 'renamed' | 'changed';
  /** For renamed: the old name. */
  from?: string;
  inferred?: boolean;
  details?: SchemaDetails;
  deltas: SchemaDelta[];
  pointers: Pointers;
  /** Operations that reach this component through their request or response (either side). */
  reach: { request: OpRef[]; response: OpRef[] };
  /** For changed and renamed schemas: what operations use it as (a body, a parameter, a header, a property; see `Reachability.roles`), either side. */
  roles?: SchemaRole[];
  /** For changed and renamed schemas: how the operations reach it in each direction, either side (see `diff/uses.ts`). */
  uses?: { request?: ComponentUse; response?: ComponentUse };
}

/** How the operations reach a component in one direction (issue 20). */
export interface ComponentUse {
  /**
   * Every use is found under an allOf, as oasdiff reads it: the way from the body's root schema takes
   * an allOf member, or that root schema composes with allOf (oasdiff caps what it finds there at
   * warning; see `diff/uses.ts`).
   */
  underAllOf: boolean;
  /** Every use is in a body whose root schema composes with allOf (what oasdiff's request required-property check reads). */
  bodyRootAllOf: boolean;
  /** The media types of the bodies it is reached through, sorted; `header` for a response header, `parameter` for a parameter's schema. */
  mediaTypes: string[];
}

export type DocumentFact =
  | { kind: 'server'; change: 'added' | 'removed'; url: string; pointers: Pointers }
  | { kind: 'info'; field: 'title' | 'version'; old?: string; new?: string; pointers: Pointers }
  | { kind: 'global-security'; change: 'added' | 'removed' | 'scope-added' | 'scope-removed'; scheme: string; scope?: string; pointers: Pointers }
  | { kind: 'webhook'; change: 'added' | 'removed'; name: string; pointers: Pointers }
  | {
      /** An OAuth 2 flow detail of a security scheme: a scope added, removed or re-described, or a URL changed. */
      kind: 'oauth';
      change: 'scope-added' | 'scope-removed' | 'scope-changed' | 'token-url-changed' | 'url-changed';
      name: string;
      flow: string;
      scope?: string;
      old?: string;
      new?: string;
      pointers: Pointers;
    }
  | {
      /** A component other than a schema or security scheme (`responses`, `parameters`, `requestBodies`, `headers`, `examples`, `links`, `callbacks`, `pathItems`). */
      kind: 'component';
      section: string;
      name: string;
      /** `changed` only for components no operation compares (unreached ones, and examples, which use sites compare by reference). */
      change: 'added' | 'removed' | 'changed';
      affects: OpRef[];
      pointers: Pointers;
    }
  | { kind: 'security-scheme'; change: 'added' | 'removed' | 'type-changed'; name: string; old?: string; new?: string; pointers: Pointers }
  /** An `x-` extension of the document root, `info`, a path item, a tag definition or a server, compared by value. `place`: the path, tag name or server URL. */
  | { kind: 'extension'; node: 'document' | 'info' | 'paths' | 'components' | 'security-scheme' | 'path' | 'tag' | 'server'; place?: string; name: string; change: 'added' | 'removed' | 'changed'; old?: unknown; new?: unknown; pointers: Pointers };

export interface DiffTree {
  base: SideInfo;
  revision: SideInfo;
  operations: OperationDiff[];
  components: ComponentDiff[];
  document: DocumentFact[];
  notes: string[];
}
