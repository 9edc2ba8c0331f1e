#!/usr/bin/env node
/**
 * The script behind `action.yml`: reads the action's inputs from `INPUT_*` variables and the runner's
 * `GITHUB_*` / `RUNNER_TEMP` variables, then
 *   1. prints `::error`/`::warning`/`::notice` workflow commands (annotations on the PR's files),
 *   2. appends the PR-comment Markdown to `$GITHUB_STEP_SUMMARY` and writes it to a file for the comment step,
 *   3. writes the HTML report (and SARIF when asked) to `$RUNNER_TEMP`,
 *   4. sets outputs in `$GITHUB_OUTPUT` (breaking, warnings, info, ignored, comment-file, report-file, sarif-file),
 *   5. exits 1 when `fail-on` trips, 2 on a user error (a refused write included).
 * Every file write goes through `writeFileSafely` (temp file, fsync, rename; never through a link).
 */
import path from 'node:path';
import { readSnapshot, SafeWriteError, writeFileSafely } from '@astro-api/safe-write';
import { fileURLToPath } from 'node:url';
import type { DiffResult } from '../result.js';
import { runCli, type CliIo } from './run.js';

export interface ActionIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

function input(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[`INPUT_${name.toUpperCase().replace(/ /g, '_')}`]?.trim();
  return value ? value : undefined;
}

/** Writes a report file (new or replaced) in `folder`, through `writeFileSafely`: never through a link, never outside the folder. */
function writeReport(folder: string, name: string, text: string): string {
  const file = path.join(folder, name);
  writeFileSafely(file, text, { createFolders: true, root: folder });
  return file;
}

/** Appends to a runner file (`$GITHUB_STEP_SUMMARY`, `$GITHUB_OUTPUT`): read, then replaced whole unless it changed meanwhile. */
function appendReport(file: string, text: string): void {
  const before = readSnapshot(file);
  writeFileSafely(file, Buffer.concat([before?.bytes ?? Buffer.alloc(0), Buffer.from(text, 'utf8')]), { expected: before ?? null, createFolders: true });
}

/** Runs the action with the given environment; returns the exit code. */
export function runAction(env: NodeJS.ProcessEnv, io: ActionIo): number {
  try {
    return runActionSteps(env, io);
  } catch (error) {
    if (error instanceof SafeWriteError) {
      io.stderr(`oasdiff-js action: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

function runActionSteps(env: NodeJS.ProcessEnv, io: ActionIo): number {
  const cwd = env.GITHUB_WORKSPACE ?? process.cwd();
  const temp = env.RUNNER_TEMP ?? cwd;
  const base = input(env, 'base');
  const revision = input(env, 'revision');
  if (!base || !revision) {
    io.stderr('oasdiff-js action: inputs base and revision are required\n');
    return 2;
  }
  const shared: string[] = [];
  const ignore = input(env, 'ignore-file');
  if (ignore) shared.push('--ignore', ignore);
  for (const [name, flag] of [['match-path', '--match-path'], ['exclude-path', '--exclude-path'], ['match-tag', '--match-tag'], ['exclude-extension', '--exclude-extension'], ['deprecation-days-beta', '--deprecation-days-beta'], ['deprecation-days-stable', '--deprecation-days-stable']] as const) {
    const value = input(env, name);
    if (value) shared.push(flag, value);
  }
  const severityLevels = input(env, 'severity-levels');
  if (severityLevels) shared.push('--severity-levels', severityLevels);
  const cache = input(env, 'cache');
  if (cache !== undefined && cache !== 'true' && cache !== 'false') {
    io.stderr(`oasdiff-js action: cache must be true or false (got "${cache}")\n`);
    return 2;
  }
  if (cache === 'true') shared.push('--cache');
  const failOn = input(env, 'fail-on') ?? 'breaking';
  if (failOn !== 'breaking' && failOn !== 'warning' && failOn !== 'never') {
    io.stderr(`oasdiff-js action: fail-on must be breaking, warning or never (got "${failOn}")\n`);
    return 2;
  }
  const call = (format: string, extra: string[] = []) => {
    let stdout = '';
    let stderr = '';
    const cliIo: CliIo = { cwd, stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) };
    if (env.OASDIFF_TODAY) cliIo.today = env.OASDIFF_TODAY;
    const code = runCli(['diff', base, revision, '--format', format, ...shared, ...extra], cliIo);
    return { code, stdout, stderr };
  };

  // JSON first: it checks the inputs (one-line errors, exit 2) and gives the counts.
  const json = call('json');
  if (json.code !== 0) {
    io.stderr(json.stderr);
    return json.code;
  }
  io.stderr(json.stderr); // notes and stale-entry warnings
  const result = JSON.parse(json.stdout) as DiffResult;

  io.stdout(call('github').stdout);

  const runUrl = env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID ? `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}` : undefined;
  const comment = call('pr-comment', runUrl ? ['--report-url', runUrl] : []).stdout;
  const commentFile = writeReport(temp, 'oasdiff-js-comment.md', `<!-- oasdiff-js -->\n${comment}`);
  if (env.GITHUB_STEP_SUMMARY) appendReport(env.GITHUB_STEP_SUMMARY, comment + '\n');

  const linkBase = env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY && env.GITHUB_SHA ? `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/blob/${env.GITHUB_SHA}/` : undefined;
  const reportFile = writeReport(temp, 'oasdiff-js-report.html', call('html', linkBase ? ['--link-base', linkBase] : []).stdout);
  let sarifFile: string | undefined;
  if (input(env, 'sarif') === 'true') {
    sarifFile = writeReport(temp, 'oasdiff-js.sarif', call('sarif').stdout);
  }

  const count = (level: string) => result.changes.filter((c) => c.level === level).length;
  const outputs: Record<string, string> = {
    breaking: String(count('breaking')),
    warnings: String(count('warning')),
    info: String(count('info')),
    ignored: String(result.ignored?.length ?? 0),
    'comment-file': commentFile,
    'report-file': reportFile,
    ...(sarifFile ? { 'sarif-file': sarifFile } : {}),
  };
  if (env.GITHUB_OUTPUT) appendReport(env.GITHUB_OUTPUT, Object.entries(outputs).map(([k, v]) => `${k}=${v}\n`).join(''));

  const trips = failOn === 'breaking' ? count('breaking') > 0 : failOn === 'warning' ? count('breaking') + count('warning') > 0 : false;
  return trips ? 1 : 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = runAction(process.env, { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) });
}
