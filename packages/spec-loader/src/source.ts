import { execFileSync } from 'node:child_process';
import { closeSync, constants, existsSync, fstatSync, lstatSync, openSync, readlinkSync, readSync, statSync } from 'node:fs';
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

function git(args: string[], cwd: string, maxBytes = DEFAULT_LIMITS.maxFileBytes): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: maxBytes + 1 });
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

/** A folder file `$ref`s may read from: as the user named it (absolute, normalized) and its real path. */
export interface AllowedFolder {
  readonly given: string;
  readonly real: string;
}

/**
 * Where a file `$ref` leads once confined to the allowed folders:
 * - `read`: a real path (no symlinks left) inside an allowed folder; read that path, not the lexical one;
 * - `refused`: the path leaves the allowed folders; `reason` depends only on the folders;
 * - `failed`: the path stays inside but cannot be followed there (`ENOENT`, `ENOTDIR`, `ELOOP`, `EACCES`…);
 * - `git`: a git source inside its repository (see `confineSource`).
 */
export type Confinement = { kind: 'read'; real: string } | { kind: 'refused'; reason: string } | { kind: 'failed'; code: string } | { kind: 'git' };

/** Memo of `lstat`/`readlink` answers for paths already proven inside (one per `loadSpec`). */
export type ConfineCache = Map<string, 'dir' | 'other' | { link: string } | { code: string }>;

/** Symlinks followed while resolving one path before giving up, as the kernel does (`ELOOP`). */
const MAX_LINKS = 40;

function isInside(real: string, folders: readonly AllowedFolder[]): boolean {
  return folders.some(({ real: root }) => real === root || real.startsWith(root.endsWith(path.sep) ? root : root + path.sep));
}

/** `path` split into names, without the empty and `.` ones. */
const namesOf = (text: string): string[] => text.split(path.sep === '\\' ? /[\\/]/ : '/').filter((name) => name !== '' && name !== '.');

/**
 * THE guard for file `$ref` targets (every refused path gets one answer; issue 19). It decides
 * containment before anything about the target is looked at, so that the answer for a path outside the
 * allowed folders depends only on that path and the folders, never on what is there (a file, nothing,
 * a folder, a device, `/proc`, a symlink, something unreadable). That is what keeps a `$ref` from
 * probing the file system (`/root/.bashrc` and `/root/nope` get the same refusal).
 *
 * `file` is the absolute, lexically normalized target. It must start with an allowed folder (as given
 * or as its real path); the names after it are then resolved one by one from that folder's real path,
 * as the kernel would, with `lstat`/`readlink` only on paths already proven inside: a symlink's text is
 * followed name by name, `..` steps to the real parent, and any step that leaves the allowed folders is
 * refused at once, before the next name is looked at. A symlink loop ends after 40 links (`ELOOP`).
 */
export function confineTarget(file: string, folders: readonly AllowedFolder[], cache: ConfineCache = new Map()): Confinement {
  const refused: Confinement = {
    kind: 'refused',
    reason: `it leaves the allowed folder${folders.length === 1 ? '' : 's'} (${folders.map((folder) => folder.real).join(', ')}); pass --allow-external-refs DIR to allow another folder`,
  };
  /** An absolute name list entering an allowed folder: that folder's real path and the names left (reversed). */
  const enter = (names: string[]): { at: string; todo: string[] } | undefined => {
    let best: { at: string; rest: number } | undefined;
    for (const folder of folders) {
      for (const form of [folder.given, folder.real]) {
        const prefix = namesOf(form);
        if (prefix.length > names.length || (best && prefix.length <= best.rest)) continue;
        // Only plain names may match: `..` in the prefix of a symlink's text is resolved by the walk.
        if (prefix.every((name, i) => names[i] === name)) best = { at: folder.real, rest: prefix.length };
      }
    }
    return best && { at: best.at, todo: names.slice(best.rest).reverse() };
  };
  const lookUp = (at: string): 'dir' | 'other' | { link: string } | { code: string } => {
    let known = cache.get(at);
    if (known === undefined) {
      try {
        const stat = lstatSync(at);
        known = stat.isSymbolicLink() ? { link: readlinkSync(at) } : stat.isDirectory() ? 'dir' : 'other';
      } catch (error) {
        known = { code: (error as NodeJS.ErrnoException).code ?? String(error) };
      }
      cache.set(at, known);
    }
    return known;
  };

  if (!path.isAbsolute(file)) return refused;
  const start = enter(namesOf(path.normalize(file)));
  if (!start) return refused;
  let current = start.at;
  const todo = start.todo;
  let links = 0;
  while (todo.length > 0) {
    const name = todo.pop()!;
    if (name === '..') {
      current = path.dirname(current);
      if (!isInside(current, folders)) return refused;
      continue;
    }
    const next = path.join(current, name);
    if (!isInside(next, folders)) return refused;
    const found = lookUp(next);
    if (typeof found === 'object' && 'code' in found) return { kind: 'failed', code: found.code };
    if (typeof found === 'object') {
      if (++links > MAX_LINKS) return { kind: 'failed', code: 'ELOOP' };
      if (path.isAbsolute(found.link)) {
        const entered = enter(namesOf(found.link));
        if (!entered) return refused;
        current = entered.at;
        todo.push(...entered.todo);
      } else {
        todo.push(...namesOf(found.link).reverse());
      }
      continue;
    }
    // A name below something that is not a folder: the kernel's ENOTDIR, told only for paths inside.
    if (found === 'other' && todo.length > 0) return { kind: 'failed', code: 'ENOTDIR' };
    current = next;
  }
  return { kind: 'read', real: current };
}

