// Runs scripts/lint-specs.mjs (one Redocly process for all files) and returns its JSON report.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from './revisions.js';

export interface LintProblem {
  ruleId: string;
  severity: 'error' | 'warn' | 'off';
  message: string;
  pointer: string;
  line?: number;
}

export interface LintReport {
  /** Exit code of the script: 0 clean, 1 errors, 2 could not run. */
  readonly status: number | null;
  readonly stderr: string;
  /** Per file (repo-relative POSIX path, or relative path for files outside the repo). */
  readonly files: Record<string, { errors: number; warnings: number; problems: LintProblem[] }>;
}

export const lintScript = path.join(repoRoot, 'scripts', 'lint-specs.mjs');

export function lintFiles(files: string[]): LintReport {
  const result = spawnSync(process.execPath, [lintScript, '--json', ...files], {
    cwd: repoRoot,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, REDOCLY_TELEMETRY: 'off' },
  });
  let files_: LintReport['files'] = {};
  if (result.status !== 2 && result.stdout.trim() !== '') files_ = (JSON.parse(result.stdout) as { files: LintReport['files'] }).files;
  return { status: result.status, stderr: result.stderr, files: files_ };
}

/** The report key the script uses for a file. */
export function reportKey(file: string): string {
  return path.relative(repoRoot, file).split(path.sep).join('/');
}
