import { isSpecError } from '@astro-api/spec-loader';
import { diffSpecs } from '../api.js';
import { renderJson } from '../render/json.js';
import { renderMarkdown } from '../render/markdown.js';
import { renderText } from '../render/text.js';
import type { DiffResult } from '../result.js';
import { parseCliArgs, usage, UsageError } from './args.js';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
}

/**
 * The CLI as a function, so tests can run it with injected argv and output. Returns the exit code:
 * 0 fine, 1 when --fail-on trips, 2 on a user error (one line, no stack trace).
 */
export function runCli(argv: string[], io: CliIo): number {
  try {
    const args = parseCliArgs(argv);
    if (!args) {
      io.stdout(usage);
      return 0;
    }
    const full = diffSpecs(args.base, args.revision, { cwd: io.cwd, basePath: args.basePath, renames: args.renames, allowExternalRefs: args.allowExternalRefs });
    const result: DiffResult = args.command === 'breaking' ? { ...full, changes: full.changes.filter((c) => c.level !== 'info') } : full;
    const options: { title?: string; date?: string } = {};
    if (args.title !== undefined) options.title = args.title;
    if (args.date !== undefined) options.date = args.date;
    io.stdout(args.format === 'json' ? renderJson(result) : args.format === 'markdown' ? renderMarkdown(result, options) : renderText(result));
    for (const note of result.notes) io.stderr(`oasdiff-js: note: ${note}\n`);
    const trips = args.failOn === 'breaking' ? result.changes.some((c) => c.level === 'breaking') : args.failOn === 'warning' ? result.changes.some((c) => c.level !== 'info') : false;
    return trips ? 1 : 0;
  } catch (error) {
    if (isSpecError(error) || error instanceof UsageError) {
      io.stderr(`oasdiff-js: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}
