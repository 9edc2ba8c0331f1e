// Load check: a bounded burst of concurrent requests on loopback. Not a test; prints numbers.
// Usage: pnpm --filter @astro-api/mock-server bench   (after build)
import autocannon from 'autocannon';
import { startMockServer } from '../dist/index.js';

const CONNECTIONS = 50;
const READS = 10_000;
const CREATES = 1_000;

const mock = await startMockServer({ api: 'v1', selfCheck: false });
const headers = { authorization: `Bearer ${mock.bootstrapToken}`, 'content-type': 'application/json' };
const tokensUrl = `${mock.url}/organizations/${mock.organizationId}/tokens`;
let failed = false;

function report(name, result) {
  const problems = result.errors + result.timeouts + result.non2xx;
  console.log(
    `${name}: ${result.requests.total} requests, ${CONNECTIONS} connections, ` +
      `${Math.round(result.requests.total / ((result.finish - result.start) / 1000))} req/s (total / wall time), latency p50 ${result.latency.p50} ms / p99 ${result.latency.p99} ms, ` +
      `errors ${result.errors}, timeouts ${result.timeouts}, non-2xx ${result.non2xx}`,
  );
  if (problems > 0) failed = true;
}

// 1. Reads: authenticated ListApiTokens (hash lookup, Ajv query validation, serialisation).
report('ListApiTokens burst', await autocannon({ url: `${tokensUrl}?limit=20`, connections: CONNECTIONS, amount: READS, headers }));

// 2. Writes: CreateApiToken from many connections at once; then every token must be listed.
let sequence = 0;
const created = await autocannon({
  url: tokensUrl,
  method: 'POST',
  connections: CONNECTIONS,
  amount: CREATES,
  headers,
  requests: [{ setupRequest: (request) => ({ ...request, body: JSON.stringify({ name: `load-${sequence++}`, role: 'ORGANIZATION_MEMBER', scope: 'ORGANIZATION' }) }) }],
});
report('CreateApiToken burst', created);

const names = new Set();
let total = 0;
for (let offset = 0; ; offset += 1000) {
  const page = await (await fetch(`${tokensUrl}?limit=1000&offset=${offset}`, { headers })).json();
  total = page.totalCount;
  for (const token of page.tokens) if (token.name.startsWith('load-')) names.add(token.name);
  if (page.tokens.length < 1000) break;
}
const expected = CREATES + 1; // plus the bootstrap token
console.log(`tokens after the burst: totalCount ${total} (expected ${expected}), distinct load tokens listed ${names.size} (expected ${CREATES})`);
if (total !== expected || names.size !== CREATES) failed = true;

await mock.close();
console.log(failed ? 'LOAD CHECK FAILED' : 'load check passed: no errors, no lost tokens');
process.exitCode = failed ? 1 : 0;
