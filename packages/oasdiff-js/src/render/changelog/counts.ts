/**
 * Counting and grouping changes as the house-style changelog reports them (the docs pipeline's
 * entries and `oasdiff-js changelog` share this file).
 */
import type { Change } from '../../result.js';

/** The levels a reader is shown, most severe first. */
export const LEVELS = ['breaking', 'warning', 'info'] as const;
export type ShownLevel = (typeof LEVELS)[number];

/**
 * True when a change touches documentation only (descriptions, summaries, titles, examples): the
 * engine's rule declares it (`documentation` on every `Change`); nothing here guesses from rule ids.
 */
export function isDocumentationOnly(change: Change): boolean {
  return change.documentation;
}

const rank = (level: string) => {
  const i = (LEVELS as readonly string[]).indexOf(level);
  return i === -1 ? LEVELS.length : i;
};

/** The more severe of two levels. */
export function moreSevere<T extends string>(a: T, b: T): T {
  return rank(a) <= rank(b) ? a : b;
}

function changeKey(change: Change): string {
  if (change.component === undefined) return change.fingerprint;
  return `${change.component}|${change.location}|${change.kind}|${JSON.stringify(change.new ?? change.old ?? null)}`;
}

type Affects = Array<{ method: string; path: string }>;
const merged = new WeakMap<Affects, WeakMap<Affects, Affects>>();

/**
 * The operations of `a`, then those of `b` that `a` lacks. Changes inside one component share their
 * direction's list, so each pair of lists is merged once and the result shared: merging the request
 * and response lists of a component that 14,301 operations reach, for each of its hundreds of changes,
 * took twelve seconds of a Microsoft Graph changelog.
 */
function mergedAffects(a: Affects, b: Affects): Affects {
  let byB = merged.get(a);
  if (!byB) merged.set(a, (byB = new WeakMap()));
  let out = byB.get(b);
  if (!out) {
    const list = [...a];
    const known = new Set(a.map((o) => `${o.method} ${o.path}`));
    for (const o of b) {
      const key = `${o.method} ${o.path}`;
      if (!known.has(key)) (known.add(key), list.push(o));
    }
    byB.set(b, (out = list));
  }
  return out;
}

/**
 * Every change once. A change to a shared component may be reported once per direction (request,
 * response); readers want it once, at the more severe of its levels, with the operations of both
 * directions. Two values added to one enum stay two changes. Order is the engine's.
 */
export function distinctChanges(changes: readonly Change[]): Change[] {
  const byKey = new Map<string, Change>();
  for (const change of changes) {
    const key = changeKey(change);
    const seen = byKey.get(key);
    if (!seen) {
      byKey.set(key, change);
      continue;
    }
    const affects = mergedAffects(seen.affects ?? [], change.affects ?? []);
    const severe = rank(change.level) < rank(seen.level) ? change : seen;
    byKey.set(key, { ...severe, ...(affects.length > 0 ? { affects } : {}) });
  }
  return [...byKey.values()];
}

/** How many distinct changes an entry has at each level, documentation-only ones counted apart. */
export interface ChangeCounts {
  readonly breaking: number;
  readonly warning: number;
  readonly info: number;
  readonly documentation: number;
}

/**
 * The one count every file shows (index row, Markdown entry, JSON twin, migration guide). Counts
 * `distinct` changes; a documentation-only change counts under `documentation`, never under a level.
 */
export function countChanges(distinct: readonly Change[]): ChangeCounts {
  const counts = { breaking: 0, warning: 0, info: 0, documentation: 0 };
  for (const change of distinct) {
    if (isDocumentationOnly(change)) counts.documentation++;
    else counts[(LEVELS as readonly string[]).includes(change.level) ? (change.level as ShownLevel) : 'info']++;
  }
  return counts;
}

/** `2 breaking, 9 warning, 10 info, 1 documentation`, zero counts left out; `no changes` when empty. */
export function countsText(counts: ChangeCounts): string {
  const parts = [...LEVELS, 'documentation' as const].filter((key) => counts[key] > 0).map((key) => `${counts[key]} ${key}`);
  return parts.length === 0 ? 'no changes' : parts.join(', ');
}

/** Shorthand: the counts text of a list of changes, as reported (distinct). */
export function levelCounts(changes: readonly Change[]): string {
  return countsText(countChanges(distinctChanges(changes)));
}

/** The inline marker of a level in Markdown; info carries none. */
export function levelMarker(level: string): string {
  return level === 'breaking' ? '**[breaking]**' : level === 'warning' ? '**[warning]**' : '';
}

/** Matches one inline marker; tests count markers with it. */
export const MARKER_PATTERN = /\*\*\[(breaking|warning)\]\*\*/g;

/**
 * Where a component change sits: the schema's name as written and the property path inside it
 * (empty at the schema's root), from the engine's `schemaName`/`propertyPath`. Other components
 * (a shared response, a parameter) fall back to their location, whole.
 */
export function schemaPlace(change: Change): { schema: string; member: string } {
  if (change.schemaName !== undefined) return { schema: change.schemaName, member: change.propertyPath ?? '' };
  return { schema: change.location, member: '' };
}

/** The schema (and parent path) that holds an added or removed property named `name`. */
export function propertyOwner(change: Change, name: string): string {
  const { schema, member } = schemaPlace(change);
  return member === name || member === '' ? schema : `${schema}.${member.slice(0, member.length - name.length - 1)}`;
}
