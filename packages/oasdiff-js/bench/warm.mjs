#!/usr/bin/env node
/**
 * The warm table: whole processes with the opt-in cache, against the parse floor, through the library
 * (`cacheDir`, bench/warm-run.mjs) and through the CLI (`--cache-location`, the bundled bin):
 *   floor      bench/floor.mjs: read and parse the files both sides load, walk every node
 *   no cache   as without the option
 *   cold       with an empty cache folder (pays the writes)
 *   warm       again, with the folder the cold run filled (a stored pair result: no parse, no diff)
 * Every case runs the floor and the six runs in the same round, RUNS rounds (default 3), interleaved;
 * the table shows medians. Nothing here asserts a time.   RUNS=3 node bench/warm.mjs
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
const cli = path.join(pkg, 'bin/oasdiff-js.js');
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
  // `diff` exits 1 only with --fail-on, which is not given: any other code is a failure.
  if (child.status !== 0 || !peak) throw new Error(`${args.join(' ')}: ${child.stderr}`);
  return { ms, mb: Number(peak[1]) / 1024 };
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const sec = (ms) => `${(ms / 1000).toFixed(2)} s`;
console.log(`oasdiff-js warm runs, ${new Date().toISOString().slice(0, 10)}: median of ${runs} interleaved round${runs === 1 ? '' : 's'}; JSON out`);
console.log(['case', 'floor', 'lib no cache', 'lib cold', 'lib warm', 'CLI no cache', 'CLI cold', 'CLI warm', 'CLI warm RSS', 'lib warm / floor', 'CLI warm / floor'].join('\t'));
for (const [name, args, options = {}] of cases) {
  const floorArgs = args[0] === 'history' ? readdirSync(pagerduty).filter((n) => /^\d{4}.*\.json$/.test(n)).map((n) => path.join(pagerduty, n)) : args.slice(1);
  const cliArgs = [cli, ...args, '--format', 'json'];
  const s = { floor: [], plain: [], cold: [], warm: [], cliPlain: [], cliCold: [], cliWarm: [], rss: [] };
  for (let i = 0; i < runs; i++) {
    const lib = mkdtempSync(path.join(tmpdir(), 'oasdiff-warm-'));
    const viaCli = mkdtempSync(path.join(tmpdir(), 'oasdiff-warm-cli-'));
    try {
      s.floor.push(measure([floor, ...floorArgs], { FLOOR_TREE: options.tree ? '1' : '0' }).ms);
      s.plain.push(measure([runner, ...args]).ms);
      s.cold.push(measure([runner, ...args], { CACHE_DIR: lib }).ms);
      s.warm.push(measure([runner, ...args], { CACHE_DIR: lib }).ms);
      s.cliPlain.push(measure(cliArgs).ms);
      s.cliCold.push(measure([...cliArgs, '--cache-location', viaCli]).ms);
      const warm = measure([...cliArgs, '--cache-location', viaCli]);
      s.cliWarm.push(warm.ms);
      s.rss.push(warm.mb);
    } finally {
      rmSync(lib, { recursive: true, force: true });
      rmSync(viaCli, { recursive: true, force: true });
    }
  }
  const m = Object.fromEntries(Object.entries(s).map(([k, v]) => [k, median(v)]));
  console.log([name, sec(m.floor), sec(m.plain), sec(m.cold), sec(m.warm), sec(m.cliPlain), sec(m.cliCold), sec(m.cliWarm), `${Math.round(m.rss)} MB`, `${(m.warm / m.floor).toFixed(2)}×`, `${(m.cliWarm / m.floor).toFixed(2)}×`].join('\t'));
}
