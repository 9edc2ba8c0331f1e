import path from 'node:path';
import { listRevisions, loadSpec, type Revision } from '@astro-api/spec-loader';
import { diffSpecs, loadSide, type DiffResult } from '../engine.js';
import { successSchemas } from '../operations.js';
import { specSize, type SpecSize } from '../spec-facts.js';

/** One changelog entry: a revision compared with the one before it, or the first revision. */
export type ChangelogEntry =
  | { readonly kind: 'diff'; readonly api: string; readonly revision: Revision; readonly previous: Revision; readonly next?: Revision; readonly result: DiffResult; readonly returns: ReadonlyMap<string, string> }
  | { readonly kind: 'baseline'; readonly api: string; readonly revision: Revision; readonly next?: Revision; readonly size: SpecSize };

/**
 * The entries of one API, oldest first: the first revision is the baseline, every later one is
 * diffed against its predecessor. Revisions come from the loader (file names), never from here.
 */
export function buildEntries(api: string, root: string): ChangelogEntry[] {
  const repoRoot = path.resolve(root);
  const revisions = listRevisions(api, repoRoot);
  return revisions.map((revision, i): ChangelogEntry => {
    const next = revisions[i + 1];
    const previous = revisions[i - 1];
    const around = next ? { next } : {};
    if (!previous) {
      return { kind: 'baseline', api, revision, ...around, size: specSize(loadSpec(revision.file, { cwd: repoRoot })) };
    }
    const result = diffSpecs(loadSide(previous.file, { cwd: repoRoot }), loadSide(revision.file, { cwd: repoRoot }));
    const returns = successSchemas(loadSpec(revision.file, { cwd: repoRoot }));
    return { kind: 'diff', api, revision, previous, ...around, result, returns };
  });
}
