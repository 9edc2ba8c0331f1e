import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../src/context.js';
import { assertCanGrant, missingForGrant, type GrantPlaces } from '../src/grants.js';
import { startMockServer, type MockServer } from '../src/index.js';
import { httpFor } from './http.js';

// Issue 19: the reported escalations, replayed one by one, and what the same roles may still do.
describe('grant ceiling: the reported escalations (v1)', () => {
  let mock: MockServer;
  let http: ReturnType<typeof httpFor>;
  let W1: string, W2: string, D1: string, D2: string;
  beforeAll(async () => {
    mock = await startMockServer({ api: 'v1', selfCheck: true });
    http = httpFor(mock);
    [W1, W2] = [await http.workspace(), await http.workspace()];
    [D1, D2] = [(await http.deployment(W1)).id, (await http.deployment(W2)).id];
  });
  afterAll(async () => {
    expect(mock.selfCheckFailures).toEqual([]);
    await mock.close();
  });
  const roles = (tokenId: string, list: object[], as: string) => http.call('POST', `${http.org}/tokens/${tokenId}/roles`, { token: as, body: { roles: list } });

  it('a Workspace owner cannot make itself owner of another Workspace, so it cannot delete it', async () => {
    const owner = mock.issueToken({ role: 'WORKSPACE_OWNER', scope: 'WORKSPACE', entityId: W1 });
    const grant = await roles(owner.id, [{ entityType: 'WORKSPACE', entityId: W1, role: 'WORKSPACE_OWNER' }, { entityType: 'WORKSPACE', entityId: W2, role: 'WORKSPACE_OWNER' }], owner.value);
    expect(grant.status).toBe(403);
    expect(grant.body.message).toMatch(/cannot grant WORKSPACE_OWNER on WORKSPACE/);
    expect((await http.call('GET', `${http.org}/tokens/${owner.id}`)).body.roles).toEqual([{ entityType: 'WORKSPACE', entityId: W1, role: 'WORKSPACE_OWNER' }]);
    expect((await http.call('DELETE', `${http.org}/workspaces/${W2}`, { token: owner.value })).status).toBe(403);
    expect((await http.call('GET', `${http.org}/workspaces/${W2}`)).status).toBe(200);
  });

  it('nor give a member token or a Deployment token of its Workspace roles on another Workspace or its Deployments', async () => {
    const owner = mock.issueToken({ role: 'WORKSPACE_OWNER', scope: 'WORKSPACE', entityId: W1 });
    const member = mock.issueToken({ role: 'WORKSPACE_MEMBER', scope: 'WORKSPACE', entityId: W1 });
    const deployToken = mock.issueToken({ role: 'DEPLOYMENT_ADMIN', scope: 'DEPLOYMENT', entityId: D1 });
    for (const [target, list] of [
      [member.id, [{ entityType: 'WORKSPACE', entityId: W2, role: 'WORKSPACE_MEMBER' }]],
      [member.id, [{ entityType: 'DEPLOYMENT', entityId: D2, role: 'DEPLOYMENT_ADMIN' }]],
      [deployToken.id, [{ entityType: 'DEPLOYMENT', entityId: D2, role: 'DEPLOYMENT_ADMIN' }]],
      [deployToken.id, [{ entityType: 'DEPLOYMENT', entityId: D2, role: 'CI_CUSTOM_ROLE' }]],
      [deployToken.id, [{ entityType: 'DAG', entityId: 'daily', role: 'DAG_VIEWER', deploymentId: D2 }]],
    ] as const) {
      const answer = await roles(target, [...list], owner.value);
      expect(answer.status, JSON.stringify(list)).toBe(403);
    }
    // The same tokens get roles inside W1 as before.
    expect((await roles(member.id, [{ entityType: 'WORKSPACE', entityId: W1, role: 'WORKSPACE_AUTHOR' }, { entityType: 'DEPLOYMENT', entityId: D1, role: 'DEPLOYMENT_ADMIN' }], owner.value)).status).toBe(200);
    expect((await roles(deployToken.id, [{ entityType: 'DEPLOYMENT', entityId: D1, role: 'CI_CUSTOM_ROLE' }, { entityType: 'DAG', entityId: 'daily', role: 'DAG_VIEWER', deploymentId: D1 }], owner.value)).status).toBe(200);
  });

  it('a role the token already holds is kept, not re-granted: a Workspace owner edits its own part only', async () => {
    const owner = mock.issueToken({ role: 'WORKSPACE_OWNER', scope: 'WORKSPACE', entityId: W1 });
    const token = mock.issueToken({ role: 'WORKSPACE_MEMBER', scope: 'WORKSPACE', entityId: W1 });
    const both = [{ entityType: 'WORKSPACE', entityId: W1, role: 'WORKSPACE_MEMBER' }, { entityType: 'WORKSPACE', entityId: W2, role: 'WORKSPACE_MEMBER' }];
    expect((await roles(token.id, both, mock.bootstrapToken)).status).toBe(200); // the Organization owner holds W2
    const edited = [{ entityType: 'WORKSPACE', entityId: W1, role: 'WORKSPACE_AUTHOR' }, { entityType: 'WORKSPACE', entityId: W2, role: 'WORKSPACE_MEMBER' }];
    expect((await roles(token.id, edited, owner.value)).status).toBe(200);
    expect((await roles(token.id, [{ entityType: 'WORKSPACE', entityId: W2, role: 'WORKSPACE_OPERATOR' }], owner.value)).status).toBe(403);
    expect((await http.call('GET', `${http.org}/tokens/${token.id}`)).body.roles).toEqual(edited);
  });

  it('token creation: a Workspace owner creates tokens in its Workspace, a Workspace operator cannot create an owner', async () => {
    const owner = mock.issueToken({ role: 'WORKSPACE_OWNER', scope: 'WORKSPACE', entityId: W1 });
    expect((await http.token({ scope: 'WORKSPACE', entityId: W1, role: 'WORKSPACE_OWNER' }, owner.value)).status).toBe(200);
    expect((await http.token({ scope: 'DEPLOYMENT', entityId: D1, role: 'CI_CUSTOM_ROLE' }, owner.value)).status).toBe(200);
    expect((await http.token({ scope: 'DEPLOYMENT', entityId: D2, role: 'DEPLOYMENT_ADMIN' }, owner.value)).status).toBe(403);
    expect((await http.token({ scope: 'WORKSPACE', entityId: W2, role: 'WORKSPACE_ACCESSOR' }, owner.value)).status).toBe(403);
  });

  it('UpdateUserRoles writes the roles onto the user (GetUser reports them) after the ceiling check', async () => {
    const { userId } = mock.prepare('UpdateUserRoles');
    const body = { organizationRole: 'ORGANIZATION_MEMBER', workspaceRoles: [{ workspaceId: W2, role: 'WORKSPACE_AUTHOR' }] };
    expect((await http.call('POST', `${http.org}/users/${userId}/roles`, { body })).status).toBe(200);
    expect((await http.call('GET', `${http.org}/users/${userId}`)).body).toMatchObject(body);
    const member = mock.issueToken({ role: 'ORGANIZATION_MEMBER' });
    expect((await http.call('POST', `${http.org}/users/${userId}/roles`, { token: member.value, body: { organizationRole: 'ORGANIZATION_OWNER' } })).status).toBe(403);
  });
});

