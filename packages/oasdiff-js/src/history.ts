/**
 * A changelog for every consecutive pair of revisions of one spec, each revision loaded once (a
 * revision is the new side of one comparison and the old side of the next). Revisions come from a
 * folder of dated files or from the git history of one file.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { checkRevision, SpecError, startStringGeneration } from '@astro-api/spec-loader';
import { diffSpecs, type DiffOptions } from './api.js';
import { loadSide, type Side } from './load/side.js';
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
 * revision is loaded once and serves two comparisons.
 */
export function history(input: HistoryInput, options: HistoryOptions = {}): HistoryEntry[] {
  const cwd = options.cwd ?? process.cwd();
  const revisions = 'folder' in input ? folderRevisions(input.folder, cwd) : 'git' in input ? gitRevisions(input.git, input.since, cwd) : input.revisions;
  const entries: HistoryEntry[] = [];
  let previous: { revision: HistoryRevision; side: Side } | undefined;
  for (const revision of revisions) {
    // Each revision is compared with the one before only: the loader may forget the strings of older ones.
    startStringGeneration();
    const side = loadSide(revision.source, options);
    // Sunset dates are read as of the revision's own day unless a day is given: each entry stays what it
    // was when that revision was published, and a history run twice gives the same output.
    const asOf = options.today ?? (/^\d{4}-\d{2}-\d{2}$/.test(revision.date) ? revision.date : undefined);
    const entry: HistoryEntry = previous ? { revision, previous: previous.revision, result: diffSpecs(previous.side, side, asOf === undefined ? options : { ...options, today: asOf }) } : { revision };
    if (!revision.baseline) {
      entries.push(entry);
      options.onEntry?.(entry);
    }
    previous = { revision, side };
  }
  return entries.reverse();
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
