/**
 * The deprecation lifecycle: `x-sunset` dates, deprecation periods and `x-stability-level`, with
 * oasdiff's meaning. A sunset date is a calendar date (`2026-12-31`) or an RFC 3339 date-time whose
 * date part counts. A deprecation must announce a sunset at least N days after "today", N being the
 * deprecation period of the operation's stability level (beta or stable; draft and alpha have none;
 * an absent level reads as stable). The periods default to 0, as in oasdiff, so by default only a
 * sunset date already past is "too small", and a missing sunset date is never an error.
 *
 * The diff stage builds its facts without a clock; `applyLifecycle` then reads the dates with the
 * caller's options and turns the deprecation, removal and `x-sunset` facts into lifecycle facts.
 */
import { child, showPointer, type Located } from '../load/located.js';
import { parameterKey, valueKey } from '../match/keys.js';
import { asObject } from './details.js';
import { endpointDetails, opRef, type SideOperation } from './operations.js';
import type { ComponentDiff, OperationDiff, OperationFact, OpRef, Pointers, SchemaDelta } from './tree.js';

export interface LifecycleOptions {
  /** The day sunset dates are measured from, `YYYY-MM-DD` (UTC). Defaults to the current UTC date. */
  today?: string;
  /** Days a deprecated beta operation (or its parameter or property) must stay before its sunset. Default 0. */
  deprecationDaysBeta?: number;
  /** Days a deprecated stable operation (or an operation without a level) must stay before its sunset. Default 0. */
  deprecationDaysStable?: number;
}

/** The stages a lifecycle fact reports; the rule id follows from the stage and the subject. */
export type LifecycleStage =
  /** Deprecated under a deprecation period > 0 without an `x-sunset`. */
  | 'deprecated-sunset-missing'
  /** Deprecated with an `x-sunset` that is not a date. */
  | 'deprecated-sunset-parse'
  /** Deprecated with a sunset closer than the deprecation period (or already past). */
  | 'sunset-date-too-small'
  /** Deprecated with a sunset far enough away. */
  | 'deprecated-with-sunset'
  /** Still deprecated, and the `x-sunset` was deleted. */
  | 'sunset-deleted'
  /** Still deprecated, the sunset moved earlier, to a date closer than the deprecation period. */
  | 'sunset-date-changed-too-small'
  /** Still deprecated, the sunset moved earlier (still outside the deprecation period, or the period is unknown). */
  | 'sunset-date-changed-earlier'
  /** Still deprecated, and the new `x-sunset` is not a date. */
  | 'sunset-parse'
  /** Removed while deprecated, before its sunset date. */
  | 'removed-before-sunset'
  /** Removed while deprecated, with an `x-sunset` that is not a date. */
  | 'removed-sunset-parse';

/** A lifecycle fact of an operation or of one of its parameters. */
export interface LifecycleFact {
  kind: 'lifecycle';
  subject: 'operation' | 'parameter';
  stage: LifecycleStage;
  parameter?: { in: string; name: string };
  /** The sunset date before (sunset-deleted, sunset-date-changed-too-small). */
  oldSunset?: string;
  /** The sunset date now (a date) or the value that is not one (its text). */
  sunset?: string;
  /** The deprecation period that applied, in days. */
  days?: number;
  pointers: Pointers;
}

/** How a removed, deprecated operation stood against its sunset date (set by `applyLifecycle`). */
export type SunsetRemoval = { stage: 'before-sunset'; sunset: string } | { stage: 'sunset-parse'; sunset: string };

// ---------------------------------------------------------------------------------------------
// Dates and levels

const calendarDate = /^(\d{4})-(\d{2})-(\d{2})$/;
const rfc3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-](\d{2}):(\d{2}))$/;

function validDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return d <= days;
}

/**
 * Reads an `x-sunset` value: `{ date }` for a calendar date or an RFC 3339 date-time (its own date
 * part, as written), `{ invalid }` with the value's text otherwise. YAML timestamps (a `Date`) count.
 */
