import { findRepoRoot } from '@astro-api/spec-loader';
import { replaceFolders } from '../atomic-write.js';
import { docsDrift, GENERATED_FOLDERS, generateDocsFiles } from '../docs-files.js';
import { parseCommandArgs } from './args.js';
import { guard, processIo, type CliIo } from './io.js';

const USAGE = 'pnpm docs [--check]';

/**
 * `pnpm docs`: regenerates docs/changelog and docs/migration from the specs. Everything is computed
 * in memory first and the folders are swapped in whole, so an error leaves the old docs untouched.
 * `--check` writes nothing and exits 1 when the committed docs differ from fresh output.
 */
export function runGenerateDocs(argv: string[], io: CliIo = processIo()): number {
  return guard(io, 'docs', () => {
    const { values } = parseCommandArgs(argv, { check: { type: 'boolean', default: false } }, USAGE);
    const repoRoot = findRepoRoot(io.cwd);
    const files = generateDocsFiles(repoRoot);
    if (values.check) {
      const drift = docsDrift(repoRoot, files);
      if (drift.length === 0) {
        io.stdout(`docs: ${files.size} files up to date\n`);
        return 0;
      }
      io.stderr(`docs: generated docs are out of date; run pnpm docs\n${drift.map((line) => `  ${line}\n`).join('')}`);
      return 1;
    }
    replaceFolders(repoRoot, GENERATED_FOLDERS, files);
    io.stdout(`docs: wrote ${files.size} files under ${GENERATED_FOLDERS.join(' and ')}\n`);
    return 0;
  });
}
