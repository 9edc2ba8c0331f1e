import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { XMLParser } from 'fast-xml-parser';
import { createAstroClient } from '@astro-api/client/v1';
import { DRIFTS, startMockServer, startValidatingProxy, type MockServer } from '@astro-api/mock-server';
import { runConformance, type Finding, type RunReport } from '../src/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const BIN = path.resolve(here, '../bin/astro-api-contract.js');
const APIS = ['v1', 'v1beta1-iam', 'v1beta1-platform'] as const;
/** The IAM API lists no Deployments; its Deployment-scoped reads are given the seed Deployment. */
const IDS: Record<string, Record<string, string>> = { 'v1beta1-iam': { deploymentId: 'clx5g6h7j000208mn3k4l5z6x' } };

/**
 * What each planted drift must be reported as: the operation and the spec pointer of the rule broken.
 * Written from the spec, not from the tools' output: GetWorkspace's body lacks a property the Workspace
 * schema requires; ListWorkspaces' totalCount breaks the `type` of that property; GetOrganization's 203 is
 * not among the operation's responses; ListUsers' status value is not in the User status enum; ListRoles'
 * 200 is declared with JSON content only.
 */
const EXPECTED: Record<string, { apis: string[]; pointer: string; message: RegExp }> = {
  GetWorkspace: { apis: ['v1', 'v1beta1-platform'], pointer: '/components/schemas/Workspace/required', message: /createdAt/ },
  ListWorkspaces: { apis: ['v1', 'v1beta1-platform'], pointer: '/components/schemas/WorkspacesPaginated/properties/totalCount/type', message: /totalCount/ },
  GetOrganization: { apis: ['v1', 'v1beta1-platform'], pointer: '/paths/~1organizations~1{organizationId}/get/responses', message: /203/ },
  ListUsers: { apis: ['v1', 'v1beta1-iam'], pointer: '/components/schemas/User/properties/status/enum', message: /status/ },
  ListRoles: { apis: ['v1', 'v1beta1-iam'], pointer: '/paths/~1organizations~1{organizationId}~1roles/get/responses/200/content', message: /text\/plain/ },
};

const key = (f: Pick<Finding, 'operationId' | 'pointer' | 'kind'>) => `${f.operationId} ${f.kind} #${f.pointer}`;
const keys = (findings: readonly Finding[]) => [...new Set(findings.map(key))].sort();

const mocks: MockServer[] = [];
const folders: string[] = [];
afterAll(async () => {
  await Promise.all(mocks.map((m) => m.close()));
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});
async function mock(api: string, drift = false): Promise<MockServer> {
  const m = await startMockServer({ api, drift, selfCheck: true });
  mocks.push(m);
  return m;
}
const run = (m: MockServer, api: string, extra: Partial<Parameters<typeof runConformance>[0]> = {}) =>
  runConformance({ baseUrl: m.url, token: m.bootstrapToken, organizationId: m.organizationId, api, ids: IDS[api], ...extra });

describe('the drift table matches what the tests expect', () => {
  it('every planted drift has an expectation and the reverse', () => {
    expect(DRIFTS.map((d) => d.operationId).sort()).toEqual(Object.keys(EXPECTED).sort());
  });
});

