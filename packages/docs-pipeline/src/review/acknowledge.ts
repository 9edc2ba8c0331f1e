import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The packages generated from or driven by the specs: a spec change is a change of these. */
export const SPEC_CONSUMERS = ['@astro-api/client', '@astro-api/mock-server'] as const;

/**
 * A changeset line that acknowledges breaking spec changes without a major bump (for example while
 * a package is still 0.x and the team decides otherwise): `acknowledge-breaking: v1, v1beta1-iam`.
 */
export const ACKNOWLEDGE_KEY = 'acknowledge-breaking';

export type BumpType = 'major' | 'minor' | 'patch';

export interface PendingChangeset {
  readonly file: string;
  /** Package name → bump, from the front matter. */
  readonly releases: ReadonlyMap<string, BumpType>;
  /** APIs named on `acknowledge-breaking:` lines. */
  readonly acknowledges: readonly string[];
}

/** Parses the front matter of a `.changeset/*.md` file (`"pkg": major` lines between `---` fences). */
export function parseChangeset(file: string, text: string): PendingChangeset {
  const releases = new Map<string, BumpType>();
  const front = /^---\r?\n([\s\S]*?)\r?\n?---/.exec(text);
  for (const line of front?.[1]?.split(/\r?\n/) ?? []) {
    const match = /^\s*["']?([^"':]+)["']?\s*:\s*(major|minor|patch)\s*$/.exec(line);
    if (match) releases.set(match[1]!.trim(), match[2] as BumpType);
  }
  const body = front ? text.slice(front[0].length) : text;
  const acknowledges = [...body.matchAll(new RegExp(`^${ACKNOWLEDGE_KEY}:\\s*(.+)$`, 'gim'))].flatMap((match) =>
    match[1]!.split(/[\s,]+/).filter(Boolean),
  );
  return { file, releases, acknowledges };
}

/** The changesets waiting in `<repoRoot>/.changeset` (its README is not one). */
export function readPendingChangesets(repoRoot: string): PendingChangeset[] {
  const dir = path.join(repoRoot, '.changeset');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith('.md') && name.toLowerCase() !== 'readme.md')
    .sort()
    .map((name) => parseChangeset(path.join('.changeset', name), readFileSync(path.join(dir, name), 'utf8')));
}

/**
 * A breaking change of `api` is acknowledged when pending changesets bump every spec consumer
 * major, or when one of them names the API on an `acknowledge-breaking:` line.
 */
export function isBreakingAcknowledged(api: string, changesets: readonly PendingChangeset[]): boolean {
  if (changesets.some((changeset) => changeset.acknowledges.includes(api))) return true;
  return SPEC_CONSUMERS.every((name) => changesets.some((changeset) => changeset.releases.get(name) === 'major'));
}
