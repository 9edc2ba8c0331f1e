import type { NumericFacet, SchemaChangeKind } from '../../diff/tree.js';
import type { Action, Direction, Group, Level, RuleDefinition, SchemaPrefix } from '../types.js';

/**
 * Schema rules come in families: the same change reads differently in a request (what the server
 * accepts) and in a response (what the client receives). Narrowing what a server accepts breaks
 * senders; widening what a server returns breaks readers. Each family member is its own rule, with
 * its own level, built from these tables.
 */
type LevelPair = [request: Level, response: Level];

const B = 'breaking';
const W = 'warning';
const I = 'info';

/** Changes that apply to any schema node, with [request level, response level] and a phrase. */
const facetTable: Array<[SchemaChangeKind, LevelPair, string]> = [
  ['type-changed', [B, B], 'changed type'],
  ['type-generalized', [I, B], 'widened its type from integer to number'],
  ['type-specialized', [B, I], 'narrowed its type from number to integer'],
  // A schema without `type` admits any value its other keywords allow (beside allOf: whatever the members allow).
  ['type-added', [B, I], 'gained a type (it admitted any type before)'],
  ['type-removed', [I, W], 'lost its type (it may now hold any type its other keywords allow)'],
  ['format-changed', [B, B], 'changed format'],
  ['format-added', [B, I], 'gained a format'],
  ['format-removed', [I, W], 'lost its format'],
  ['became-nullable', [I, B], 'became nullable'],
  ['became-not-nullable', [B, I], 'stopped accepting null'],
  ['became-enum', [B, I], 'was restricted to an enum'],
  ['enum-removed', [I, B], 'is no longer restricted to an enum'],
  // oasdiff v1.37's level: breaking in a response (it was a warning before v1.37): a reader written against the
  // old set may not handle the new value; an open set is declared with x-extensible-enum, which has its own rules.
  ['enum-value-added', [I, B], 'gained an enum value (clients that switch over all values may not handle it)'],
  ['enum-value-removed', [B, I], 'lost an enum value'],
  // props: x-extensible-enum. Removing a known value refuses it in requests (oasdiff: breaking); readers of an open enum already handle unknown values.
  ['x-extensible-enum-value-added', [I, I], 'gained an x-extensible-enum value'],
  ['x-extensible-enum-value-removed', [B, I], 'lost an x-extensible-enum value'],
  ['const-added', [B, I], 'gained a const value'],
  ['const-removed', [I, B], 'lost its const value'],
  ['const-changed', [B, B], 'changed its const value'],
  ['default-value-added', [I, I], 'gained a default value'],
  ['default-value-removed', [I, I], 'lost its default value'],
  ['default-value-changed', [I, I], 'changed its default value'],
  ['example-changed', [I, I], 'had its example (example or examples) added, changed or removed'],
  ['pattern-added', [B, I], 'gained a pattern'],
  ['pattern-removed', [I, B], 'lost its pattern'],
  ['pattern-changed', [W, W], 'changed its pattern'],
  // multipleOf: a new divisor refuses values; dropping one admits them. A change that only widens (request)
  // or only narrows (response) has its own rule (`*-multiple-of-generalized`, `*-multiple-of-specialized`, below).
  ['multiple-of-set', [B, I], 'gained a multipleOf (values must be multiples of it)'],
  ['multiple-of-unset', [I, B], 'lost its multipleOf (values need not be multiples of it any more)'],
  ['multiple-of-changed', [B, B], 'changed its multipleOf to a value that is not a divisor of the old one (request) or a multiple of it (response)'],
  ['became-read-only', [I, I], 'became read-only'],
  ['became-not-read-only', [I, I], 'is no longer read-only'],
  ['became-write-only', [I, I], 'became write-only'],
  ['became-not-write-only', [I, I], 'is no longer write-only'],
  ['reactivated', [I, I], 'is no longer deprecated'],
  ['all-of-added', [B, I], 'gained an allOf member'],
  ['all-of-removed', [I, B], 'lost an allOf member'],
  // oasdiff's annotation-only split: a member with only title, description, default or examples constrains nothing.
  ['all-of-added-annotation-only', [I, I], 'gained an allOf member that only carries annotations (it constrains nothing)'],
  ['all-of-removed-annotation-only', [I, I], 'lost an allOf member that only carried annotations (it constrained nothing)'],
  // A concrete object became a oneOf of alternatives holding its properties: a payload valid before may
  // match no alternative or several (oneOf refuses both), in either direction (oasdiff: ERR).
  ['wrapped-in-one-of', [B, B], 'was wrapped in a oneOf: its properties moved into the alternatives, none of which is the original schema'],
  // One alternative is the original: what was valid still matches it, unless it also matches another (oasdiff: WARN).
  // Generic x- extensions on a schema (documentation only, see rules/extensions.ts).
  ['extension-added', [I, I], 'gained an x- extension (compared generically; known extensions have their own rules)'],
  ['extension-removed', [I, I], 'lost an x- extension'],
  ['extension-changed', [I, I], 'changed the value of an x- extension'],
  ['wrapped-in-one-of-original-preserved', [W, W], 'was wrapped in a oneOf with the original schema as one alternative (a payload matching another one too is refused)'],
  ['one-of-added', [I, B], 'gained a oneOf member'],
  ['one-of-removed', [B, I], 'lost a oneOf member'],
  ['any-of-added', [I, B], 'gained an anyOf member'],
  ['any-of-removed', [B, I], 'lost an anyOf member'],
  ['discriminator-added', [I, I], 'gained a discriminator'],
  ['discriminator-removed', [I, I], 'lost its discriminator'],
  ['discriminator-property-name-changed', [B, B], 'changed its discriminator property'],
  ['discriminator-mapping-changed', [I, I], 'pointed a discriminator mapping entry at another schema'],
  // Opening an object is like dropping an enum: senders lose nothing, readers may meet names they do not know.
  ['additional-properties-allowed', [I, W], 'now allows properties it does not list (additionalProperties is no longer false)'],
  ['additional-properties-forbidden', [B, I], 'no longer allows properties it does not list (additionalProperties became false)'],
  ['additional-properties-schema-added', [B, I], 'gained a schema for properties it does not list (their values are constrained)'],
  ['additional-properties-schema-removed', [I, W], 'lost its schema for properties it does not list (their values may be anything)'],
  ['unique-items-added', [B, I], 'now requires unique items (uniqueItems became true)'],
  ['unique-items-removed', [I, B], 'no longer requires unique items (uniqueItems is no longer true)'],
  // JSON Schema 2020 keywords, with oasdiff's levels: a constraint gained narrows (breaks senders),
  // one lost widens (breaks readers); prefixItems reads the other way in oasdiff (see the level table).
  ['contains-added', [B, I], 'gained a contains schema'],
  ['contains-removed', [I, B], 'lost its contains schema'],
  ['contains-changed', [W, W], 'changed its contains schema'],
  ['if-added', [B, I], 'gained an if schema'],
  ['if-removed', [I, B], 'lost its if schema'],
  ['if-changed', [W, W], 'changed its if schema'],
  ['then-added', [B, I], 'gained a then schema'],
  ['then-removed', [I, B], 'lost its then schema'],
  ['then-changed', [W, W], 'changed its then schema'],
  ['else-added', [B, I], 'gained an else schema'],
  ['else-removed', [I, B], 'lost its else schema'],
  ['else-changed', [W, W], 'changed its else schema'],
  ['property-names-added', [B, I], 'gained a propertyNames schema'],
  ['property-names-removed', [I, B], 'lost its propertyNames schema'],
  ['property-names-changed', [W, W], 'changed its propertyNames schema'],
  ['unevaluated-items-added', [B, I], 'gained an unevaluatedItems schema'],
  ['unevaluated-items-removed', [I, B], 'lost its unevaluatedItems schema'],
  ['unevaluated-items-changed', [W, W], 'changed its unevaluatedItems schema'],
  ['unevaluated-properties-added', [B, I], 'gained an unevaluatedProperties schema'],
  ['unevaluated-properties-removed', [I, B], 'lost its unevaluatedProperties schema'],
  ['unevaluated-properties-changed', [W, W], 'changed its unevaluatedProperties schema'],
  ['content-schema-added', [B, I], 'gained a contentSchema'],
  ['content-schema-removed', [I, B], 'lost its contentSchema'],
  ['content-schema-changed', [W, W], 'changed its contentSchema'],
  ['prefix-items-added', [W, W], 'gained prefixItems'],
  ['prefix-items-removed', [W, W], 'lost its prefixItems'],
  ['prefix-items-changed', [W, W], 'changed its prefixItems'],
  ['content-encoding-changed', [B, B], 'changed its contentEncoding'],
  ['content-media-type-changed', [B, B], 'changed its contentMediaType'],
  ['dependent-required-added', [B, I], 'gained a dependentRequired entry'],
  ['dependent-required-removed', [I, B], 'lost a dependentRequired entry'],
  ['dependent-required-changed', [B, B], 'changed a dependentRequired entry'],
  ['dependent-schema-added', [B, I], 'gained a dependentSchemas entry'],
  ['dependent-schema-removed', [I, B], 'lost a dependentSchemas entry'],
  ['dependent-schema-changed', [W, W], 'changed a dependentSchemas entry'],
  ['discriminator-mapping-added', [I, I], 'gained a discriminator mapping entry'],
  ['discriminator-mapping-deleted', [I, I], 'lost a discriminator mapping entry'],
  ['list-of-types-narrowed', [B, I], 'accepts fewer of the types in its type list'],
  ['list-of-types-widened', [I, B], 'accepts more types in its type list'],
  ['items-added', [B, I], 'gained an items schema (every element is constrained)'],
  ['items-removed', [I, W], 'lost its items schema (elements may be anything)'],
  // OpenAPI 3.0 boolean exclusive bounds: making a bound exclusive drops the bound value itself.
  ['min-became-exclusive', [B, I], 'made its minimum exclusive (exclusiveMinimum became true)'],
  ['min-became-inclusive', [I, B], 'made its minimum inclusive (exclusiveMinimum is no longer true)'],
  ['max-became-exclusive', [B, I], 'made its maximum exclusive (exclusiveMaximum became true)'],
  ['max-became-inclusive', [I, B], 'made its maximum inclusive (exclusiveMaximum is no longer true)'],
  // `not` excludes values: adding one narrows, dropping one widens, replacing one may do either.
  ['not-added', [B, I], 'gained a not schema (values it matches are excluded)'],
  ['not-removed', [I, W], 'lost its not schema (values it excluded are allowed again)'],
  ['not-changed', [W, W], 'changed its not schema'],
  // A patternProperties entry constrains properties whose names match; dropping one frees them.
  ['pattern-property-added', [B, I], 'gained a patternProperties entry (matching properties are constrained)'],
  ['pattern-property-removed', [I, B], 'lost a patternProperties entry (matching properties are no longer constrained)'],
  // composition: properties moved under a new object property; senders and readers of the old place both break.
  ['properties-wrapped', [B, B], 'had properties moved under a new object property (they are no longer sent or read at their old place)'],
  // The same reference under another spelling: what a client sends or receives is unchanged.
  ['composition-respelled', [I, I], 'names the same schema under another composition spelling ($ref, an allOf of it, a union of it and null); nothing a client sends or receives changed'],
  ['properties-unwrapped', [B, B], 'had the properties of an object property moved up beside it, the object property gone (they are no longer sent or read at their old place)'],
];

