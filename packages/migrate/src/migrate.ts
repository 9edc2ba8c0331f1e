import { lstatSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import {
  decodeText,
  encodeText,
  readSnapshot,
  SafeWriteError,
  writeFileSafely,
  type FileSnapshot,
  type TextStyle,
} from '@astro-api/safe-write';
import { V1BETA1_MODULE, V1_MODULE } from './client-api.js';
import { createRuleContext } from './context.js';
import { applyEdits, dedupe } from './edits.js';
import { isLeftoverTempFile, LINK_OUTSIDE, listProjectFiles } from './files.js';
import { loadProject, v1ExportNames, type SourceText } from './load-project.js';
import type { ChangedFile, Edit, Finding, MigrationResult, RewriteRule, SkippedFile, Warning } from './model.js';
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
  /** Globs (picomatch) of project-relative paths not to read or write, such as `backup/` or `*.bak.ts`. */
  readonly exclude?: readonly string[];
}

/** One file's planned rewrite: the bytes it held when read, and the bytes to replace them with. */
export interface PlannedFile {
  /** Path relative to the project, with forward slashes. */
  readonly file: string;
  /** Absolute real path. */
  readonly path: string;
  readonly snapshot: FileSnapshot;
  readonly bytes: Buffer;
  readonly edits: Partial<Record<RewriteRule, number>>;
}

/** Everything a run will write, computed before the first write. */
export interface MigrationPlan {
  /** The project folder's real path; no write leaves it. */
  readonly dir: string;
  readonly filesScanned: number;
  readonly files: readonly PlannedFile[];
  /** Files not read (links out of the project, unreadable files). */
  readonly skipped: readonly SkippedFile[];
  readonly warnings: readonly Warning[];
  readonly findings: readonly Finding[];
  /** Temp files a killed run left (absolute paths); `applyPlan` removes them. */
  readonly leftoverTempFiles: readonly string[];
  readonly dryRun: boolean;
}

/**
 * Migrate every TypeScript file of the project in `dir` from the v1beta1 client to v1: plan every edit, then
 * write each changed file with `writeFileSafely` (atomic; never over a file changed since it was read, a link,
 * or a read-only file). Files that could not be written are listed in `skipped`, with the reason.
 */
export function migrateDirectory(dir: string, options: MigrateOptions = {}): MigrationResult {
  const plan = planMigration(dir, options);
  return plan.dryRun ? resultOf(plan, plan.files, [], plan.leftoverTempFiles) : applyPlan(plan);
}

/**
 * Read the project once and compute every file's new bytes. All files are analysed against the unmodified
 * program, so one file's rewrite never changes what the checker says about another. Writes nothing.
 */
export function planMigration(dir: string, options: MigrateOptions = {}): MigrationPlan {
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    throw new UsageError(`directory not found: ${dir}`);
  }
  if (!isDir) throw new UsageError(`not a directory: ${dir}`);

  const listed = listProjectFiles(dir, options.exclude);
  const root = listed.root;
  const skipped: SkippedFile[] = listed.skippedLinks.map((link) => ({ file: link.file, reason: link.reason }));
  const read: { snapshot: FileSnapshot; style: TextStyle; source: SourceText }[] = [];
  for (const file of listed.files) {
    let snapshot: FileSnapshot | undefined;
    try {
      snapshot = readSnapshot(file);
    } catch (error) {
      skipped.push({ file: relative(root, file), reason: `could not be read (${errnoOf(error)})` });
      continue;
    }
    if (snapshot === undefined) continue; // deleted between listing and reading: nothing to migrate
    const { text, style } = decodeText(snapshot.bytes);
    read.push({ snapshot, style, source: { path: file, text } });
  }

  const { project, sourceFiles } = loadProject(root, read.map((r) => r.source));
  // Resolve the v1 entry point before asking the checker anything: adding a file to the project rebuilds it.
  const importer = sourceFiles.find((sf) => sf.getImportDeclaration(V1BETA1_MODULE) !== undefined);
  const v1Exports = importer === undefined ? undefined : v1ExportNames(project, importer, V1_MODULE);

  // `.type` on an untyped value is only worth a finding in a project that uses the client at all (v1beta1, or
  // v1 after a first run: the finding must not vanish because the imports were rewritten).
  const usesClient =
    importer !== undefined || sourceFiles.some((sf) => sf.getImportDeclaration(V1_MODULE) !== undefined);
  const planned = sourceFiles.map((sourceFile) => {
    const ctx = createRuleContext(sourceFile, root, v1Exports);
    rewriteImports(ctx);
    rewriteReferences(ctx);
    checkClientConstruction(ctx);
    rewriteBaseUrls(ctx);
    rewriteTokenType(ctx, usesClient);
    return { sourceFile, ctx };
  });

  const warnings: Warning[] = [];
  const program = project.getProgram();
  for (const sourceFile of sourceFiles) {
    const [first] = program.getSyntacticDiagnostics(sourceFile);
    if (first === undefined) continue;
    const { line, column } = sourceFile.getLineAndColumnAtPos(first.getStart() ?? 0);
    const message = first.getMessageText();
    const text = typeof message === 'string' ? message : message.getMessageText();
    warnings.push({
      file: relative(root, sourceFile.getFilePath()),
      line,
      column,
      message: `syntax error (${text}); migrated anyway, check this file after the run`,
    });
  }

  const files: PlannedFile[] = [];
  const findings: Finding[] = [];
  planned.forEach(({ sourceFile, ctx }, i) => {
    findings.push(...ctx.findings);
    const { snapshot, style } = read[i]!;
    const edits = dedupe(ctx.edits);
    const original = sourceFile.getFullText();
    const updated = applyEdits(original, edits.map((edit) => inStyle(edit, style)));
    if (updated === original) return;
    const counts: Partial<Record<RewriteRule, number>> = {};
    for (const edit of edits) counts[edit.rule] = (counts[edit.rule] ?? 0) + 1;
    files.push({ file: relative(root, snapshot.file), path: snapshot.file, snapshot, bytes: encode(updated, original, style), edits: counts });
  });
  findings.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
  skipped.sort((a, b) => a.file.localeCompare(b.file));
  const { leftoverTempFiles } = listed;
  return { dir: root, filesScanned: sourceFiles.length, files, skipped, warnings, findings, leftoverTempFiles, dryRun: options.dryRun === true };
}

