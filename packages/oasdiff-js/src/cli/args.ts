import path from 'node:path';
import { parseArgs } from 'node:util';
import type { BasePathMode } from '../load/base-path.js';
import type { RenameHint } from '../diff/schema.js';
import { isSafeUrl } from '../render/escape.js';

export type Command = 'changelog' | 'diff' | 'breaking' | 'semver' | 'history';
export const formats = ['changelog', 'markdown', 'json', 'text', 'github', 'junit', 'sarif', 'html', 'pr-comment'] as const;
export type Format = (typeof formats)[number];
const levels = ['info', 'warning', 'breaking'] as const;

export interface CliArgs {
  command: Command;
  base: string[];
  revision: string[];
  format: Format;
  failOn?: 'breaking' | 'warning';
  basePath: BasePathMode;
  title?: string;
  date?: string;
  renames: RenameHint[];
  allowExternalRefs: string[];
  /** Largest output written, in bytes (UTF-8); past it the run ends with exit 2 and writes nothing. */
  maxOutputBytes: number;
  /** Largest spec file read, in bytes (the loader's `limits.maxFileBytes`); unset: the loader's default. */
  maxFileBytes?: number;
  /** Opt-in cache folder (`--cache`, `--cache-location DIR`): parsed files and stored comparisons; unset: no cache. */
  cacheDir?: string;
  /** oasdiff's `--severity-levels` file: `rule-id level` per line, applied after classification. */
  severityLevels?: string;
  ignore?: string;
  filters: { matchPath?: RegExp; excludePath?: RegExp; matchTag?: string; excludeExtension?: string; level?: (typeof levels)[number] };
  reportUrl?: string;
  linkBase?: string;
  /** semver */
  current?: string;
  declared?: string;
  /** history: the folder or file, and whether to read git history */
  target?: string;
  git?: boolean;
  since?: string;
  /** lifecycle: the date sunset dates are measured from, and the deprecation periods (see the README). */
  lifecycle: { today?: string; deprecationDaysBeta?: number; deprecationDaysStable?: number };
}

