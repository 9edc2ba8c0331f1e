/**
 * A changelog for every consecutive pair of revisions of one spec, each revision loaded once (a
 * revision is the new side of one comparison and the old side of the next). Revisions come from a
 * folder of dated files or from the git history of one file.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { checkRevision, DEFAULT_LIMITS, displayName, parseSourceArgument, readSource, SpecError, startStringGeneration } from '@astro-api/spec-loader';
import { diffSpecs, type DiffOptions } from './api.js';
import { cacheFor, sha256, type SpecCache } from './load/cache.js';
import { loadSide, type Side } from './load/side.js';
import { schemaVersion, type DiffResult } from './result.js';
import { cleanText, guardCommandLines } from './render/escape.js';
import { renderMarkdown } from './render/markdown.js';

export interface HistoryRevision {
  /** The date in the file name (folder) or the commit date (git), YYYY-MM-DD. */
  date: string;
  /** What was loaded: a path, or `COMMIT:path`. */
  source: string;
  /** A name for headings: the file name, or the short commit and its subject. */
  label: string;
  commit?: string;
  subject?: string;
  /** Loaded only as the old side of the first comparison (`--since`); it gets no entry of its own. */
  baseline?: boolean;
}

export interface HistoryEntry {
  revision: HistoryRevision;
  /** Undefined for the oldest revision, which has nothing to compare with. */
  previous?: HistoryRevision;
  /** The comparison with the previous revision (absent for the oldest). */
  result?: DiffResult;
}

export type HistoryInput =
  | { folder: string }
  | { git: string; since?: string }
  | { revisions: HistoryRevision[] };

export interface HistoryOptions extends DiffOptions {
  /** Called after each comparison (progress, streaming output). */
  onEntry?: (entry: HistoryEntry) => void;
}

const SPEC_FILE = /\.(ya?ml|json)$/i;
const DATE = /(\d{4}-\d{2}-\d{2})/;

/** The dated spec files of a folder, oldest first (by the date in the name, then the name). */
export function folderRevisions(folder: string, cwd = process.cwd()): HistoryRevision[] {
  const dir = path.resolve(cwd, folder);
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new SpecError(folder, 'is not a folder');
    names = readdirSync(dir);
  } catch (error) {
    if (error instanceof SpecError) throw error;
    throw new SpecError(folder, 'no such folder');
  }
  const revisions = names
    .filter((n) => SPEC_FILE.test(n) && DATE.test(n))
    .map((n) => ({ date: DATE.exec(n)![1]!, source: path.relative(cwd, path.join(dir, n)) || n, label: n.replace(SPEC_FILE, '') }))
    .sort((a, b) => a.date.localeCompare(b.date) || a.label.localeCompare(b.label, 'en', { numeric: true }));
  if (revisions.length === 0) throw new SpecError(folder, 'holds no dated spec files (YYYY-MM-DD in the name, .yaml/.yml/.json)');
  return revisions;
}

function git(args: string[], cwd: string): string {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 28 });
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? '').trim().split('\n')[0];
    throw new SpecError(args[args.length - 1]!, `git ${args[0]} failed: ${stderr || (error as Error).message}`);
  }
}

/**
 * The commits that changed `file` (following renames), oldest first. With `since`, the file as it was
 * at `since` comes first, marked `baseline`: it is the old side of the first comparison, not an entry.
 */
export function gitRevisions(file: string, since?: string, cwd = process.cwd()): HistoryRevision[] {
  const dir = path.dirname(path.resolve(cwd, file));
  const root = git(['rev-parse', '--show-toplevel'], dir).trim();
  // `since` is data, never an option: checked, and passed after --end-of-options (see the loader's checkRevision).
  if (since !== undefined) checkRevision(since, '--since');
  const range = since ? [`${since}..HEAD`] : [];
  const target = path.resolve(cwd, file);
  const format = ['--follow', '--format=%x00%H%x09%cs%x09%s', '--name-only'];
  const log = git(['log', ...format, '--end-of-options', ...range, '--', target], dir)
    + (since ? git(['log', '-1', ...format, '--end-of-options', since, '--', target], dir) : '');
  const revisions: HistoryRevision[] = [];
  for (const record of log.split('\u0000').filter((r) => r.trim())) {
    const [header, ...names] = record.split('\n').filter((l) => l !== '');
    const [commit, date, ...subject] = header!.split('\t');
    const repoPath = names[names.length - 1];
    if (!commit || !date || !repoPath) continue;
    const relative = path.relative(cwd, path.join(root, repoPath)).split(path.sep).join('/');
    revisions.push({ date, commit, subject: subject.join('\t'), source: `${commit}:${relative.startsWith('.') ? relative : `./${relative}`}`, label: `${commit.slice(0, 7)} ${subject.join('\t')}`.trim() });
  }
  if (revisions.length === 0 || (since && revisions.length === 1)) throw new SpecError(file, since ? `no commits change it after ${since}` : 'has no git history');
  if (since) revisions[revisions.length - 1]!.baseline = true;
  return revisions.reverse();
}

/**
 * Compares every consecutive pair of revisions; returns one entry per revision, newest first. Each
 * revision is loaded once and serves two comparisons.
 */
