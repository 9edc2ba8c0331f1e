import { existsSync, readdirSync, readFileSync, realpathSync, statSync, type Dirent } from 'node:fs';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import picomatch from 'picomatch';
import { isInside, isStaleTemp, tempFileTarget } from '@astro-api/safe-write';

/**
 * Which files of a project the codemod may read and rewrite. Paths are walked with `readdir`, never expanded as
 * globs, so a folder named `{a,b}`, `proj*` or `[1]` means exactly that folder. Links are never followed: a
 * link whose target lies inside the project is redundant (the target is found by its own path), and a link
 * out of the project is reported, because what it points at belongs to someone else.
 */
export interface ProjectFiles {
  /** The project folder's real path. */
  readonly root: string;
  /** Absolute real paths of the source files to migrate, sorted by relative path. */
  readonly files: readonly string[];
  /** Links out of the project (or nowhere) that look like sources or folders: relative paths and reasons. */
  readonly skippedLinks: readonly { file: string; reason: string }[];
  /** Absolute paths of temp files a killed write left behind (see `isLeftoverTempFile`), sorted. */
  readonly leftoverTempFiles: readonly string[];
}

/**
 * `@astro-api/safe-write` writes `.<name>.<pid>.<8 hex>.tmp` next to the file and renames it over the file; a
 * kill between the two leaves it. Such a file is a leftover only if `<name>` is a file the codemod writes (a
 * source file) and process `<pid>` is gone: a live process (another run, or anything that reused the pid) may
 * still be about to rename it, and is left alone.
 */
export function isLeftoverTempFile(name: string): boolean {
  const target = tempFileTarget(name);
  return target !== undefined && SOURCE.test(target) && !DECLARATION.test(target) && isStaleTemp(name);
}

const SOURCE = /\.(ts|tsx|mts|cts)$/;
const DECLARATION = /\.d\.(ts|mts|cts)$|\.d\.[^/]*\.ts$/;
/** Never entered: version control, installed packages, build output. */
const NEVER_ENTER = new Set(['.git', '.hg', '.svn', 'node_modules', 'dist']);

export const LINK_OUTSIDE = 'links outside the project';
export const LINK_BROKEN = 'links that point nowhere';

/** `exclude` holds picomatch globs matched against paths relative to the project ('/'-separated). */
export function listProjectFiles(dir: string, exclude: readonly string[] = []): ProjectFiles {
  const root = realpathSync.native(dir);
  const excluded = excludeMatcher(exclude);
  const files: string[] = [];
  const skippedLinks: { file: string; reason: string }[] = [];
  const leftoverTempFiles: string[] = [];
  const rules = inheritedIgnoreRules(root);

  const walk = (folder: string, rel: string, levels: readonly IgnoreLevel[]) => {
    const here = readIgnoreFile(folder, rel);
    const active = here ? [...levels, here] : levels;
    let entries: Dirent[];
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch {
      return; // an unreadable folder holds nothing we could rewrite
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const childRel = rel === '' ? entry.name : `${rel}/${entry.name}`;
      const childPath = path.join(folder, entry.name);
      if (entry.isSymbolicLink()) {
        const reason = linkReason(root, childPath, entry.name);
        if (reason !== undefined && !isIgnored(active, childRel, false) && !excluded(childRel)) {
          skippedLinks.push({ file: childRel, reason });
        }
        continue;
      }
      if (entry.isDirectory()) {
        if (NEVER_ENTER.has(entry.name) || isIgnored(active, childRel, true) || excluded(childRel)) continue;
        walk(childPath, childRel, active);
      } else if (entry.isFile()) {
        if (entry.name.endsWith('.tmp') && isLeftoverTempFile(entry.name)) {
          if (!isIgnored(active, childRel, false) && !excluded(childRel)) leftoverTempFiles.push(childPath);
          continue;
        }
        if (!SOURCE.test(entry.name) || DECLARATION.test(entry.name)) continue;
        if (isIgnored(active, childRel, false) || excluded(childRel)) continue;
        files.push(childPath);
      }
    }
  };
  walk(root, '', rules);
  return { root, files, skippedLinks, leftoverTempFiles };
}

