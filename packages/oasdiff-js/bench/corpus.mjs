#!/usr/bin/env node
/**
 * Times oasdiff-js on the bench pairs of ../shared/corpus/bench and prints time and peak memory.
 * Each run is a fresh child process (so peak RSS is its own). When the peer tools are installed
 * (../shared/tools/peer-difftools/install-difftools.sh puts them in $TMPDIR/difftools; never in the
 * workspace), api-smart-diff runs on the same pair and the ratio is printed.
 *
 *   pnpm --filter oasdiff-js bench            # median of 3 runs each
 *   RUNS=1 PEER=0 pnpm --filter oasdiff-js bench
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const pkg = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bench = path.resolve(pkg, '../../../shared/corpus/bench');
if (!existsSync(bench)) {
  console.error(`bench: ${bench} is absent; nothing to measure`);
  process.exit(0);
}
const runs = Number(process.env.RUNS ?? 3);
const peerDir = path.join(process.env.TMPDIR ?? tmpdir(), 'difftools', 'api-smart-diff');
const peer = process.env.PEER !== '0' && existsSync(path.join(peerDir, 'run.mjs'));

const pairs = [
  ['stripe adjacent', 'stripe/2023-09-11.yaml', 'stripe/2023-09-12.yaml'],
  // api-smart-diff runs out of memory on this pair (peer README: 164 s), so it is not run on it.
  ['stripe quarter', 'stripe/2023-06-08.yaml', 'stripe/2023-09-12.yaml', { peer: false }],
  ['cloudflare', 'cloudflare/2024-07-12.json', 'cloudflare/2024-08-06.json'],
  ['github', 'github/2022-06-28.json', 'github/2022-07-18.json'],
  ['box', 'box/2026-02-11.json', 'box/2026-06-29.json'],
  // run.mjs reads only the root file of a multi-file spec, so a ratio would compare different work.
  ['digitalocean', 'digitalocean/2026-05-04/specification/DigitalOcean-public.v2.yaml', 'digitalocean/2026-08-07/specification/DigitalOcean-public.v2.yaml', { peer: false }],
];

// The child loads, diffs and classifies (everything but rendering), then reports wall time, peak RSS and the count.
const ours = `
  const { diffSpecs } = await import(${JSON.stringify(path.join(pkg, 'dist/index.js'))});
  const t0 = performance.now();
  const result = diffSpecs(process.argv[1], process.argv[2]);
  const ms = performance.now() - t0;
  console.log(JSON.stringify({ ms, rssMB: process.resourceUsage().maxRSS / 1024, n: result.changes.length }));
`;

function measure(args, options = {}) {
  const t0 = performance.now();
  const child = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 28, timeout: 300_000, ...options });
  const wall = performance.now() - t0;
  if (child.status !== 0) return { error: (child.stderr || child.error?.message || 'failed').split('\n')[0] };
  // Merge every JSON line the child printed (the peer prints its summary, our exit hook its peak RSS).
  const fields = child.stdout.trim().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
  return Object.assign({ wall }, ...fields);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (ms) => `${(ms / 1000).toFixed(2)} s`;

console.log(`oasdiff-js bench (${runs} run${runs === 1 ? '' : 's'} each, median; wall time includes starting node and parsing)`);
console.log(['pair', 'ours: wall', 'ours: peak RSS', 'changes', peer ? 'api-smart-diff: wall' : '', peer ? 'peer RSS' : '', peer ? 'peer changes' : '', peer ? 'ratio' : ''].filter(Boolean).join('\t'));
for (const [name, a, b, options = {}] of pairs) {
  const files = [path.join(bench, a), path.join(bench, b)];
  const mine = Array.from({ length: runs }, () => measure(['--input-type=module', '-e', ours, ...files]));
  if (mine.some((m) => m.error)) {
    console.log(`${name}\terror: ${mine.find((m) => m.error).error}`);
    continue;
  }
  const row = [name, fmt(median(mine.map((m) => m.wall))), `${Math.round(median(mine.map((m) => m.rssMB)))} MB`, String(mine[0].n)];
  if (peer && options.peer === false) row.push('not run', '', '', '');
  else if (peer) {
    const exitHook = 'data:text/javascript,process.on("exit",()=>console.log(JSON.stringify({rssMB:process.resourceUsage().maxRSS/1024})))';
    const theirs = measure(['--max-old-space-size=4096', '--import', exitHook, path.join(peerDir, 'run.mjs'), ...files], { cwd: peerDir, env: { ...process.env, SUMMARY: '1' } });
    if (theirs.error || theirs.n === undefined) row.push(`error: ${theirs.error ?? 'no result'}`, '', '', '');
    else row.push(fmt(theirs.wall), `${Math.round(theirs.rssMB)} MB`, String(theirs.n), `${(theirs.wall / median(mine.map((m) => m.wall))).toFixed(1)}×`);
  }
  console.log(row.join('\t'));
}
