#!/usr/bin/env node
/**
 * The warm table: whole processes with the opt-in cache (`cacheDir`), against the parse floor.
 *   no cache   diffSpecs / history as today
 *   cold       the same with an empty cache folder (pays the writes)
 *   warm       again, with the folder the cold run filled
 * Runs through the library (bench/warm-run.mjs), since the CLI flag is wired separately. Interleaved,
 * median of RUNS (default 3). Nothing here asserts a time.   node bench/warm.mjs
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const pkg = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const shared = path.resolve(pkg, '../../../shared/corpus');
if (!existsSync(path.join(shared, 'bench'))) {
  console.error(`bench: ${shared} is absent; nothing to measure`);
  process.exit(0);
}
const runs = Number(process.env.RUNS ?? 3);
const floor = path.join(pkg, 'bench/floor.mjs');
const runner = path.join(pkg, 'bench/warm-run.mjs');
const bench = path.join(shared, 'bench');
const pagerduty = path.join(shared, 'pagerduty');
const cases = [
  ['stripe quarter', ['diff', path.join(bench, 'stripe/2023-06-08.yaml'), path.join(bench, 'stripe/2023-09-12.yaml')]],
  ['stripe adjacent', ['diff', path.join(bench, 'stripe/2023-09-11.yaml'), path.join(bench, 'stripe/2023-09-12.yaml')]],
  ['digitalocean', ['diff', path.join(bench, 'digitalocean/2026-05-04/specification/DigitalOcean-public.v2.yaml'), path.join(bench, 'digitalocean/2026-08-07/specification/DigitalOcean-public.v2.yaml')], { tree: true }],
  ['history PagerDuty', ['history', pagerduty]],
];

function measure(args, env = {}) {
  const t0 = performance.now();
  const child = spawnSync('/usr/bin/time', ['-f', '@@%M', process.execPath, ...args], { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env } });
  const ms = performance.now() - t0;
  const peak = /@@(\d+)\s*$/.exec(child.stderr ?? '');
  if (child.status !== 0 || !peak) throw new Error(child.stderr);
  return { ms, mb: Number(peak[1]) / 1024 };
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(['case', 'floor', 'no cache', 'cold cache', 'warm', 'warm RSS', 'warm / floor', 'warm / no cache'].join('\t'));
for (const [name, args, options = {}] of cases) {
  const floorArgs = args[0] === 'history' ? readdirSync(pagerduty).filter((n) => /^\d{4}.*\.json$/.test(n)).map((n) => path.join(pagerduty, n)) : args.slice(1);
  const s = { floor: [], plain: [], cold: [], warm: [], rss: [] };
  for (let i = 0; i < runs; i++) {
    const dir = mkdtempSync(path.join(tmpdir(), 'oasdiff-warm-'));
    try {
      s.floor.push(measure([floor, ...floorArgs], { FLOOR_TREE: options.tree ? '1' : '0' }).ms);
      s.plain.push(measure([runner, ...args]).ms);
      s.cold.push(measure([runner, ...args], { CACHE_DIR: dir }).ms);
      const warm = measure([runner, ...args], { CACHE_DIR: dir });
      s.warm.push(warm.ms);
      s.rss.push(warm.mb);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const [f, p, c, w] = [s.floor, s.plain, s.cold, s.warm].map(median);
  console.log([name, `${(f / 1000).toFixed(2)} s`, `${(p / 1000).toFixed(2)} s`, `${(c / 1000).toFixed(2)} s`, `${(w / 1000).toFixed(2)} s`, `${Math.round(median(s.rss))} MB`, `${(w / f).toFixed(2)}×`, `${(w / p).toFixed(2)}×`].join('\t'));
}
