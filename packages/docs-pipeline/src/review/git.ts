import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { checkRevision, SpecError } from '@astro-api/spec-loader';
import { checkRevisionNames } from '../dates.js';

function git(args: string[], cwd: string): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 30 });
}

/** Fails with a one-line error when `ref` names no commit. */
export function assertCommit(repoRoot: string, ref: string): void {
  checkRevision(ref, `--base ${ref}`);
  try {
    git(['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`], repoRoot);
  } catch {
    throw new SpecError(`--base ${ref}`, 'is not a commit in this git repository');
  }
}

const REVISION_FILE = /^(\d{4}-\d{2}-\d{2})\.ya?ml$/;

/**
 * The dated revision files of a spec folder as they were at `ref`, oldest first, as repository paths.
 * This mirrors the loader's `listRevisions` (dates come from file names) for a commit instead of the
 * working tree; the files themselves are then read through the loader's `REV:path` support. The names
 * are checked like the working tree's (`<ref>:specs/<dir>/…` in messages), so an ambiguous base fails.
 */
export function revisionsAtRef(repoRoot: string, ref: string, specDir: string): Array<{ date: string; repoPath: string }> {
  const folder = path.posix.join('specs', specDir.replace(/\\/g, '/'));
  const listed = git(['ls-tree', '--name-only', '--end-of-options', checkRevision(ref), '--', `${folder}/`], repoRoot)
    .split('\n')
    .filter(Boolean);
  checkRevisionNames(`${ref}:${folder}`, listed.map((repoPath) => path.posix.basename(repoPath)));
  return listed
    .map((repoPath) => ({ repoPath, match: REVISION_FILE.exec(path.posix.basename(repoPath)) }))
    .filter((item): item is { repoPath: string; match: RegExpExecArray } => item.match !== null)
    .map(({ repoPath, match }) => ({ date: match[1]!, repoPath }))
    .sort((a, b) => a.date.localeCompare(b.date));
}

/** Whether anything under `specs/<dir>` differs between `ref` and the working tree (untracked files count). */
export function specFolderChanged(repoRoot: string, ref: string, specDir: string): boolean {
  const folder = path.posix.join('specs', specDir.replace(/\\/g, '/'));
  const tracked = git(['diff', '--name-only', '--end-of-options', checkRevision(ref), '--', folder], repoRoot).trim();
  if (tracked !== '') return true;
  return git(['ls-files', '--others', '--exclude-standard', '--', folder], repoRoot).trim() !== '';
}