export function parseSunset(value: unknown): { date: string } | { invalid: string } {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? { invalid: String(value) } : { date: value.toISOString().slice(0, 10) };
  if (typeof value !== 'string') return { invalid: value === undefined ? 'undefined' : JSON.stringify(value) ?? String(value) };
  const day = calendarDate.exec(value);
  if (day && validDate(Number(day[1]), Number(day[2]), Number(day[3]))) return { date: value };
  const time = rfc3339.exec(value);
  if (time && validDate(Number(time[1]), Number(time[2]), Number(time[3])) && Number(time[4]) < 24 && Number(time[5]) < 60 && Number(time[6]) < 61) {
    const offset = time[9] === undefined || Number(time[9]) < 24;
    if (offset) return { date: `${time[1]}-${time[2]}-${time[3]}` };
  }
  return { invalid: JSON.stringify(value) };
}

/** Whole days from `from` to `to` (both `YYYY-MM-DD`); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Checks a `today` option: a real calendar date. Throws a one-line error otherwise. */
export function checkToday(today: string): string {
  const parsed = calendarDate.exec(today);
  if (!parsed || !validDate(Number(parsed[1]), Number(parsed[2]), Number(parsed[3]))) throw new Error(`today must be a date YYYY-MM-DD (got "${today}")`);
  return today;
}

export const stabilityLevels = ['draft', 'alpha', 'beta', 'stable'] as const;
export type StabilityLevel = (typeof stabilityLevels)[number];

/** The `x-stability-level` of an object: absent reads as stable; undefined when the value is not a level. */
export function stabilityOf(node: Record<string, unknown>): StabilityLevel | undefined {
  const value = node['x-stability-level'];
  if (value === undefined) return 'stable';
  return (stabilityLevels as readonly unknown[]).includes(value) ? (value as StabilityLevel) : undefined;
}

interface Settings {
  today: string;
  beta: number;
  stable: number;
}

function settingsOf(options: LifecycleOptions): Settings {
  return {
    today: options.today !== undefined ? checkToday(options.today) : new Date().toISOString().slice(0, 10),
    beta: options.deprecationDaysBeta ?? 0,
    stable: options.deprecationDaysStable ?? 0,
  };
}

/** The deprecation period of a level: none for draft and alpha; unknown (undefined) when the level is not one. */
function periodOf(settings: Settings, level: StabilityLevel | undefined): number | undefined {
  if (level === undefined) return undefined;
  if (level === 'draft' || level === 'alpha') return 0;
  return level === 'beta' ? settings.beta : settings.stable;
}

// ---------------------------------------------------------------------------------------------
// The three questions oasdiff asks

/**
 * An element became deprecated: how does its sunset date stand? `undefined`: a plain deprecation,
 * also when the period is unknown (the operation's level is not a level: oasdiff reports that level
 * and leaves the deprecation alone).
 */
function announce(sunset: unknown, days: number | undefined, today: string): { stage: LifecycleStage; sunset?: string; oldSunset?: string } | undefined {
  if (days === undefined) return undefined;
  if (sunset === undefined) return days > 0 ? { stage: 'deprecated-sunset-missing' } : undefined;
  const parsed = parseSunset(sunset);
  if ('invalid' in parsed) return { stage: 'deprecated-sunset-parse', sunset: parsed.invalid };
  if (daysBetween(today, parsed.date) < days) return { stage: 'sunset-date-too-small', sunset: parsed.date };
  return { stage: 'deprecated-with-sunset', sunset: parsed.date };
}

/** A deprecated element was removed: `undefined` unless its sunset is still ahead or not a date. */
function removal(sunset: unknown, today: string): SunsetRemoval | undefined {
  if (sunset === undefined) return undefined;
  const parsed = parseSunset(sunset);
  if ('invalid' in parsed) return { stage: 'sunset-parse', sunset: parsed.invalid };
  return today < parsed.date ? { stage: 'before-sunset', sunset: parsed.date } : undefined;
}