/** Upper bounds (max*) narrow requests when decreased and widen responses when increased; lower bounds the other way. */
const numericTable: Array<[NumericFacet, 'upper' | 'lower', string]> = [
  ['max', 'upper', 'maximum'],
  ['min', 'lower', 'minimum'],
  ['exclusive-max', 'upper', 'exclusive maximum'],
  ['exclusive-min', 'lower', 'exclusive minimum'],
  ['max-length', 'upper', 'maximum length'],
  ['min-length', 'lower', 'minimum length'],
  ['max-items', 'upper', 'maximum number of items'],
  ['min-items', 'lower', 'minimum number of items'],
  ['max-properties', 'upper', 'maximum number of properties'],
  ['min-properties', 'lower', 'minimum number of properties'],
  ['max-contains', 'upper', 'maximum number of matching items (maxContains)'],
  ['min-contains', 'lower', 'minimum number of matching items (minContains)'],
];

for (const [facet, bound, noun] of numericTable) {
  const upper = bound === 'upper';
  facetTable.push(
    [`${facet}-set`, [B, I], `gained a ${noun}`],
    [`${facet}-unset`, [I, B], `lost its ${noun}`],
    [`${facet}-increased`, upper ? [I, B] : [B, I], `had its ${noun} increased`],
    [`${facet}-decreased`, upper ? [B, I] : [I, B], `had its ${noun} decreased`],
  );
}

