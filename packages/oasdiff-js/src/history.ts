/**
 * A changelog for every consecutive pair of revisions of one spec, each revision loaded once (a
 * revision is the new side of one comparison and the old side of the next). Revisions come from a
 * folder of dated files or from the git history of one file.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { checkRevision, SpecError, startStringGeneration } from '@astro-api/spec-loader';
import { diffSpecs, type DiffOptions } from './api.js';
import { comparePair, loadRecorded, type RecordedSide } from './load/pair-cache.js';
import { loadSide } from './load/side.js';
import type { DiffResult } from './result.js';
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
 * revision is loaded once and serves two comparisons. With `cacheDir`, each comparison is a stored
 * pair result (load/pair-cache.ts): a warm run loads only the revisions of comparisons that missed.
 */
export function history(input: HistoryInput, options: HistoryOptions = {}): HistoryEntry[] {
  const cwd = options.cwd ?? process.cwd();
  const revisions = 'folder' in input ? folderRevisions(input.folder, cwd) : 'git' in input ? gitRevisions(input.git, input.since, cwd) : input.revisions;
  const cached = options.cacheDir !== undefined;
  /** Digests of the revisions' files, taken once per run. */
  const memo = new Map<string, string>();
  const entries: HistoryEntry[] = [];
  let previous: Loaded | undefined;
  for (const revision of revisions) {
    // Each revision is compared with the one before only: the loader may forget the strings of older ones.
    startStringGeneration();
    const current: Loaded = { revision };
    // Without a cache every revision is loaded; with one, only those a comparison needs (a miss).
    // Parsed against the revision before (see `LoadSideOptions.shareWith`) when that one is loaded.
    if (!cached || revisions.length === 1) current.loaded = load(revision, previous?.loaded ? { ...options, shareWith: previous.loaded.side } : options, cached);
    // Sunset dates are read as of the revision's own day unless a day is given: each entry stays what it
    // was when that revision was published, and a history run twice gives the same output.
    const asOf = options.today ?? (/^\d{4}-\d{2}-\d{2}$/.test(revision.date) ? revision.date : undefined);
    const entry: HistoryEntry = previous ? { revision, previous: previous.revision, result: compare(previous, current, asOf === undefined ? options : { ...options, today: asOf }, memo) } : { revision };
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
  loaded?: RecordedSide;
}

function load(revision: HistoryRevision, options: HistoryOptions, cached: boolean): RecordedSide {
  return cached ? loadRecorded(revision.source, options) : { side: loadSide(revision.source, options), digests: undefined };
}

/** One comparison: a stored pair result when there is a cache, each side loaded at most once either way. */
function compare(before: Loaded, after: Loaded, options: HistoryOptions, memo: Map<string, string>): DiffResult {
  const { onEntry: _onEntry, ...rest } = options;
  if (rest.cacheDir === undefined) {
    before.loaded ??= load(before.revision, rest, false);
    after.loaded ??= load(after.revision, { ...rest, shareWith: before.loaded.side }, false);
    return diffSpecs(before.loaded.side, after.loaded.side, rest);
  }
  return comparePair({ base: before.revision.source, revision: after.revision.source, options: rest }, (b, r, o) => diffSpecs(b, r, o), {
    loadBase: () => (before.loaded ??= load(before.revision, rest, true)),
    loadRevision: () => (after.loaded ??= load(after.revision, before.loaded ? { ...rest, shareWith: before.loaded.side } : rest, true)),
    memo,
  }).result;
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
