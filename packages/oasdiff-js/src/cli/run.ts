import { isSpecError } from '@astro-api/spec-loader';
import { diffSpecs, type DiffOptions } from '../api.js';
import { checkToday } from '../diff/lifecycle.js';
import { history, renderHistoryJson, renderHistoryMarkdown } from '../history.js';
import { applyIgnoreFile, readIgnoreFile, type IgnoreFile } from '../ignore.js';
import { comparePair, viewOfSides, type PairView } from '../load/pair-cache.js';
import { loadSide } from '../load/side.js';
import { renderGithub } from '../render/github.js';
import { renderHtml } from '../render/html.js';
import { OutputPastBound, renderJson } from '../render/json.js';
import { renderJunit } from '../render/junit.js';
import { renderEntry } from '../render/changelog/entry.js';
import { publishMarkdown, sanitizeResult } from '../render/escape.js';
import { renderMarkdown } from '../render/markdown.js';
import { renderPrComment } from '../render/pr-comment.js';
import { renderSarif } from '../render/sarif.js';
import { renderText } from '../render/text.js';
import type { DiffResult } from '../result.js';
import { semverLib, semverVerdict } from '../semver.js';
import { PACKAGE_VERSION } from '../meta/version.js';
import { parseCliArgs, usage, UsageError, type CliArgs } from './args.js';
import { applySeverityLevels, readSeverityLevels } from '../severity.js';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
  /** YYYY-MM-DD, for ignore-file expiry; defaults to today (UTC). */
  today?: string;
}

/**
 * The CLI as a function, so tests can run it with injected argv and output. Returns the exit code:
 * 0 fine, 1 when --fail-on trips (or semver disagrees), 2 on a user error (one line, no stack trace).
 * Output is built whole before anything is written, so an error never leaves half a report.
 */