/** A mistake on the command line; printed on one line, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const usage = `Usage: oasdiff-js <changelog|diff|breaking|semver> OLD NEW [options]
       oasdiff-js history FOLDER | history FILE --git [--since REV] [--format markdown|json]

Compares two OpenAPI 3.0/3.1 specs. OLD and NEW are files or git revisions (REV:path);
join several files with commas (or repeat --base/--revision) to compose one side.

Commands:
  changelog   every change, as a house-style Markdown changelog entry (default format: changelog)
  diff        every change, one per line (default format: text)
  breaking    breaking changes and warnings only (default format: text)
  semver      the version bump the changes call for and the next version
  history     a changelog for every consecutive pair of revisions (a folder of dated files, or git)

Options:
  --format FORMAT               changelog (house-style entry, as docs/changelog), markdown (plain
                                changelog), json, text, github (workflow annotations), junit, sarif,
                                html (self-contained report) or pr-comment (Markdown under 65,536 chars)
  --ignore FILE                 YAML list of accepted changes (id + location, or fingerprint; reason; expires)
  --match-path RE, --exclude-path RE   keep / drop changes by path (regex)
  --match-tag TAG               keep changes of operations with this tag
  --exclude-extension NAME      drop operations, schemas and nodes flagged NAME: true (e.g. x-internal)
  --level info|warning|breaking show changes of this level or higher
  --report-url URL              pr-comment: where the full report is ("N more in the full report");
                                http:, https: or a relative URL
  --link-base URL               html: prefix of links to spec files (e.g. a repository blob URL);
                                http:, https: or a relative URL
  --current VERSION             semver: the released version; --declared VERSION|major|minor|patch the
                                bump you intend (default: the new spec's info.version); exit 1 if too small
  --git, --since REV            history: read the git history of FILE (after REV)
  --fail-on breaking|warning    exit 1 when a change of that level (or higher) is found
  --base FILE, --revision FILE  add a file to a side (repeatable; instead of OLD / NEW)
  --prefix-base                 prefix each path with its server's base path
  --strip-prefix-base           strip the server's base path from paths that start with it
  --rename [Schema.]from=to     declare a rename (repeatable)
  --title TEXT, --date TEXT     heading and date of a Markdown changelog (changelog: the heading is
                                --title, else --date)
  --deprecation-days-beta N     days a deprecated beta operation (or its parameter or property) must
                                keep before its x-sunset date (default 0, as oasdiff)
  --deprecation-days-stable N   the same for stable operations and those without x-stability-level (default 0)
  --today YYYY-MM-DD            the day x-sunset dates are measured from (default: today, UTC); fix it
                                for reproducible runs
  --allow-external-refs DIR     let file $refs read from DIR too (repeatable); by default a $ref
                                may only reach regular files in the spec's own folder
  --max-output-bytes N          refuse (exit 2, nothing written) output larger than N bytes
                                (default 67108864, 64 MiB)
  --max-file-bytes N            read spec files up to N bytes (default: the loader's limit)
  --severity-levels FILE        oasdiff's file: "rule-id level" per line (ERR, WARN, INFO, NONE)
  --cache                       keep a cache in node_modules/.cache/oasdiff-js (opt-in): parsed large
                                files and whole comparisons, reused while no file either side
                                loaded changed
  --cache-location DIR          the cache folder (implies --cache)
  -h, --help                    show this help
  -V, --version                 print oasdiff-js's version

Examples:
  oasdiff-js changelog specs/v1beta1/iam/2025-09-17.yaml specs/v1beta1/iam/2026-04-02.yaml --date "April 2, 2026"
  oasdiff-js breaking main:specs/v1/2026-04-02.yaml specs/v1/2026-07-16.yaml --fail-on breaking
  oasdiff-js diff old/iam.yaml,old/platform.yaml new/iam.yaml,new/platform.yaml --prefix-base --format json
  oasdiff-js diff a.yaml b.yaml --rename ApiToken.type=kind
  oasdiff-js breaking main:openapi.yaml openapi.yaml --format github --ignore .oasdiff-ignore.yaml --fail-on breaking
  oasdiff-js semver main:openapi.yaml openapi.yaml --current 1.4.2
  oasdiff-js history openapi.yaml --git --since v1.0.0 --format json
`;

function regex(option: string, text: string | undefined): RegExp | undefined {
  if (text === undefined) return undefined;
  try {
    return new RegExp(text);
  } catch (error) {
    throw new UsageError(`${option}: ${(error as Error).message}`);
  }
}

function parseRename(text: string): RenameHint {
  const match = /^(?:([^.=]+)\.)?([^.=]+)=([^.=]+)$/.exec(text);
  if (!match) throw new UsageError(`--rename expects [Schema.]from=to, got "${text}"`);
  return match[1] ? { schema: match[1], from: match[2]!, to: match[3]! } : { from: match[2]!, to: match[3]! };
}

/** A URL the output will link to: http:, https: or relative, and nothing a terminal or a runner acts on. */
function checkUrl(option: string, url: string): string {
  // eslint-disable-next-line no-control-regex
  if (!isSafeUrl(url) || /[\u0000-\u001F\u007F-\u009F\s]/.test(url) || /^mailto:/i.test(url)) {
    throw new UsageError(`${option} must be an http:, https: or relative URL (got ${JSON.stringify(url)})`);
  }
  return url;
}

/** Default bound on what one run writes: far above any real report (the Cloudflare bench pair's JSON is about 2 MB). */
export const DEFAULT_MAX_OUTPUT_BYTES = 64 * 1024 * 1024;

function maxOutputBytes(text: string | undefined): number {
  if (text === undefined) return DEFAULT_MAX_OUTPUT_BYTES;
  return byteCount('--max-output-bytes', text);
}

function byteCount(option: string, text: string): number {
  if (!/^[1-9][0-9]{0,15}$/.test(text) || !Number.isSafeInteger(Number(text))) throw new UsageError(`${option} expects a positive whole number of bytes (got "${text}")`);
  return Number(text);
}

/** Where the cache lives by default, under the directory the CLI runs in. */
export const DEFAULT_CACHE_LOCATION = 'node_modules/.cache/oasdiff-js';