/**
 * `confineTarget` for any source: a git source (read with `git show`, never from disk) may go anywhere
 * inside its repository, which its text alone decides.
 */
export function confineSource(source: Source, folders: readonly AllowedFolder[], cache?: ConfineCache): Confinement {
  if (source.kind === 'fs') return confineTarget(source.file, folders, cache);
  const leaves = source.file === '..' || source.file.startsWith('../') || path.posix.isAbsolute(source.file);
  return leaves ? { kind: 'refused', reason: 'it leaves the git repository' } : { kind: 'git' };
}

/**
 * Whether `source` may be read as the target of a `$ref` (see `confineSource`); `folders` are real
 * paths of folders, or `AllowedFolder`s. Returns a reason when it may not; the reason names only the
 * folders, whatever is at the target.
 */
export function refusedTarget(source: Source, folders: ReadonlyArray<string | AllowedFolder>): string | undefined {
  const confined = confineSource(source, folders.map((folder) => (typeof folder === 'string' ? { given: folder, real: folder } : folder)));
  return confined.kind === 'refused' ? confined.reason : undefined;
}

/**
 * Reads a source's text. Only regular files are read (not devices, FIFOs, folders or /proc
 * entries that claim a size of 0), and no file larger than `maxBytes`.
 */
export function readSource(source: Source, shownAs: string, maxBytes = DEFAULT_LIMITS.maxFileBytes): string {
  if (source.kind === 'fs') return readRegularFile(source.file, shownAs, maxBytes);
  try {
    return git(['show', '--end-of-options', `${checkRevision(source.rev, shownAs)}:${source.file}`], source.repoRoot, maxBytes);
  } catch (error) {
    if (error instanceof SpecError) throw error;
    if ((error as NodeJS.ErrnoException).code === 'ENOBUFS') throw new SpecError(shownAs, `is larger than the ${maxBytes}-byte limit`, { limit: 'maxFileBytes' });
    const stderr = String((error as { stderr?: unknown }).stderr ?? '').trim().split('\n')[0];
    throw new SpecError(shownAs, `cannot be read from git${stderr ? ` (${stderr})` : ''}`);
  }
}

/**
 * Reads the real path `confineTarget` answered (`read`), as `readSource` reads a file, but without
 * following a symlink in its last name: the walk found none there, so one now is a swap and is refused.
 */
export function readConfined(real: string, shownAs: string, maxBytes = DEFAULT_LIMITS.maxFileBytes): string {
  return readRegularFile(real, shownAs, maxBytes, constants.O_NOFOLLOW ?? 0);
}

function readRegularFile(file: string, shownAs: string, maxBytes: number, extraFlags = 0): string {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused below as not a regular file.
    fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | extraFlags);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new SpecError(shownAs, code === 'ENOENT' ? 'no such file' : `cannot be read (${code ?? String(error)})`);
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw new SpecError(shownAs, 'is a directory, not an OpenAPI document');
    if (!stat.isFile()) throw new SpecError(shownAs, 'is not a regular file (devices, FIFOs and sockets are not read)');
    if (stat.size > maxBytes) throw new SpecError(shownAs, `is ${stat.size} bytes, larger than the ${maxBytes}-byte limit`, { limit: 'maxFileBytes' });
    // Read at most maxBytes + 1, whatever the size claimed, so a file that grows while read is still bounded.
    const buffer = Buffer.allocUnsafe(Math.min(maxBytes + 1, Math.max(stat.size, 0) + 1));
    let length = 0;
    for (;;) {
      if (length === buffer.length) break;
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
    }
    if (length > maxBytes) throw new SpecError(shownAs, `is larger than the ${maxBytes}-byte limit`, { limit: 'maxFileBytes' });
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
