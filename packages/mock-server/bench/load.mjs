// Load check: bounded bursts of concurrent requests on loopback. Not a test; prints numbers.
// Usage: pnpm --filter @astro-api/mock-server bench   (after build)
import autocannon from 'autocannon';
import { startMockServer } from '../dist/index.js';

const CONNECTIONS = 50;
const READS = 10_000;
const CREATES = 1_000;
const DEPLOYS = 1_000;
/** Tokens in the store before the sorted-listing burst (the issue measured 29 req/s at 96,000; the cap is 10,000). */
const FILL_TO = 9_000;

const mock = await startMockServer({ api: 'v1', selfCheck: false });
const headers = { authorization: `Bearer ${mock.bootstrapToken}`, 'content-type': 'application/json' };
const org = `${mock.url}/organizations/${mock.organizationId}`;
const tokensUrl = `${org}/tokens`;
let failed = false;

function report(name, result) {
  const problems = result.errors + result.timeouts + result.non2xx;
  console.log(
    `${name}: ${result.requests.total} requests, ${result.connections} connections, ` +
      `${Math.round(result.requests.total / ((result.finish - result.start) / 1000))} req/s (total / wall time), latency p50 ${result.latency.p50} ms / p99 ${result.latency.p99} ms, ` +
      `errors ${result.errors}, timeouts ${result.timeouts}, non-2xx ${result.non2xx}`,
  );
  if (problems > 0) failed = true;
}

async function post(url, body) {
  const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${url} answered ${res.status}: ${await res.text()}`);
  return res.json();
}

// 1. Reads: authenticated ListApiTokens (hash lookup, Ajv query validation, serialisation).
report('ListApiTokens burst', await autocannon({ url: `${tokensUrl}?limit=20`, connections: CONNECTIONS, amount: READS, headers }));

// 2. Writes: CreateApiToken from many connections at once; then every token must be listed.
let sequence = 0;
report(
  'CreateApiToken burst',
  await autocannon({
    url: tokensUrl,
    method: 'POST',
    connections: CONNECTIONS,
    amount: CREATES,
    headers,
    requests: [{ setupRequest: (request) => ({ ...request, body: JSON.stringify({ name: `load-${sequence++}`, role: 'ORGANIZATION_MEMBER', scope: 'ORGANIZATION' }) }) }],
  }),
);
const names = new Set();
let total = 0;
for (let offset = 0; ; offset += 1000) {
  const page = await (await fetch(`${tokensUrl}?limit=1000&offset=${offset}`, { headers })).json();
  total = page.totalCount;
  for (const token of page.tokens) if (token.name.startsWith('load-')) names.add(token.name);
  if (page.tokens.length < 1000) break;
}
console.log(`tokens after the burst: totalCount ${total} (expected ${CREATES + 1}), distinct load tokens listed ${names.size} (expected ${CREATES})`);
if (total !== CREATES + 1 || names.size !== CREATES) failed = true;

// 3. Deploys: CreateDeploy on one Deployment from many connections at once; every deploy must be listed.
const workspace = await post(`${org}/workspaces`, { name: 'load' });
const deployment = await post(`${org}/deployments`, { name: 'load', workspaceId: workspace.id, type: 'STANDARD', isDagDeployEnabled: true, executor: 'ASTRO', cloudProvider: 'AWS', region: 'us-east-1', astroRuntimeVersion: '12.0.0', schedulerSize: 'SMALL', isHighAvailability: false, isCicdEnforced: false, defaultTaskPodCpu: '0.25', defaultTaskPodMemory: '0.5Gi', resourceQuotaCpu: '10', resourceQuotaMemory: '20Gi', workloadIdentity: 'x', isDevelopmentMode: false }).catch(() => undefined);
const deploymentId = deployment?.id ?? (await (await fetch(`${org}/deployments?limit=1`, { headers })).json()).deployments[0].id;
const deploysUrl = `${org}/deployments/${deploymentId}/deploys`;
let described = 0;
report(
  'CreateDeploy burst',
  await autocannon({
    url: deploysUrl,
    method: 'POST',
    connections: CONNECTIONS,
    amount: DEPLOYS,
    headers,
    requests: [{ setupRequest: (request) => ({ ...request, body: JSON.stringify({ type: 'IMAGE_ONLY', description: `load-${described++}` }) }) }],
  }),
);
const deploys = new Set();
for (let offset = 0; ; offset += 1000) {
  const page = await (await fetch(`${deploysUrl}?limit=1000&offset=${offset}`, { headers })).json();
  for (const deploy of page.deploys) if (deploy.description?.startsWith('load-')) deploys.add(deploy.description);
  if (page.deploys.length < 1000) break;
}
console.log(`deploys after the burst: distinct load deploys listed ${deploys.size} (expected ${DEPLOYS})`);
if (deploys.size !== DEPLOYS) failed = true;

// 4. A full store: fill to FILL_TO tokens, then list with sorts and limit=1000 while tokens keep being created.
while (total < FILL_TO) {
  await Promise.all(Array.from({ length: 50 }, (_, i) => post(tokensUrl, { name: `fill-${total + i}`, role: 'ORGANIZATION_MEMBER', scope: 'ORGANIZATION' })));
  total += 50;
}
// Pages of 1000 tokens are large answers: 10 connections, so the burst measures the server, not a 50-deep queue.
const sorted = await autocannon({ url: `${tokensUrl}?limit=1000&sorts=name:desc&sorts=createdAt:asc`, connections: 10, amount: 500, headers });
report(`ListApiTokens limit=1000 sorted, ${total}+ tokens`, sorted);
report(`ListApiTokens limit=20, ${total}+ tokens`, await autocannon({ url: `${tokensUrl}?limit=20`, connections: CONNECTIONS, amount: READS, headers }));

await mock.close();
console.log(failed ? 'LOAD CHECK FAILED' : 'load check passed: no errors, no lost tokens or deploys');
process.exitCode = failed ? 1 : 0;