const subjects: Record<Exclude<SchemaPrefix, 'schema'>, { direction: Direction; group: Group; noun: string }> = {
  'request-parameter': { direction: 'request', group: 'parameters', noun: 'A request parameter' },
  'request-body': { direction: 'request', group: 'endpoints', noun: 'A request body schema' },
  'request-property': { direction: 'request', group: 'schemas', noun: 'A request property' },
  'response-body': { direction: 'response', group: 'endpoints', noun: 'A response body schema' },
  'response-property': { direction: 'response', group: 'schemas', noun: 'A response property' },
  'response-header': { direction: 'response', group: 'endpoints', noun: 'A response header' },
};

/** Kinds that cannot occur at a given prefix, so no rule exists for them (and no fixture is needed). */
function applies(prefix: SchemaPrefix, kind: SchemaChangeKind): boolean {
  if (prefix === 'request-parameter' && kind === 'reactivated') return false; // parameter-level deprecation is its own rule
  // Below the root, oasdiff reports a wrapping as the property's oneOf members added (the differ does the same).
  if (prefix.endsWith('-property') && kind.startsWith('wrapped-in-one-of')) return false;
  // Moved properties sit below a root: at a body's root they read as request/response-property.
  if ((prefix === 'request-body' || prefix === 'response-body') && kind.startsWith('properties-')) return false;
  // A header value is text: a type list gaining types returns nothing a reader cannot take as text
  // (oasdiff: response-header-type-compatible, which the type verdict reports instead).
  if (prefix === 'response-header' && kind === 'list-of-types-widened') return false;
  return true;
}

/** Schema changes that are documentation only: prose and examples, never what a client sends or receives. */
const documentationKinds: ReadonlySet<SchemaChangeKind> = new Set(['description-changed', 'example-changed', 'extension-added', 'extension-removed', 'extension-changed']);

function schemaRule(prefix: SchemaPrefix, change: SchemaChangeKind, id: string, level: Level, direction: Direction, action: Action, group: Group, description: string, extra: (fact: import('../types.js').Fact) => boolean = () => true): RuleDefinition {
  return {
    id,
    level,
    direction,
    action,
    group,
    description,
    documentation: documentationKinds.has(change),
    on: 'schema',
    key: prefix === 'schema' ? 'schema:schema:*' : `schema:${prefix}:${change}`,
    match: (f) => f.kind === 'schema' && f.prefix === prefix && f.delta.change === change && extra(f),
  };
}

/** Where one scope differs from its family: a parameter's default is what the server uses when a client omits it. */
// oasdiff's levels: a caller that omits the parameter gets another behaviour from the server.
// oasdiff v1.37 lowered these to info (a default documents the server's behaviour), so no scope differs today.
const overrides: Record<string, Level> = {};

/** Where the id spells a kind as oasdiff v1.37 does (`*-unique-items-set`, `*-became-not-enum`). */
const idNames: Partial<Record<SchemaChangeKind, string>> = { 'unique-items-added': 'unique-items-set', 'unique-items-removed': 'unique-items-unset', 'enum-removed': 'became-not-enum' };

const facetRules: RuleDefinition[] = [];
for (const [prefix, subject] of Object.entries(subjects) as Array<[Exclude<SchemaPrefix, 'schema'>, (typeof subjects)[keyof typeof subjects]]>) {
  for (const [kind, levels, phrase] of facetTable) {
    if (!applies(prefix, kind)) continue;
    const level = overrides[`${prefix}-${kind}`] ?? (subject.direction === 'request' ? levels[0] : levels[1]);
    // At a root, extensions read `<prefix>-schema-extension-*`: `<prefix>-extension-*` is the parameter, body or header object's own.
    const id = kind.startsWith('extension-') && !prefix.endsWith('-property') ? `${prefix}-schema-${kind}` : `${prefix}-${idNames[kind] ?? kind}`;
    facetRules.push(schemaRule(prefix, kind, id, level, subject.direction, 'changed', subject.group, `${subject.noun} ${phrase}.`));
  }
  // A description at the root of a body, parameter or header schema: documentation only, like a property's.
  if (!prefix.endsWith('-property')) {
    const where = prefix === 'request-parameter' ? 'a request parameter' : prefix === 'response-header' ? 'a response header' : prefix === 'request-body' ? 'a request body' : 'a response body';
    facetRules.push(schemaRule(prefix, 'description-changed', `${prefix}-schema-description-changed`, I, subject.direction, 'changed', 'schemas', `The description at the root of the schema of ${where} was added, changed or removed.`));
  }
  // `deprecated` on a schema inside a parameter is covered by request-parameter-deprecated.
  if (prefix !== 'request-parameter') {
    facetRules.push(schemaRule(prefix, 'deprecated', `${prefix}-deprecated`, 'info', subject.direction, 'deprecated', 'deprecated', `${subject.noun} was marked deprecated.`));
  }
}

