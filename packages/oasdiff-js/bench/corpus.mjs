#!/usr/bin/env node
/**
 * Whole-process benchmark on the pairs of ../shared/corpus/bench, every tool in the same run:
 *
 *   floor          bench/floor.mjs: read + parse both files (JSON.parse / js-yaml) + walk every node
 *   oasdiff-js     `oasdiff-js diff OLD NEW --format json` (load, diff, classify, render)
 *   api-smart-diff the peer's run.mjs (parse + compare), where it gives a fair ratio
 *   oasdiff (Go)   `oasdiff changelog OLD NEW --format json`, when it is installed
 *
 * Each tool runs as its own process under /usr/bin/time (wall time and peak RSS); the runs of a pair
 * are interleaved (floor, ours, peer, Go, floor, ours, …) so machine load hits all alike; the median
 * of RUNS (default 3) is printed with the ratios ours/floor (wall time, CPU time, memory) and peer/ours.
 * Then `history` over every PagerDuty revision against parsing those files once.
 *
 * Peers are installed outside the workspace by ../shared/tools/peer-difftools/install-difftools.sh
 * into $TMPDIR/difftools (or DIFFTOOLS=dir). Nothing here asserts a time.
 *
 *   pnpm --filter oasdiff-js bench
 *   RUNS=1 PEER=0 GO=0 pnpm --filter oasdiff-js bench
 *   PAIRS=cloudflare,github HISTORY=0 node bench/corpus.mjs   (a subset: names as printed, spaces as '-')
 *   BASE_CLI=old/oasdiff-js.js node bench/corpus.mjs   (also another build, interleaved with this one: base/ours)
 *   SAME=1 GT=1 node bench/corpus.mjs   (where the time goes, two more columns per pair; see below)
 *   ONE=1 node bench/corpus.mjs   (the review case: the base against a copy with one description edited)
 *
 * SAME=1 also runs oasdiff-js on the base file against a byte-for-byte copy of it (for a multi-file spec,
 * a copy of its folder) in a temporary folder: the work that does not depend on what changed (start-up,
 * loading both sides, the passes that find nothing). Its ratio to the floor, and the rest of our time
 * (real pair minus identical pair) over the floor, split ours/floor into "fixed" and "what changed".
 * ONE=1 also runs oasdiff-js on the base against a copy of it in which one `description` string (the
 * first after the middle of the file) has a word added, in place: the bytes around it are untouched,
 * as when a pull request edits one line. Single-file pairs only.
 * GT=1 also runs ../shared/tools/groundtruth (a bare structural diff: parse, then one paired walk that
 * counts changed leaves, no `$ref` followed, no rules) on the single-file pairs, the cheapest diff that
 * still looks at every node of both sides.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchPairs } from './pairs.mjs';

const pkg = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const shared = path.resolve(pkg, '../../../shared/corpus');
const bench = path.join(shared, 'bench');
if (!existsSync(bench)) {
  console.error(`bench: ${bench} is absent; nothing to measure`);
  process.exit(0);
}
if (!existsSync('/usr/bin/time')) {
  console.error('bench: /usr/bin/time is needed for peak memory (apt-get install -y time)');
  process.exit(1);
}
const runs = Number(process.env.RUNS ?? 3);
const tools = process.env.DIFFTOOLS ?? path.join(process.env.TMPDIR ?? tmpdir(), 'difftools');
const peerDir = path.join(tools, 'api-smart-diff');
const peer = process.env.PEER !== '0' && existsSync(path.join(peerDir, 'run.mjs'));
const goBin = path.join(tools, 'oasdiff', 'bin', 'oasdiff');
const go = process.env.GO !== '0' && existsSync(goBin);
// The package's bin (bundled); OASDIFF_JS_CLI=file measures another build of it (e.g. one kept from before a change).
const cli = process.env.OASDIFF_JS_CLI ? path.resolve(process.env.OASDIFF_JS_CLI) : path.join(pkg, 'dist/bin/oasdiff-js.js');
const floor = path.join(pkg, 'bench/floor.mjs');
// BASE_CLI=file: another build measured in the same runs (floor, base, ours, …), for a before/after on a busy machine.
const baseCli = process.env.BASE_CLI ? path.resolve(process.env.BASE_CLI) : undefined;

const allPairs = benchPairs;
// PAIRS=name,name picks pairs by name ('stripe-quarter' for 'stripe quarter'); HISTORY=0 skips history.
const same = process.env.SAME === '1';
const one = process.env.ONE === '1';
const groundtruth = path.resolve(pkg, '../../../shared/tools/groundtruth/groundtruth.mjs');
const gt = process.env.GT === '1' && existsSync(groundtruth);
const repoRoot = path.resolve(pkg, '../..');
const wanted = process.env.PAIRS ? new Set(process.env.PAIRS.split(',').map((n) => n.trim().toLowerCase())) : undefined;
const pairs = wanted ? allPairs.filter(([name]) => wanted.has(name.replace(/ /g, '-'))) : allPairs;
if (wanted && pairs.length !== wanted.size) {
  console.error(`bench: PAIRS names ${[...wanted].join(', ')}; known: ${allPairs.map(([n]) => n.replace(/ /g, '-')).join(', ')}`);
  process.exit(1);
}

/**
 * Runs a command under /usr/bin/time; returns wall ms, CPU ms (user + system: less sensitive than
 * wall time to other processes on a shared machine) and peak RSS MB, or an error line.
 */