/** A still-deprecated element's `x-sunset` changed or went away: which stage, if any. */
function sunsetChange(before: unknown, after: unknown, days: number | undefined, today: string): { stage: LifecycleStage; oldSunset?: string; sunset?: string } | undefined {
  if (before === undefined || valueKey(before) === valueKey(after)) return undefined;
  if (after === undefined) {
    const old = parseSunset(before);
    return { stage: 'sunset-deleted', oldSunset: 'date' in old ? old.date : old.invalid };
  }
  const now = parseSunset(after);
  if ('invalid' in now) return { stage: 'sunset-parse', sunset: now.invalid };
  const old = parseSunset(before);
  if ('invalid' in old || old.date <= now.date) return undefined;
  // Moved earlier: the date itself was the promise; inside the deprecation period it is "too small".
  if (days !== undefined && daysBetween(today, now.date) < days) return { stage: 'sunset-date-changed-too-small', oldSunset: old.date, sunset: now.date };
  return { stage: 'sunset-date-changed-earlier', oldSunset: old.date, sunset: now.date };
}

// ---------------------------------------------------------------------------------------------
// Schema hook: called by the schema differ at every node it compares

type DeltaSink = (delta: Omit<SchemaDelta, 'path' | 'pointers'>) => void;

/**
 * `deprecated` turning on or off (with the revision's `x-sunset`, read later by `applyLifecycle`)
 * and `x-stability-level` moving, at one schema node. An unknown level is not compared here: the
 * operation's level is what oasdiff checks for validity.
 */
export function schemaLifecycleDeltas(b: Record<string, unknown>, r: Record<string, unknown>, push: DeltaSink): void {
  if ((b.deprecated === true) !== (r.deprecated === true)) {
    push(r.deprecated === true ? { change: 'deprecated', ...(r['x-sunset'] !== undefined ? { sunset: r['x-sunset'] } : {}) } : { change: 'reactivated' });
  }
  // A kept deprecation whose x-sunset changed or went away (not added: oasdiff reads only those);
  // `applyLifecycle` reads the dates and names the stage.
  if (b.deprecated === true && r.deprecated === true && b['x-sunset'] !== undefined && valueKey(b['x-sunset']) !== valueKey(r['x-sunset'])) {
    push({ change: 'sunset-changed', old: b['x-sunset'], ...(r['x-sunset'] !== undefined ? { new: r['x-sunset'] } : {}) });
  }
  if (b['x-stability-level'] === r['x-stability-level']) return;
  const from = stabilityOf(b);
  const to = stabilityOf(r);
  if (from === undefined || to === undefined || from === to) return;
  const rank = (level: StabilityLevel) => stabilityLevels.indexOf(level);
  // oasdiff's default stability threshold (beta): a change is reported for a property that was at
  // least beta before it; a draft or alpha property promised nothing to leave (checker/check_api_stability_level.go).
  if (rank(from) < rank('beta')) return;
  push({ change: rank(to) < rank(from) ? 'stability-decreased' : 'stability-increased', old: from, new: to });
}

// ---------------------------------------------------------------------------------------------
// The pass

function pointers(b: Located | undefined, r: Located | undefined): Pointers {
  const result: Pointers = {};
  if (b) result.base = showPointer(b);
  if (r) result.revision = showPointer(r);
  return result;
}

const refKey = (op: OpRef) => `${op.method} ${op.path}`;

function operationMap(list: readonly SideOperation[]): Map<string, SideOperation> {
  return new Map(list.map((op) => [refKey(opRef(op)), op]));
}

function findParameter(op: SideOperation | undefined, p: { in: string; name: string }): Located | undefined {
  const key = parameterKey(p);
  return op?.parameters.find((q) => q.key === key)?.at;
}

const propertyStage: Partial<Record<LifecycleStage, SchemaDelta['change']>> = {
  'deprecated-sunset-missing': 'deprecated-sunset-missing',
  'deprecated-sunset-parse': 'deprecated-sunset-invalid',
  'sunset-date-too-small': 'sunset-date-too-small',
  'deprecated-with-sunset': 'deprecated-with-sunset',
};