describe('assertCanGrant (the one guard)', () => {
  const places: GrantPlaces = { organizationId: 'org', workspaceOf: (d) => ({ d1: 'w1', d2: 'w2' })[d] };
  const caller = (role: string, entityType: string, entityId: string): Caller => ({ id: 'c', name: 'c', scope: 'WORKSPACE', entityId, roles: [{ entityType, entityId, role }] });
  const grant = (role: string, entityType: string, entityId: string, deploymentId?: string) => ({ entityType, entityId, role, ...(deploymentId ? { deploymentId } : {}) });

  it.each([
    // [caller role, caller entity, granted role, granted entity, allowed]
    ['ORGANIZATION_OWNER', 'ORGANIZATION:org', 'ORGANIZATION_OWNER', 'ORGANIZATION:org', true],
    ['ORGANIZATION_MEMBER', 'ORGANIZATION:org', 'ORGANIZATION_BILLING_ADMIN', 'ORGANIZATION:org', true], // same permissions in the table
    ['ORGANIZATION_MEMBER', 'ORGANIZATION:org', 'WORKSPACE_ACCESSOR', 'WORKSPACE:w1', false],
    ['WORKSPACE_OWNER', 'WORKSPACE:w1', 'WORKSPACE_OWNER', 'WORKSPACE:w1', true],
    ['WORKSPACE_OWNER', 'WORKSPACE:w1', 'WORKSPACE_OWNER', 'WORKSPACE:w2', false],
    ['WORKSPACE_OWNER', 'WORKSPACE:w1', 'ORGANIZATION_MEMBER', 'ORGANIZATION:org', false],
    ['WORKSPACE_OWNER', 'WORKSPACE:w1', 'DEPLOYMENT_ADMIN', 'DEPLOYMENT:d1', true],
    ['WORKSPACE_OWNER', 'WORKSPACE:w1', 'DEPLOYMENT_ADMIN', 'DEPLOYMENT:d2', false],
    ['WORKSPACE_OPERATOR', 'WORKSPACE:w1', 'WORKSPACE_OWNER', 'WORKSPACE:w1', false],
    ['WORKSPACE_OPERATOR', 'WORKSPACE:w1', 'WORKSPACE_AUTHOR', 'WORKSPACE:w1', true],
    ['WORKSPACE_AUTHOR', 'WORKSPACE:w1', 'WORKSPACE_OPERATOR', 'WORKSPACE:w1', false],
    ['WORKSPACE_MEMBER', 'WORKSPACE:w1', 'CI_CUSTOM_ROLE', 'DEPLOYMENT:d1', false],
    ['DEPLOYMENT_ADMIN', 'DEPLOYMENT:d1', 'CI_CUSTOM_ROLE', 'DEPLOYMENT:d1', true],
    ['DEPLOYMENT_ADMIN', 'DEPLOYMENT:d1', 'WORKSPACE_ACCESSOR', 'WORKSPACE:w1', false],
    ['DEPLOYMENT_ADMIN', 'DEPLOYMENT:d1', 'DAG_VIEWER', 'DAG:d2', false],
    ['DEPLOYMENT_ADMIN', 'DEPLOYMENT:d1', 'DAG_VIEWER', 'DAG:d1', true],
  ])('%s on %s granting %s on %s → %s', (callerRole, callerAt, role, at, allowed) => {
    const [cType, cId] = (callerAt as string).split(':') as [string, string];
    const [gType, gId] = (at as string).split(':') as [string, string];
    const g = gType === 'DAG' ? grant(role as string, 'DAG', 'some_dag', gId) : grant(role as string, gType, gId);
    const run = () => assertCanGrant(caller(callerRole as string, cType, cId), [g], places);
    if (allowed) expect(run).not.toThrow();
    else expect(run).toThrow(/cannot grant/);
    expect(missingForGrant(caller(callerRole as string, cType, cId).roles, g, places) === undefined).toBe(allowed);
  });

  it('refuses an anonymous caller, and skips roles the subject keeps', () => {
    expect(() => assertCanGrant(undefined, [grant('WORKSPACE_MEMBER', 'WORKSPACE', 'w1')], places)).toThrow(/anonymous/);
    const kept = grant('WORKSPACE_OWNER', 'WORKSPACE', 'w2');
    expect(() => assertCanGrant(caller('WORKSPACE_OWNER', 'WORKSPACE', 'w1'), [kept, grant('WORKSPACE_MEMBER', 'WORKSPACE', 'w1')], places, [kept])).not.toThrow();
  });
});
