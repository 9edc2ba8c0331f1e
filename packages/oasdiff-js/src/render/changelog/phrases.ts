import type { ParameterDetails, PropertyDetails } from '../../diff/tree.js';
import type { Change } from '../../result.js';
import { parameterLine as engineParameterLine, propertyLine as enginePropertyLine, type LineStyle } from '../format-values.js';
import { plural } from '../plural.js';

export { plural };

/**
 * Reader-facing words for one change: identifiers in code, both sides of a change, no engine
 * vocabulary. Built from the change's fields only (never from a spec).
 */

/**
 * `` `name` ``: a code span that holds any text. A name with backticks of its own gets a longer
 * fence and a space inside each end (CommonMark drops them), so it can never close the span early.
 */
export function code(text: string): string {
  if (!text.includes('`')) return `\`${text}\``;
  const longest = Math.max(...(text.match(/`+/g) ?? ['']).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  return `${fence} ${text} ${fence}`;
}

/** A value as code: strings bare inside the backticks, everything else as JSON. */
export function codeValue(value: unknown): string {
  return code(typeof value === 'string' ? value : JSON.stringify(value));
}

/** `a`, `a and b`, `a, b and c`. */
export function list(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** A description shortened to its first sentence, for summaries. */
export function firstSentence(text: string | undefined): string {
  if (!text) return '';
  const flat = text.trim().replace(/\s+/g, ' ');
  const end = /[.!?](\s|$)/.exec(flat);
  return end ? flat.slice(0, end.index + 1) : `${flat}.`;
}

/** Names and values in code spans; the lines themselves are the engine's (one house style for both). */
const codeStyle: LineStyle = { name: code, value: codeValue };

/** `` `limit` (query, integer): Maximum number of results. Default: 20, Max: 1000. `` */
export const parameterLine = (p: ParameterDetails): string => engineParameterLine(p, codeStyle);

/** `` `tokenExpiryPeriodInDays` (integer): The expiry period in days. Range: 1 to 3650. `` */
export const propertyLine = (p: PropertyDetails): string => enginePropertyLine(p, codeStyle);

/** `"text"`, shortened for a list line. */
export function quote(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') return '(none)';
  const flat = value.trim().replace(/\s+/g, ' ');
  return `“${flat.length > 160 ? `${flat.slice(0, 157)}…` : flat}”`;
}

const valueList = (value: unknown) => (Array.isArray(value) ? value.map(codeValue).join(', ') : codeValue(value));

/** Where a change sits, relative to its direction: a caller reads "in responses" and "in requests". */
function side(change: Change): string {
  return change.direction === 'response' ? ' in responses' : change.direction === 'request' ? ' in requests' : '';
}

/**
 * What happened to a schema member, after its name (`` `entityType` `` + this). Undefined for kinds
 * the caller words itself (added and removed properties).
 */
export function memberWords(change: Change): string {
  const o = change.old;
  const n = change.new;
  switch (change.kind) {
    case 'type-changed':
    case 'type-generalized':
    case 'type-specialized':
      return `is now of type ${codeValue(n)} (was ${codeValue(o)})`;
    case 'format-added':
      return change.direction === 'response' ? `is now documented as ${codeValue(n)}: the spec promises values in that format` : `must now be sent in the format ${codeValue(n)}`;
    case 'format-removed':
      return `no longer promises the format ${codeValue(o)}`;
    case 'format-changed':
      return `changed format from ${codeValue(o ?? 'none')} to ${codeValue(n ?? 'none')}`;
    case 'became-nullable':
      return `may now be \`null\`${side(change)}`;
    case 'became-not-nullable':
      return 'may no longer be `null`';
    case 'became-enum':
      return `is now limited to ${valueList(n)}`;
    case 'enum-removed':
      return `is no longer limited to a fixed list of values${Array.isArray(o) ? ` (was ${valueList(o)})` : ''}; expect other values${side(change)}`;
    case 'enum-value-added':
      return change.direction === 'response' ? `may now be ${codeValue(n)} in responses` : `accepts the new value ${codeValue(n)}`;
    case 'enum-value-removed':
      return `no longer ${change.direction === 'response' ? 'returns' : 'accepts'} the value ${codeValue(o)}`;
    case 'default-value-added':
      return `defaults to ${codeValue(n)} when left out`;
    case 'default-value-removed':
      return `no longer declares a default (was ${codeValue(o)})`;
    case 'default-value-changed':
      return `defaults to ${codeValue(n)} (was ${codeValue(o)})`;
    case 'property-renamed':
      return `is the new name of ${codeValue(o)} (same definition); send and read the new name`;
    case 'became-required':
      return change.direction === 'response' ? 'is now always present in responses' : 'is now required';
    case 'became-optional':
      return change.direction === 'response' ? 'may now be missing from responses' : 'is now optional';
    case 'became-read-only':
      return 'is now read-only: send it no more';
    case 'became-not-read-only':
      return 'is no longer read-only';
    case 'deprecated':
      return 'is deprecated';
    case 'reactivated':
      return 'is no longer deprecated';
    case 'description-changed':
      return `description changed from ${quote(o)} to ${quote(n)}`;
    case 'example-changed':
      return 'has a new example';
    case 'pattern-added':
      return `must now match ${codeValue(n)}`;
    case 'pattern-removed':
      return `no longer has to match ${codeValue(o)}`;
    case 'pattern-changed':
      return `must now match ${codeValue(n)} (was ${codeValue(o)})`;
    case 'discriminator-added':
      return `now has a discriminator: the value of ${codeValue(n)} tells which variant a body is`;
    case 'discriminator-removed':
      return `no longer has a discriminator (was ${codeValue(o)})`;
    case 'discriminator-property-name-changed':
      return `discriminator is now ${codeValue(n)} (was ${codeValue(o)})`;
    case 'additional-properties-allowed':
      return 'now allows properties it does not list';
    case 'additional-properties-forbidden':
      return 'no longer allows properties it does not list';
  }
  const numeric = /^(.*)-(set|unset|increased|decreased)$/.exec(change.kind);
  if (numeric) {
    const noun = numeric[1]!.replace(/-/g, ' ').replace(/^max\b/, 'maximum').replace(/^min\b/, 'minimum');
    if (numeric[2] === 'set') return `gained a ${noun} of ${codeValue(n)}`;
    if (numeric[2] === 'unset') return `no longer has a ${noun} (was ${codeValue(o)})`;
    return `${noun} ${numeric[2]} from ${codeValue(o)} to ${codeValue(n)}`;
  }
  return cleanEngineText(change).replace(/^[^:]*:\s*/, '').replace(/\.$/, '');
}

/**
 * The engine's own sentence with its internal words removed and the change's location in code:
 * the fallback for kinds this package does not word itself.
 */
export function cleanEngineText(change: Change): string {
  let text = change.text
    .replace(/ \(affects \d+ operations?\)/, '')
    .replace(/ \(inferred\)/g, '')
    .replace(/\(x-permission\)\s*/g, '');
  if (change.operation) {
    const op = `${change.operation.method} ${change.operation.path}`;
    text = text.split(op).join(code(op));
  } else if (text.startsWith(`${change.location}:`)) {
    text = `${code(change.location)}${text.slice(change.location.length)}`;
  }
  return text;
}

/** One line about a change to a named schema, relative to the schema (the guide lists them per schema). */
export function schemaChangeSentence(change: Change, member: string): string {
  if (change.kind === 'property-added') return `${code(member)} added${(change.new as PropertyDetails).required ? ' (required)' : ''}.`;
  if (change.kind === 'property-removed') return `${code(member)} removed.`;
  if (change.kind === 'schema:added') return 'New schema.';
  if (change.kind === 'schema:removed') return 'Removed.';
  const words = memberWords(change);
  return member ? `${code(member)} ${words}.` : `${words.charAt(0).toUpperCase()}${words.slice(1)}.`;
}

const COMPONENT_KINDS: Record<string, [string, string]> = {
  responses: ['response', 'responses'],
  parameters: ['parameter', 'parameters'],
  requestBodies: ['request body', 'request bodies'],
  headers: ['header', 'headers'],
  examples: ['example', 'examples'],
  securitySchemes: ['security scheme', 'security schemes'],
  links: ['link', 'links'],
  callbacks: ['callback', 'callbacks'],
};

/** `responses/BadRequest` → `the shared response `BadRequest``; undefined for schemas. */
export function sharedComponentLabel(component: string | undefined): string | undefined {
  if (!component || component.startsWith('schemas/')) return undefined;
  const [kind, ...rest] = component.split('/');
  const words = COMPONENT_KINDS[kind!]?.[0] ?? kind!;
  return `the shared ${words} ${code(rest.join('/'))}`;
}

/** The plural noun of a component family (`responses` → `responses`, `requestBodies` → `request bodies`). */
export function componentFamily(component: string): string {
  const kind = component.split('/')[0]!;
  return COMPONENT_KINDS[kind]?.[1] ?? kind;
}

/** What a change to a shared (non-schema) component says, after its label. */
export function sharedComponentWords(change: Change): string {
  const inside = change.location.startsWith(change.component!) ? change.location.slice(change.component!.length).trim() : '';
  const users = change.affects?.length ?? 0;
  const reach = users > 0 ? ` (used by ${plural(users, 'operation')})` : '';
  if (change.kind === 'component:added') return 'is now defined; operations refer to it';
  if (change.kind === 'component:removed') return 'is no longer defined; operations that used it now describe the same thing inline or differently (compared per operation)';
  if (change.kind.endsWith('examples-changed') || change.kind.endsWith('example-changed')) return `${inside ? `${code(inside)} ` : ''}example changed${reach}`;
  const text = cleanEngineText(change).replace(new RegExp(`^\`?${change.location.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\`?:?\\s*`), '');
  return `${inside ? `${code(inside)}: ` : ''}${text.replace(/\.$/, '')}${reach}`;
}