export function runCli(argv: string[], io: CliIo): number {
  try {
    const args = parseCliArgs(argv, io.cwd);
    if (!args) {
      io.stdout(usage);
      return 0;
    }
    if (args === 'version') {
      io.stdout(`${PACKAGE_VERSION}\n`);
      return 0;
    }
    if (args.command === 'history') return runHistory(args, io);
    // The severity-levels file is read (and checked) before any spec is loaded.
    const severityLevels = args.severityLevels !== undefined ? readSeverityLevels(args.severityLevels, io.cwd) : undefined;
    const loading = { cwd: io.cwd, basePath: args.basePath, allowExternalRefs: args.allowExternalRefs, ...loadOptions(args) };
    let view: PairView;
    let ignoreFile: IgnoreFile | undefined;
    let result: DiffResult;
    if (args.cacheDir === undefined) {
      const base = loadSide(args.base, loading);
      const revision = loadSide(args.revision, { ...loading, shareWith: base });
      // The ignore file is read (and checked) before the comparison's output is built.
      ignoreFile = args.ignore !== undefined ? readIgnoreFile(args.ignore, io.cwd) : undefined;
      result = diffSpecs(base, revision, { renames: args.renames, ...lifecycleOptions(args, io) });
      view = viewOfSides(base, revision);
    } else {
      // A stored pair result (load/pair-cache.ts): on a hit nothing is parsed or diffed, and renderers
      // read what they need of the sides (file table, success schemas, side-filter verdicts) from the entry.
      const { matchTag, excludeExtension } = args.filters;
      const sideFilters = matchTag !== undefined || excludeExtension !== undefined ? { ...(matchTag !== undefined ? { matchTag } : {}), ...(excludeExtension !== undefined ? { excludeExtension } : {}) } : undefined;
      const options = { ...loading, renames: args.renames, ...lifecycleOptions(args, io) };
      const outcome = comparePair({ base: args.base, revision: args.revision, options, ...(sideFilters ? { sideFilters } : {}) }, (b, r, o) => diffSpecs(b, r, o));
      ignoreFile = args.ignore !== undefined ? readIgnoreFile(args.ignore, io.cwd) : undefined;
      result = outcome.result;
      view = outcome;
    }
    // The one place levels change after classification: everything below (breaking, ignore, filters, --fail-on) reads the new levels.
    if (severityLevels) result = applySeverityLevels(result, severityLevels);
    if (args.command === 'breaking') result = { ...result, changes: result.changes.filter((c) => c.level !== 'info') };
    const warnings: string[] = [];
    if (ignoreFile) {
      const outcome = applyIgnoreFile(result, ignoreFile, io.today);
      result = outcome.result;
      for (const entry of outcome.stale) warnings.push(`${ignoreFile.file}#${entry.pointer}: matches no change (stale); remove it`);
    }
    result = view.filter(result, args.filters);

    if (args.command === 'semver') return runSemver(args, result, io, warnings);

    const places = ['github', 'sarif', 'html'].includes(args.format) ? view.places(io.cwd, args.maxFileBytes) : undefined;
    const options: { title?: string; date?: string } = {};
    if (args.title !== undefined) options.title = args.title;
    if (args.date !== undefined) options.date = args.date;
    const text = output(args, () => {
      switch (args.format) {
        case 'json':
          return renderJson(result, args.maxOutputBytes);
        case 'markdown':
          return renderMarkdown(result, options) + ignoredMarkdown(result);
        case 'changelog':
          // The house-style entry, the same renderer as docs/changelog (heading: --title, else --date).
          return renderEntry(result, { title: args.title ?? args.date ?? 'Changelog', returns: view.returns() }) + ignoredMarkdown(result);
        case 'github':
          return renderGithub(result, places);
        case 'junit':
          return renderJunit(result);
        case 'sarif':
          return renderSarif(result, places);
        case 'html':
          return renderHtml(result, places, { ...(args.title !== undefined ? { title: args.title } : {}), ...(args.linkBase !== undefined ? { linkBase: args.linkBase } : {}) });
        case 'pr-comment':
          return renderPrComment(result, args.reportUrl !== undefined ? { reportUrl: args.reportUrl } : {});
        default:
          return renderText(result);
      }
    });
    io.stdout(text);
    for (const note of result.notes) io.stderr(`oasdiff-js: note: ${note}\n`);
    for (const warning of warnings) io.stderr(`oasdiff-js: warning: ${warning}\n`);
    const trips = args.failOn === 'breaking' ? result.changes.some((c) => c.level === 'breaking') : args.failOn === 'warning' ? result.changes.some((c) => c.level !== 'info') : false;
    return trips ? 1 : 0;
  } catch (error) {
    if (isSpecError(error) || error instanceof UsageError) {
      // A spec past the size limit (Microsoft Graph's is 20 MB) is not a mistake: say how to read it.
      const hint = isSpecError(error) && error.limit === 'maxFileBytes' ? ' (raise the limit with --max-file-bytes N)' : '';
      io.stderr(`oasdiff-js: ${error.message}${hint}\n`);
      return 2;
    }
    throw error;
  }
}

/**
 * The output `make` builds, or a user error, before anything is written: when it is larger than
 * `--max-output-bytes`, as soon as a renderer given the bound sees it (JSON), or once built; and when
 * it is more than one JavaScript string holds (about 512 MB in Node 20, a RangeError from
 * `JSON.stringify` or a join), which would otherwise end the run as a crash.
 */
function output(args: CliArgs, make: () => string): string {
  let text: string;
  try {
    text = make();
  } catch (error) {
    if (error instanceof OutputPastBound || (error instanceof RangeError && /invalid string length/i.test(error.message))) {
      const what = error instanceof RangeError ? 'more than a JavaScript string holds (about 512 MB)' : `more than --max-output-bytes ${args.maxOutputBytes}`;
      throw new UsageError(`the output would be ${what}; narrow it with --level or --match-path${error instanceof RangeError ? '' : ', or raise the limit'}`);
    }
    throw error;
  }
  return bounded(text, args);
}

/** The output, or a user error when it is larger than `--max-output-bytes` (checked before anything is written). */
function bounded(text: string, args: CliArgs): string {
  // UTF-8 takes at most 3 bytes per UTF-16 code unit: a text that short is within the bound without
  // counting (counting a history's 8 MB of JSON took 18 ms).
  if (text.length * 3 <= args.maxOutputBytes) return text;
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > args.maxOutputBytes) {
    throw new UsageError(`the output would be ${bytes} bytes, more than --max-output-bytes ${args.maxOutputBytes}; narrow it with --level or --match-path, or raise the limit`);
  }
  return text;
}