describe.each(APIS)('conformance run against the mock: %s', (api) => {
  it('a clean mock: every read and every write of the flows exercised with 2xx, zero findings', async () => {
    const m = await mock(api);
    // A real Organization has agent tokens to read; the fresh mock has none, so one is made first.
    if (api !== 'v1beta1-platform') {
      const made = await fetch(`${m.url}/organizations/${m.organizationId}/deployments/${IDS['v1beta1-iam']!.deploymentId}/agent-tokens`, {
        method: 'POST',
        headers: { authorization: `Bearer ${m.bootstrapToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'fixture' }),
      });
      expect(made.status).toBe(200);
    }
    const report = await run(m, api, { allowWrites: true });
    console.log(`[conformance] ${api}: ${report.summary.exercised}/${report.summary.operations} operations exercised, ${report.summary.passed} passed, ${report.findings.length} findings, ${report.requests} requests`);
    expect(report.findings).toEqual([]);
    expect(report.leftovers).toEqual([]);
    const exercised = report.operations.filter((r) => r.statuses.length > 0);
    for (const r of exercised) expect(r.statuses.every((s) => s >= 200 && s < 300), `${r.operationId} ${r.statuses}`).toBe(true);
    // Every read of the spec was exercised (none skipped for want of an ID), and the mock agrees it served them.
    const reads = report.operations.filter((r) => r.access === 'read');
    expect(reads.filter((r) => r.statuses.length === 0).map((r) => `${r.operationId}: ${r.reason}`)).toEqual([]);
    for (const r of exercised) expect(m.exercised.has(r.operationId), r.operationId).toBe(true);
    expect(m.selfCheckFailures).toEqual([]);
  });

  it('a drifting mock: every planted drift found with its operation and pointer, nothing else', async () => {
    const m = await mock(api, true);
    const report = await run(m, api);
    const expected = Object.entries(EXPECTED).filter(([, e]) => e.apis.includes(api));
    expect(keys(report.findings)).toEqual(expected.map(([operationId, e]) => key({ operationId, kind: 'violation', pointer: e.pointer })).sort());
    for (const [operationId, e] of expected) {
      const found = report.findings.filter((f) => f.operationId === operationId);
      expect(found.every((f) => e.message.test(f.message) && f.revision === report.revision && f.api === api), JSON.stringify(found)).toBe(true);
    }
    expect(report.summary.withViolations).toBe(expected.length);
  });
});

describe('writes leave nothing behind', () => {
  const listAll = async (m: MockServer) => {
    const get = async (p: string, field: string) => {
      const res = await fetch(`${m.url}/organizations/${m.organizationId}/${p}?limit=1000`, { headers: { authorization: `Bearer ${m.bootstrapToken}` } });
      expect(res.status).toBe(200);
      return ((await res.json()) as Record<string, Array<{ id: string }>>)[field]!.map((x) => x.id).sort();
    };
    return { tokens: await get('tokens', 'tokens'), workspaces: await get('workspaces', 'workspaces'), environmentObjects: await get('environment-objects', 'environmentObjects') };
  };

  it('the mock lists the same tokens, Workspaces and environment objects before and after a run with writes', async () => {
    const m = await mock('v1');
    const before = await listAll(m);
    const report = await run(m, 'v1', { allowWrites: true, runId: 'leak0check' });
    for (const id of ['CreateApiToken', 'DeleteApiToken', 'CreateWorkspace', 'DeleteWorkspace', 'CreateEnvironmentObject', 'DeleteEnvironmentObject']) {
      expect(report.operations.find((r) => r.operationId === id)!.statuses, id).toEqual([id.startsWith('Delete') ? 204 : 200]);
    }
    expect(await listAll(m)).toEqual(before);
    expect(report.leftovers).toEqual([]);
  });

  it('a failed step still cleans up in finally; what cannot be deleted is listed by its prefixed name', async () => {
    const m = await mock('v1');
    const before = await listAll(m);
    // The environment object's update fails (a thrown connection error) and the Workspace refuses deletion.
    const faulty: typeof fetch = async (input, init) => {
      const url = String(input);
      if (init?.method === 'POST' && /environment-objects\/[^/]+$/.test(url)) throw new TypeError('fetch failed');
      if (init?.method === 'DELETE' && /workspaces\/[^/]+$/.test(url)) return new Response(JSON.stringify({ message: 'no', requestId: 'r', statusCode: 500 }), { status: 500, headers: { 'content-type': 'application/json' } });
      return fetch(input, init);
    };
    await expect(run(m, 'v1', { allowWrites: true, runId: 'faulty1', fetch: faulty })).rejects.toThrow(/^cannot reach .*; could not delete: Workspace astro-api-contract-faulty1-workspace \(id /);
    const after = await listAll(m);
    // The token flow finished; the environment object was deleted by the cleanup; the Workspace stayed.
    expect(after.tokens).toEqual(before.tokens);
    expect(after.environmentObjects).toEqual(before.environmentObjects);
    expect(after.workspaces.length).toBe(before.workspaces.length + 1);
    const report = await run(m, 'v1', { allowWrites: true, runId: 'faulty2', fetch: async (input, init) => (init?.method === 'DELETE' && /workspaces\/[^/]+$/.test(String(input)) ? new Response(null, { status: 500 }) : fetch(input, init)) });
    expect(report.leftovers).toEqual([expect.stringMatching(/^Workspace astro-api-contract-faulty2-workspace \(id \S+\)$/)]);
  });
});

describe('rate limits and the request bound', () => {
  it('waits out a 429 for as long as Retry-After says, then goes on', async () => {
    const m = await mock('v1beta1-iam');
    const waits: number[] = [];
    let limited = 0;
    const report = await run(m, 'v1beta1-iam', {
      sleep: async (ms) => void waits.push(ms),
      fetch: async (input, init) => {
        if (limited < 2 && String(input).endsWith('/roles')) {
          limited++;
          return new Response('{}', { status: 429, headers: { 'retry-after': '3', 'content-type': 'application/json' } });
        }
        return fetch(input, init);
      },
    });
    expect(waits).toEqual([3000, 3000]);
    expect(report.operations.find((r) => r.operationId === 'ListRoles')!.statuses).toEqual([200]);
    expect(report.findings).toEqual([]);
  });

  it('--max-requests: never more requests than the bound; the rest reported as not run', async () => {
    const m = await mock('v1');
    let sent = 0;
    const report = await run(m, 'v1', { maxRequests: 4, allowWrites: true, fetch: (input, init) => (sent++, fetch(input, init)) });
    expect(sent).toBe(4);
    expect(report.requests).toBe(4);
    expect(report.operations.filter((r) => r.statuses.length > 0)).toHaveLength(4);
    expect(report.summary.notRun).toBeGreaterThan(0);
    expect(report.operations.find((r) => r.operationId === 'CreateWorkspace')!.outcome).toBe('not-run');
  });
});

describe('the validating proxy', () => {
  /** Drives the generated client through the proxy over every read the drift table names, plus some clean ones. */
  const drive = async (url: string, m: MockServer) => {
    const client = createAstroClient({ baseUrl: url, token: m.bootstrapToken, retry: false });
    const org = { organizationId: m.organizationId };
    await client.GET('/organizations/{organizationId}', { params: { path: org } });
    const workspaces = await client.GET('/organizations/{organizationId}/workspaces', { params: { path: org } });
    const workspaceId = String((workspaces.data as { workspaces?: Array<{ id: string }> } | undefined)?.workspaces?.[0]?.id ?? 'clx8p9o0i000108mr6y7u8i9o');
    await client.GET('/organizations/{organizationId}/workspaces/{workspaceId}', { params: { path: { ...org, workspaceId } } });
    await client.GET('/organizations/{organizationId}/users', { params: { path: org } });
    await client.GET('/organizations/{organizationId}/roles', { params: { path: org }, parseAs: 'text' });
    await client.GET('/organizations/{organizationId}/teams', { params: { path: org } });
    await client.GET('/organizations/{organizationId}/deployments', { params: { path: org } });
    // A request the spec refuses: a Workspace without its required name.
    await client.POST('/organizations/{organizationId}/workspaces', { params: { path: org }, body: { description: 'no name' } as never });
  };

  it('reports the same findings as the runner for the drift mock, and none for a clean mock (apart from the bad request)', async () => {
    const drifting = await mock('v1', true);
    const folder = mkdtempSync(path.join(tmpdir(), 'contract-proxy-'));
    folders.push(folder);
    const lines: string[] = [];
    const proxy = await startValidatingProxy({ upstream: drifting.url, api: 'v1', log: (line) => lines.push(line), report: path.join(folder, 'proxy.json') });
    await drive(proxy.url, drifting);
    const report = await proxy.close();
    const runner = await run(drifting, 'v1');
    const responseFindings = report.findings.filter((f) => f.direction === 'response');
    expect(keys(responseFindings as Finding[])).toEqual(keys(runner.findings));
    const requestSide = report.findings.filter((f) => f.direction === 'request');
    expect(requestSide.map((f) => `${f.operationId} #${f.pointer}: ${f.message}`)).toEqual(['CreateWorkspace #/paths/~1organizations~1{organizationId}~1workspaces/post/requestBody/content/application~1json/schema: name must have required property \'name\'']);
    expect(JSON.parse(readFileSync(path.join(folder, 'proxy.json'), 'utf8')).findings).toHaveLength(report.findings.length);
    const all = lines.join('\n') + readFileSync(path.join(folder, 'proxy.json'), 'utf8');
    expect(all).toContain('#/components/schemas/Workspace/required');
    for (const piece of pieces(drifting.bootstrapToken)) expect(all).not.toContain(piece);

    const clean = await mock('v1');
    const cleanProxy = await startValidatingProxy({ upstream: clean.url, api: 'v1' });
    await drive(cleanProxy.url, clean);
    expect((await cleanProxy.close()).findings.filter((f) => f.direction === 'response')).toEqual([]);
  });
});

describe('unknown fields', () => {
  it('the proxy and the runner report the same unknown field, apart from violations', async () => {
    const m = await mock('v1');
    const withExtra: typeof fetch = async (input, init) => {
      const res = await fetch(input, init);
      if (!/\/workspaces\/[^/?]+$/.test(String(input)) || res.status !== 200) return res;
      const body = (await res.json()) as Record<string, unknown>;
      return new Response(JSON.stringify({ ...body, shoeSize: 44 }), { status: 200, headers: res.headers });
    };
    const proxy = await startValidatingProxy({ upstream: m.url, fetch: withExtra });
    const client = createAstroClient({ baseUrl: proxy.url, token: m.bootstrapToken, retry: false });
    const read = await client.GET('/organizations/{organizationId}/workspaces/{workspaceId}', { params: { path: { organizationId: m.organizationId, workspaceId: 'clx8p9o0i000108mr6y7u8i9o' } } });
    expect(read.response.status).toBe(200);
    const fromProxy = (await proxy.close()).findings;
    const fromRunner = (await run(m, 'v1', { fetch: withExtra })).findings;
    const expected = ['GetWorkspace unknown-field #/components/schemas/Workspace'];
    expect(keys(fromProxy as Finding[])).toEqual(expected);
    expect(keys(fromRunner)).toEqual(expected);
    expect(fromProxy[0]!.message).toBe(fromRunner[0]!.message);
  });
});

/** A port nothing listens on (bound, then released). */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Every 8-character piece of a secret. */
function pieces(secret: string): string[] {
  const out: string[] = [];
  for (let i = 0; i + 8 <= secret.length; i++) out.push(secret.slice(i, i + 8));
  return out;
}

function cli(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, cwd: path.resolve(here, '../../..') }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('the astro-api-contract command', () => {
  const TOKEN = `astro_${randomBytes(24).toString('hex')}`;

  it('exit 0 against a clean mock, 1 against the drift mock; the token is in no output or report', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'contract-cli-'));
    folders.push(folder);
    const clean = await startMockServer({ api: 'v1', bootstrapToken: TOKEN });
    const drifting = await startMockServer({ api: 'v1', bootstrapToken: TOKEN, drift: true });
    mocks.push(clean, drifting);
    const args = (m: MockServer, name: string) => ['--base-url', m.url, '--organization', m.organizationId, '--token-env', 'CONTRACT_TOKEN', '--allow-writes', '--json', path.join(folder, `${name}.json`), '--junit', path.join(folder, `${name}.xml`)];
    const ok = await cli(args(clean, 'clean'), { CONTRACT_TOKEN: TOKEN });
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/\| violations\s+\|\s+0 \|/);
    const bad = await cli(args(drifting, 'drift'), { CONTRACT_TOKEN: TOKEN });
    expect(bad.code, bad.stderr).toBe(1);
    const json = JSON.parse(readFileSync(path.join(folder, 'drift.json'), 'utf8')) as RunReport;
    expect(keys(json.findings)).toEqual(Object.entries(EXPECTED).map(([operationId, e]) => key({ operationId, kind: 'violation', pointer: e.pointer })).sort());
    const junit = new XMLParser({ ignoreAttributes: false }).parse(readFileSync(path.join(folder, 'drift.xml'), 'utf8'));
    const cases = junit.testsuites.testsuite.testcase as Array<Record<string, unknown>>;
    expect(cases.filter((c) => c.failure !== undefined).map((c) => String(c['@_name']).split(' ')[0]).sort()).toEqual(Object.keys(EXPECTED).sort());
    const everything = [ok.stdout, ok.stderr, bad.stdout, bad.stderr, ...['clean.json', 'clean.xml', 'drift.json', 'drift.xml'].map((f) => readFileSync(path.join(folder, f), 'utf8'))].join('\n');
    for (const piece of pieces(TOKEN)) expect(everything).not.toContain(piece);
  });

  it('exit 2 with one line for usage and connection errors; --dry-run sends nothing', async () => {
    const closed = await freePort();
    const refused = await cli(['--base-url', `http://127.0.0.1:${closed}/v1`, '--organization', 'org'], { ASTRO_API_TOKEN: TOKEN });
    expect(refused.code).toBe(2);
    expect(refused.stderr.trim().split('\n')).toEqual([`astro-api-contract: cannot reach http://127.0.0.1:${closed}: ECONNREFUSED`]);
    for (const bad of [['--organization', 'o'], ['--base-url', 'ftp://x', '--organization', 'o'], ['--base-url', 'http://x/v1', '--organization', 'o', '--max-requests', '0'], ['--nope']]) {
      const r = await cli(bad, { ASTRO_API_TOKEN: TOKEN });
      expect(r.code, bad.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), bad.join(' ')).toHaveLength(1);
    }
    const noToken = await cli(['--base-url', 'http://127.0.0.1:1/v1', '--organization', 'o', '--token-env', 'UNSET_CONTRACT_TOKEN'], {});
    expect(noToken.stderr).toMatch(/UNSET_CONTRACT_TOKEN/);
    const m = await mock('v1');
    const dry = await cli(['--base-url', m.url, '--organization', m.organizationId, '--dry-run', '--allow-writes'], { ASTRO_API_TOKEN: m.bootstrapToken });
    expect(dry.code).toBe(0);
    expect(m.exercised.size).toBe(0);
    expect(dry.stdout).toMatch(/write\s+DELETE\s+\/organizations\/\{organizationId\}\/workspaces\/\{workspaceId\}/);
  });
});