const sunsetPointer = (pointer: string | undefined) => (pointer !== undefined ? `${pointer}/x-sunset` : undefined);

/** A kept property deprecation whose x-sunset changed: its stage, or nothing (moved later). */
function keptSunset(delta: SchemaDelta, days: number | undefined, settings: Settings): SchemaDelta | undefined {
  const stage = sunsetChange(delta.old, delta.new, days, settings.today);
  if (!stage) return undefined;
  const base = sunsetPointer(delta.pointers.base);
  const revision = sunsetPointer(delta.pointers.revision);
  const value: { sunset?: string; days?: number } = { ...(stage.sunset !== undefined ? { sunset: stage.sunset } : {}), ...(days !== undefined ? { days } : {}) };
  const old = stage.oldSunset !== undefined ? { old: { sunset: stage.oldSunset } } : {};
  switch (stage.stage) {
    case 'sunset-parse':
      return { ...delta, change: 'deprecated-sunset-invalid', old: undefined, new: value, pointers: revision ? { revision } : {} };
    case 'sunset-deleted':
      return { ...delta, change: 'sunset-deleted', ...old, new: undefined, pointers: base ? { base } : {} };
    case 'sunset-date-changed-too-small':
    case 'sunset-date-changed-earlier':
      return { ...delta, change: stage.stage, ...old, new: value, pointers: { ...(base ? { base } : {}), ...(revision ? { revision } : {}) } };
    default:
      return undefined;
  }
}

/** Replaces a property's `deprecated` delta by its lifecycle stage; drops stability deltas oasdiff does not read (at a body's root). */
function lifecycleDelta(delta: SchemaDelta, property: boolean, days: number | undefined, settings: Settings): SchemaDelta | undefined {
  if (delta.change === 'sunset-changed') return property ? keptSunset(delta, days, settings) : undefined;
  if (delta.change === 'stability-decreased' || delta.change === 'stability-increased') return property ? delta : undefined;
  if (delta.change !== 'deprecated' || !property) return delta;
  const stage = announce(delta.sunset, days, settings.today);
  const change = stage ? propertyStage[stage.stage] : undefined;
  if (!stage || !change) return delta;
  const at: Pointers = stage.stage === 'deprecated-sunset-missing' || !delta.pointers.revision ? delta.pointers : { revision: `${delta.pointers.revision}/x-sunset` };
  const value: { sunset?: string; days?: number } = days !== undefined ? { days } : {};
  if (stage.sunset !== undefined) value.sunset = stage.sunset;
  return { ...delta, change, new: value, pointers: at };
}

/**
 * Reads the lifecycle of every compared operation, parameter and property with the caller's date
 * and deprecation periods, in place: a deprecation, removal or `x-sunset` change whose sunset date
 * matters becomes a lifecycle fact (so it is reported once, under oasdiff's id); `x-sunset` changes
 * of deprecated parameters, which the operation diff does not compare, are added.
 */
/**
 * Whether a parameter of `r` has an `x-sunset`, or one of `b` does and `r` has a parameter of the same
 * key. Read for every operation no diff names (most of them): the revision's parameters are looked at
 * once, the base's only when one of them has a sunset, instead of the base's for each of the revision's.
 */
function sunsetParameterOnEither(b: SideOperation, r: SideOperation): boolean {
  const hasSunset = (p: SideOperation['parameters'][number]) => asObject(p.at.value)['x-sunset'] !== undefined;
  if (r.parameters.some(hasSunset)) return true;
  for (const q of b.parameters) if (hasSunset(q) && r.parameters.some((p) => p.key === q.key)) return true;
  return false;
}

