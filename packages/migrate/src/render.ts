import type { MigrationResult } from './model.js';

/**
 * The summary a person reads: files changed with their edit counts, files skipped with the reason, warnings,
 * then each finding as file:line:column.
 */
export function renderText(result: MigrationResult): string {
  const lines: string[] = [];
  const verb = result.dryRun ? 'Would change' : 'Changed';
  lines.push(`${verb} ${result.changedFiles.length} of ${result.filesScanned} file(s).`);
  for (const changed of result.changedFiles) {
    const counts = Object.entries(changed.edits)
      .map(([rule, n]) => `${rule} ×${n}`)
      .join(', ');
    lines.push(`  ${changed.file}: ${counts}`);
  }
  if (result.removedTempFiles.length > 0) {
    const verbTemp = result.dryRun ? 'Would remove' : 'Removed';
    lines.push(`${verbTemp} ${result.removedTempFiles.length} temp file(s) an interrupted run left:`);
    for (const file of result.removedTempFiles) lines.push(`  ${file}`);
  }
  if (result.skipped.length > 0) {
    lines.push(`Skipped ${result.skipped.length} file(s) or link(s), left as they were:`);
    for (const s of result.skipped) lines.push(`  ${s.file}: ${s.reason}`);
  }
  if (result.warnings.length > 0) {
    lines.push(`${result.warnings.length} warning(s):`);
    for (const w of result.warnings) lines.push(`  ${w.file}:${w.line}:${w.column}: ${w.message}`);
  }
  if (result.findings.length === 0) {
    lines.push('No findings: nothing was left for you to change by hand.');
  } else {
    lines.push(`${result.findings.length} finding(s) left unchanged, to do by hand:`);
    for (const f of result.findings) {
      lines.push(`  ${f.file}:${f.line}:${f.column} [${f.rule}] ${f.reason}`);
      lines.push(`      ${f.code}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** The same result for tools: stable key order, paths relative to the migrated directory. */
export function renderJson(result: MigrationResult): string {
  const { dryRun, filesScanned, changedFiles, skipped, warnings, findings, removedTempFiles } = result;
  return `${JSON.stringify({ dryRun, filesScanned, changedFiles, skipped, warnings, findings, removedTempFiles }, null, 2)}\n`;
}