/**
 * oasdiff's lower levels for a property no reader of that direction sees: a read-only property is not
 * sent in a request, a write-only one is not received in a response. [prefix, kind, access]; the id is
 * `<direction>-<access>-property-<kind>`, the level info, and the general rule leaves such facts alone.
 */
const accessVariants: Array<[SchemaPrefix, SchemaChangeKind, 'read-only' | 'write-only']> = [
  ['request-property', 'enum-value-removed', 'read-only'],
  ['request-property', 'exclusive-max-decreased', 'read-only'],
  ['request-property', 'exclusive-min-increased', 'read-only'],
  ['request-property', 'max-decreased', 'read-only'],
  ['request-property', 'max-length-decreased', 'read-only'],
  ['request-property', 'max-items-decreased', 'read-only'],
  ['request-property', 'max-properties-decreased', 'read-only'],
  ['request-property', 'min-increased', 'read-only'],
  ['response-property', 'enum-value-added', 'write-only'],
];
for (const [prefix, kind, access] of accessVariants) {
  const index = facetRules.findIndex((r) => r.id === `${prefix}-${kind}`);
  const general = facetRules[index];
  if (!general) throw new Error(`no rule ${prefix}-${kind} to split by ${access}`);
  facetRules[index] = { ...general, match: (f) => general.match(f) && !(f.kind === 'schema' && f.delta.access === access) };
  const direction = prefix.startsWith('request') ? 'request' : 'response';
  const reader = access === 'read-only' ? 'senders do not send it' : 'readers never receive it';
  facetRules.push(schemaRule(prefix, kind, `${direction}-${access}-property-${kind}`, I, general.direction, general.action, general.group, `${general.description.replace(/\.$/, '')} (the property is ${access}: ${reader}).`, (f) => f.kind === 'schema' && f.delta.access === access));
}

// oasdiff's split of a property's read-only/write-only flip by whether it is required on both sides,
// with oasdiff v1.37's levels: a request property becoming read-only is a warning (senders must stop
// sending it), a required one ceasing to be read-only breaks senders that never sent it, and a required
// response property becoming write-only breaks readers that relied on it.
const accessSplit: Array<[SchemaChangeKind, 'request' | 'response', optional: Level, required: Level, phrase: string]> = [
  ['became-read-only', 'request', W, W, 'became read-only (senders must stop sending it)'],
  ['became-not-read-only', 'request', I, B, 'is no longer read-only (a required one must now be sent)'],
  ['became-write-only', 'request', I, I, 'became write-only'],
  ['became-not-write-only', 'request', I, I, 'is no longer write-only'],
  ['became-read-only', 'response', I, I, 'became read-only'],
  ['became-not-read-only', 'response', I, I, 'is no longer read-only'],
  ['became-write-only', 'response', I, B, 'became write-only (readers no longer receive it)'],
  ['became-not-write-only', 'response', I, I, 'is no longer write-only (readers receive it)'],
];
for (const [kind, direction, optionalLevel, requiredLevel, phrase] of accessSplit) {
  const prefix = `${direction}-property` as const;
  const index = facetRules.findIndex((r) => r.id === `${prefix}-${kind}`);
  const general = facetRules[index];
  if (!general) throw new Error(`no rule ${prefix}-${kind} to split`);
  const both = (f: import('../types.js').Fact) => f.kind === 'schema' && f.delta.requiredOnBothSides === true;
  const suffix = kind.slice('became-'.length);
  facetRules.splice(
    index,
    1,
    schemaRule(prefix, kind, `${direction}-optional-property-became-${suffix}`, optionalLevel, direction, 'changed', general.group, `A ${direction} property that is not required on both sides ${phrase}.`, (f) => !both(f)),
    schemaRule(prefix, kind, `${direction}-required-property-became-${suffix}`, requiredLevel, direction, 'changed', general.group, `A ${direction} property required on both sides ${phrase}.`, both),
  );
}

// oasdiff's `*-pattern-generalized`: a request pattern replaced by `.*` accepts every string, so nothing is refused (info, not the warning of a changed pattern).
for (const prefix of ['request-parameter', 'request-property'] as const) {
  const index = facetRules.findIndex((r) => r.id === `${prefix}-pattern-changed`);
  const general = facetRules[index];
  if (!general) throw new Error(`no rule ${prefix}-pattern-changed to split`);
  const toAnything = (f: import('../types.js').Fact) => f.kind === 'schema' && f.delta.new === '.*';
  facetRules[index] = { ...general, match: (f) => general.match(f) && !toAnything(f) };
  facetRules.push(schemaRule(prefix, 'pattern-changed', `${prefix}-pattern-generalized`, I, 'request', 'changed', general.group, `${subjects[prefix].noun} had its pattern replaced by \`.*\` (every string is accepted).`, toAnything));
}

/**
 * Whether `a` is an integer multiple of `b` (every multiple of `a` is then one of `b`), read exactly:
 * each number is taken as the decimal it prints as, so 0.3 over 0.1 is 3, not a float close to it.
 */
export function isIntegerMultiple(a: number, b: number): boolean {
  if (!Number.isFinite(a) || !Number.isFinite(b) || b === 0) return false;
  const rational = (x: number): [bigint, bigint] => {
    const [mantissa, exponent = '0'] = String(x).toLowerCase().split('e');
    const [whole = '0', fraction = ''] = mantissa!.split('.');
    const e = Number(exponent) - fraction.length;
    const digits = BigInt(whole + fraction);
    return e >= 0 ? [digits * 10n ** BigInt(e), 1n] : [digits, 10n ** BigInt(-e)];
  };
  const [an, ad] = rational(a);
  const [bn, bd] = rational(b);
  // a / b = (an * bd) / (ad * bn)
  return (an * bd) % (ad * bn) === 0n;
}