export function applyLifecycle(base: readonly SideOperation[], revision: readonly SideOperation[], diffs: OperationDiff[], components: ComponentDiff[], options: LifecycleOptions = {}): OperationDiff[] {
  const settings = settingsOf(options);
  const bOps = operationMap(base);
  const rOps = operationMap(revision);
  const daysOf = (op: SideOperation | undefined) => periodOf(settings, op ? stabilityOf(asObject(op.at.value)) : 'stable');
  const seen = new Set<string>();

  for (const diff of diffs) {
    const key = refKey(diff.op);
    seen.add(key);
    const b = bOps.get(key);
    const r = rOps.get(key);
    if (diff.change === 'removed') {
      if (!b || diff.wasDeprecated !== true) continue;
      const stage = removal(asObject(b.at.value)['x-sunset'], settings.today);
      if (stage) {
        diff.sunsetRemoval = stage;
        diff.details = { ...diff.details, sunset: stage.sunset };
      }
      continue;
    }
    if (diff.change !== 'changed' || !b || !r) continue;
    diff.facts = operationFacts(diff.facts, b, r, daysOf(r), settings);
  }

  // Operations whose only difference is the x-sunset of a deprecated parameter have no diff yet.
  for (const [key, r] of rOps) {
    if (seen.has(key)) continue;
    const b = bOps.get(key);
    if (!b || !sunsetParameterOnEither(b, r)) continue;
    const facts = operationFacts([], b, r, daysOf(r), settings);
    if (facts.length > 0) diffs.push({ op: opRef(r), change: 'changed', pointers: pointers(b.at, r.at), details: endpointDetails(r), facts });
  }

  // Property deprecations: at an operation's body, and in shared schemas (the strictest period of the operations that reach them).
  for (const diff of diffs) {
    if (diff.change !== 'changed') continue;
    const days = daysOf(rOps.get(refKey(diff.op)));
    const kept: OperationFact[] = [];
    for (const fact of diff.facts) {
      if (fact.kind !== 'schema') {
        kept.push(fact);
        continue;
      }
      const property = (fact.scope.at === 'request-body' || fact.scope.at === 'response-body') && fact.delta.path.length > 0;
      const delta = lifecycleDelta(fact.delta, property, days, settings);
      if (delta === fact.delta) kept.push(fact);
      else if (delta) kept.push({ ...fact, delta });
    }
    diff.facts = kept;
  }
  for (const component of components) {
    const reach = [...component.reach.request, ...component.reach.response];
    const known = reach.map((op) => daysOf(rOps.get(refKey(op)))).filter((d): d is number => d !== undefined);
    const days = known.length > 0 || reach.length === 0 ? Math.max(0, ...known) : undefined;
    const reached = reach.length > 0;
    component.deltas = component.deltas.flatMap((delta) => {
      const next = lifecycleDelta(delta, reached && delta.path.length > 0, days, settings);
      // A component no operation reaches keeps its stability deltas (read by the generic schema rule).
      if (!next && !reached) return [delta];
      return next ? [next] : [];
    });
  }
  return diffs;
}