/** Ignored changes in a Markdown changelog: their own section, after everything else (sanitised like the rest). */
function ignoredMarkdown(input: DiffResult): string {
  const ignored = sanitizeResult(input).ignored ?? [];
  if (ignored.length === 0) return '';
  return publishMarkdown(`\n## Ignored\n\n${ignored.map((c) => `- ${c.text} (\`${c.id}\`, accepted: ${c.ignore.reason})`).join('\n')}\n`);
}

function runSemver(args: CliArgs, result: DiffResult, io: CliIo, warnings: string[]): number {
  const semver = semverLib(); // loaded here, not at start-up (perf)
  if (args.current !== undefined && !semver.valid(args.current)) throw new UsageError(`--current must be a semantic version like 1.4.2 (got "${args.current}")`);
  let declared = args.declared;
  if (declared === 'major' || declared === 'minor' || declared === 'patch') declared = semver.inc(args.current!, declared)!;
  else if (declared !== undefined && !semver.valid(declared)) throw new UsageError(`--declared must be major, minor, patch or a version (got "${declared}")`);
  // Without --declared, the new spec's own info.version is the declared version (when it is a semantic version).
  if (declared === undefined && args.current !== undefined && result.revision.version && semver.valid(result.revision.version)) declared = result.revision.version;
  const verdict = semverVerdict(result, args.current, declared);
  if (args.format === 'json') io.stdout(JSON.stringify(verdict, null, 2) + '\n');
  else {
    const lines = [`bump: ${verdict.bump}${verdict.because.length ? ` (because of ${verdict.because.join(', ')})` : ''}`];
    if (verdict.next) lines.push(`next: ${verdict.next}`);
    if (verdict.declared) lines.push(`declared: ${verdict.declared.version} (${verdict.declared.bump})${verdict.agrees ? '' : ` is too small: the changes call for ${verdict.bump}, ${verdict.next}`}`);
    io.stdout(lines.join('\n') + '\n');
  }
  for (const warning of warnings) io.stderr(`oasdiff-js: warning: ${warning}\n`);
  return verdict.agrees ? 0 : 1;
}

/** lifecycle: --today (else the run's today, as for ignore-file expiry) and the deprecation periods. */
function lifecycleOptions(args: CliArgs, io: CliIo): Pick<DiffOptions, 'today' | 'deprecationDaysBeta' | 'deprecationDaysStable'> {
  const today = args.lifecycle.today ?? io.today;
  if (today !== undefined) {
    try {
      checkToday(today);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
  }
  return { ...args.lifecycle, ...(today !== undefined ? { today } : {}) };
}

/** --max-file-bytes and the cache folder, as the loader takes them (both loadSide calls and history). */
function loadOptions(args: CliArgs): { limits?: { maxFileBytes: number }; cacheDir: string | undefined } {
  return { ...(args.maxFileBytes !== undefined ? { limits: { maxFileBytes: args.maxFileBytes } } : {}), cacheDir: args.cacheDir };
}

function runHistory(args: CliArgs, io: CliIo): number {
  const input = args.git ? { git: args.target!, ...(args.since !== undefined ? { since: args.since } : {}) } : { folder: args.target! };
  if (Object.keys(args.filters).length > 0) throw new UsageError('filters apply to diff, breaking, changelog and semver, not to history');
  if (args.severityLevels !== undefined) throw new UsageError('--severity-levels applies to diff, breaking, changelog and semver, not to history');
  const entries = history(input, { cwd: io.cwd, basePath: args.basePath, renames: args.renames, allowExternalRefs: args.allowExternalRefs, ...loadOptions(args), ...lifecycleOptions(args, io) });
  io.stdout(output(args, () => (args.format === 'json' ? renderHistoryJson(entries) : renderHistoryMarkdown(entries, args.title))));
  return 0;
}
