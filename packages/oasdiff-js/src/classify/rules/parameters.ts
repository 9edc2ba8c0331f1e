import { documentationOnly, type Fact, type Group, type Level, type RuleDefinition } from '../types.js';
import { operationRule } from './endpoints.js';
import { schemaRules } from './schema.js';

export const parameterRules: RuleDefinition[] = [
  operationRule('parameter', 'new-request-path-parameter', 'breaking', 'request', 'added', 'parameters', 'A path parameter was added; existing URLs no longer match.', (f) => f.change === 'added' && f.new?.in === 'path'),
  operationRule('parameter', 'new-required-request-parameter', 'breaking', 'request', 'added', 'parameters', 'A required query, header or cookie parameter was added; requests without it fail.', (f) => f.change === 'added' && f.new?.in !== 'path' && f.new?.required === true && f.pathLevel !== true),
  operationRule('parameter', 'new-optional-request-parameter', 'info', 'request', 'added', 'parameters', 'An optional parameter was added.', (f) => f.change === 'added' && f.new?.in !== 'path' && f.new?.required !== true && f.pathLevel !== true),
  // oasdiff's ids for a query, header or cookie parameter declared on an existing path item (so for every operation of the path).
  operationRule('parameter', 'new-required-request-default-parameter-to-existing-path', 'breaking', 'request', 'added', 'parameters', 'A required query, header or cookie parameter was declared on the path item of an existing path, so every operation of the path now needs it; requests without it fail.', (f) => f.change === 'added' && f.new?.in !== 'path' && f.new?.required === true && f.pathLevel === true),
  operationRule('parameter', 'new-optional-request-default-parameter-to-existing-path', 'info', 'request', 'added', 'parameters', 'An optional query, header or cookie parameter was declared on the path item of an existing path, for every operation of the path.', (f) => f.change === 'added' && f.new?.in !== 'path' && f.new?.required !== true && f.pathLevel === true),
  operationRule('parameter', 'request-parameter-removed', 'warning', 'request', 'removed', 'parameters', 'A parameter was removed; clients still sending it may be ignored or refused.', (f) => f.change === 'removed' && f.old?.deprecated !== true),
  operationRule('parameter', 'request-parameter-removed-with-deprecation', 'info', 'request', 'removed', 'parameters', 'A parameter that had been deprecated was removed.', (f) => f.change === 'removed' && f.old?.deprecated === true),
  operationRule('parameter', 'request-parameter-renamed', 'breaking', 'request', 'changed', 'parameters', 'A query, header or cookie parameter was renamed (declared, or inferred when unambiguous).', (f) => f.change === 'renamed' && f.new?.in !== 'path'),
  operationRule('parameter', 'request-path-parameter-renamed', 'info', 'request', 'changed', 'parameters', 'A path variable was renamed (`/orgs/{org_id}` → `/orgs/{org}`): the URL a caller sends is unchanged, so HTTP callers are unaffected, but typed SDKs that name path parameters break at compile time.', (f) => f.change === 'renamed' && f.new?.in === 'path'),
  operationRule('parameter', 'request-parameter-became-required', 'breaking', 'request', 'changed', 'parameters', 'An optional parameter became required.', (f) => f.change === 'became-required'),
  operationRule('parameter', 'request-parameter-became-optional', 'info', 'request', 'changed', 'parameters', 'A required parameter became optional.', (f) => f.change === 'became-optional'),
  operationRule('parameter', 'request-parameter-deprecated', 'info', 'request', 'deprecated', 'deprecated', 'A parameter was marked deprecated.', (f) => f.change === 'deprecated'),
  operationRule('parameter', 'request-parameter-reactivated', 'info', 'request', 'changed', 'deprecated', 'A deprecated parameter is no longer deprecated.', (f) => f.change === 'reactivated'),
  documentationOnly(operationRule('parameter', 'request-parameter-description-changed', 'info', 'request', 'changed', 'parameter-descriptions', 'The description of a parameter changed.', (f) => f.change === 'description-changed')),
  operationRule('parameter', 'request-parameter-style-changed', 'breaking', 'request', 'changed', 'parameters', 'The serialisation style of a parameter changed (defaults included); clients keep encoding values the old way.', (f) => f.change === 'style-changed'),
  operationRule('parameter', 'request-parameter-explode-changed', 'breaking', 'request', 'changed', 'parameters', 'Whether an array or object parameter is exploded changed (defaults included); clients keep encoding values the old way.', (f) => f.change === 'explode-changed'),
  documentationOnly(operationRule('parameter', 'request-parameter-examples-changed', 'info', 'request', 'changed', 'parameters', 'The example or examples of a parameter were added, changed or removed.', (f) => f.change === 'examples-changed')),
  operationRule('parameter-order', 'request-parameter-order-changed', 'info', 'request', 'changed', 'parameters', 'Parameters present on both sides appear in a different order (matching is by name, so this is not a rename).', () => true),
];