// oasdiff's split of a changed multipleOf: a request divisor replaced by one of its divisors accepts
// every value it accepted (`*-multiple-of-generalized`, info); a response divisor replaced by one of
// its multiples returns only values readers already accepted (`*-multiple-of-specialized`, info).
for (const prefix of Object.keys(subjects) as Array<keyof typeof subjects>) {
  const index = facetRules.findIndex((r) => r.id === `${prefix}-multiple-of-changed`);
  const general = facetRules[index];
  if (!general) throw new Error(`no rule ${prefix}-multiple-of-changed to split`);
  const request = subjects[prefix].direction === 'request';
  const safe = (f: import('../types.js').Fact) => {
    if (f.kind !== 'schema' || typeof f.delta.old !== 'number' || typeof f.delta.new !== 'number') return false;
    return request ? isIntegerMultiple(f.delta.old, f.delta.new) : isIntegerMultiple(f.delta.new, f.delta.old);
  };
  facetRules[index] = { ...general, match: (f) => general.match(f) && !safe(f) };
  const word = request ? 'generalized' : 'specialized';
  const phrase = request ? 'had its multipleOf replaced by a divisor of it (every value accepted before is still accepted)' : 'had its multipleOf replaced by a multiple of it (every value returned is one readers accepted before)';
  facetRules.push(schemaRule(prefix, 'multiple-of-changed', `${prefix}-multiple-of-${word}`, I, general.direction, 'changed', general.group, `${subjects[prefix].noun} ${phrase}.`, safe));
}

// Type and format changes, read as oasdiff v1.37 reads them (checker/check_types.go): the type axis and
// the format axis are judged together, toward the revision's type in a request (what the server now
// accepts must hold every value it accepted) and toward the base's in a response (what readers accepted
// must hold every value now returned). The verdict picks the id among `*-type-changed` (breaking),
// `*-type-generalized`, `*-type-specialized` and `*-type-compatible`. Facts keep their own finer id
// (`*-type-added`, `*-format-added`, `*-list-of-types-*`, request `*-type-specialized`) where oasdiff's
// verdict gives the same level; they move to oasdiff's id where it gives another.
interface TypeSide {
  types: string[];
  format?: string;
}
type Verdict = 'changed' | 'generalized' | 'specialized' | 'compatible';
const typeParts = (value: unknown): TypeSide => {
  const [types = '', format] = String(value ?? '').split('/');
  return { types: types === '' ? [] : types.split('|'), ...(format !== undefined ? { format } : {}) };
};
/** The type a format implies, for a format change (the delta carries the formats only; the type is the same on both sides). */
const formatType = (format: unknown) => (format === 'float' || format === 'double' ? 'number' : format === 'int32' || format === 'int64' || format === 'bigint' ? 'integer' : 'string');
/** Both sides of a type or format change, or undefined for another change. */
function typeSides(f: import('../types.js').Fact): [TypeSide, TypeSide] | undefined {
  if (f.kind !== 'schema') return undefined;
  const { change, old, new: next } = f.delta;
  switch (change) {
    case 'type-changed':
    case 'type-generalized':
    case 'type-specialized':
      return [typeParts(old), typeParts(next)];
    case 'type-added':
      return [{ types: [] }, typeParts(next)];
    case 'type-removed':
      return [typeParts(old), { types: [] }];
    case 'format-added':
    case 'format-removed':
    case 'format-changed': {
      const type = formatType(old ?? next);
      return [{ types: [type], ...(old !== undefined ? { format: String(old) } : {}) }, { types: [type], ...(next !== undefined ? { format: String(next) } : {}) }];
    }
    case 'list-of-types-widened':
    case 'list-of-types-narrowed':
      return [{ types: (old as string[]).map(String) }, { types: (next as string[]).map(String) }];
    default:
      return undefined;
  }
}
/** Every value of `sub` is a value of `sup`: the same type, or an integer within number. */
const isSubtype = (sub: string, sup: string) => sub === sup || (sub === 'integer' && sup === 'number');
/** `sub` is non-empty and each of its types is covered by one of `sup`. */
const typeSetWithin = (sub: string[], sup: string[]) => sub.length > 0 && sub.every((t) => sup.some((s) => isSubtype(t, s)));
/**
 * The values of the `from` types are still values of the `to` types: one type within another, or,
 * where values are text on the wire (not strongly typed), a target that is a plain string or no type.
 * `to` and `from` are the types only one side has (oasdiff's added and deleted lists).
 */