/** --max-file-bytes, --cache / --cache-location (the latter implies the former) and --severity-levels, shared by every command. */
function loadArgs(values: { 'max-file-bytes'?: string; cache?: boolean; 'cache-location'?: string; 'severity-levels'?: string }, cwd: string): Pick<CliArgs, 'maxFileBytes' | 'cacheDir' | 'severityLevels'> {
  const out: Pick<CliArgs, 'maxFileBytes' | 'cacheDir' | 'severityLevels'> = {};
  if (values['max-file-bytes'] !== undefined) out.maxFileBytes = byteCount('--max-file-bytes', values['max-file-bytes']);
  const location = values['cache-location'];
  if (location !== undefined && location.trim() === '') throw new UsageError('--cache-location expects a directory');
  if (values.cache === true || location !== undefined) out.cacheDir = path.resolve(cwd, location ?? DEFAULT_CACHE_LOCATION);
  if (values['severity-levels'] !== undefined) out.severityLevels = values['severity-levels'];
  return out;
}

/** lifecycle: --today and the --deprecation-days-* periods, checked. */
function lifecycleArgs(today: string | undefined, beta: string | undefined, stable: string | undefined): CliArgs['lifecycle'] {
  const out: CliArgs['lifecycle'] = {};
  if (today !== undefined) {
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(today);
    const valid = match !== null && new Date(`${today}T00:00:00Z`).toISOString().slice(0, 10) === today;
    if (!valid) throw new UsageError(`--today expects a date YYYY-MM-DD (got "${today}")`);
    out.today = today;
  }
  for (const [option, text, key] of [['--deprecation-days-beta', beta, 'deprecationDaysBeta'], ['--deprecation-days-stable', stable, 'deprecationDaysStable']] as const) {
    if (text === undefined) continue;
    if (!/^[0-9]{1,6}$/.test(text)) throw new UsageError(`${option} expects a whole number of days (got "${text}")`);
    out[key] = Number(text);
  }
  return out;
}