export function history(input: HistoryInput, options: HistoryOptions = {}): HistoryEntry[] {
  const cwd = options.cwd ?? process.cwd();
  const revisions = 'folder' in input ? folderRevisions(input.folder, cwd) : 'git' in input ? gitRevisions(input.git, input.since, cwd) : input.revisions;
  const cache = options.cacheDir === undefined ? undefined : cacheFor(options.cacheDir);
  const settings = cache ? optionsKey(options, cwd) : undefined;
  const entries: HistoryEntry[] = [];
  let previous: Loaded | undefined;
  for (const revision of revisions) {
    // Each revision is compared with the one before only: the loader may forget the strings of older ones.
    startStringGeneration();
    const current: Loaded = { revision, digest: settings === undefined ? undefined : textDigest(revision.source, cwd, options) };
    // Without a cache every revision is loaded; with one, only those a comparison needs (a miss).
    if (settings === undefined || revisions.length === 1) current.side = loadSide(revision.source, options);
    // Sunset dates are read as of the revision's own day unless a day is given: each entry stays what it
    // was when that revision was published, and a history run twice gives the same output.
    const asOf = options.today ?? (/^\d{4}-\d{2}-\d{2}$/.test(revision.date) ? revision.date : undefined);
    const entry: HistoryEntry = previous ? { revision, previous: previous.revision, result: compare(previous, current, asOf === undefined ? options : { ...options, today: asOf }, cache, settings) } : { revision };
    if (!revision.baseline) {
      entries.push(entry);
      options.onEntry?.(entry);
    }
    previous = current;
  }
  return entries.reverse();
}

interface Loaded {
  revision: HistoryRevision;
  /** SHA-256 of the revision's text (with a cache), undefined when it could not be read here. */
  digest?: string | undefined;
  side?: Side;
}

/**
 * One comparison. With a cache, a comparison of two one-file revisions is stored whole, keyed by both
 * texts, where they were read from, the options and the engine (see load/cache.ts): a one-file text
 * stays one file (its references are in it), so the key covers everything the result depends on.
 */
function compare(before: Loaded, after: Loaded, options: HistoryOptions, cache: SpecCache | undefined, settings: string | undefined): DiffResult {
  const key = cache && settings !== undefined && before.digest !== undefined && after.digest !== undefined
    ? cache.key('result', settings, options.today ?? '', before.revision.source, before.digest, after.revision.source, after.digest)
    : undefined;
  if (cache && key !== undefined) {
    const hit = cache.read('result', key);
    if (hit && isResult(hit.value)) return hit.value;
  }
  before.side ??= loadSide(before.revision.source, options);
  after.side ??= loadSide(after.revision.source, options);
  const result = diffSpecs(before.side, after.side, options);
  if (cache && key !== undefined && oneFile(before.side) && oneFile(after.side)) cache.write('result', key, result);
  return result;
}

const oneFile = (side: Side) => side.parts.length === 1 && side.parts[0]!.spec.files.size === 1;

/** The shape every renderer relies on; anything else in the cache is foreign and recomputed. */
function isResult(value: unknown): value is DiffResult {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const record = value as Record<string, unknown>;
  return Object.hasOwn(record, 'schemaVersion') && record.schemaVersion === schemaVersion && Array.isArray(record.changes) && Array.isArray(record.notes)
    && record.changes.every((c) => c !== null && typeof c === 'object' && !Array.isArray(c))
    && ['base', 'revision'].every((k) => Object.hasOwn(record, k) && record[k] !== null && typeof record[k] === 'object');
}

/**
 * The digest of a one-file revision's bytes (a file's as stored, a git revision's text), or undefined:
 * a list of files, or it cannot be read here (loading then reports why).
 */
function textDigest(input: string, cwd: string, options: HistoryOptions): string | undefined {
  if (input.includes(',')) return undefined;
  const maxBytes = options.limits?.maxFileBytes ?? DEFAULT_LIMITS.maxFileBytes;
  try {
    const source = parseSourceArgument(input, cwd);
    if (source.kind === 'fs') {
      // Bytes, not text: decoding 2 MB of UTF-8 costs more than hashing it.
      const stat = statSync(source.file);
      return stat.isFile() && stat.size <= maxBytes ? sha256(readFileSync(source.file)) : undefined;
    }
    return sha256(readSource(source, displayName(source, cwd), maxBytes));
  } catch {
    return undefined;
  }
}

/** Every option that can change a result, as text; undefined when one is not plain data (then nothing is cached). */
function optionsKey(options: HistoryOptions, cwd: string): string | undefined {
  let plain = true;
  const { onEntry: _onEntry, cacheDir: _cacheDir, cwd: _cwd, ...rest } = options;
  const text = JSON.stringify({ cwd: path.resolve(cwd), limits: { ...DEFAULT_LIMITS, ...options.limits }, options: rest }, (_key, value: unknown) => {
    if (typeof value === 'function' || typeof value === 'bigint' || typeof value === 'symbol') plain = false;
    return value;
  });
  return plain ? text : undefined;
}

/** One Markdown document: an entry per revision, newest first, each a changelog one heading level down. */
export function renderHistoryMarkdown(entries: HistoryEntry[], title = 'Changelog'): string {
  const out = [`# ${cleanText(title)}`, ''];
  for (const entry of entries) {
    if (!entry.result) {
      out.push(`## ${cleanText(entry.revision.label)}`, '', ...(entry.revision.label === entry.revision.date ? [] : [entry.revision.date, '']), 'The first revision: nothing to compare it with.', '');
      continue;
    }
    // A folder's revisions are named by their date: the heading says it already, so no date line under it.
    const body = renderMarkdown(entry.result, { title: entry.revision.label, ...(entry.revision.label === entry.revision.date ? {} : { date: entry.revision.date }) });
    out.push(body.replace(/^(#+) /gm, '#$1 ').trimEnd(), '');
  }
  return guardCommandLines(out.join('\n'));
}

/** The JSON form: an array of entries, newest first. */
export function renderHistoryJson(entries: HistoryEntry[]): string {
  return JSON.stringify({ schemaVersion: '1.0', entries }, null, 2) + '\n';
}