function typeContained(to: string[], from: string[], stronglyTyped: boolean): boolean {
  if (to.length === 1 && from.length === 1 && isSubtype(from[0]!, to[0]!)) return true;
  if (!stronglyTyped) return to.length === 0 || (to.length === 1 && to[0] === 'string');
  return false;
}
/** A format change toward `to` (from `from`) keeps every value: dropping the format, or float to double, int32 to int64, either to bigint. */
function formatContained(types: string[], to: string | undefined, from: string | undefined): boolean {
  if (to === undefined) return true;
  if (types.length !== 1) return false;
  if (types[0] === 'number') return to === 'double' && from === 'float';
  if (types[0] === 'integer') return (to === 'int64' && from === 'int32') || (to === 'bigint' && (from === 'int32' || from === 'int64'));
  return false;
}
/** The type change (toward `toTypes`) or the format change breaks: either axis on its own (oasdiff's typeOrFormatBreaking). */
function typeOrFormatBreaking(added: string[], deleted: string[], typeChanged: boolean, formatChanged: boolean, toFormat: string | undefined, fromFormat: string | undefined, toTypes: string[], stronglyTyped: boolean): boolean {
  return (typeChanged && !typeContained(added, deleted, stronglyTyped)) || (formatChanged && !formatContained(toTypes, toFormat, fromFormat));
}
function typeVerdict(direction: 'request' | 'response' | 'parameter', base: TypeSide, revision: TypeSide, stronglyTyped: boolean): Verdict {
  const added = revision.types.filter((t) => !base.types.includes(t));
  const deleted = base.types.filter((t) => !revision.types.includes(t));
  let typeChanged = added.length + deleted.length > 0;
  const formatChanged = base.format !== revision.format;
  const bothConcrete = base.types.length > 0 && revision.types.length > 0;
  if (direction === 'parameter') {
    // A scalar parameter is text on the wire; oasdiff judges it loosely typed, with no type-set shortcut.
    return typeOrFormatBreaking(added, deleted, typeChanged, formatChanged, revision.format, base.format, revision.types, false) ? 'changed' : 'generalized';
  }
  if (direction === 'request') {
    const widened = typeChanged && typeSetWithin(base.types, revision.types);
    if (widened) typeChanged = false;
    // No type left: the server accepts any value.
    const breaking = typeChanged && revision.types.length === 0 ? false : typeOrFormatBreaking(added, deleted, typeChanged, formatChanged, revision.format, base.format, revision.types, stronglyTyped);
    if (breaking) return 'changed';
    return added.length + deleted.length > 0 && bothConcrete && !widened ? 'compatible' : 'generalized';
  }
  const narrowed = typeChanged && typeSetWithin(revision.types, base.types);
  if (narrowed) typeChanged = false;
  // Reversed: judged toward the base type, which readers accepted. No type before: readers took any value.
  const breaking = typeChanged && base.types.length === 0 ? false : typeOrFormatBreaking(deleted, added, typeChanged, formatChanged, base.format, revision.format, base.types, stronglyTyped);
  if (breaking) return added.length + deleted.length > 0 && typeSetWithin(base.types, revision.types) ? 'generalized' : 'changed';
  return added.length + deleted.length > 0 && bothConcrete && !narrowed ? 'compatible' : 'specialized';
}
const isJsonMediaType = (mediaType: string) => {
  const name = mediaType.split(';')[0]!.trim().toLowerCase();
  return name === 'application/json' || name.endsWith('+json');
};
/**
 * Values are text on the wire (oasdiff's "not strongly typed"): a body or property in a non-JSON media
 * type, or a response header. A shared component's fact is loosely typed when the media types it is
 * reached through are known and none is JSON (`mediaTypes`, set by facts.ts; `header` for a response
 * header); unknown reads as JSON, the strict reading.
 */
const looselyTyped = (f: import('../types.js').Fact) => {
  if (f.kind !== 'schema') return false;
  if (f.scope) {
    if (f.scope.at === 'response-header') return true;
    return (f.scope.at === 'request-body' || f.scope.at === 'response-body') && !isJsonMediaType(f.scope.mediaType);
  }
  if (f.prefix === 'response-header') return true;
  return f.mediaTypes !== undefined && f.mediaTypes.length > 0 && !f.mediaTypes.some(isJsonMediaType);
};
/** The type-family kinds whose facts the verdict may move, per prefix, and where each stays by default. */
const typeKinds = ['type-changed', 'type-generalized', 'type-specialized', 'type-added', 'type-removed', 'format-added', 'format-removed', 'format-changed', 'list-of-types-widened', 'list-of-types-narrowed'] as const satisfies readonly SchemaChangeKind[];
/** The id a type or format fact is reported under at `prefix` (undefined: not a type or format fact). */
function typeTarget(prefix: Exclude<SchemaPrefix, 'schema'>, f: import('../types.js').Fact): string | undefined {
  if (f.kind !== 'schema' || f.prefix !== prefix) return undefined;
  // Every rule of the type family asks this of the same fact (a dozen rules per fact): the answer
  // depends on the fact alone, so it is worked out once and kept with the fact.
  if (typeTargets.has(f)) return typeTargets.get(f);
  const target = computeTypeTarget(prefix, f);
  typeTargets.set(f, target);
  return target;
}
/** Fact → the id `typeTarget` gave it (facts are not changed while rules read them). */
const typeTargets = new WeakMap<object, string | undefined>();
function computeTypeTarget(prefix: Exclude<SchemaPrefix, 'schema'>, f: PropertyFact): string | undefined {
  const sides = typeSides(f);
  if (!sides) return undefined;
  const kind = f.delta.change;
  const own = `${prefix}-${kind}`;
  if (prefix === 'request-parameter') {
    // A parameter's 3.1 type list keeps our reading: oasdiff's loose parameter verdict calls a widened
    // list breaking and any narrowed one safe, which holds only where the list keeps `string`.
    const [base, revision] = sides;
    const within = (x: string[], y: string[]) => x.length > 0 && x.every((t) => y.includes(t));
    if (kind === 'type-changed' && base.format === revision.format && (base.types.length > 1 || revision.types.length > 1)) {
      if (within(base.types, revision.types)) return 'request-parameter-list-of-types-widened';
      if (within(revision.types, base.types)) return 'request-parameter-list-of-types-narrowed';
    }
    // A property of an object parameter: its serialisation is unknown, read by rules/parameters.ts.
    if (f.delta.path.length > 0 || kind.startsWith('list-of-types-')) return own;
  }
  const direction = prefix === 'request-parameter' ? 'parameter' : subjects[prefix].direction === 'request' ? 'request' : 'response';
  const verdict = typeVerdict(direction, sides[0], sides[1], !looselyTyped(f));
  const oasdiffId = `${prefix}-type-${verdict}`;
  if (verdict === 'compatible' && (prefix === 'request-parameter' || !facetRules.some((r) => r.id === oasdiffId))) return own;
  // Our own finer id, kept where oasdiff's verdict gives it the same level.
  const ownRule = facetRules.find((r) => r.id === own);
  const targetRule = facetRules.find((r) => r.id === oasdiffId);
  if (!targetRule) return own;
  if (kind === 'type-changed' || kind === 'type-generalized' || kind === 'type-specialized') {
    // Request number → integer keeps its own id (oasdiff: request-*-type-changed, breaking too).
    if (ownRule && ownRule.level === targetRule.level && kind !== 'type-changed' && (verdict === 'changed' || kind === `type-${verdict}`)) return own;
    return oasdiffId;
  }
  return ownRule && ownRule.level === targetRule.level ? own : verdict === 'changed' ? own : oasdiffId;
}
for (const prefix of Object.keys(subjects) as Array<keyof typeof subjects>) {
  const ids = new Set<string>([...typeKinds.map((k) => `${prefix}-${k}`), ...(['changed', 'generalized', 'specialized', 'compatible'] as const).map((v) => `${prefix}-type-${v}`)]);
  const keys = typeKinds.map((k) => `schema:${prefix}:${k}`);
  for (const [index, rule] of facetRules.entries()) {
    if (!ids.has(rule.id)) continue;
    const id = rule.id;
    facetRules[index] = { ...rule, alsoKeys: keys.filter((k) => k !== rule.key), match: (f) => typeTarget(prefix, f) === id };
  }
  // oasdiff's `*-type-compatible` (no rule in the facet table: it is the verdict's own id).
  if (prefix === 'request-parameter') continue;
  const general = facetRules.find((r) => r.id === `${prefix}-type-changed`)!;
  const direction = subjects[prefix].direction === 'request' ? 'request' : 'response';
  const why = direction === 'request' ? 'to one that still accepts the text of every value it accepted (a plain string, or fewer types of a list)' : 'from a plain string (or to more types of a list), which readers take as text whatever it holds';
  const id = `${prefix}-type-compatible`;
  facetRules.push({ ...schemaRule(prefix, 'type-changed', id, I, direction, 'changed', general.group, `${subjects[prefix].noun} changed type ${why}, where values are text on the wire (a non-JSON media type or a header).`), alsoKeys: keys.filter((k) => k !== `schema:${prefix}:type-changed`), match: (f) => typeTarget(prefix, f) === id });
}

