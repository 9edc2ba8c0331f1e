import path from 'node:path';
import { currentRevision, listApis, type Revision } from '@astro-api/spec-loader';
import { checkRevisionFolders } from '../dates.js';
import { diffSpecs, loadSide, type DiffResult } from '../engine.js';
import { assertCommit, revisionsAtRef, specFolderChanged } from './git.js';

/** One API's current revision in the working tree compared with its current revision at a git ref. */
export type SpecComparison =
  | { readonly api: string; readonly status: 'unchanged' }
  | { readonly api: string; readonly status: 'new'; readonly revision: Revision }
  | { readonly api: string; readonly status: 'changed'; readonly revision: Revision; readonly base: { ref: string; date: string; repoPath: string }; readonly result: DiffResult };

/**
 * Compares every API whose spec folder changed since `ref`. The working tree's current revision is
 * diffed against the same API's current revision at `ref` (read with the loader's `REV:path`), so
 * both a new dated file and an edit of an existing one are reviewed. Revision names are checked on
 * both sides first (`checkRevisionNames`): a misspelt date or two files for one date is a `SpecError`.
 */
export function compareWithRef(root: string, ref: string): SpecComparison[] {
  const repoRoot = path.resolve(root);
  assertCommit(repoRoot, ref);
  checkRevisionFolders(repoRoot);
  return listApis(repoRoot).map(({ id: api, dir }): SpecComparison => {
    if (!specFolderChanged(repoRoot, ref, dir)) return { api, status: 'unchanged' };
    const revision = currentRevision(api, repoRoot);
    const before = revisionsAtRef(repoRoot, ref, dir).at(-1);
    if (!before) return { api, status: 'new', revision };
    const result = diffSpecs(
      loadSide(`${ref}:${before.repoPath}`, { cwd: repoRoot }),
      loadSide(revision.file, { cwd: repoRoot }),
    );
    return { api, status: 'changed', revision, base: { ref, ...before }, result };
  });
}
