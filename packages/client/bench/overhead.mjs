#!/usr/bin/env node
// Client overhead per request: the v1 client with its defaults (retries on, 30 s deadline, auth,
// User-Agent, X-API-Version) against a bare `fetch` of the same URL with the same headers, both to one
// loopback server, in one process. Two more sides explain the result: a bare fetch with a
// hand-written deadline (an AbortSignal, what any cancellable request costs in undici) and the
// client with `timeoutMs: Infinity` (no signal attached).
//
//   pnpm --filter @astro-api/client bench        (after `pnpm --filter @astro-api/client build`)
//
// Stability on a shared machine: blocks of the sides alternate (A B C D, then D C B A, …) so that
// drift hits all alike; each round gives one ratio per side (its wall time / bare's, same round),
// and the result is the median of those ratios, which ignores rounds where a neighbour stole the
// CPU. The server runs in a child process, so its work is not counted in the client-side CPU time.
// Environment: BENCH_ROUNDS (default 80), BENCH_BLOCK (requests per block, default 100).
import { fork } from 'node:child_process';
import { createServer } from 'node:http';
import { performance } from 'node:perf_hooks';

// A realistic small page: two tokens, as ListApiTokens returns them.
const token = (n) => ({
  id: `tok${n}`, name: `token ${n}`, description: 'bench', shortToken: `short${n}`, scope: 'ORGANIZATION', kind: 'STANDARD',
  startAt: '2026-01-01T00:00:00Z', createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z',
});

if (process.argv[2] === '--serve') {
  const page = JSON.stringify({ tokens: [token(1), token(2)], offset: 0, limit: 20, totalCount: 2 });
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(page) }).end(page));
  });
  server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
  process.on('disconnect', () => process.exit(0));
} else {
  await main();
}

async function main() {
  const { createAstroClient } = await import('../dist/v1.js');
  const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 80);
  const PER_BLOCK = Number(process.env.BENCH_BLOCK ?? 100);
  const TARGET = 1.1;

  const child = fork(new URL(import.meta.url), ['--serve'], { stdio: 'inherit' });
  const { port } = await new Promise((resolve) => child.once('message', resolve));
  const origin = `http://127.0.0.1:${port}`;
  const organizationId = 'org1';
  const url = `${origin}/v1/organizations/${organizationId}/tokens`;

  const withDefaults = createAstroClient({ token: 'bench-token', baseUrl: `${origin}/v1` });
  const withoutDeadline = createAstroClient({ token: 'bench-token', baseUrl: `${origin}/v1`, timeoutMs: Infinity });
  // The bare side sends the same headers as the client (auth, User-Agent, X-API-Version).
  const { SPEC_VERSION } = await import('../dist/v1.js');
  const { PACKAGE_VERSION } = await import('../dist/generated/version.gen.js');
  const headers = {
    authorization: 'Bearer bench-token',
    'user-agent': `astro-api-client/${PACKAGE_VERSION} node/${process.versions.node}`,
    'x-api-version': SPEC_VERSION,
  };
  const check = (body) => {
    if (body?.tokens.length !== 2) throw new Error('bad body');
  };
  const list = (client) => client.GET('/organizations/{organizationId}/tokens', { params: { path: { organizationId } } });
  const sides = {
    bare: async () => check(await (await fetch(url, { headers })).json()),
    'bare + deadline': async () => {
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), 30_000);
      check(await (await fetch(url, { headers, signal: controller.signal })).json());
      clearTimeout(timer);
    },
    client: async () => check((await list(withDefaults)).data),
    'client, no deadline': async () => check((await list(withoutDeadline)).data),
  };
  const names = Object.keys(sides);

  async function block(name) {
    const cpu = process.cpuUsage();
    const start = performance.now();
    for (let i = 0; i < PER_BLOCK; i++) await sides[name]();
    const wall = performance.now() - start;
    const { user, system } = process.cpuUsage(cpu);
    return { wall, cpu: (user + system) / 1000 };
  }

  // Warm-up: JIT, keep-alive sockets.
  for (let i = 0; i < 3; i++) for (const name of names) await block(name);

  const total = Object.fromEntries(names.map((name) => [name, { wall: 0, cpu: 0, ratios: [] }]));
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? names : [...names].reverse();
    const result = {};
    for (const name of order) result[name] = await block(name);
    for (const name of names) {
      total[name].wall += result[name].wall;
      total[name].cpu += result[name].cpu;
      total[name].ratios.push(result[name].wall / result.bare.wall);
    }
  }
  child.disconnect();

  const n = ROUNDS * PER_BLOCK;
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const us = (ms) => `${((ms / n) * 1000).toFixed(1)} µs`.padStart(9);
  console.log(`requests per side: ${n} (${ROUNDS} rounds × ${PER_BLOCK}), node ${process.versions.node}`);
  console.log(`${'side'.padEnd(20)} ${'wall'.padStart(9)} ${'CPU'.padStart(9)}  ratio to bare (wall median of rounds / wall overall / CPU)`);
  for (const name of names) {
    const side = total[name];
    const ratios = [median(side.ratios), side.wall / total.bare.wall, side.cpu / total.bare.cpu].map((r) => `${r.toFixed(3)}×`);
    console.log(`${name.padEnd(20)} ${us(side.wall)} ${us(side.cpu)}  ${ratios.join(' / ')}`);
  }
  const ratio = median(total.client.ratios);
  console.log(`overhead ratio, client with defaults vs bare fetch (median of ${ROUNDS} round ratios): ${ratio.toFixed(3)}× (target ≤ ${TARGET}×: ${ratio <= TARGET ? 'met' : 'NOT met'})`);
}
