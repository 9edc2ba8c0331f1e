#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { guardExit } from '@astro-api/cli-exit';
import { ConfigError } from './load-project.js';
import { migrateDirectory, UsageError } from './migrate.js';
import { renderJson, renderText } from './render.js';

const USAGE = 'usage: astro-api-migrate <dir> [--dry-run] [--json] [--exclude GLOB]...';

/**
 * Exit 0 when every file was migrated or left alone on purpose (findings included); 1 when some file was
 * skipped (read-only, changed meanwhile, could not be written, a link out of the project); 2 when it was called
 * wrongly or the project's tsconfig.json cannot be read, or when something fails that nobody expected (a bug:
 * one line from `guardExit`, the stack with ASTRO_API_DEBUG=1), never 1, which says files were skipped.
 */
function main(argv: string[]): number {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        'dry-run': { type: 'boolean' },
        json: { type: 'boolean' },
        exclude: { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    return usageError((error as Error).message);
  }
  if (parsed.values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (parsed.positionals.length !== 1) return usageError(`expected one directory, got ${parsed.positionals.length}`);
  const exclude = parsed.values.exclude ?? [];
  if (exclude.some((glob) => glob.trim() === '')) return usageError('--exclude needs a glob');
  try {
    const result = migrateDirectory(parsed.positionals[0]!, { dryRun: parsed.values['dry-run'] === true, exclude });
    process.stdout.write(parsed.values.json ? renderJson(result) : renderText(result));
    return result.skipped.length > 0 ? 1 : 0;
  } catch (error) {
    if (error instanceof UsageError) return usageError(error.message);
    if (error instanceof ConfigError) {
      process.stderr.write(`astro-api-migrate: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

function usageError(message: string): number {
  process.stderr.write(`astro-api-migrate: ${message} (${USAGE})\n`);
  return 2;
}

guardExit('astro-api-migrate');
process.exitCode = main(process.argv.slice(2));
