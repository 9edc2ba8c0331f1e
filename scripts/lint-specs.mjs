#!/usr/bin/env node
// Lints spec revisions with Redocly CLI, in ONE Redocly process (it takes a few seconds to start).
//
//   node scripts/lint-specs.mjs                 every revision of every API in specs/manifest.json
//   node scripts/lint-specs.mjs a.yaml b.yaml   just these files
//   --json                                      print a JSON report instead of text (used by the tests)
//
// Without file arguments the revisions come from the spec loader (listApis/listRevisions in
// packages/spec-loader/dist), so no date is named here. The rules live in specs/redocly.yaml.
// Exit codes: 0 no errors (warnings allowed), 1 at least one error, 2 the lint could not run.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// Anything unexpected ends with 2 ("could not run"), never the 1 that means "the specs have errors".
const guardDist = path.join(repoRoot, 'packages', 'cli-exit', 'dist', 'index.js');
if (!existsSync(guardDist)) {
  process.stderr.write('lint-specs: packages/cli-exit/dist is missing; run `pnpm --filter @astro-api/cli-exit build` first\n');
  process.exit(2);
}
(await import(pathToFileURL(guardDist).href)).guardExit('lint-specs');
const configFile = path.join(repoRoot, 'specs', 'redocly.yaml');
const loaderDist = path.join(repoRoot, 'packages', 'spec-loader', 'dist', 'index.js');

/** A problem in a form that does not depend on Redocly's output layout. */
function toProblem(raw) {
  const where = raw.location?.[0];
  return {
    ruleId: raw.ruleId,
    severity: raw.severity,
    message: raw.message,
    pointer: where?.pointer ?? '',
    line: where?.start?.line,
    // Redocly reports the file a problem is in relative to its working directory (repoRoot).
    file: where?.source?.ref ? path.resolve(repoRoot, where.source.ref) : undefined,
  };
}

function fail(message) {
  process.stderr.write(`lint-specs: ${message}\n`);
  process.exit(2);
}

async function revisionFiles() {
  if (!existsSync(loaderDist)) fail('packages/spec-loader/dist is missing; run `pnpm --filter @astro-api/spec-loader build` first');
  const { listApis, listRevisions } = await import(pathToFileURL(loaderDist).href);
  return listApis(repoRoot).flatMap((api) => {
    const revisions = listRevisions(api.id, repoRoot);
    // The manifest promises this API; a folder without revisions is a mistake, not "nothing to lint".
    if (revisions.length === 0) fail(`specs/${api.dir}: holds no dated revision, but specs/manifest.json lists "${api.id}"`);
    return revisions.map((revision) => revision.file);
  });
}

function runRedocly(files) {
  const require = createRequire(path.join(repoRoot, 'packages', 'spec-loader', 'package.json'));
  let cli;
  try {
    cli = require.resolve('@redocly/cli/bin/cli.js');
  } catch {
    fail('@redocly/cli is not installed; run `pnpm install`');
  }
  const result = spawnSync(
    process.execPath,
    [cli, 'lint', '--config', configFile, '--format=json', '--max-problems=100000', ...files],
    {
      cwd: repoRoot,
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' },
    },
  );
  if (result.error) fail(`cannot run Redocly CLI (${result.error.message})`);
  try {
    const reports = parseConcatenatedJson(result.stdout);
    if (reports.length === 0) throw new Error('empty');
    return { version: reports[0].version, problems: reports.flatMap((report) => report.problems ?? []) };
  } catch {
    // Redocly prints no JSON when a file cannot be parsed; its reason is on stderr.
    const reason = (result.stderr ?? '')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line.startsWith('- ') || line.startsWith('Failed'))
      .join(' ');
    fail(`Redocly CLI gave no report (exit ${result.status}): ${reason || 'no reason given'}`);
  }
}

/**
 * With several files, `redocly lint --format=json` prints one JSON document per file, back to back
 * (`{...}{...}`), which `JSON.parse` rejects. Split them by tracking brace depth outside strings.
 */
export function parseConcatenatedJson(text) {
  const documents = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === '{') {
      if (depth++ === 0) start = i;
    } else if (ch === '}' && --depth === 0) {
      documents.push(JSON.parse(text.slice(start, i + 1)));
    }
  }
  if (depth !== 0) throw new Error('unterminated JSON document');
  return documents;
}

/** Groups problems per file; every linted file gets an entry, even when it has no problem. */
export function groupByFile(files, report) {
  const byFile = new Map(files.map((file) => [path.resolve(file), { errors: 0, warnings: 0, problems: [] }]));
  for (const problem of (report.problems ?? []).map(toProblem)) {
    const key = problem.file ?? '(unknown file)';
    if (!byFile.has(key)) byFile.set(key, { errors: 0, warnings: 0, problems: [] });
    const entry = byFile.get(key);
    if (problem.severity === 'error') entry.errors++;
    else if (problem.severity === 'warn') entry.warnings++;
    entry.problems.push(problem);
  }
  return byFile;
}

async function main(argv) {
  const json = argv.includes('--json');
  const named = argv.filter((arg) => !arg.startsWith('--'));
  const unknown = argv.filter((arg) => arg.startsWith('--') && arg !== '--json');
  if (unknown.length > 0) fail(`unknown option ${unknown[0]} (known: --json)`);
  for (const file of named) if (!existsSync(file)) fail(`${file}: no such file`);
  const files = named.length > 0 ? named.map((file) => path.resolve(file)) : await revisionFiles();
  if (files.length === 0) fail('no spec revisions found');

  const report = runRedocly(files);
  const byFile = groupByFile(files, report);
  const shown = (file) => path.relative(repoRoot, file).split(path.sep).join('/');
  const errors = [...byFile.values()].reduce((sum, entry) => sum + entry.errors, 0);

  if (json) {
    const out = { redocly: report.version, errors, files: {} };
    for (const [file, entry] of byFile) out.files[shown(file)] = { ...entry, problems: entry.problems.map(({ file: _f, ...rest }) => rest) };
    process.stdout.write(JSON.stringify(out, null, 2) + '\n');
  } else {
    for (const [file, entry] of byFile) {
      process.stdout.write(`${entry.errors > 0 ? 'FAIL' : 'ok  '} ${shown(file)}: ${entry.errors} errors, ${entry.warnings} warnings\n`);
      for (const problem of entry.problems.filter((p) => p.severity === 'error')) {
        const at = problem.line !== undefined ? `:${problem.line}` : '';
        process.stdout.write(`     ${shown(file)}${at} ${problem.ruleId}: ${problem.message} (${problem.pointer})\n`);
      }
    }
    process.stdout.write(`${byFile.size} files, ${errors} errors\n`);
  }
  process.exitCode = errors > 0 ? 1 : 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main(process.argv.slice(2));
}
