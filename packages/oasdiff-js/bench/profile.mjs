#!/usr/bin/env node
/**
 * Where a cold `oasdiff-js diff` (or `history`) spends its time: runs the CLI RUNS times (default 5)
 * as its own process under `--cpu-prof` and prints, per phase, the median of the CPU time the V8
 * sampling profiler attributes to it (inclusive: a phase counts every function it calls). Phases are
 * the engine's own functions, found by name in the bundle; `garbage collection` is V8's own entry, and
 * `start-up` is what the process spends outside `runCli` (Node's start, compiling the bundle).
 * Profiling slows a run by a few per cent; the phases are for comparing builds, not absolute times.
 *
 *   node bench/profile.mjs cloudflare            a bench pair by name (as bench/corpus.mjs prints it)
 *   node bench/profile.mjs history               `history` over the PagerDuty revisions
 *   OASDIFF_JS_CLI=file node bench/profile.mjs github    another build of the CLI
 *   TOP=30 node bench/profile.mjs box            also the 30 functions with the most self time
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { byKey } from './pairs.mjs';

const pkg = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const corpus = path.resolve(pkg, '../../../shared/corpus');
const bench = path.join(corpus, 'bench');
const cli = process.env.OASDIFF_JS_CLI ? path.resolve(process.env.OASDIFF_JS_CLI) : path.join(pkg, 'dist/bin/oasdiff-js.js');
const runs = Number(process.env.RUNS ?? 5);
const top = Number(process.env.TOP ?? 0);
const pairs = byKey;
const name = process.argv[2] ?? 'cloudflare';
const args = name === 'history' ? ['history', path.join(corpus, 'pagerduty'), '--format', 'json'] : pairs[name] ? ['diff', ...pairs[name].map((f) => path.join(bench, f)), '--format', 'json'] : undefined;
if (!args) {
  console.error(`profile: unknown pair ${name}; known: ${Object.keys(pairs).join(', ')}, history`);
  process.exit(1);
}

/** Phase → the bundle's function names whose inclusive time it is (the first found on a stack counts). */
const phases = [
  ['read files', ['readSource']],
  ['parse', ['parseUnchecked', 'parseJsonAgainst']],
  ['reference walk (shape, sizes, $refs)', ['recordAndVisitRefs']],
  ['load (all)', ['loadSide']],
  ['operations pass', ['diffOperations']],
  ['reachability build', ['ensureBuilt']],
  ['component pass', ['diffComponents']],
  ['other components + document', ['diffOtherComponents', 'diffDocument']],
  ['lifecycle', ['applyLifecycle']],
  ['classify', ['classify']],
  ['describe + render', ['describeChange', 'renderJson', 'renderHistoryJson']],
];

function analyse(file) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const hits = new Map();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    hits.set(id, (hits.get(id) ?? 0) + dt);
    total += dt;
  });
  const phase = new Map(phases.map(([p]) => [p, 0]));
  const self = new Map();
  let gc = 0;
  let inCli = 0;
  for (const [id, dt] of hits) {
    const node = byId.get(id);
    const frame = node.callFrame;
    if (frame.functionName === '(garbage collector)') gc += dt;
    const key = `${frame.functionName || '(anonymous)'} ${frame.url.split('/').pop()}:${frame.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + dt);
    const names = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) names.add(byId.get(cur).callFrame.functionName);
    if (names.has('runCli')) inCli += dt;
    for (const [p, fns] of phases) if (fns.some((f) => names.has(f))) phase.set(p, phase.get(p) + dt);
  }
  return { total, gc, startup: total - inCli - gc, phase, self };
}

const dir = mkdtempSync(path.join(tmpdir(), 'oasdiff-js-profile-'));
const results = [];
try {
  for (let i = 0; i < runs; i++) {
    const out = path.join(dir, String(i));
    const child = spawnSync(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${out}`, cli, ...args], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', maxBuffer: 1 << 26 });
    if (child.status !== 0 && child.status !== 1) throw new Error(`run failed: ${child.stderr}`);
    results.push(analyse(path.join(out, readdirSync(out)[0])));
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (us) => `${(us / 1000).toFixed(0)} ms`.padStart(8);
console.log(`${name}: ${runs} profiled runs of ${path.relative(process.cwd(), cli)}, median CPU time per phase (inclusive; GC counted apart)`);
console.log(`${ms(median(results.map((r) => r.total)))}  whole process (profiled)`);
console.log(`${ms(median(results.map((r) => r.startup)))}  start-up and module compile (outside runCli)`);
console.log(`${ms(median(results.map((r) => r.gc)))}  garbage collection`);
for (const [p] of phases) console.log(`${ms(median(results.map((r) => r.phase.get(p))))}  ${p}`);
if (top > 0) {
  const all = new Map();
  for (const r of results) for (const [k, v] of r.self) all.set(k, [...(all.get(k) ?? []), v]);
  console.log(`top ${top} by self time (median over runs where it appears):`);
  for (const [k, v] of [...all].map(([k, v]) => [k, median([...v, ...Array(runs - v.length).fill(0)])]).sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${ms(v)}  ${k}`);
}