/** The operation-level and parameter-level lifecycle of one compared operation. */
function operationFacts(facts: OperationFact[], b: SideOperation, r: SideOperation, days: number | undefined, settings: Settings): OperationFact[] {
  const bo = asObject(b.at.value);
  const ro = asObject(r.at.value);
  const out: OperationFact[] = [];
  const sunsetAt = pointers(child(b.at, 'x-sunset'), child(r.at, 'x-sunset'));
  const lifecycle = (fact: Omit<LifecycleFact, 'kind'>): OperationFact => ({ kind: 'lifecycle', ...fact });

  // The operation: a new deprecation reads its sunset; a kept deprecation watches its sunset change.
  let sunsetConsumed = false;
  const nowDeprecated = bo.deprecated !== true && ro.deprecated === true;
  const stillDeprecated = bo.deprecated === true && ro.deprecated === true;
  const opChange = nowDeprecated ? announce(ro['x-sunset'], days, settings.today) : stillDeprecated ? sunsetChange(bo['x-sunset'], ro['x-sunset'], days, settings.today) : undefined;
  if (opChange) {
    sunsetConsumed = opChange.stage !== 'deprecated-sunset-missing';
    // A finding about the date points at x-sunset, on the side(s) that have it.
    const at =
      opChange.stage === 'deprecated-sunset-missing'
        ? pointers(b.at, r.at)
        : opChange.stage === 'sunset-deleted'
          ? { ...(sunsetAt.base ? { base: sunsetAt.base } : {}) }
          : opChange.stage === 'sunset-date-changed-too-small' || opChange.stage === 'sunset-date-changed-earlier'
            ? sunsetAt
            : { ...(sunsetAt.revision ? { revision: sunsetAt.revision } : {}) };
    out.push(lifecycle({ subject: 'operation', stage: opChange.stage, ...(opChange.sunset !== undefined ? { sunset: opChange.sunset } : {}), ...(opChange.oldSunset !== undefined ? { oldSunset: opChange.oldSunset } : {}), ...(days !== undefined ? { days } : {}), pointers: at }));
  }

  for (const fact of facts) {
    if (fact.kind === 'deprecation' && fact.change === 'deprecated' && opChange) continue; // replaced by the lifecycle fact
    if (fact.kind === 'extension' && fact.name === 'x-sunset' && sunsetConsumed) continue; // part of the lifecycle fact
    if (fact.kind === 'parameter' && (fact.change === 'deprecated' || fact.change === 'removed')) {
      // A shared parameter's finding stays the component's, reported once (see classify's asComponentChange).
      const via = fact.via ? { via: fact.via } : {};
      const p = fact.change === 'removed' ? fact.old! : fact.new!;
      const name = { in: p.in, name: p.name };
      if (fact.change === 'removed') {
        const at = findParameter(b, name);
        const stage = p.deprecated && at ? removal(asObject(at.value)['x-sunset'], settings.today) : undefined;
        if (stage) {
          out.push({ ...lifecycle({ subject: 'parameter', stage: stage.stage === 'before-sunset' ? 'removed-before-sunset' : 'removed-sunset-parse', parameter: name, sunset: stage.sunset, pointers: fact.pointers }), ...via });
          continue;
        }
      } else {
        const at = findParameter(r, name);
        const stage = at ? announce(asObject(at.value)['x-sunset'], days, settings.today) : undefined;
        // oasdiff has no "parameter deprecated with sunset" id: a well-announced sunset stays request-parameter-deprecated.
        if (stage && stage.stage !== 'deprecated-with-sunset') {
          const where = stage.stage === 'deprecated-sunset-missing' ? fact.pointers : pointers(undefined, child(at!, 'x-sunset'));
          out.push({ ...lifecycle({ subject: 'parameter', stage: stage.stage, parameter: name, ...(stage.sunset !== undefined ? { sunset: stage.sunset } : {}), ...(days !== undefined ? { days } : {}), pointers: where }), ...via });
          continue;
        }
      }
    }
    out.push(fact);
  }

  // Parameters deprecated on both sides whose x-sunset changed (the parameter diff does not compare extensions).
  for (const rp of r.parameters) {
    const bp = b.parameters.find((q) => q.key === rp.key);
    if (!bp) continue;
    const bv = asObject(bp.at.value);
    const rv = asObject(rp.at.value);
    if (bv.deprecated !== true || rv.deprecated !== true) continue;
    const change = sunsetChange(bv['x-sunset'], rv['x-sunset'], days, settings.today);
    if (!change) continue;
    const at = change.stage === 'sunset-deleted' ? pointers(child(bp.at, 'x-sunset'), undefined) : change.stage === 'sunset-parse' ? pointers(undefined, child(rp.at, 'x-sunset')) : pointers(child(bp.at, 'x-sunset'), child(rp.at, 'x-sunset'));
    const place = `${String(rv.in)} ${String(rv.name)}`;
    const via = bp.ref !== undefined && bp.ref === rp.ref ? { via: { identity: rp.ref, place, label: place } } : {};
    out.push({ ...lifecycle({ subject: 'parameter', stage: change.stage, parameter: { in: String(rv.in), name: String(rv.name) }, ...(change.sunset !== undefined ? { sunset: change.sunset } : {}), ...(change.oldSunset !== undefined ? { oldSunset: change.oldSunset } : {}), ...(days !== undefined ? { days } : {}), pointers: at }), ...via });
  }
  return out;
}
