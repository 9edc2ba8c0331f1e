import { classify } from './classify/index.js';
import { diffSides } from './diff/index.js';
import { checkToday, type LifecycleOptions } from './diff/lifecycle.js';
import type { RenameHint } from './diff/schema.js';
import { comparePair } from './load/pair-cache.js';
import { loadSide, type LoadSideOptions, type Side } from './load/side.js';
import { describeChange } from './render/sentence.js';
import { schemaVersion, type DiffResult } from './result.js';

export interface DiffOptions extends LoadSideOptions {
  /** Declared renames: `{ schema: 'ApiToken', from: 'type', to: 'kind' }` for a property; without `schema` for a component schema or a parameter. */
  renames?: RenameHint[];
  /** lifecycle: the day sunset dates are measured from, `YYYY-MM-DD`; default today (UTC). Fix it for reproducible runs. */
  today?: string;
  /** lifecycle: minimum days between deprecating a beta operation (or its parameter or property) and its sunset; default 0, as oasdiff. */
  deprecationDaysBeta?: number;
  /** lifecycle: the same for stable operations (and operations without `x-stability-level`); default 0, as oasdiff. */
  deprecationDaysStable?: number;
}

function asSide(input: Side | string | string[], options: DiffOptions): Side {
  return typeof input === 'object' && !Array.isArray(input) ? input : loadSide(input, options);
}

/**
 * Compares two sides (paths, `REV:path`s, lists of them, or loaded sides) and classifies every change.
 * With `cacheDir` and two sides given by name, the comparison is stored and read back whole when no
 * file either side loaded changed (see load/pair-cache.ts).
 */
export function diffSpecs(base: Side | string | string[], revision: Side | string | string[], options: DiffOptions = {}): DiffResult {
  if (options.cacheDir !== undefined && !isSide(base) && !isSide(revision)) {
    return comparePair({ base, revision, options }, (b, r, o) => diffLoaded(b, r, o)).result;
  }
  const before = asSide(base, options);
  return diffLoaded(before, asSide(revision, { ...options, shareWith: before }), options);
}

const isSide = (input: Side | string | string[]): input is Side => typeof input === 'object' && !Array.isArray(input);

function diffLoaded(base: Side, revision: Side, options: DiffOptions): DiffResult {
  const lifecycle: LifecycleOptions = {};
  if (options.today !== undefined) lifecycle.today = checkToday(options.today);
  for (const key of ['deprecationDaysBeta', 'deprecationDaysStable'] as const) {
    const days = options[key];
    if (days === undefined) continue;
    if (!Number.isInteger(days) || days < 0) throw new Error(`${key} must be a whole number of days, 0 or more (got ${days})`);
    lifecycle[key] = days;
  }
  const tree = diffSides(base, revision, { ...(options.renames ? { renames: options.renames } : {}), lifecycle });
  const { changes, unclassified } = classify(tree);
  const notes = [...tree.notes, ...[...new Set(unclassified)].map((key) => `internal: no rule claims ${key}`)];
  return { schemaVersion, base: tree.base, revision: tree.revision, changes: changes.map((c) => ({ ...c, text: describeChange(c) })), notes };
}

/** The highest level among the changes, or `none`. */
export function highestLevel(result: DiffResult): 'breaking' | 'warning' | 'info' | 'none' {
  const levels = new Set(result.changes.map((c) => c.level));
  return levels.has('breaking') ? 'breaking' : levels.has('warning') ? 'warning' : levels.has('info') ? 'info' : 'none';
}
