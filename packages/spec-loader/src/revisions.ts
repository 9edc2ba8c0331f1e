import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SpecError } from './errors.js';
import { loadSpec, type LoadedSpec, type LoadOptions } from './load.js';

/** One API described by `specs/manifest.json`. */
export interface ApiEntry {
  /** Manifest key, e.g. `v1beta1-iam`. */
  readonly id: string;
  readonly title: string;
  /** API version label, e.g. `v1beta1`. */
  readonly version: string;
  /** Folder under `specs/` holding one `<YYYY-MM-DD>.yaml` per published revision. */
  readonly dir: string;
  /** Production server URL. */
  readonly server: string;
  /** Optional lifecycle notes, e.g. `deprecated`, `endOfSupport`. */
  readonly status?: string;
  readonly endOfSupport?: string;
  readonly successor?: string;
}

export interface Revision {
  readonly api: string;
  /** `YYYY-MM-DD` */
  readonly date: string;
  /** Absolute path of the revision file. */
  readonly file: string;
  /** Path relative to the repository root, POSIX separators. */
  readonly repoPath: string;
}

interface ManifestFile {
  apis: Record<string, Omit<ApiEntry, 'id'>>;
}

const REVISION_FILE = /^(\d{4}-\d{2}-\d{2})\.ya?ml$/;

/** Finds the repository root: the nearest folder upwards that holds `specs/manifest.json`. */
export function findRepoRoot(start = path.dirname(fileURLToPath(import.meta.url))): string {
  let dir = path.resolve(start);
  for (;;) {
    if (existsSync(path.join(dir, 'specs', 'manifest.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no specs/manifest.json found above ${start}`);
    dir = parent;
  }
}

function readManifest(repoRoot: string): ManifestFile {
  const file = path.join(repoRoot, 'specs', 'manifest.json');
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as ManifestFile;
  } catch (error) {
    throw new SpecError(file, `cannot read the spec manifest (${(error as Error).message})`);
  }
}

/** Every API in the manifest, in manifest order. */
export function listApis(repoRoot = findRepoRoot()): ApiEntry[] {
  return Object.entries(readManifest(repoRoot).apis).map(([id, entry]) => ({ id, ...entry }));
}

export function getApi(api: string, repoRoot = findRepoRoot()): ApiEntry {
  const entry = listApis(repoRoot).find((candidate) => candidate.id === api);
  if (!entry) {
    const known = listApis(repoRoot).map((candidate) => candidate.id).join(', ');
    throw new SpecError('specs/manifest.json', `unknown API "${api}" (known: ${known})`);
  }
  return entry;
}

/**
 * The revisions of an API, oldest first. They are discovered from the file names in the API's
 * folder, so adding a revision is adding a file: nothing else names a date.
 */
export function listRevisions(api: string, repoRoot = findRepoRoot()): Revision[] {
  const entry = getApi(api, repoRoot);
  const dir = path.join(repoRoot, 'specs', entry.dir);
  return readdirSync(dir)
    .map((name) => REVISION_FILE.exec(name))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => ({
      api,
      date: match[1]!,
      file: path.join(dir, match[0]),
      repoPath: path.posix.join('specs', entry.dir.replace(/\\/g, '/'), match[0]),
    }))
    .sort((a, b) => a.date.localeCompare(b.date));
}

/** The newest revision of an API. */
export function currentRevision(api: string, repoRoot = findRepoRoot()): Revision {
  const revisions = listRevisions(api, repoRoot);
  const newest = revisions[revisions.length - 1];
  if (!newest) throw new SpecError(path.join('specs', getApi(api, repoRoot).dir), 'holds no dated revision');
  return newest;
}

/** A revision by date, or the current one for `current`/`latest`. */
export function getRevision(api: string, date: string, repoRoot = findRepoRoot()): Revision {
  if (date === 'current' || date === 'latest') return currentRevision(api, repoRoot);
  const found = listRevisions(api, repoRoot).find((revision) => revision.date === date);
  if (!found) {
    const known = listRevisions(api, repoRoot).map((revision) => revision.date).join(', ');
    throw new SpecError(path.join('specs', getApi(api, repoRoot).dir), `no revision ${date} (have: ${known})`);
  }
  return found;
}

/** Loads a revision through the one loader. */
export function loadRevision(api: string, date = 'current', options: LoadOptions & { repoRoot?: string } = {}): LoadedSpec {
  const revision = getRevision(api, date, options.repoRoot ?? findRepoRoot());
  return loadSpec(revision.file, options);
}