type PropertyFact = Extract<import('../types.js').Fact, { kind: 'schema' }>;
const required = (f: import('../types.js').Fact) => (f as PropertyFact).delta.property?.required === true;
const readOnly = (f: import('../types.js').Fact) => (f as PropertyFact).delta.property?.readOnly === true;
const hasDefault = (f: import('../types.js').Fact) => (f as PropertyFact).delta.property?.default !== undefined;
// A write-only property is never sent in a response, so its changes there touch no reader (oasdiff's levels: info).
const writeOnly = (f: import('../types.js').Fact) => (f as PropertyFact).delta.property?.writeOnly === true;

/** Property-level rules (properties only exist below a schema root, so only `*-property` prefixes). */
const propertyRules: RuleDefinition[] = [
  schemaRule('request-property', 'property-added', 'new-required-request-property', B, 'request', 'added', 'schemas', 'A required property was added to a request body; requests without it fail.', (f) => required(f) && !readOnly(f) && !hasDefault(f)),
  schemaRule('request-property', 'property-added', 'new-required-request-property-with-default', B, 'request', 'added', 'schemas', 'A required property with a default was added to a request body; it is still required, so requests without it fail.', (f) => required(f) && !readOnly(f) && hasDefault(f)),
  schemaRule('request-property', 'property-added', 'new-optional-request-property', I, 'request', 'added', 'schemas', 'An optional property was added to a request body.', (f) => !required(f) && !readOnly(f)),
  schemaRule('request-property', 'property-added', 'new-read-only-request-property', I, 'request', 'added', 'schemas', 'A read-only property was added to a schema used in a request; senders do not send it.', (f) => readOnly(f)),
  schemaRule('request-property', 'property-removed', 'request-property-removed', W, 'request', 'removed', 'schemas', 'A property was removed from a request body; clients still sending it may be refused.', (f) => !readOnly(f)),
  // A read-only property is never sent, so no sender still sends it (oasdiff reports nothing for the request).
  schemaRule('request-property', 'property-removed', 'request-read-only-property-removed', I, 'request', 'removed', 'schemas', 'A read-only property was removed from a schema used in a request; senders never sent it.', (f) => readOnly(f)),
  schemaRule('request-property', 'property-renamed', 'request-property-renamed', B, 'request', 'changed', 'schemas', 'A request property was renamed (declared, or inferred when unambiguous).'),
  schemaRule('request-property', 'became-required', 'request-property-became-required', B, 'request', 'changed', 'schemas', 'An optional request property became required.', (f) => !hasDefault(f) && !readOnly(f)),
  schemaRule('request-property', 'became-required', 'request-property-became-required-with-default', B, 'request', 'changed', 'schemas', 'An optional request property with a default became required; requests that relied on the default now fail.', (f) => hasDefault(f) && !readOnly(f)),
  // `required` on a read-only property applies to responses only (OpenAPI 3.0): senders still omit it (oasdiff reports nothing for the request).
  schemaRule('request-property', 'became-required', 'request-read-only-property-became-required', I, 'request', 'changed', 'schemas', 'A read-only property of a schema used in a request became required; senders do not send it, so requests are unaffected.', (f) => readOnly(f)),
  schemaRule('request-property', 'became-optional', 'request-property-became-optional', I, 'request', 'changed', 'schemas', 'A required request property became optional.'),
  schemaRule('request-property', 'description-changed', 'request-property-description-changed', I, 'request', 'changed', 'schemas', 'The description of a request property was added, changed or removed.'),
  schemaRule('response-property', 'property-added', 'response-required-property-added', I, 'response', 'added', 'schemas', 'A property that is always present was added to a response.', (f) => required(f) && !writeOnly(f)),
  schemaRule('response-property', 'property-added', 'response-optional-property-added', I, 'response', 'added', 'schemas', 'An optional property was added to a response.', (f) => !required(f) && !writeOnly(f)),
  schemaRule('response-property', 'property-removed', 'response-required-property-removed', B, 'response', 'removed', 'schemas', 'A property that was always present was removed from a response.', (f) => required(f) && !writeOnly(f)),
  schemaRule('response-property', 'property-removed', 'response-optional-property-removed', I, 'response', 'removed', 'schemas', 'An optional property was removed from a response.', (f) => !required(f) && !writeOnly(f)),
  schemaRule('response-property', 'property-renamed', 'response-property-renamed', B, 'response', 'changed', 'schemas', 'A response property was renamed (declared, or inferred when unambiguous).'),
  schemaRule('response-property', 'became-required', 'response-property-became-required', I, 'response', 'changed', 'schemas', 'A response property is now always present.', (f) => !writeOnly(f)),
  schemaRule('response-property', 'became-optional', 'response-property-became-optional', B, 'response', 'changed', 'schemas', 'A response property that was always present may now be missing.', (f) => !writeOnly(f)),
  schemaRule('response-property', 'property-added', 'response-required-write-only-property-added', I, 'response', 'added', 'schemas', 'A required write-only property was added to a schema used in a response; servers do not send it.', (f) => required(f) && writeOnly(f)),
  schemaRule('response-property', 'property-added', 'response-optional-write-only-property-added', I, 'response', 'added', 'schemas', 'An optional write-only property was added to a schema used in a response; servers do not send it.', (f) => !required(f) && writeOnly(f)),
  schemaRule('response-property', 'property-removed', 'response-required-write-only-property-removed', I, 'response', 'removed', 'schemas', 'A required write-only property was removed from a schema used in a response; readers never received it.', (f) => required(f) && writeOnly(f)),
  schemaRule('response-property', 'property-removed', 'response-optional-write-only-property-removed', I, 'response', 'removed', 'schemas', 'An optional write-only property was removed from a schema used in a response; readers never received it.', (f) => !required(f) && writeOnly(f)),
  schemaRule('response-property', 'became-required', 'response-write-only-property-became-required', I, 'response', 'changed', 'schemas', 'A write-only property of a schema used in a response became required; readers never receive it.', (f) => writeOnly(f)),
  schemaRule('response-property', 'became-optional', 'response-write-only-property-became-optional', I, 'response', 'changed', 'schemas', 'A write-only property of a schema used in a response became optional; readers never receive it.', (f) => writeOnly(f)),
  schemaRule('response-property', 'description-changed', 'response-property-description-changed', I, 'response', 'changed', 'schemas', 'The description of a response property was added, changed or removed.'),
];