/** Why a link is worth a line in the summary: it leads out of the project (to a source or a folder), or nowhere. */
function linkReason(root: string, link: string, name: string): string | undefined {
  let target: string;
  try {
    target = realpathSync.native(link);
  } catch {
    return SOURCE.test(name) ? LINK_BROKEN : undefined;
  }
  if (isInside(root, target)) return undefined;
  let isFolder = false;
  try {
    isFolder = statSync(target).isDirectory();
  } catch {
    return undefined;
  }
  return isFolder || (SOURCE.test(name) && !DECLARATION.test(name)) ? LINK_OUTSIDE : undefined;
}

function excludeMatcher(globs: readonly string[]): (rel: string) => boolean {
  if (globs.length === 0) return () => false;
  const matchers = globs.map((glob) => {
    const pattern = glob.replace(/^\.\//, '').replace(/\/+$/, '');
    // Like .gitignore: a pattern without a slash matches a name at any depth.
    return picomatch(pattern, { dot: true, basename: !pattern.includes('/') });
  });
  return (rel) => matchers.some((match) => match(rel));
}

/** The rules of one .gitignore file, and the folder (relative to the project, '' for the root) they apply to. */
interface IgnoreLevel {
  readonly base: string;
  readonly rules: Ignore;
}

function readIgnoreFile(folder: string, rel: string): IgnoreLevel | undefined {
  let text: string;
  try {
    text = readFileSync(path.join(folder, '.gitignore'), 'utf8');
  } catch {
    return undefined;
  }
  return { base: rel, rules: ignore().add(text) };
}

/**
 * The .gitignore files above the project, up to the repository it lies in (the nearest folder with `.git`), so
 * a project inside a repository skips what the repository ignores. Their patterns are re-based on the project.
 */
function inheritedIgnoreRules(root: string): IgnoreLevel[] {
  const above: string[] = [];
  let folder = root;
  for (;;) {
    if (existsSync(path.join(folder, '.git'))) break;
    const up = path.dirname(folder);
    if (up === folder) return []; // not in a repository: only the project's own .gitignore files count
    above.unshift(up);
    folder = up;
  }
  const levels: IgnoreLevel[] = [];
  for (const outer of above) {
    const level = readIgnoreFile(outer, '');
    if (level === undefined) continue;
    const prefix = path.relative(outer, root).split(path.sep).join('/');
    // A project the repository ignores was still named on purpose: then only its own .gitignore files count.
    if (level.rules.test(`${prefix}/`).ignored) return [];
    levels.push({ base: `\0${prefix}`, rules: level.rules });
  }
  return levels;
}

/**
 * Git's precedence: the deepest .gitignore that has something to say about a path decides (a `!pattern` there
 * re-includes what a higher file ignored).
 */
function isIgnored(levels: readonly IgnoreLevel[], rel: string, isFolder: boolean): boolean {
  for (let i = levels.length - 1; i >= 0; i--) {
    const level = levels[i]!;
    const local = relativeTo(level.base, rel);
    if (local === undefined || local === '') continue;
    const result = level.rules.test(isFolder ? `${local}/` : local);
    if (result.ignored) return true;
    if (result.unignored) return false;
  }
  return false;
}

/** `rel` (relative to the project) as seen from a .gitignore's folder; `\0prefix` marks a folder above the project. */
function relativeTo(base: string, rel: string): string | undefined {
  if (base.startsWith('\0')) {
    const prefix = base.slice(1);
    return prefix === '' ? rel : `${prefix}/${rel}`;
  }
  if (base === '') return rel;
  return rel.startsWith(`${base}/`) ? rel.slice(base.length + 1) : undefined;
}
