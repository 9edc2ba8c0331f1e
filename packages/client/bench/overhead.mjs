#!/usr/bin/env node
// Client overhead per request: the v1 client with its defaults (retries on, 30 s deadline, auth,
// User-Agent, X-API-Version) against a bare `fetch` of the same URL with the same headers, both to one
// loopback server, in one process. Two more sides explain the result: a bare fetch with a
// hand-written deadline (an AbortController's signal, what any cancellable request costs in undici;
// the client's own deadline uses a lighter signal, src/abort.ts) and the client with
// `timeoutMs: Infinity` (no signal attached).
//
//   pnpm --filter @astro-api/client bench        (after `pnpm --filter @astro-api/client build`)
//
// Stability on a shared machine: the sides are interleaved request by request (rotating order), each
// request is timed alone, and the result is the ratio of the median latencies, which ignores the
// requests a neighbour process delayed. The server runs in a child process, so its work is not
// counted in the client-side CPU time.
// Environment: BENCH_ROUNDS × BENCH_BLOCK requests per side (defaults 80 × 100).
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

  // Each request is timed on its own, the sides interleaved request by request in a rotating order,
  // so a neighbour stealing the CPU for a few milliseconds spoils single samples of every side alike,
  // and the per-side median ignores them. CPU time is measured per side over the whole run.
  const latency = Object.fromEntries(names.map((name) => [name, new Float64Array(ROUNDS * PER_BLOCK)]));
  const cpu = Object.fromEntries(names.map((name) => [name, 0]));
  async function one(name, slot) {
    const before = process.cpuUsage();
    const start = performance.now();
    await sides[name]();
    const elapsed = performance.now() - start;
    const { user, system } = process.cpuUsage(before);
    if (slot >= 0) {
      latency[name][slot] = elapsed;
      cpu[name] += user + system;
    }
  }

  // Warm-up: JIT, keep-alive sockets.
  for (let i = 0; i < 300; i++) for (const name of names) await one(name, -1);

  for (let i = 0; i < ROUNDS * PER_BLOCK; i++) {
    for (let k = 0; k < names.length; k++) await one(names[(i + k) % names.length], i);
  }
  child.disconnect();

  const n = ROUNDS * PER_BLOCK;
  const sorted = Object.fromEntries(names.map((name) => [name, [...latency[name]].sort((a, b) => a - b)]));
  const quantile = (name, q) => sorted[name][Math.floor(q * (n - 1))];
  const us = (ms) => `${(ms * 1000).toFixed(1)} µs`.padStart(9);
  console.log(`requests per side: ${n}, interleaved one by one; node ${process.versions.node}`);
  console.log(`${'side'.padEnd(20)} ${'median'.padStart(9)} ${'p25'.padStart(9)} ${'p75'.padStart(9)} ${'CPU/req'.padStart(9)}  ratio to bare (median latency / CPU)`);
  for (const name of names) {
    const ratios = [quantile(name, 0.5) / quantile('bare', 0.5), cpu[name] / cpu.bare].map((r) => `${r.toFixed(3)}×`);
    console.log(`${name.padEnd(20)} ${us(quantile(name, 0.5))} ${us(quantile(name, 0.25))} ${us(quantile(name, 0.75))} ${us(cpu[name] / n / 1000)}  ${ratios.join(' / ')}`);
  }
  const ratio = quantile('client', 0.5) / quantile('bare', 0.5);
  console.log(`overhead ratio, client with defaults vs bare fetch (median latency): ${ratio.toFixed(3)}× (target ≤ ${TARGET}×: ${ratio <= TARGET ? 'met' : 'NOT met'})`);
}