/**
 * props: changes inside the object schema of a parameter, under oasdiff's parameter-property and
 * header-property ids. The schema comparison is the one every schema goes through; only the id a fact
 * reads under changes. Each variant takes its facts away from the general rule it refines
 * (`request-parameter-enum-value-removed`, `new-required-request-property`, …) and is listed right
 * after it in `schemaRules`, so one change gets one rule. As in oasdiff, a "property" is any schema
 * below the parameter's root: a named property, the items of an array parameter (`?tags=a,b`: oasdiff
 * says "the property `items`"), additionalProperties. (This module runs before the catalogue reads
 * `schemaRules`: it imports it.)
 */
type SchemaFact = Extract<Fact, { kind: 'schema' }>;
const parameterScope = (f: Fact) => (f.kind === 'schema' && f.scope?.at === 'parameter' ? f.scope : undefined);
const inProperty = (f: Fact) => f.kind === 'schema' && f.delta.path.length > 0;
const parameterProperty = (f: Fact) => parameterScope(f) !== undefined && inProperty(f);
const headerProperty = (f: Fact) => parameterScope(f)?.in === 'header' && inProperty(f);
const readOnlyProperty = (f: Fact) => (f as SchemaFact).delta.property?.readOnly === true;
/** The types a `type-changed` delta moved to, `null` aside (`string|null/uuid` → `string`). */
const newTypes = (f: Fact) => String((f as SchemaFact).delta.new ?? '').split('/')[0]!.split('|').filter((t) => t !== 'null').join('|');

/** Narrows the rule `general` to the facts `claims` leaves it, and returns its match as it was. */
function claimFrom(general: string, claims: (f: Fact) => boolean): { rule: RuleDefinition; match: RuleDefinition['match']; index: number } {
  const index = schemaRules.findIndex((r) => r.id === general);
  const rule = schemaRules[index];
  if (!rule) throw new Error(`no rule ${general} to refine`);
  schemaRules[index] = { ...rule, match: (f) => rule.match(f) && !claims(f) };
  return { rule, match: rule.match, index };
}

/** Gives the facts `claims` selects from `general` to a new rule `id`, listed right after `general`. */
export function refine(general: string, id: string, level: Level, description: string, claims: (f: Fact) => boolean, group?: Group): void {
  const { rule, match, index } = claimFrom(general, claims);
  schemaRules.splice(index + 1, 0, { ...rule, id, level, description, ...(group ? { group } : {}), match: (f) => match(f) && claims(f) });
}

