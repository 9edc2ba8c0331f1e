#!/usr/bin/env node
/**
 * In-process phase timings of one cold diff: each run is a fresh process (nothing compiled or cached
 * yet, as for the CLI) that loads both sides and runs the engine's steps in the order `diffSides` and
 * `diffSpecs` run them, timing each by the process's CPU time; the median of RUNS (default 7) per phase
 * is printed. Runs the library modules of dist/ (`npm run build` first), not the bundle, so start-up
 * is not included; bench/profile.mjs profiles the CLI as a whole. Nothing here asserts a time.
 *
 *   node bench/profile-phases.mjs cloudflare        a bench pair by name (as bench/corpus.mjs prints it)
 *   DIST=/other/dist node bench/profile-phases.mjs github    another build of the library
 *   FILES=old.json,new.json node bench/profile-phases.mjs any   two files of your own (a name for the title)
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { byKey } from './pairs.mjs';

const pkg = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bench = path.resolve(pkg, '../../../shared/corpus/bench');
const pairs = byKey;
const name = process.argv[2] ?? 'cloudflare';
if (!pairs[name] && !process.env.FILES) {
  console.error(`profile-phases: unknown pair ${name}; known: ${Object.keys(pairs).join(', ')}`);
  process.exit(1);
}
const dist = path.resolve(process.env.DIST ?? path.join(pkg, 'dist'));

if (process.env.PROFILE_PHASES_CHILD === '1') {
  const at = (file) => import(pathToFileURL(path.join(dist, file)).href);
  // CPU time of the process (user + system, all its threads): on a shared machine it moves less
  // than wall time when other processes compete for the cores.
  const cpu = () => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
  };
  const t = [cpu()];
  const times = {};
  const mark = (phase) => {
    const now = cpu();
    times[phase] = now - t[0];
    t[0] = now;
  };
  const { loadSide } = await at('load/side.js');
  const { diffOperations } = await at('diff/operations.js');
  const { reachabilityOf } = await at('diff/reachability.js');
  const { diffComponents, diffOtherComponents } = await at('diff/components.js');
  const { diffDocument } = await at('diff/document.js');
  const { applyLifecycle } = await at('diff/lifecycle.js');
  const { SchemaDiffer } = await at('diff/schema.js');
  const { classify } = await at('classify/index.js');
  const { describeChange } = await at('render/sentence.js');
  mark('import modules');
  // FILES=old,new: any two files instead of a bench pair (e.g. a file and a copy of it).
  const [a, b] = process.env.FILES ? process.env.FILES.split(',') : pairs[name].map((f) => path.join(bench, f));
  const base = loadSide(a);
  mark('load base');
  // Parsed against the base, as the CLI and diffSpecs load a revision (LoadSideOptions.shareWith).
  const revision = loadSide(b, { shareWith: base });
  mark('load revision');
  const differ = new SchemaDiffer([]);
  const operations = diffOperations(base, revision, differ, []);
  mark('operations pass');
  const reach = { base: reachabilityOf(operations.base), revision: reachabilityOf(operations.revision) };
  reach.base.parentsOf('');
  reach.revision.parentsOf('');
  mark('reachability build');
  const components = diffComponents(base, revision, differ, [], reach);
  mark('component pass');
  applyLifecycle(operations.base, operations.revision, operations.diffs, components, {});
  const document = [...diffDocument(base, revision), ...diffOtherComponents(base, revision, differ, reach)];
  mark('lifecycle, document');
  const { changes } = classify({ base: base.info, revision: revision.info, operations: operations.diffs, components, document, notes: [] });
  mark('classify');
  const text = JSON.stringify(changes.map((c) => ({ ...c, text: describeChange(c) })), null, 2);
  mark('describe + JSON');
  process.stdout.write(JSON.stringify({ times, changes: changes.length, bytes: text.length }));
} else {
  const runs = Number(process.env.RUNS ?? 7);
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), name], { env: { ...process.env, PROFILE_PHASES_CHILD: '1' }, encoding: 'utf8', maxBuffer: 1 << 26 });
    if (child.status !== 0) throw new Error(child.stderr);
    samples.push(JSON.parse(child.stdout));
  }
  const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
  console.log(`${name}: ${runs} cold processes of ${path.relative(process.cwd(), dist) || '.'}, median CPU ms per phase (${samples[0].changes} changes)`);
  const phases = Object.keys(samples[0].times);
  for (const phase of phases) console.log(`${median(samples.map((s) => s.times[phase])).toFixed(0).padStart(6)}  ${phase}`);
  const total = samples.map((s) => Object.values(s.times).reduce((x, y) => x + y, 0));
  console.log(`${median(total).toFixed(0).padStart(6)}  total (median of run totals)`);
}