/** Schemas no operation reaches: reported, never breaking (no client can depend on them through this API). */
const unreachedKinds = new Set(['property-added', 'property-removed', 'property-renamed', 'became-required', 'became-optional', 'description-changed', 'example-changed', 'extension-added', 'extension-removed', 'extension-changed', 'composition-respelled']);
const unreachedRules: RuleDefinition[] = [
  schemaRule('schema', 'property-added', 'schema-property-added', I, 'none', 'added', 'schemas', 'A property was added to a schema that no operation uses.'),
  schemaRule('schema', 'property-removed', 'schema-property-removed', I, 'none', 'removed', 'schemas', 'A property was removed from a schema that no operation uses.'),
  schemaRule('schema', 'property-renamed', 'schema-property-renamed', I, 'none', 'changed', 'schemas', 'A property of a schema that no operation uses was renamed.'),
  schemaRule('schema', 'became-required', 'schema-property-became-required', I, 'none', 'changed', 'schemas', 'A property of a schema that no operation uses became required.'),
  schemaRule('schema', 'became-optional', 'schema-property-became-optional', I, 'none', 'changed', 'schemas', 'A property of a schema that no operation uses became optional.'),
  schemaRule('schema', 'description-changed', 'schema-description-changed', I, 'none', 'changed', 'schemas', 'A description in a schema that no operation uses was added, changed or removed.'),
  schemaRule('schema', 'composition-respelled', 'schema-composition-respelled', I, 'none', 'changed', 'schemas', 'A schema that no operation uses names the same schema under another composition spelling.'),
  schemaRule('schema', 'example-changed', 'schema-example-changed', I, 'none', 'changed', 'schemas', 'An example in a schema that no operation uses was added, changed or removed.'),
  // shapes: generic x- extensions of a schema no operation uses (documentation only, see rules/extensions.ts).
  schemaRule('schema', 'extension-added', 'schema-extension-added', I, 'none', 'added', 'schemas', 'A schema that no operation uses gained an x- extension.'),
  schemaRule('schema', 'extension-removed', 'schema-extension-removed', I, 'none', 'removed', 'schemas', 'A schema that no operation uses lost an x- extension.'),
  schemaRule('schema', 'extension-changed', 'schema-extension-changed', I, 'none', 'changed', 'schemas', 'The value of an x- extension of a schema that no operation uses changed.'),
  {
    id: 'schema-changed',
    level: I,
    direction: 'none',
    action: 'changed',
    group: 'schemas',
    description: 'A schema that no operation uses changed (type, constraints, enum, composition, …).',
    documentation: false,
    on: 'schema',
    key: 'schema:schema:*',
    match: (f) => f.kind === 'schema' && f.prefix === 'schema' && !unreachedKinds.has(f.delta.change),
  },
];

export const schemaRules: RuleDefinition[] = [...facetRules, ...propertyRules, ...unreachedRules];