function measure(command, args, options = {}) {
  const t0 = performance.now();
  const child = spawnSync('/usr/bin/time', ['-f', '@@%M %U %S', command, ...args], { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 26, timeout: 600_000, ...options });
  const wall = performance.now() - t0;
  const peak = /@@(\d+) ([\d.]+) ([\d.]+)\s*$/.exec(child.stderr ?? '');
  if (child.status !== 0 || !peak) return { error: (child.stderr || child.error?.message || 'failed').split('\n').find((l) => l.trim() && !l.startsWith('@@')) ?? `exit ${child.status}` };
  return { ms: wall, mb: Number(peak[1]) / 1024, cpu: (Number(peak[2]) + Number(peak[3])) * 1000 };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const sec = (ms) => `${(ms / 1000).toFixed(2)} s`;
const mb = (x) => `${Math.round(x)} MB`;
const ratio = (a, b) => `${(a / b).toFixed(2)}×`;

/** The BASE_CLI columns: its time, base/floor (time, CPU) and ours/base (time, CPU). */
function baseColumns(b, f, o) {
  if (b.error) return [`error: ${b.error}`, '', '', '', ''];
  return [sec(b.ms), f.error ? '' : ratio(b.ms, f.ms), f.error ? '' : ratio(b.cpu, f.cpu), o.error ? '' : ratio(o.ms, b.ms), o.error ? '' : ratio(o.cpu, b.cpu)];
}

function summarise(samples) {
  const bad = samples.find((s) => s.error);
  if (bad) return { error: bad.error };
  return { ms: median(samples.map((s) => s.ms)), mb: median(samples.map((s) => s.mb)), cpu: median(samples.map((s) => s.cpu)) };
}

console.log(`oasdiff-js bench, ${new Date().toISOString().slice(0, 10)}: ${runs} interleaved run${runs === 1 ? '' : 's'} per tool, median; whole process (node start, parse, diff, JSON out)`);
const state = (on, off) => (on ? 'yes' : off ? 'off' : 'not installed');
console.log(`peers: api-smart-diff ${state(peer, process.env.PEER === '0')}, oasdiff (Go) ${state(go, process.env.GO === '0')}`);
const header = ['pair', 'floor', 'floor RSS', 'oasdiff-js', 'RSS', 'ours/floor time', 'ours/floor CPU', 'ours/floor RSS', 'api-smart-diff', 'RSS', 'peer/ours', 'oasdiff (Go)', 'RSS', 'Go/ours'];
if (baseCli) header.push('base', 'base/floor time', 'base/floor CPU', 'ours/base time', 'ours/base CPU');
if (same) header.push('identical pair', 'identical/floor', '(ours - identical)/floor');
if (one) header.push('one edit', 'one edit/floor');
if (gt) header.push('groundtruth', 'groundtruth/floor');
console.log(header.join('\t'));
// The identical pairs' copies live here; removed however the run ends.
const scratch = same || one ? mkdtempSync(path.join(tmpdir(), 'oasdiff-js-bench-')) : undefined;

/** A copy of `file` with one description edited in place (see ONE=1 above); undefined when it holds none. */
function editedCopy(file, into) {
  const text = readFileSync(file, 'utf8');
  const json = /^\s*[{[]/.test(text);
  const at = text.indexOf(json ? '"description":' : 'description: ', text.length >> 1);
  if (at === -1) return undefined;
  const quote = json ? text.indexOf('"', text.indexOf(':', at) + 1) : -1;
  // JSON: after the opening quote of the value; YAML: only a plain one-line value is edited.
  const insertAt = json ? quote + 1 : at + 'description: '.length;
  if (!json && /^[>|'"&*!]/.test(text.slice(insertAt, insertAt + 1))) return undefined;
  mkdirSync(into, { recursive: true });
  const out = path.join(into, `edited-${path.basename(file)}`);
  writeFileSync(out, text.slice(0, insertAt) + 'Edited ' + text.slice(insertAt));
  return out;
}
process.on('exit', () => scratch && rmSync(scratch, { recursive: true, force: true }));
const rows = [];
for (const [name, a, b, options = {}] of pairs) {
  const files = [path.join(bench, a), path.join(bench, b)];
  const samples = { floor: [], ours: [], peer: [], go: [], base: [], same: [], gt: [], one: [] };
  const edited = one && !options.tree ? editedCopy(files[0], path.join(scratch, `${name.replace(/ /g, '-')}-one`)) : undefined;
  let copy;
  if (same) {
    // A copy of the base in a folder of its own (the whole spec folder for a multi-file spec), so the
    // loader reads two files as it does for a real pair.
    const into = path.join(scratch, name.replace(/ /g, '-'));
    if (options.tree) {
      cpSync(path.dirname(files[0]), into, { recursive: true });
      copy = path.join(into, path.basename(files[0]));
    } else {
      cpSync(files[0], (copy = path.join(into, path.basename(files[0]))));
    }
  }
  for (let i = 0; i < runs; i++) {
    samples.floor.push(measure(process.execPath, [floor, ...files], { env: { ...process.env, FLOOR_TREE: options.tree ? '1' : '0' } }));
    if (baseCli) samples.base.push(measure(process.execPath, [baseCli, 'diff', ...files, '--format', 'json']));
    samples.ours.push(measure(process.execPath, [cli, 'diff', ...files, '--format', 'json']));
    if (peer && options.peer !== false) samples.peer.push(measure(process.execPath, ['--max-old-space-size=4096', path.join(peerDir, 'run.mjs'), ...files], { cwd: peerDir, env: { ...process.env, SUMMARY: '1' } }));
    if (go) samples.go.push(measure(goBin, ['changelog', ...files, '--format', 'json']));
    if (copy) samples.same.push(measure(process.execPath, [cli, 'diff', files[0], copy, '--format', 'json']));
    if (edited) samples.one.push(measure(process.execPath, [cli, 'diff', files[0], edited, '--format', 'json']));
    if (gt && !options.tree) samples.gt.push(measure(process.execPath, [groundtruth, ...files], { cwd: repoRoot }));
  }
  const f = summarise(samples.floor);
  const o = summarise(samples.ours);
  const p = samples.peer.length ? summarise(samples.peer) : undefined;
  const g = samples.go.length ? summarise(samples.go) : undefined;
  const row = [name];
  row.push(...(f.error ? [`error: ${f.error}`, ''] : [sec(f.ms), mb(f.mb)]));
  row.push(...(o.error ? [`error: ${o.error}`, ''] : [sec(o.ms), mb(o.mb)]));
  row.push(...(f.error || o.error ? ['', '', ''] : [ratio(o.ms, f.ms), ratio(o.cpu, f.cpu), ratio(o.mb, f.mb)]));
  row.push(...(!p ? ['not run', '', ''] : p.error ? [`error: ${p.error}`, '', ''] : [sec(p.ms), mb(p.mb), o.error ? '' : ratio(p.ms, o.ms)]));
  row.push(...(!g ? ['not run', '', ''] : g.error ? [`error: ${g.error}`, '', ''] : [sec(g.ms), mb(g.mb), o.error ? '' : ratio(g.ms, o.ms)]));
  if (baseCli) row.push(...baseColumns(summarise(samples.base), f, o));
  if (same) {
    const i = summarise(samples.same);
    row.push(...(i.error ? [`error: ${i.error}`, '', ''] : [sec(i.ms), f.error ? '' : ratio(i.ms, f.ms), f.error || o.error ? '' : ratio(o.ms - i.ms, f.ms)]));
  }
  if (one) {
    const e = samples.one.length ? summarise(samples.one) : undefined;
    row.push(...(!e ? ['not run', ''] : e.error ? [`error: ${e.error}`, ''] : [sec(e.ms), f.error ? '' : ratio(e.ms, f.ms)]));
  }
  if (gt) {
    const t = samples.gt.length ? summarise(samples.gt) : undefined;
    row.push(...(!t ? ['not run (multi-file)', ''] : t.error ? [`error: ${t.error}`, ''] : [sec(t.ms), f.error ? '' : ratio(t.ms, f.ms)]));
  }
  rows.push(row);
  console.log(row.join('\t'));
}

// history: every revision of one API, in one process, against parsing the same files once.
const pagerduty = path.join(shared, 'pagerduty');
if (process.env.HISTORY !== '0' && existsSync(pagerduty)) {
  const revisions = readdirSync(pagerduty).filter((n) => /^\d{4}-\d{2}-\d{2}.*\.(json|ya?ml)$/.test(n)).map((n) => path.join(pagerduty, n));
  const samples = { floor: [], ours: [], base: [] };
  for (let i = 0; i < runs; i++) {
    samples.floor.push(measure(process.execPath, [floor, ...revisions]));
    if (baseCli) samples.base.push(measure(process.execPath, [baseCli, 'history', pagerduty, '--format', 'json']));
    samples.ours.push(measure(process.execPath, [cli, 'history', pagerduty, '--format', 'json']));
  }
  const f = summarise(samples.floor);
  const o = summarise(samples.ours);
  console.log(`history: PagerDuty, ${revisions.length} revisions (${revisions.length - 1} pairs): parse once ${f.error ?? `${sec(f.ms)} ${mb(f.mb)}`}; oasdiff-js history ${o.error ?? `${sec(o.ms)} ${mb(o.mb)}`}${f.error || o.error ? '' : `; ratio ${ratio(o.ms, f.ms)} time, ${ratio(o.cpu, f.cpu)} CPU, ${ratio(o.mb, f.mb)} RSS`}`);
  if (baseCli) {
    const [time, baseFloorTime, baseFloorCpu, oursBaseTime, oursBaseCpu] = baseColumns(summarise(samples.base), f, o);
    console.log(`history, base build: ${time}; base/floor ${baseFloorTime} time, ${baseFloorCpu} CPU; ours/base ${oursBaseTime} time, ${oursBaseCpu} CPU`);
  }
}
