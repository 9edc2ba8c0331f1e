/**
 * lifecycle: oasdiff's rules for sunset dates, deprecation periods and property stability levels.
 * The diff stage (diff/lifecycle.ts) reads each `x-sunset` against the date and periods the caller
 * gives and hands over facts that already name their stage; these rules only name them.
 */
import type { LifecycleFact, LifecycleStage } from '../../diff/lifecycle.js';
import type { OperationDiff, SchemaChangeKind } from '../../diff/tree.js';
import type { Action, Direction, Fact, Group, Level, RuleDefinition } from '../types.js';

const B = 'breaking';
const I = 'info';

function lifecycleRule(id: string, level: Level, direction: Direction, action: Action, group: Group, description: string, subject: LifecycleFact['subject'], stages: LifecycleStage[], removal?: (d: OperationDiff) => boolean): RuleDefinition {
  const onFact = (f: Fact) => f.kind === 'operation' && f.fact.kind === 'lifecycle' && f.fact.subject === subject && stages.includes(f.fact.stage);
  const onRemoval = (f: Fact) => removal !== undefined && f.kind === 'endpoint' && removal(f.diff);
  if (stages.length === 0 && removal) return { id, level, direction, action, group, description, documentation: false, on: 'endpoint', key: 'endpoint:removed', match: onRemoval };
  return { id, level, direction, action, group, description, documentation: false, on: 'operation', key: 'operation:lifecycle', ...(removal ? { alsoKeys: ['endpoint:removed'] } : {}), match: (f) => onFact(f) || onRemoval(f) };
}

function propertyRule(direction: 'request' | 'response', change: SchemaChangeKind, id: string, level: Level, action: Action, group: Group, description: string): RuleDefinition {
  const prefix = `${direction}-property` as const;
  return { id, level, direction, action, group, description, documentation: false, on: 'schema', key: `schema:${prefix}:${change}`, match: (f) => f.kind === 'schema' && f.prefix === prefix && f.delta.change === change };
}

const removedBefore = (path: boolean) => (d: OperationDiff) => d.change === 'removed' && (d.pathRemoved === true) === path && d.sunsetRemoval?.stage === 'before-sunset';

