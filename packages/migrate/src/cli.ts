#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { migrateDirectory, UsageError } from './migrate.js';
import { renderJson, renderText } from './render.js';

const USAGE = 'usage: astro-api-migrate <dir> [--dry-run] [--json]';

/** Exit 0 when the run finished (findings included), 2 when it was called wrongly. Bugs keep their stack. */
function main(argv: string[]): number {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { 'dry-run': { type: 'boolean' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (error) {
    return usageError((error as Error).message);
  }
  if (parsed.values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (parsed.positionals.length !== 1) return usageError(`expected one directory, got ${parsed.positionals.length}`);
  try {
    const result = migrateDirectory(parsed.positionals[0]!, { dryRun: parsed.values['dry-run'] === true });
    process.stdout.write(parsed.values.json ? renderJson(result) : renderText(result));
    return 0;
  } catch (error) {
    if (error instanceof UsageError) return usageError(error.message);
    throw error;
  }
}

function usageError(message: string): number {
  process.stderr.write(`astro-api-migrate: ${message} (${USAGE})\n`);
  return 2;
}

process.exitCode = main(process.argv.slice(2));
