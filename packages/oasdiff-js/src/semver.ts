/**
 * The version bump a change set calls for: major when anything breaks, minor when something is added
 * or changed compatibly (a warning or an added element), patch when only documentation-level info
 * changed, none when nothing did. Uses npm's `semver` for parsing and incrementing.
 */
import { createRequire } from 'node:module';
import type SemverLib from 'semver';
import type { DiffResult } from './result.js';

let loaded: typeof SemverLib | undefined;

/**
 * npm's `semver`, loaded on first use: building its regular expressions costs every CLI run 50 to
 * 100 ms at start-up, and only `semver` compares versions.
 */
export function semverLib(): typeof SemverLib {
  return (loaded ??= createRequire(import.meta.url)('semver') as typeof SemverLib);
}

export type Bump = 'major' | 'minor' | 'patch' | 'none';
const order: Bump[] = ['none', 'patch', 'minor', 'major'];

/** Info changes that add something a client can use (an endpoint, a property, a value) ask for minor; the rest is patch. */
export function requiredBump(result: DiffResult): Bump {
  if (result.changes.some((c) => c.level === 'breaking')) return 'major';
  if (result.changes.some((c) => c.level === 'warning' || c.action === 'added' || c.action === 'deprecated')) return 'minor';
  if (result.changes.length > 0) return 'patch';
  return 'none';
}

export interface SemverVerdict {
  bump: Bump;
  /** The reasons, one rule id per level that decided it. */
  because: string[];
  current?: string;
  next?: string;
  /** The bump `current → declared` makes, when both are known. */
  declared?: { version: string; bump: Bump };
  /** False when the declared bump is smaller than the required one. */
  agrees: boolean;
}

function bumpBetween(from: string, to: string): Bump {
  const diff = semverLib().diff(from, to);
  if (diff === null) return 'none';
  if (diff === 'major' || diff === 'premajor') return 'major';
  if (diff === 'minor' || diff === 'preminor') return 'minor';
  return 'patch';
}

/**
 * `current` is the released version; `declared` the version the new spec claims (its `info.version`
 * or `--declared`). An under-bump disagrees; a larger bump than needed is allowed.
 */
export function semverVerdict(result: DiffResult, current?: string, declared?: string): SemverVerdict {
  const bump = requiredBump(result);
  const because = [...new Set(result.changes.filter((c) => (bump === 'major' ? c.level === 'breaking' : bump === 'minor' ? c.level === 'warning' || c.action === 'added' || c.action === 'deprecated' : true)).map((c) => c.id))].slice(0, 5);
  const verdict: SemverVerdict = { bump, because, agrees: true };
  if (current === undefined) return verdict;
  const parsed = semverLib().valid(current);
  if (!parsed) throw new Error(`--current must be a semantic version like 1.4.2 (got "${current}")`);
  verdict.current = parsed;
  verdict.next = bump === 'none' ? parsed : semverLib().inc(parsed, bump)!;
  if (declared !== undefined && semverLib().valid(declared)) {
    const declaredBump = bumpBetween(parsed, declared);
    verdict.declared = { version: declared, bump: declaredBump };
    verdict.agrees = semverLib().gte(declared, parsed) && order.indexOf(declaredBump) >= order.indexOf(bump);
  }
  return verdict;
}