export const lifecycleRules: RuleDefinition[] = [
  lifecycleRule('endpoint-deprecated-with-sunset', I, 'none', 'deprecated', 'deprecated', 'An operation was marked deprecated with an x-sunset date at least the deprecation period away.', 'operation', ['deprecated-with-sunset']),
  lifecycleRule('api-deprecated-sunset-missing', B, 'none', 'deprecated', 'deprecated', 'An operation was marked deprecated without an x-sunset date, while its stability level has a deprecation period.', 'operation', ['deprecated-sunset-missing']),
  lifecycleRule('api-deprecated-sunset-parse', B, 'none', 'deprecated', 'deprecated', 'An operation was marked deprecated with an x-sunset that is not a date (YYYY-MM-DD or RFC 3339).', 'operation', ['deprecated-sunset-parse']),
  lifecycleRule('api-sunset-date-too-small', B, 'none', 'deprecated', 'deprecated', 'An operation was marked deprecated with an x-sunset date closer than its deprecation period (or already past).', 'operation', ['sunset-date-too-small']),
  lifecycleRule('sunset-deleted', B, 'none', 'changed', 'deprecated', 'A deprecated operation lost its x-sunset date; clients lose the date they planned their migration by.', 'operation', ['sunset-deleted']),
  lifecycleRule('api-sunset-date-changed-too-small', B, 'none', 'changed', 'deprecated', 'The x-sunset date of a deprecated operation moved earlier, to a date closer than its deprecation period.', 'operation', ['sunset-date-changed-too-small']),
  lifecycleRule('api-sunset-date-changed-earlier', B, 'none', 'changed', 'deprecated', 'The x-sunset date of a deprecated operation moved earlier; clients planned by the date first announced.', 'operation', ['sunset-date-changed-earlier']),
  lifecycleRule('api-path-sunset-parse', B, 'none', 'changed', 'deprecated', 'The x-sunset of a deprecated operation is not a date (YYYY-MM-DD or RFC 3339): changed to such a value, or removed with one.', 'operation', ['sunset-parse'], (d) => d.change === 'removed' && d.sunsetRemoval?.stage === 'sunset-parse'),
  lifecycleRule('api-path-removed-before-sunset', B, 'none', 'removed', 'endpoints', 'A path lost its last operation, which was deprecated, before its x-sunset date; clients were promised it until then.', 'operation', [], removedBefore(true)),
  lifecycleRule('api-removed-before-sunset', B, 'none', 'removed', 'endpoints', 'A deprecated operation was removed (its path remains) before its x-sunset date; clients were promised it until then.', 'operation', [], removedBefore(false)),
  lifecycleRule('request-parameter-deprecated-sunset-missing', B, 'request', 'deprecated', 'deprecated', "A parameter was marked deprecated without an x-sunset date, while its operation's stability level has a deprecation period.", 'parameter', ['deprecated-sunset-missing']),
  lifecycleRule('request-parameter-sunset-date-too-small', B, 'request', 'deprecated', 'deprecated', 'A parameter was marked deprecated with an x-sunset date closer than the deprecation period (or already past).', 'parameter', ['sunset-date-too-small']),
  lifecycleRule('request-parameter-sunset-parse', B, 'request', 'changed', 'deprecated', 'The x-sunset of a deprecated parameter is not a date (YYYY-MM-DD or RFC 3339): set so when deprecating it, changed to such a value, or removed with one.', 'parameter', ['deprecated-sunset-parse', 'sunset-parse', 'removed-sunset-parse']),
  lifecycleRule('request-parameter-sunset-deleted', B, 'request', 'changed', 'deprecated', 'A deprecated parameter lost its x-sunset date.', 'parameter', ['sunset-deleted']),
  lifecycleRule('request-parameter-sunset-date-changed-too-small', B, 'request', 'changed', 'deprecated', 'The x-sunset date of a deprecated parameter moved earlier, to a date closer than the deprecation period.', 'parameter', ['sunset-date-changed-too-small']),
  lifecycleRule('request-parameter-sunset-date-changed-earlier', B, 'request', 'changed', 'deprecated', 'The x-sunset date of a deprecated parameter moved earlier; clients planned by the date first announced.', 'parameter', ['sunset-date-changed-earlier']),
  lifecycleRule('request-parameter-removed-before-sunset', B, 'request', 'removed', 'parameters', 'A deprecated parameter was removed before its x-sunset date.', 'parameter', ['removed-before-sunset']),
  ...(['request', 'response'] as const).flatMap((direction) => {
    const noun = direction === 'request' ? 'A request property' : 'A response property';
    return [
      propertyRule(direction, 'deprecated-with-sunset', `${direction}-property-deprecated-with-sunset`, I, 'deprecated', 'deprecated', `${noun} was marked deprecated with an x-sunset date at least the deprecation period away.`),
      propertyRule(direction, 'deprecated-sunset-missing', `${direction}-property-deprecated-sunset-missing`, B, 'deprecated', 'deprecated', `${noun} was marked deprecated without an x-sunset date, while its operation's stability level has a deprecation period.`),
      propertyRule(direction, 'deprecated-sunset-invalid', `${direction}-property-deprecated-sunset-invalid`, B, 'deprecated', 'deprecated', `${noun} was marked deprecated with an x-sunset that is not a date (YYYY-MM-DD or RFC 3339).`),
      propertyRule(direction, 'sunset-date-too-small', `${direction}-property-sunset-date-too-small`, B, 'deprecated', 'deprecated', `${noun} was marked deprecated with an x-sunset date closer than the deprecation period (or already past).`),
      propertyRule(direction, 'sunset-deleted', `${direction}-property-sunset-deleted`, B, 'changed', 'deprecated', `${noun} that stays deprecated lost its x-sunset date.`),
      propertyRule(direction, 'sunset-date-changed-too-small', `${direction}-property-sunset-date-changed-too-small`, B, 'changed', 'deprecated', `The x-sunset date of a deprecated ${noun.slice(2).toLowerCase()} moved earlier, to a date closer than the deprecation period.`),
      propertyRule(direction, 'sunset-date-changed-earlier', `${direction}-property-sunset-date-changed-earlier`, B, 'changed', 'deprecated', `The x-sunset date of a deprecated ${noun.slice(2).toLowerCase()} moved earlier; clients planned by the date first announced.`),
      propertyRule(direction, 'stability-decreased', `${direction}-property-stability-decreased`, B, 'changed', 'schemas', `The x-stability-level of ${noun.toLowerCase().replace(/^a /, 'a ')} decreased (stable → beta → alpha → draft); clients relying on it lose that promise.`),
      propertyRule(direction, 'stability-increased', `${direction}-property-stability-increased`, I, 'changed', 'schemas', `The x-stability-level of ${noun.toLowerCase()} increased towards stable.`),
    ];
  }),
];
