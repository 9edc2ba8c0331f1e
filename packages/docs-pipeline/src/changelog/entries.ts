import path from 'node:path';
import { listRevisions, loadSpec, type LoadedSpec, type Revision } from '@astro-api/spec-loader';
import { returnsOf } from 'oasdiff-js';
import { diffSpecs, loadSide, type DiffResult, type Side } from '../engine.js';
import { specSize, type SpecSize } from '../spec-facts.js';

/** One changelog entry: a revision compared with the one before it, or the first revision. */
export type ChangelogEntry =
  | { readonly kind: 'diff'; readonly api: string; readonly revision: Revision; readonly previous: Revision; readonly next?: Revision; readonly result: DiffResult; readonly returns: (method: string, path: string) => string | undefined }
  | { readonly kind: 'baseline'; readonly api: string; readonly revision: Revision; readonly next?: Revision; readonly size: SpecSize };

/**
 * The entries of one API, oldest first: the first revision is the baseline, every later one is
 * diffed against its predecessor. Revisions come from the loader (file names), never from here.
 * Each revision is loaded once: its side is the new side of one comparison and the old side of the
 * next (as the engine's `history` does), and the same loaded spec gives its success schemas.
 */
let cacheDir: string | undefined;

/**
 * The oasdiff-js cache folder `buildEntries` loads specs through (`pnpm docs` sets
 * `node_modules/.cache/oasdiff-js`); undefined (the default): no cache.
 */
export function useEntriesCache(dir: string | undefined): void {
  cacheDir = dir;
}

export function buildEntries(api: string, root: string): ChangelogEntry[] {
  const repoRoot = path.resolve(root);
  const revisions = listRevisions(api, repoRoot);
  const entries: ChangelogEntry[] = [];
  let previous: { revision: Revision; side: Side } | undefined;
  revisions.forEach((revision, i) => {
    const next = revisions[i + 1];
    const around = next ? { next } : {};
    const side = cacheDir === undefined ? loadSide([loadSpec(revision.file, { cwd: repoRoot })]) : loadSide(revision.file, { cwd: repoRoot, cacheDir });
    const spec: LoadedSpec = side.parts[0]!.spec;
    if (!previous) entries.push({ kind: 'baseline', api, revision, ...around, size: specSize(spec) });
    else entries.push(diffEntry(api, previous, { revision, side }, around));
    previous = { revision, side };
  });
  return entries;
}

/**
 * The entry of one comparison: `previous` and `current` need not be neighbours (the CLI's
 * `oasdiff-js changelog OLD NEW` renders any pair the same way). Sunset dates are read as of the
 * revision's own day, so an entry never changes with the day it is built.
 */
export function diffEntry(api: string, previous: { revision: Revision; side: Side }, current: { revision: Revision; side: Side }, around: { next?: Revision } = {}): ChangelogEntry {
  const result = diffSpecs(previous.side, current.side, { today: current.revision.date });
  return { kind: 'diff', api, revision: current.revision, previous: previous.revision, ...around, result, returns: returnsOf(current.side) };
}
