import { parseArgs } from 'node:util';
import type { BasePathMode } from '../load/base-path.js';
import type { RenameHint } from '../diff/schema.js';

export type Command = 'changelog' | 'diff' | 'breaking';
export type Format = 'markdown' | 'json' | 'text';

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
}

/** A mistake on the command line; printed on one line, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const usage = `Usage: oasdiff-js <changelog|diff|breaking> OLD NEW [options]

Compares two OpenAPI 3.0/3.1 specs. OLD and NEW are files or git revisions (REV:path);
join several files with commas (or repeat --base/--revision) to compose one side.

Commands:
  changelog   every change, as a house-style Markdown changelog (default format: markdown)
  diff        every change, one per line (default format: text)
  breaking    breaking changes and warnings only (default format: text)

Options:
  --format markdown|json|text   output format
  --fail-on breaking|warning    exit 1 when a change of that level (or higher) is found
  --base FILE, --revision FILE  add a file to a side (repeatable; instead of OLD / NEW)
  --prefix-base                 prefix each path with its server's base path
  --strip-prefix-base           strip the server's base path from paths that start with it
  --rename [Schema.]from=to     declare a rename (repeatable)
  --title TEXT, --date TEXT     heading and date of a Markdown changelog
  --allow-external-refs DIR     let file $refs read from DIR too (repeatable); by default a $ref
                                may only reach regular files in the spec's own folder
  -h, --help                    show this help

Examples:
  oasdiff-js changelog specs/v1beta1/iam/2025-09-17.yaml specs/v1beta1/iam/2026-04-02.yaml --date "April 2, 2026"
  oasdiff-js breaking main:specs/v1/2026-04-02.yaml specs/v1/2026-07-16.yaml --fail-on breaking
  oasdiff-js diff old/iam.yaml,old/platform.yaml new/iam.yaml,new/platform.yaml --prefix-base --format json
  oasdiff-js diff a.yaml b.yaml --rename ApiToken.type=kind
`;

function parseRename(text: string): RenameHint {
  const match = /^(?:([^.=]+)\.)?([^.=]+)=([^.=]+)$/.exec(text);
  if (!match) throw new UsageError(`--rename expects [Schema.]from=to, got "${text}"`);
  return match[1] ? { schema: match[1], from: match[2]!, to: match[3]! } : { from: match[2]!, to: match[3]! };
}

/** Parses argv (without node and script). Returns undefined when help was asked for. */
export function parseCliArgs(argv: string[]): CliArgs | undefined {
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
        title: { type: 'string' },
        date: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0]!.replace(/\. To specify.*$/, ''));
  }
  const { values, positionals } = parsed;
  if (values.help || positionals.length === 0) return undefined;
  const [command, ...files] = positionals;
  if (command !== 'changelog' && command !== 'diff' && command !== 'breaking') throw new UsageError(`unknown command "${command}" (expected changelog, diff or breaking)`);
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
  const format = values.format ?? (command === 'changelog' ? 'markdown' : 'text');
  if (format !== 'markdown' && format !== 'json' && format !== 'text') throw new UsageError(`--format must be markdown, json or text (got "${format}")`);
  const failOn = values['fail-on'];
  if (failOn !== undefined && failOn !== 'breaking' && failOn !== 'warning') throw new UsageError(`--fail-on must be breaking or warning (got "${failOn}")`);
  if (values['prefix-base'] && values['strip-prefix-base']) throw new UsageError('--prefix-base and --strip-prefix-base exclude each other');
  const args: CliArgs = {
    command,
    base,
    revision,
    format,
    basePath: values['prefix-base'] ? 'prefix' : values['strip-prefix-base'] ? 'strip' : 'keep',
    renames: (values.rename ?? []).map(parseRename),
    allowExternalRefs: [...(values['allow-external-refs'] ?? [])],
  };
  if (failOn) args.failOn = failOn;
  if (values.title !== undefined) args.title = values.title;
  if (values.date !== undefined) args.date = values.date;
  return args;
}
