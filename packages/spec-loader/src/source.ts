import { execFileSync } from 'node:child_process';
import { closeSync, constants, existsSync, fstatSync, openSync, readSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { quoteForMessage, SpecError } from './errors.js';
import { DEFAULT_LIMITS } from './limits.js';

/**
 * Where a document's text comes from: a file on disk, or a file at a git revision
 * (`main:specs/v1/2026-07-16.yaml`), so that a reviewer can diff a branch against `main`.
 */
export type Source =
  | { kind: 'fs'; /** absolute path */ file: string }
  | { kind: 'git'; rev: string; /** path relative to the repository root, POSIX separators */ file: string; repoRoot: string };

/** The key a source is stored under, and the name shown in messages. */
export function sourceKey(source: Source): string {
  return source.kind === 'fs' ? source.file : `${source.rev}:${source.file}`;
}

/** A short name for messages: paths relative to the working directory when that is shorter. */
export function displayName(source: Source, cwd = process.cwd()): string {
  if (source.kind === 'git') return `${source.rev}:${source.file}`;
  const relative = path.relative(cwd, source.file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : source.file;
}

function git(args: string[], cwd: string): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: DEFAULT_LIMITS.maxFileBytes + 1 });
}

/**
 * Checks a git revision typed by a user (`main`, `HEAD~2`, `v1.2.0`, a commit id) before it reaches
 * git. A revision that starts with `-` would be read by git as an option (`--output=FILE` makes
 * `git show` write a file), so it is refused; so are empty revisions and control characters.
 * Callers still pass revisions after `--end-of-options`, so this is the second of two guards.
 * Returns the revision unchanged.
 */
export function checkRevision(rev: string, shownAs = rev): string {
  if (rev === '') throw new SpecError(shownAs, 'the git revision is empty');
  if (rev.startsWith('-')) throw new SpecError(shownAs, `${quoteForMessage(rev)} is not a git revision (revisions cannot start with "-")`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(rev)) throw new SpecError(shownAs, 'the git revision contains control characters');
  return rev;
}

/**
 * Turns what a user typed into a source. A path that exists on disk wins; otherwise `REV:path`
 * is read from git (the path is taken relative to the current directory, as `git show` does with `./`).
 */
export function parseSourceArgument(input: string, cwd = process.cwd()): Source {
  if (input.trim() === '') throw new SpecError('(empty argument)', 'expected a file or REV:path, got an empty argument');
  const onDisk = path.resolve(cwd, input);
  if (existsSync(onDisk)) {
    if (statSync(onDisk).isDirectory()) throw new SpecError(input, 'is a directory, not an OpenAPI document');
    return { kind: 'fs', file: onDisk };
  }
  const match = /^([^:]+):(.+)$/.exec(input);
  if (match && !/^[a-zA-Z]$/.test(match[1]!)) {
    const rev = checkRevision(match[1]!, input);
    let repoRoot: string;
    let prefix: string;
    try {
      repoRoot = git(['rev-parse', '--show-toplevel'], cwd).trim();
      prefix = git(['rev-parse', '--show-prefix'], cwd).trim();
    } catch {
      throw new SpecError(input, 'looks like REV:path but the current directory is not inside a git repository');
    }
    const file = path.posix.normalize(path.posix.join(prefix, match[2]!.replace(/\\/g, '/')));
    if (file === '..' || file.startsWith('../') || path.posix.isAbsolute(file)) {
      throw new SpecError(input, 'the path after the revision leaves the git repository');
    }
    return { kind: 'git', rev, file, repoRoot };
  }
  throw new SpecError(input, 'no such file');
}

/** The source that `ref` (a relative file reference such as `../models/a.yml`) names, seen from `from`. */
export function relativeSource(from: Source, ref: string): Source {
  if (/^[a-z][a-z0-9+.-]*:/i.test(ref) && !/^[a-z]:[\\/]/i.test(ref)) {
    throw new SpecError(sourceKey(from), `remote $ref ${quoteForMessage(ref)} is not supported; download it and refer to the local copy`);
  }
  if (from.kind === 'fs') return { kind: 'fs', file: path.resolve(path.dirname(from.file), ref) };
  return { ...from, file: path.posix.normalize(path.posix.join(path.posix.dirname(from.file), ref)) };
}

/**
 * Whether `source` may be read as the target of a `$ref`: a git source must stay inside its
 * repository; a file on disk, once symlinks are resolved, must lie inside one of `roots`
 * (real paths of folders). Returns a reason when it may not.
 */
export function refusedTarget(source: Source, roots: readonly string[]): string | undefined {
  if (source.kind === 'git') {
    return source.file === '..' || source.file.startsWith('../') || path.posix.isAbsolute(source.file) ? 'it leaves the git repository' : undefined;
  }
  let real: string;
  try {
    real = realpathSync.native(source.file);
  } catch {
    return undefined; // does not exist: the caller reports a missing file
  }
  const inside = roots.some((root) => real === root || real.startsWith(root.endsWith(path.sep) ? root : root + path.sep));
  return inside ? undefined : `it leaves the allowed folder${roots.length === 1 ? '' : 's'} (${roots.join(', ')}); pass --allow-external-refs DIR to allow another folder`;
}

/**
 * Reads a source's text. Only regular files are read (not devices, FIFOs, folders or /proc
 * entries that claim a size of 0), and no file larger than `maxBytes`.
 */
export function readSource(source: Source, shownAs: string, maxBytes = DEFAULT_LIMITS.maxFileBytes): string {
  if (source.kind === 'fs') return readRegularFile(source.file, shownAs, maxBytes);
  try {
    return git(['show', '--end-of-options', `${checkRevision(source.rev, shownAs)}:${source.file}`], source.repoRoot);
  } catch (error) {
    if (error instanceof SpecError) throw error;
    if ((error as NodeJS.ErrnoException).code === 'ENOBUFS') throw new SpecError(shownAs, `is larger than ${maxBytes} bytes`);
    const stderr = String((error as { stderr?: unknown }).stderr ?? '').trim().split('\n')[0];
    throw new SpecError(shownAs, `cannot be read from git${stderr ? ` (${stderr})` : ''}`);
  }
}

function readRegularFile(file: string, shownAs: string, maxBytes: number): string {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused below as not a regular file.
    fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new SpecError(shownAs, code === 'ENOENT' ? 'no such file' : `cannot be read (${code ?? String(error)})`);
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw new SpecError(shownAs, 'is a directory, not an OpenAPI document');
    if (!stat.isFile()) throw new SpecError(shownAs, 'is not a regular file (devices, FIFOs and sockets are not read)');
    if (stat.size > maxBytes) throw new SpecError(shownAs, `is ${stat.size} bytes, larger than the ${maxBytes}-byte limit`);
    // Read at most maxBytes + 1, whatever the size claimed, so a file that grows while read is still bounded.
    const buffer = Buffer.allocUnsafe(Math.min(maxBytes + 1, Math.max(stat.size, 0) + 1));
    let length = 0;
    for (;;) {
      if (length === buffer.length) break;
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
    }
    if (length > maxBytes) throw new SpecError(shownAs, `is larger than the ${maxBytes}-byte limit`);
    if (length === buffer.length && length === stat.size + 1) {
      // The file grew past its stat size while being read; refuse rather than read on without bound.
      throw new SpecError(shownAs, 'changed while it was read');
    }
    return buffer.toString('utf8', 0, length);
  } catch (error) {
    if (error instanceof SpecError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new SpecError(shownAs, `cannot be read (${code ?? String(error)})`);
  } finally {
    closeSync(fd);
  }
}
