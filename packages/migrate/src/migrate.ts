import { statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { V1BETA1_MODULE, V1_MODULE } from './client-api.js';
import { createRuleContext } from './context.js';
import { applyEdits, dedupe } from './edits.js';
import { loadProject, v1ExportNames } from './load-project.js';
import type { ChangedFile, Finding, MigrationResult, RewriteRule } from './model.js';
import { rewriteBaseUrls } from './rules/base-urls.js';
import { checkClientConstruction } from './rules/construction.js';
import { rewriteImports } from './rules/imports.js';
import { rewriteReferences } from './rules/references.js';
import { rewriteTokenType } from './rules/token-scope.js';

/** A mistake in how the codemod was called (as opposed to a bug): the CLI prints it on one line and exits 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export interface MigrateOptions {
  /** Compute and report everything, write nothing. */
  readonly dryRun?: boolean;
}

/**
 * Migrate every TypeScript file under `dir` from the v1beta1 client to v1. All files are analysed against the
 * unmodified program first, then all edits are written, so one file's rewrite never changes what the checker
 * says about another.
 */
export function migrateDirectory(dir: string, options: MigrateOptions = {}): MigrationResult {
  const root = path.resolve(dir);
  let isDir = false;
  try {
    isDir = statSync(root).isDirectory();
  } catch {
    throw new UsageError(`directory not found: ${dir}`);
  }
  if (!isDir) throw new UsageError(`not a directory: ${dir}`);

  const { project, sourceFiles } = loadProject(root);
  // Resolve the v1 entry point before asking the checker anything: adding a file to the project rebuilds it.
  const importer = sourceFiles.find((sf) => sf.getImportDeclaration(V1BETA1_MODULE) !== undefined);
  const v1Exports = importer === undefined ? undefined : v1ExportNames(project, importer, V1_MODULE);

  // `.type` on an untyped value is only worth a finding in a project that uses the v1beta1 client at all.
  const usesClient = importer !== undefined;
  const planned = sourceFiles.map((sourceFile) => {
    const ctx = createRuleContext(sourceFile, root, v1Exports);
    rewriteImports(ctx);
    rewriteReferences(ctx);
    checkClientConstruction(ctx);
    rewriteBaseUrls(ctx);
    rewriteTokenType(ctx, usesClient);
    return { sourceFile, ctx };
  });

  const changedFiles: ChangedFile[] = [];
  const findings: Finding[] = [];
  for (const { sourceFile, ctx } of planned) {
    findings.push(...ctx.findings);
    const edits = dedupe(ctx.edits);
    const original = sourceFile.getFullText();
    const updated = applyEdits(original, edits);
    if (updated === original) continue;
    const counts: Partial<Record<RewriteRule, number>> = {};
    for (const edit of edits) counts[edit.rule] = (counts[edit.rule] ?? 0) + 1;
    changedFiles.push({ file: path.relative(root, sourceFile.getFilePath()).split(path.sep).join('/'), edits: counts });
    if (!options.dryRun) writeFileSync(sourceFile.getFilePath(), updated);
  }
  findings.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
  return { dir: root, filesScanned: sourceFiles.length, changedFiles, findings, dryRun: options.dryRun === true };
}
