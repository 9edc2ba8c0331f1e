import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockServer, type MockServer } from '../src/index.js';
import { httpFor } from './http.js';

// Token behaviour as the API-token guide and the reference pages describe it, against the current v1 revision.
describe('API tokens (v1)', () => {
  let mock: MockServer;
  let now = new Date('2026-08-01T10:00:00Z');
  let http: ReturnType<typeof httpFor>;
  let workspaceId: string;
  let deploymentId: string;

  beforeAll(async () => {
    mock = await startMockServer({ api: 'v1', selfCheck: true, now: () => now });
    http = httpFor(mock);
    workspaceId = await http.workspace();
    deploymentId = (await http.deployment(workspaceId)).id;
  });
  afterAll(async () => {
    expect(mock.selfCheckFailures).toEqual([]);
    await mock.close();
  });

  it('deployment token: create, use, rotate (old value refused at once), delete (permanent)', async () => {
    const created = await http.token({ scope: 'DEPLOYMENT', entityId: deploymentId, role: 'DEPLOYMENT_ADMIN' });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ scope: 'DEPLOYMENT', kind: 'STANDARD' });
    const first = created.body.token as string;
    expect(first).toMatch(/^astro_mock_/);

    expect((await http.call('GET', `${http.org}/deployments/${deploymentId}`, { token: first })).status).toBe(200);
    // Deployment-level permissions only: listing the organization's Deployments is refused.
    expect((await http.call('GET', `${http.org}/deployments`, { token: first })).status).toBe(403);

    const rotated = await http.call('POST', `${http.org}/tokens/${created.body.id}/rotate`);
    expect(rotated.status).toBe(200);
    const second = rotated.body.token as string;
    expect(second).not.toBe(first);
    expect(rotated.body.lastRotatedAt).toBe('2026-08-01T10:00:00Z');
    expect((await http.call('GET', `${http.org}/deployments/${deploymentId}`, { token: first })).status).toBe(401);
    expect((await http.call('GET', `${http.org}/deployments/${deploymentId}`, { token: second })).status).toBe(200);

    expect((await http.call('DELETE', `${http.org}/tokens/${created.body.id}`)).status).toBe(204);
    expect((await http.call('GET', `${http.org}/deployments/${deploymentId}`, { token: second })).status).toBe(401);
    expect((await http.call('GET', `${http.org}/tokens/${created.body.id}`)).status).toBe(404);
    expect((await http.call('DELETE', `${http.org}/tokens/${created.body.id}`)).status).toBe(404);
  });

  it('returns the token value only on create and rotate', async () => {
    const created = await http.token({ scope: 'ORGANIZATION', role: 'ORGANIZATION_MEMBER' });
    expect(created.body.token).toBeTypeOf('string');
    const got = await http.call('GET', `${http.org}/tokens/${created.body.id}`);
    expect(got.body).not.toHaveProperty('token');
    const updated = await http.call('POST', `${http.org}/tokens/${created.body.id}`, { body: { name: 'renamed', description: 'd' } });
    expect(updated.body).toMatchObject({ name: 'renamed', description: 'd' });
    expect(updated.body).not.toHaveProperty('token');
    const list = await http.call('GET', `${http.org}/tokens`, { query: { limit: '1000' } });
    expect(list.body.tokens.every((t: object) => !('token' in t))).toBe(true);
  });

  it('tokenExpiryPeriodInDays sets endAt, and the token is refused after it', async () => {
    const created = await http.token({ scope: 'ORGANIZATION', role: 'ORGANIZATION_MEMBER', tokenExpiryPeriodInDays: 2 });
    expect(created.body).toMatchObject({ startAt: '2026-08-01T10:00:00Z', endAt: '2026-08-03T10:00:00Z', expiryPeriodInDays: 2 });
    const value = created.body.token as string;
    expect((await http.call('GET', `${http.org}`, { token: value })).status).toBe(200);
    const saved = now;
    now = new Date('2026-08-03T10:00:00Z');
    try {
      const refused = await http.call('GET', `${http.org}`, { token: value });
      expect(refused.status).toBe(401);
      expect(refused.body.message).toContain('expired');
    } finally {
      now = saved;
    }
  });

  it('updates lastUsedAt when a token is used', async () => {
    const created = await http.token({ scope: 'ORGANIZATION', role: 'ORGANIZATION_MEMBER' });
    expect(created.body.lastUsedAt).toBeUndefined();
    const saved = now;
    now = new Date('2026-08-01T11:30:00Z');
    try {
      await http.call('GET', `${http.org}`, { token: created.body.token });
    } finally {
      now = saved;
    }
    expect((await http.call('GET', `${http.org}/tokens/${created.body.id}`)).body.lastUsedAt).toBe('2026-08-01T11:30:00Z');
  });

  it('only Organization Owners create DIRECT_ACCESS tokens, and their roles never change', async () => {
    const owner = await http.token({ scope: 'WORKSPACE', entityId: workspaceId, role: 'WORKSPACE_OWNER' });
    const asWorkspaceOwner = owner.body.token as string;
    // A Workspace Owner may create a standard token in its Workspace, but not a direct-access one.
    expect((await http.token({ scope: 'WORKSPACE', entityId: workspaceId, role: 'WORKSPACE_MEMBER' }, asWorkspaceOwner)).status).toBe(200);
    const refused = await http.token({ scope: 'DEPLOYMENT', entityId: deploymentId, role: 'DEPLOYMENT_ADMIN', kind: 'DIRECT_ACCESS' }, asWorkspaceOwner);
    expect(refused.status).toBe(403);
    expect(refused.body.message).toContain('Organization Owners');

    const direct = await http.token({ scope: 'DEPLOYMENT', entityId: deploymentId, role: 'DEPLOYMENT_ADMIN', kind: 'DIRECT_ACCESS' });
    expect(direct.status).toBe(200);
    expect(direct.body.kind).toBe('DIRECT_ACCESS');
    const roles = await http.call('POST', `${http.org}/tokens/${direct.body.id}/roles`, {
      body: { roles: [{ entityType: 'DEPLOYMENT', entityId: deploymentId, role: 'DEPLOYMENT_ADMIN' }] },
    });
    expect(roles.status).toBe(400);
    expect(roles.body.message).toContain('DIRECT_ACCESS');
  });

  it('UpdateApiTokenRoles replaces roles, DAG roles included', async () => {
    const created = await http.token({ scope: 'DEPLOYMENT', entityId: deploymentId, role: 'DEPLOYMENT_ADMIN' });
    const path = `${http.org}/tokens/${created.body.id}/roles`;
    const answer = await http.call('POST', path, {
      body: {
        roles: [
          { entityType: 'DEPLOYMENT', entityId: deploymentId, role: 'DEPLOYMENT_ADMIN' },
          { entityType: 'DAG', entityId: 'example_dag', role: 'DAG_VIEWER', deploymentId },
          { entityType: 'DAG_TAG', entityId: 'finance', role: 'DAG_AUTHOR', deploymentId },
        ],
      },
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      workspaceRoles: [],
      deploymentRoles: [{ deploymentId, role: 'DEPLOYMENT_ADMIN' }],
      dagRoles: [
        { deploymentId, role: 'DAG_VIEWER', dagId: 'example_dag' },
        { deploymentId, role: 'DAG_AUTHOR', dagTag: 'finance' },
      ],
    });
    const token = await http.call('GET', `${http.org}/tokens/${created.body.id}`);
    expect(token.body.roles).toHaveLength(3);
    const byDag = await http.call('GET', `${http.org}/tokens`, { query: { dagId: 'example_dag' } });
    expect(byDag.body.tokens.map((t: { id: string }) => t.id)).toEqual([created.body.id]);
    const byTag = await http.call('GET', `${http.org}/tokens`, { query: { dagTags: ['nope', 'finance'] } });
    expect(byTag.body.tokens.map((t: { id: string }) => t.id)).toEqual([created.body.id]);

    const missing = await http.call('POST', path, { body: { roles: [{ entityType: 'DAG', entityId: 'd', role: 'DAG_VIEWER' }] } });
    expect(missing.status).toBe(400);
    expect(missing.body.fieldErrors).toEqual([expect.objectContaining({ field: 'roles[0].deploymentId', code: 'required' })]);
    const escalation = await http.call('POST', path, { body: { roles: [{ entityType: 'ORGANIZATION', entityId: mock.organizationId, role: 'ORGANIZATION_OWNER' }] } });
    expect(escalation.status).toBe(400);
  });

  it('requires entityId for Workspace and Deployment tokens and checks that the entity exists', async () => {
    const noEntity = await http.token({ scope: 'WORKSPACE', role: 'WORKSPACE_MEMBER' });
    expect(noEntity.status).toBe(400);
    expect(noEntity.body.fieldErrors).toEqual([expect.objectContaining({ field: 'entityId', code: 'required' })]);
    expect((await http.token({ scope: 'WORKSPACE', entityId: 'no-such-workspace', role: 'WORKSPACE_MEMBER' })).status).toBe(404);
    expect((await http.token({ scope: 'ORGANIZATION', role: 'WORKSPACE_OWNER' })).status).toBe(400);
  });

  it('lists with filters, offset/limit/totalCount and sorts', async () => {
    const ws2 = await http.workspace();
    const names = ['delta', 'alpha', 'charlie', 'bravo'];
    for (const name of names) expect((await http.token({ name, scope: 'WORKSPACE', entityId: ws2, role: 'WORKSPACE_MEMBER' })).status).toBe(200);
    const inWs2 = await http.call('GET', `${http.org}/tokens`, { query: { workspaceId: ws2, sorts: 'name:asc', limit: '2', offset: '1' } });
    expect(inWs2.body).toMatchObject({ totalCount: 4, limit: 2, offset: 1 });
    expect(inWs2.body.tokens.map((t: { name: string }) => t.name)).toEqual(['bravo', 'charlie']);
    const desc = await http.call('GET', `${http.org}/tokens`, { query: { workspaceId: ws2, sorts: ['name:desc'] } });
    expect(desc.body.tokens.map((t: { name: string }) => t.name)).toEqual(['delta', 'charlie', 'bravo', 'alpha']);
    expect(desc.body.limit).toBe(20);

    const orgOnly = await http.call('GET', `${http.org}/tokens`, { query: { includeOnlyOrganizationTokens: 'true', limit: '1000' } });
    expect(orgOnly.body.tokens.length).toBeGreaterThan(0);
    expect(orgOnly.body.tokens.every((t: { scope: string }) => t.scope === 'ORGANIZATION')).toBe(true);
    const direct = await http.call('GET', `${http.org}/tokens`, { query: { kind: 'DIRECT_ACCESS' } });
    expect(direct.body.tokens.every((t: { kind: string }) => t.kind === 'DIRECT_ACCESS')).toBe(true);
    const byDeployment = await http.call('GET', `${http.org}/tokens`, { query: { deploymentId, limit: '1000' } });
    expect(byDeployment.body.tokens.length).toBeGreaterThan(0);
    expect(byDeployment.body.tokens.every((t: { roles: Array<{ entityId: string; deploymentId?: string }> }) => t.roles.some((r) => r.entityId === deploymentId || r.deploymentId === deploymentId))).toBe(true);
  });

  it('agent tokens belong to one Deployment and page through offset/limit', async () => {
    const other = (await http.deployment(workspaceId)).id;
    const base = `${http.org}/deployments/${deploymentId}/agent-tokens`;
    for (let i = 0; i < 25; i++) expect((await http.call('POST', base, { body: { name: `agent-${String(i).padStart(2, '0')}` } })).status).toBe(200);
    const seen: string[] = [];
    for (let offset = 0; ; offset += 10) {
      const page = await http.call('GET', base, { query: { offset: String(offset), limit: '10', sorts: 'name:asc' } });
      expect(page.body.totalCount).toBe(25);
      seen.push(...page.body.tokens.map((t: { name: string }) => t.name));
      if (page.body.tokens.length < 10) break;
    }
    expect(seen).toEqual(Array.from({ length: 25 }, (_, i) => `agent-${String(i).padStart(2, '0')}`));
    expect((await http.call('GET', `${http.org}/deployments/${other}/agent-tokens`)).body.totalCount).toBe(0);
    expect((await http.call('GET', `${http.org}/deployments/no-such-deployment/agent-tokens`)).status).toBe(404);
    // Agent tokens are not API tokens: they do not show in ListApiTokens.
    const listed = await http.call('GET', `${http.org}/tokens`, { query: { limit: '1000' } });
    expect(listed.body.tokens.some((t: { name: string }) => t.name.startsWith('agent-'))).toBe(false);
  });
});