refine('request-parameter-became-nullable', 'request-parameter-property-became-nullable', 'info', 'A property of an object parameter became nullable.', parameterProperty);
refine('request-parameter-became-not-nullable', 'request-parameter-property-became-not-nullable', 'breaking', 'A property of an object parameter stopped accepting null.', parameterProperty);
refine('request-parameter-became-not-enum', 'request-parameter-property-became-not-enum', 'info', 'A property of an object parameter is no longer restricted to an enum.', parameterProperty);
refine('request-parameter-enum-value-added', 'request-parameter-property-enum-value-added', 'info', 'A property of an object parameter gained an enum value.', parameterProperty);
refine('request-parameter-enum-value-removed', 'request-parameter-property-enum-value-removed', 'breaking', 'A property of an object parameter lost an enum value; requests sending it are refused.', parameterProperty);
refine('request-parameter-list-of-types-narrowed', 'request-parameter-property-list-of-types-narrowed', 'breaking', 'A property of an object parameter accepts fewer of the types in its type list.', parameterProperty);
refine('request-parameter-list-of-types-widened', 'request-parameter-property-list-of-types-widened', 'info', 'A property of an object parameter accepts more types in its type list.', parameterProperty);
refine('request-parameter-type-generalized', 'request-parameter-property-type-generalized', 'info', 'A property of an object parameter widened its type from integer to number; every value it accepted is still accepted.', parameterProperty);
{
  // oasdiff cannot tell how an object parameter is serialised: a change to string breaks JSON-encoded
  // objects (the value must be quoted) but not deepObject or form ones (every value is text there), so
  // it warns; any other change of type breaks callers either way (specialized, like number → integer).
  const changed = claimFrom('request-parameter-type-changed', parameterProperty);
  const specialized = claimFrom('request-parameter-type-specialized', parameterProperty);
  const toString = (f: Fact) => newTypes(f) === 'string';
  schemaRules.splice(changed.index + 1, 0, {
    ...changed.rule,
    id: 'request-parameter-property-type-changed',
    level: 'warning',
    description: 'A property of an object parameter changed its type to string: callers sending the object as JSON must now quote the value; with deepObject or form serialisation nothing changes.',
    match: (f) => changed.match(f) && parameterProperty(f) && toString(f),
  });
  const at = schemaRules.indexOf(schemaRules.find((r) => r.id === 'request-parameter-type-specialized')!);
  schemaRules.splice(at + 1, 0, {
    ...specialized.rule,
    id: 'request-parameter-property-type-specialized',
    level: 'breaking',
    description: 'A property of an object parameter changed to a type (or narrowed to a subtype) that refuses values it accepted, however the object is serialised.',
    alsoKeys: [changed.rule.key],
    match: (f) => (specialized.match(f) && parameterProperty(f)) || (changed.match(f) && parameterProperty(f) && !toString(f)),
  });
}
// Header parameters with an object schema (oasdiff's header-property ids).
refine('request-parameter-became-enum', 'request-header-property-became-enum', 'breaking', 'A property of the object schema of a header parameter was restricted to an enum; requests sending another value are refused.', headerProperty);
refine('new-required-request-property', 'new-required-request-header-property', 'breaking', 'A required property was added to the object schema of a header parameter; requests without it fail.', (f) => headerProperty(f) && !readOnlyProperty(f), 'parameters');
{
  // With or without a default, a header property that became required reads under oasdiff's one header id.
  const withDefault = claimFrom('new-required-request-property-with-default', (f) => headerProperty(f) && !readOnlyProperty(f));
  const header = schemaRules.findIndex((r) => r.id === 'new-required-request-header-property');
  const plain = schemaRules[header]!;
  schemaRules[header] = { ...plain, match: (f) => plain.match(f) || (withDefault.match(f) && headerProperty(f) && !readOnlyProperty(f)) };
}
refine('request-property-became-required', 'request-header-property-became-required', 'breaking', 'A property of the object schema of a header parameter became required; requests without it fail.', (f) => headerProperty(f) && !readOnlyProperty(f), 'parameters');
{
  const withDefault = claimFrom('request-property-became-required-with-default', (f) => headerProperty(f) && !readOnlyProperty(f));
  const header = schemaRules.findIndex((r) => r.id === 'request-header-property-became-required');
  const plain = schemaRules[header]!;
  schemaRules[header] = { ...plain, match: (f) => plain.match(f) || (withDefault.match(f) && headerProperty(f) && !readOnlyProperty(f)) };
}
