import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockServer, type MockServer } from '../src/index.js';
import { SEED } from '../src/seed.js';
import { httpFor } from './http.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const cli = path.resolve(here, '../dist/cli.js');

describe('one v1beta1 mock: IAM and Platform on one host, one token store', () => {
  let mock: MockServer;
  beforeAll(async () => {
    mock = await startMockServer({ api: 'v1beta1', selfCheck: true });
  });
  afterAll(async () => {
    expect(mock.selfCheckFailures).toEqual([]);
    await mock.close();
  });

  it('serves both APIs under their real base paths on one port', () => {
    const manifestPaths = mock.specs.map((s) => s.basePath);
    expect(Object.keys(mock.urls).sort()).toEqual(['v1beta1-iam', 'v1beta1-platform']);
    expect(Object.values(mock.urls).sort()).toEqual(manifestPaths.map((p) => mock.origin + p).sort());
    expect(mock.url).toBe(mock.urls['v1beta1-iam']);
  });

  it('a token made on IAM works on Platform; rotated on IAM, its old value fails on Platform', async () => {
    const iam = httpFor(mock, mock.urls['v1beta1-iam']);
    const platform = httpFor(mock, mock.urls['v1beta1-platform']);
    const workspaceId = await platform.workspace();
    const made = await iam.token({ type: 'WORKSPACE', entityId: workspaceId, role: 'WORKSPACE_OWNER' });
    expect(made.status).toBe(200);
    expect((await platform.call('GET', `${platform.org}/workspaces/${workspaceId}`, { token: made.body.token })).status).toBe(200);
    // Scope still holds across the two APIs: the token acts in its Workspace only.
    expect((await platform.call('GET', `${platform.org}/workspaces`, { token: made.body.token })).status).toBe(403);
    const rotated = await iam.call('POST', `${iam.org}/tokens/${made.body.id}/rotate`);
    expect((await platform.call('GET', `${platform.org}/workspaces/${workspaceId}`, { token: made.body.token })).status).toBe(401);
    expect((await platform.call('GET', `${platform.org}/workspaces/${workspaceId}`, { token: rotated.body.token })).status).toBe(200);
    // IAM checks Workspaces against what Platform stores: an unknown one is 404, as on the real host.
    expect((await iam.token({ type: 'WORKSPACE', entityId: 'clmnosuchworkspace0000001', role: 'WORKSPACE_MEMBER' })).status).toBe(404);
  });

  it('the separate v1beta1-iam / v1beta1-platform options still serve one API each', async () => {
    const iamOnly = await startMockServer({ api: 'v1beta1-iam' });
    try {
      expect(iamOnly.specs.map((s) => s.api)).toEqual(['v1beta1-iam']);
      expect(iamOnly.url).toBe(`${iamOnly.origin}/iam/v1beta1`);
      expect((await fetch(`${iamOnly.origin}/platform/v1beta1/organizations/${iamOnly.organizationId}`, { headers: { authorization: `Bearer ${iamOnly.bootstrapToken}` } })).status).toBe(404);
    } finally {
      await iamOnly.close();
    }
  });

  it('astro-api-mock --api v1beta1 prints both base URLs and a token works on both', async () => {
    const child = spawn(process.execPath, [cli, '--api', 'v1beta1', '--port', '0', '--quiet', '--token', 'astro_mock_combined_cli_0001']);
    let out = '';
    try {
      const urls = await new Promise<string[]>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const found = [...out.matchAll(/listening on (\S+)/g)].map((m) => m[1]!);
          if (found.length === 2 && out.includes('bootstrap organization-owner token:')) resolve(found);
        });
        child.once('exit', (code) => reject(new Error(`exited with ${code}: ${out}`)));
      });
      expect(urls.map((u) => new URL(u).pathname).sort()).toEqual(['/iam/v1beta1', '/platform/v1beta1']);
      expect(new Set(urls.map((u) => new URL(u).port)).size).toBe(1);
      const org = /organization: (\S+)/.exec(out)![1]!;
      const headers = { authorization: 'Bearer astro_mock_combined_cli_0001', 'content-type': 'application/json' };
      const iam = urls.find((u) => u.endsWith('/iam/v1beta1'))!;
      const platform = urls.find((u) => u.endsWith('/platform/v1beta1'))!;
      const made = (await (await fetch(`${iam}/organizations/${org}/tokens`, { method: 'POST', headers, body: JSON.stringify({ name: 'cli', type: 'ORGANIZATION', role: 'ORGANIZATION_OWNER' }) })).json()) as { token: string };
      expect((await fetch(`${platform}/organizations/${org}/workspaces`, { headers: { authorization: `Bearer ${made.token}` } })).status).toBe(200);
    } finally {
      child.kill('SIGTERM');
    }
  });
});

describe('one seed for every version', () => {
  let v1: MockServer;
  let beta: MockServer;
  beforeAll(async () => {
    [v1, beta] = await Promise.all([startMockServer({ api: 'v1', selfCheck: true }), startMockServer({ api: 'v1beta1', selfCheck: true })]);
  });
  afterAll(async () => {
    expect([...v1.selfCheckFailures, ...beta.selfCheckFailures]).toEqual([]);
    await Promise.all([v1.close(), beta.close()]);
  });
  const list = async (base: string, mock: MockServer, what: string) => {
    const res = await fetch(`${base}/organizations/${mock.organizationId}${what}`, { headers: { authorization: `Bearer ${mock.bootstrapToken}` } });
    expect(res.status).toBe(200);
    return res.json();
  };
  const pick = (item: Record<string, unknown>, fields: string[]) => Object.fromEntries(fields.map((f) => [f, item[f]]));

  it('the same organization, Workspaces, Deployments, clusters, users and teams (names and IDs) in v1 and v1beta1', async () => {
    const p = beta.urls['v1beta1-platform']!;
    const i = beta.urls['v1beta1-iam']!;
    const compare = async (v1Path: string, betaBase: string, key: string | undefined, fields: string[]) => {
      const a = await list(v1.url, v1, v1Path);
      const b = await list(betaBase, beta, v1Path);
      const items = (x: any) => (key ? x[key] : [x]).map((item: Record<string, unknown>) => pick(item, fields));
      expect(items(b)).toEqual(items(a));
      return items(a);
    };
    const [org] = await compare('', p, undefined, ['id', 'name']);
    const workspaces = await compare('/workspaces', p, 'workspaces', ['id', 'name', 'description', 'organizationId']);
    const deployments = await compare('/deployments', p, 'deployments', ['id', 'name', 'description', 'workspaceId', 'workspaceName', 'clusterId', 'clusterName', 'region', 'cloudProvider', 'namespace', 'runtimeVersion', 'imageTag']);
    await compare('/clusters', p, 'clusters', ['id', 'name']);
    const users = await compare('/users', i, 'users', ['id', 'username', 'fullName', 'organizationRole', 'workspaceRoles', 'deploymentRoles']);
    await compare('/teams', i, 'teams', ['id', 'name', 'organizationRole', 'workspaceRoles', 'deploymentRoles']);
    // One source of truth, consistent with itself: the Deployment's Workspace and the users' roles name seeded entities.
    expect(org).toMatchObject({ id: SEED.organization.id, name: SEED.organization.name });
    expect(deployments[0].workspaceId).toBe(workspaces[0].id);
    expect(deployments[0].name).toBe(SEED.deployment.name);
    expect(users[0].workspaceRoles[0].workspaceId).toBe(workspaces[0].id);
    expect(users[0].deploymentRoles[0].deploymentId).toBe(deployments[0].id);
  });
});