/** Parses argv (without node and script). Returns undefined when help was asked for, 'version' for --version. */
export function parseCliArgs(argv: string[], cwd = process.cwd()): CliArgs | 'version' | undefined {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string' },
        'fail-on': { type: 'string' },
        base: { type: 'string', multiple: true },
        revision: { type: 'string', multiple: true },
        'prefix-base': { type: 'boolean' },
        'strip-prefix-base': { type: 'boolean' },
        rename: { type: 'string', multiple: true },
        'allow-external-refs': { type: 'string', multiple: true },
        'max-output-bytes': { type: 'string' },
        'max-file-bytes': { type: 'string' },
        cache: { type: 'boolean' },
        'cache-location': { type: 'string' },
        'severity-levels': { type: 'string' },
        title: { type: 'string' },
        date: { type: 'string' },
        ignore: { type: 'string' },
        'match-path': { type: 'string' },
        'exclude-path': { type: 'string' },
        'match-tag': { type: 'string' },
        'exclude-extension': { type: 'string' },
        level: { type: 'string' },
        'report-url': { type: 'string' },
        'link-base': { type: 'string' },
        current: { type: 'string' },
        declared: { type: 'string' },
        git: { type: 'boolean' },
        since: { type: 'string' },
        // lifecycle: sunset dates and deprecation periods
        today: { type: 'string' },
        'deprecation-days-beta': { type: 'string' },
        'deprecation-days-stable': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'V' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0]!.replace(/\. To specify.*$/, ''));
  }
  const { values, positionals } = parsed;
  if (values.help) return undefined;
  if (values.version) return 'version';
  if (positionals.length === 0) return undefined;
  const [command, ...files] = positionals;
  if (command !== 'changelog' && command !== 'diff' && command !== 'breaking' && command !== 'semver' && command !== 'history') throw new UsageError(`unknown command "${command}" (expected changelog, diff, breaking, semver or history)`);
  const level = values.level;
  if (level !== undefined && !(levels as readonly string[]).includes(level)) throw new UsageError(`--level must be info, warning or breaking (got "${level}")`);
  const filters: CliArgs['filters'] = {};
  const matchPath = regex('--match-path', values['match-path']);
  const excludePath = regex('--exclude-path', values['exclude-path']);
  if (matchPath) filters.matchPath = matchPath;
  if (excludePath) filters.excludePath = excludePath;
  if (values['match-tag'] !== undefined) filters.matchTag = values['match-tag'];
  if (values['exclude-extension'] !== undefined) filters.excludeExtension = values['exclude-extension'];
  if (level !== undefined) filters.level = level as (typeof levels)[number];
  const lifecycle = lifecycleArgs(values.today, values['deprecation-days-beta'], values['deprecation-days-stable']);
  const loading = loadArgs(values, cwd);
  if (command === 'history') {
    if (files.length !== 1) throw new UsageError(`history expects one FOLDER, or one FILE with --git (got ${files.length} arguments)`);
    if (values.since !== undefined && !values.git) throw new UsageError('--since needs --git');
    const format = values.format ?? 'markdown';
    if (format !== 'markdown' && format !== 'json') throw new UsageError(`history --format must be markdown or json (got "${format}")`);
    const args: CliArgs = { command, base: [], revision: [], format, basePath: values['prefix-base'] ? 'prefix' : values['strip-prefix-base'] ? 'strip' : 'keep', renames: (values.rename ?? []).map(parseRename), allowExternalRefs: [...(values['allow-external-refs'] ?? [])], maxOutputBytes: maxOutputBytes(values['max-output-bytes']), filters, target: files[0]!, git: values.git === true, lifecycle, ...loading };
    if (values.since !== undefined) args.since = values.since;
    if (values.title !== undefined) args.title = values.title;
    return args;
  }
  if (values.git || values.since !== undefined) throw new UsageError('--git and --since belong to history');
  if ((values.current !== undefined || values.declared !== undefined) && command !== 'semver') throw new UsageError('--current and --declared belong to semver');
  if (values.declared !== undefined && values.current === undefined) throw new UsageError('--declared needs --current');
  const base = [...(values.base ?? [])];
  const revision = [...(values.revision ?? [])];
  if (base.length === 0 && revision.length === 0) {
    if (files.length !== 2) throw new UsageError(`${command} expects OLD and NEW (got ${files.length} file argument${files.length === 1 ? '' : 's'})`);
    base.push(files[0]!);
    revision.push(files[1]!);
  } else if (files.length > 0 || base.length === 0 || revision.length === 0) {
    throw new UsageError('give both sides either as OLD NEW or with --base and --revision, not a mix');
  }
  for (const [side, list] of [['OLD', base], ['NEW', revision]] as const) {
    if (list.every((item) => item.split(',').every((name) => name.trim() === ''))) throw new UsageError(`${side} is empty: expected a file or REV:path`);
  }
  const format = values.format ?? (command === 'changelog' ? 'changelog' : 'text');
  if (!(formats as readonly string[]).includes(format)) throw new UsageError(`--format must be one of ${formats.join(', ')} (got "${format}")`);
  if (command === 'semver' && format !== 'text' && format !== 'json') throw new UsageError(`semver --format must be text or json (got "${format}")`);
  const failOn = values['fail-on'];
  if (failOn !== undefined && failOn !== 'breaking' && failOn !== 'warning') throw new UsageError(`--fail-on must be breaking or warning (got "${failOn}")`);
  if (values['prefix-base'] && values['strip-prefix-base']) throw new UsageError('--prefix-base and --strip-prefix-base exclude each other');
  const args: CliArgs = {
    command,
    base,
    revision,
    format: format as Format,
    basePath: values['prefix-base'] ? 'prefix' : values['strip-prefix-base'] ? 'strip' : 'keep',
    renames: (values.rename ?? []).map(parseRename),
    allowExternalRefs: [...(values['allow-external-refs'] ?? [])],
    maxOutputBytes: maxOutputBytes(values['max-output-bytes']),
    filters,
    lifecycle,
    ...loading,
  };
  if (values.ignore !== undefined) args.ignore = values.ignore;
  if (values['report-url'] !== undefined) args.reportUrl = checkUrl('--report-url', values['report-url']);
  if (values['link-base'] !== undefined) args.linkBase = checkUrl('--link-base', values['link-base']);
  if (values.current !== undefined) args.current = values.current;
  if (values.declared !== undefined) args.declared = values.declared;
  if (failOn) args.failOn = failOn;
  if (values.title !== undefined) args.title = values.title;
  if (values.date !== undefined) args.date = values.date;
  return args;
}
