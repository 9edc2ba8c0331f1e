#!/usr/bin/env node
/**
 * One bench pair diffed several times in one process, each time loading both files afresh (nothing
 * shared with the time before), next to the floor's own work (read, parse, walk every node) repeated
 * the same way. The first round runs cold code, the later ones run with the JIT warm: the difference
 * says how much of a cold run is unoptimised code and how much is the work itself. Runs the library
 * modules of dist/ (`npm run build` first). Nothing here asserts a time.
 *
 *   node bench/in-process.mjs cloudflare          6 rounds (ROUNDS=n for another count)
 *   ALLOC=1 node bench/in-process.mjs cloudflare  instead, the sampling heap profiler over one cold
 *                                                 diff (both sides loaded first; collected objects
 *                                                 included): MB allocated by function, and what of it
 *                                                 is still alive at the end
 */
import { Session } from 'node:inspector/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { floorOf } from './floor.mjs';
import { benchPairs, byKey, pairKey } from './pairs.mjs';

const pkg = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bench = path.resolve(pkg, '../../../shared/corpus/bench');
const name = process.argv[2] ?? 'cloudflare';
if (!byKey[name]) {
  console.error(`in-process: unknown pair ${name}; known: ${Object.keys(byKey).join(', ')}`);
  process.exit(1);
}
const [a, b] = byKey[name].map((f) => path.join(bench, f));
const at = (file) => import(pathToFileURL(path.join(pkg, 'dist', file)).href);
const { loadSide } = await at('load/side.js');
const { diffSpecs } = await at('api.js');
const { renderJson } = await at('render/json.js');
const rounds = Number(process.env.ROUNDS ?? 6);
// A multi-file pair's floor reads its whole folder tree, as bench/corpus.mjs runs it.
if (benchPairs.find(([n]) => pairKey(n) === name)?.[3]?.tree) process.env.FLOOR_TREE = '1';
const floorOnce = () => {
  floorOf(a);
  floorOf(b);
};

/** Allocation by function over a diff (`prepare` loads both sides and returns it), collected objects included (sampled every 4 KB); then, on sides loaded again, what a diff leaves alive. */
async function allocations(prepare) {
  const session = new Session();
  session.connect();
  const sample = async (collected) => {
    const run = prepare();
    await session.post('HeapProfiler.startSampling', { samplingInterval: 4096, includeObjectsCollectedByMajorGC: collected, includeObjectsCollectedByMinorGC: collected });
    const result = run();
    const { profile } = await session.post('HeapProfiler.stopSampling');
    // Read after the profile is taken, so that the result is alive while it is.
    const changes = result.changes.length;
    const by = new Map();
    let total = 0;
    const visit = (node) => {
      const label = `${node.callFrame.functionName || '(anonymous)'} ${node.callFrame.url.split('/').slice(-2).join('/')}`;
      by.set(label, (by.get(label) ?? 0) + node.selfSize);
      total += node.selfSize;
      for (const c of node.children) visit(c);
    };
    visit(profile.head);
    return { total, changes, top: [...by].sort((x, y) => y[1] - x[1]).slice(0, 12) };
  };
  const all = await sample(true);
  const live = await sample(false);
  session.disconnect();
  const mb = (n) => (n / 1e6).toFixed(1).padStart(6);
  console.log(`allocated over one cold diff (load excluded; ${all.changes} changes): ${mb(all.total)} MB; what a second diff, of sides loaded again, leaves alive: ${mb(live.total)} MB`);
  for (const [label, bytes] of all.top) console.log(`${mb(bytes)} MB  ${label}`);
}

if (process.env.ALLOC === '1') {
  await allocations(() => {
    const base = loadSide([a], {});
    const revision = loadSide([b], { shareWith: base });
    return () => diffSpecs(base, revision, {});
  });
  process.exit(0);
}

console.log(`${name}: ${rounds} rounds in one process, each loading both files afresh (ms)`);
for (let i = 1; i <= rounds; i++) {
  const f0 = performance.now();
  floorOnce();
  const f1 = performance.now();
  const base = loadSide([a], {});
  const revision = loadSide([b], { shareWith: base });
  const t1 = performance.now();
  const result = diffSpecs(base, revision, {});
  const t2 = performance.now();
  const text = renderJson(result);
  const t3 = performance.now();
  const ms = (x) => x.toFixed(0).padStart(4);
  console.log(`round ${i}: floor ${ms(f1 - f0)} | ours: load ${ms(t1 - f1)}, diff ${ms(t2 - t1)}, render ${ms(t3 - t2)}, total ${ms(t3 - f1)} (${result.changes.length} changes, ${text.length} characters)`);
}
