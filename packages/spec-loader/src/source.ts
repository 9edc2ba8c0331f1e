import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { SpecError } from './errors.js';

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
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 30 });
}

/**
 * Turns what a user typed into a source. A path that exists on disk wins; otherwise `REV:path`
 * is read from git (the path is taken relative to the current directory, as `git show` does with `./`).
 */
export function parseSourceArgument(input: string, cwd = process.cwd()): Source {
  const onDisk = path.resolve(cwd, input);
  if (existsSync(onDisk)) {
    if (statSync(onDisk).isDirectory()) throw new SpecError(input, 'is a directory, not an OpenAPI document');
    return { kind: 'fs', file: onDisk };
  }
  const match = /^([^:]+):(.+)$/.exec(input);
  if (match && !/^[a-zA-Z]$/.test(match[1]!)) {
    const rev = match[1]!;
    let repoRoot: string;
    let prefix: string;
    try {
      repoRoot = git(['rev-parse', '--show-toplevel'], cwd).trim();
      prefix = git(['rev-parse', '--show-prefix'], cwd).trim();
    } catch {
      throw new SpecError(input, 'looks like REV:path but the current directory is not inside a git repository');
    }
    const file = path.posix.normalize(path.posix.join(prefix, match[2]!.replace(/\\/g, '/')));
    return { kind: 'git', rev, file, repoRoot };
  }
  throw new SpecError(input, 'no such file');
}

/** The source that `ref` (a relative file reference such as `../models/a.yml`) names, seen from `from`. */
export function relativeSource(from: Source, ref: string): Source {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(ref)) {
    throw new SpecError(sourceKey(from), `remote $ref "${ref}" is not supported; download it and refer to the local copy`);
  }
  if (from.kind === 'fs') return { kind: 'fs', file: path.resolve(path.dirname(from.file), ref) };
  return { ...from, file: path.posix.normalize(path.posix.join(path.posix.dirname(from.file), ref)) };
}

export function readSource(source: Source, shownAs: string): string {
  if (source.kind === 'fs') {
    try {
      return readFileSync(source.file, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new SpecError(shownAs, code === 'ENOENT' ? 'no such file' : `cannot be read (${code ?? String(error)})`);
    }
  }
  try {
    return git(['show', `${source.rev}:${source.file}`], source.repoRoot);
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? '').trim().split('\n')[0];
    throw new SpecError(shownAs, `cannot be read from git${stderr ? ` (${stderr})` : ''}`);
  }
}