/**
 * Write a plan. Each file is replaced atomically, and only if it still holds the bytes the plan was computed
 * from; a file that cannot be written is left as it is and listed in `skipped`. Nothing stops at the first
 * failure, so the summary always covers every file. Running the codemod again finishes an interrupted run.
 */
export function applyPlan(plan: MigrationPlan): MigrationResult {
  const removed = removeLeftoverTempFiles(plan.dir, plan.leftoverTempFiles);
  const written: PlannedFile[] = [];
  const skipped: SkippedFile[] = [];
  for (const planned of plan.files) {
    try {
      writeFileSafely(planned.path, planned.bytes, { expected: planned.snapshot, root: plan.dir });
      written.push(planned);
    } catch (error) {
      const reason = writeFailure(error, planned.path);
      if (reason === undefined) throw error;
      skipped.push({ file: planned.file, reason });
    }
  }
  return resultOf(plan, written, skipped, removed);
}

/**
 * Removes the temp files killed runs left, checking each again first (still a regular file, not a link, inside
 * the project, its process still gone). One that cannot be removed is simply left: it holds no user data.
 */
function removeLeftoverTempFiles(root: string, files: readonly string[]): string[] {
  const removed: string[] = [];
  for (const file of files) {
    if (!isLeftoverTempFile(path.basename(file)) || relative(root, file).startsWith('..')) continue;
    try {
      if (!lstatSync(file).isFile()) continue;
      rmSync(file);
      removed.push(file);
    } catch {
      // gone already, or not ours to remove
    }
  }
  return removed;
}

function resultOf(
  plan: MigrationPlan,
  written: readonly PlannedFile[],
  writeSkipped: readonly SkippedFile[],
  removedTemp: readonly string[],
): MigrationResult {
  const changedFiles: ChangedFile[] = written.map((f) => ({ file: f.file, edits: f.edits }));
  const skipped = [...plan.skipped, ...writeSkipped].sort((a, b) => a.file.localeCompare(b.file));
  const { dir, filesScanned, warnings, findings, dryRun } = plan;
  const removedTempFiles = removedTemp.map((file) => relative(dir, file));
  return { dir, filesScanned, changedFiles, skipped, warnings, findings, removedTempFiles, dryRun };
}

/** One line for a file that was not replaced; undefined for an error that is a bug, not the user's situation. */
function writeFailure(error: unknown, file: string): string | undefined {
  if (error instanceof SafeWriteError) {
    switch (error.code) {
      case 'changed':
        return readSnapshot(file) === undefined
          ? 'deleted since it was read; not recreated'
          : 'changed since it was read (by you or another tool); left as it is now, run again to migrate it';
      case 'read-only':
        return 'read-only; left unchanged';
      case 'symlink':
        return 'became a link since it was read; left unchanged';
      case 'outside-root':
        return LINK_OUTSIDE;
      case 'not-a-file':
        return 'is no longer a regular file; left unchanged';
      case 'io':
        return error.message.slice(error.message.indexOf(': could not be written') + 2);
    }
  }
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' ? `could not be written (${code}); left unchanged` : undefined;
}

/** An edit's text with its line breaks in the file's style (the rules write LF). */
function inStyle(edit: Edit, style: TextStyle): Edit {
  return style.eol === '\n' || !edit.text.includes('\n') ? edit : { ...edit, text: edit.text.replace(/\r?\n/g, style.eol) };
}

/**
 * The new text as bytes in the file's style. `encodeText` rewrites every line break to the file's dominant one;
 * for a file that mixes CRLF and LF that would change lines the codemod never touched, so such a file only gets
 * its BOM back (its edits already carry the dominant line break).
 */
function encode(updated: string, original: string, style: TextStyle): Buffer {
  const mixed = style.eol === '\r\n' ? /(^|[^\r])\n/.test(original) : original.includes('\r\n');
  return mixed ? Buffer.from(style.bom ? `\ufeff${updated}` : updated, 'utf8') : encodeText(updated, style);
}

function relative(root: string, file: string): string {
  return path.relative(root, file).split(path.sep).join('/');
}

function errnoOf(error: unknown): string {
  return (error as NodeJS.ErrnoException | undefined)?.code ?? String(error);
}
