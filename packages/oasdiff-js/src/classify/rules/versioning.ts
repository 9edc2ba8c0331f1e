/**
 * The versioning policy (oasdiff v1.37, checker/versioning_policy.go): a breaking change needs a major
 * version increase. When the changes include one at breaking level and both `info.version`s are
 * semantic versions, one info finding says how the version failed to carry it: it did not move, it
 * went down, or it went up by less than a major step (below 1.0.0 a minor step is enough, as semver
 * lets 0.x versions break at a minor). A version that is not a semantic version is not judged.
 *
 * No fact of the change tree leads to these rules: `versioningChange` reads the classified changes,
 * after every other rule (`classify`), and again after a severity-levels file moved levels
 * (`applySeverityLevels`), since an override can add or remove the breaking change it depends on.
 */
import type { SideInfo } from '../../load/side.js';
import { fingerprint } from '../fingerprint.js';
import type { Level, RuleDefinition } from '../types.js';

export type VersioningId = 'api-version-not-bumped' | 'api-version-decreased' | 'api-major-version-not-bumped';

function versioningRule(id: VersioningId, description: string): RuleDefinition {
  return { id, level: 'info', direction: 'none', action: 'changed', group: 'info', description, documentation: false, on: 'document', key: 'versioning', match: () => false };
}

export const versioningRules: RuleDefinition[] = [
  versioningRule('api-version-not-bumped', 'A breaking change was found but info.version (a semantic version) is the same on both sides.'),
  versioningRule('api-version-decreased', 'A breaking change was found and info.version (a semantic version) went down.'),
  versioningRule('api-major-version-not-bumped', 'A breaking change was found but info.version went up by less than a major version (by less than a minor one below 1.0.0).'),
];

export const versioningIds: ReadonlySet<string> = new Set(versioningRules.map((r) => r.id));

/**
 * Semantic versions as semver.org defines them (numbers without leading zeros, an optional
 * pre-release and build part), with an optional leading `v` as oasdiff allows. Nothing looser: a date
 * or a bare `v1` says nothing about what a major step is.
 */
const numeric = '0|[1-9]\\d*';
const preId = `(?:${numeric}|\\d*[a-zA-Z-][0-9a-zA-Z-]*)`;
const semverText = new RegExp(`^v?(${numeric})\\.(${numeric})\\.(${numeric})(?:-${preId}(?:\\.${preId})*)?(?:\\+[0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*)?$`);

/** major, minor, patch of a semantic version; pre-release and build are read past (only which number moved matters). */
export function semverParts(version: string): [number, number, number] | undefined {
  const m = semverText.exec(version);
  if (!m) return undefined;
  const parts = [Number(m[1]), Number(m[2]), Number(m[3])] as [number, number, number];
  return parts.every(Number.isSafeInteger) ? parts : undefined;
}

/** Which way a version pair fails to carry a breaking change, or undefined when it carries one (or either is not a semantic version). */
export function versioningViolation(baseVersion: string | undefined, revisionVersion: string | undefined): VersioningId | undefined {
  if (baseVersion === undefined || revisionVersion === undefined) return undefined;
  const b = semverParts(baseVersion);
  const r = semverParts(revisionVersion);
  if (!b || !r) return undefined;
  // The same text: not bumped. `1.2.0` and `v1.2.0` are different texts of one version: not an increase, so "decreased", as in oasdiff.
  if (baseVersion === revisionVersion) return 'api-version-not-bumped';
  const first = b.findIndex((n, i) => n !== r[i]);
  if (first < 0 || r[first]! < b[first]!) return 'api-version-decreased';
  const majorStep = b[0] === 0 && r[0] === 0 ? r[1] > b[1] : r[0] > b[0];
  return majorStep ? undefined : 'api-major-version-not-bumped';
}

/** What `versioningChange` adds to a change list (the fields of a classified change; `text` is written by the caller). */
export interface VersioningChange {
  id: VersioningId;
  level: Level;
  direction: 'none';
  action: 'changed';
  group: 'info';
  documentation: false;
  kind: `versioning:${VersioningId}`;
  location: 'info.version';
  old: string;
  new: string;
  pointers: { base: string; revision: string };
  fingerprint: string;
}

/**
 * The versioning finding for a list of changes (at the levels they are reported at: a cap or an
 * override counts), or undefined. Changes of the versioning rules themselves are not read. `level`
 * is the rule's level, or the one a severity-levels file gives it.
 */
export function versioningChange(changes: ReadonlyArray<{ id: string; level: Level }>, base: SideInfo, revision: SideInfo, level: Level = 'info'): VersioningChange | undefined {
  if (!changes.some((c) => c.level === 'breaking' && !versioningIds.has(c.id))) return undefined;
  const id = versioningViolation(base.version, revision.version);
  if (id === undefined) return undefined;
  return {
    id,
    level,
    direction: 'none',
    action: 'changed',
    group: 'info',
    documentation: false,
    kind: `versioning:${id}`,
    location: 'info.version',
    old: base.version!,
    new: revision.version!,
    pointers: { base: '/info/version', revision: '/info/version' },
    fingerprint: fingerprint(id, 'info version policy'),
  };
}
