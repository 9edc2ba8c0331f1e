import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLE_PERMISSIONS, isGranted, sampleFromSchema, startMockServer, type MockServer, type OperationInfo } from '../src/index.js';
import { httpFor } from './http.js';

type Scope = 'ORGANIZATION' | 'WORKSPACE' | 'DEPLOYMENT';
/** Every role of the table, plus a custom role name (which grants nothing). */
const ROLES: Array<[string, Scope]> = [
  ...Object.keys(ROLE_PERMISSIONS).map((role) => [role, role.split('_')[0] as Scope] as [string, Scope]),
  ['CI_CUSTOM_ROLE', 'DEPLOYMENT'],
];

/**
 * Permission scope comes only from the path and stored resources, never from a request body. For
 * every operation and every role, a token with that role on a Workspace W (or a Deployment D in W)
 * sends the operation with body fields that name W and D; the answer must be 403 exactly when the
 * role table, applied where the path says the request acts, refuses it.
 */
describe.each(['v1', 'v1beta1-iam', 'v1beta1-platform'])('authorisation matrix: %s', (api) => {
  let mock: MockServer;
  let http: ReturnType<typeof httpFor>;
  beforeAll(async () => {
    mock = await startMockServer({ api, selfCheck: true });
    http = httpFor(mock);
  });
  afterAll(async () => {
    expect(mock.selfCheckFailures).toEqual([]);
    await mock.close();
  });

  const has = (id: string) => mock.spec.operations.some((op) => op.operationId === id);

  /** A Workspace and a Deployment in it, real where this API serves them. */
  const fixtures = async (): Promise<{ workspaceId: string; deploymentId: string }> => {
    const workspaceId = has('CreateWorkspace') ? await http.workspace() : 'clmatrixworkspace000000001';
    const deploymentId = has('CreateDeployment') ? (await http.deployment(workspaceId)).id : 'clmatrixdeployment00000001';
    return { workspaceId, deploymentId };
  };

  it('every operation × every role × forged body fields agrees with the role table', async () => {
    const servesDeployments = has('GetDeployment');
    const disagreements: string[] = [];
    let checked = 0;
    for (const op of mock.spec.operations) {
      for (const [role, scope] of ROLES) {
        const { workspaceId, deploymentId } = await fixtures();
        const caller = mock.issueToken({ role, scope, entityId: scope === 'ORGANIZATION' ? mock.organizationId : scope === 'WORKSPACE' ? workspaceId : deploymentId });
        const params = mock.prepare(op.operationId);
        if ('workspaceId' in params) params.workspaceId = workspaceId;
        if ('deploymentId' in params) params.deploymentId = deploymentId;
        if ('tokenId' in params) params.tokenId = mock.issueToken({ role: 'WORKSPACE_MEMBER', scope: 'WORKSPACE', entityId: workspaceId }).id;
        const body = forgedBody(mock, op, { workspaceId, deploymentId });
        const path = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(params[name]!));
        const answer = await http.call(op.method.toUpperCase(), path, { token: caller.value, ...(op.method === 'get' ? {} : { body }) });

        // What the request is about, from the path and what is stored (never from the body).
        const where = {
          organizationId: mock.organizationId,
          workspaceId: params.workspaceId ?? (params.deploymentId && servesDeployments ? workspaceId : undefined) ?? (params.tokenId ? workspaceId : undefined),
          deploymentId: params.deploymentId,
        };
        const roles = [{ entityType: scope, entityId: scope === 'ORGANIZATION' ? mock.organizationId : scope === 'WORKSPACE' ? workspaceId : deploymentId, role }];
        let allowed = op.permissions.every((p) => isGranted(roles, p, where));
        // A new Deployment lives in the Workspace its body names, which exists: the permission is needed there.
        if (op.operationId === 'CreateDeployment' && has('CreateWorkspace')) {
          allowed ||= op.permissions.every((p) => isGranted(roles, p, { organizationId: mock.organizationId, workspaceId }));
        }
        checked++;
        if (allowed === (answer.status === 403) || answer.status === 401) {
          disagreements.push(`${op.operationId} as ${role}: expected ${allowed ? 'not 403' : '403'}, got ${answer.status} ${JSON.stringify(answer.body?.message ?? '')}`);
        }
      }
    }
    console.log(`[authorisation] ${api}: ${checked} operation × role requests checked against the role table`);
    expect(disagreements).toEqual([]);
    expect(checked).toBe(mock.spec.operations.length * ROLES.length);
  }, 300_000); // about 2,700 requests for v1 (fresh fixtures per case); slow only on a loaded machine

  // The Platform API has no token operations, so the attack cannot be sent there.
  if (api !== 'v1beta1-platform') it('a Workspace owner cannot become Organization owner through body fields (the reported attack)', async () => {
    const { workspaceId } = await fixtures();
    const owner = mock.issueToken({ role: 'WORKSPACE_OWNER', scope: 'WORKSPACE', entityId: workspaceId });
    const bootstrapId = (await http.call('GET', `${http.org}/tokens`, { query: { limit: '1000' } })).body.tokens.find((t: { name: string }) => t.name === 'bootstrap organization owner').id;
    const forged = { workspaceId, entityId: workspaceId };
    const rotate = await http.call('POST', `${http.org}/tokens/${bootstrapId}/rotate`, { token: owner.value, body: forged });
    expect(rotate.status).toBe(403);
    expect((await http.call('GET', `${http.org}/tokens`, { token: owner.value })).status).toBe(403);
    const other = mock.issueToken({ role: 'ORGANIZATION_MEMBER' });
    expect((await http.call('DELETE', `${http.org}/tokens/${other.id}`, { token: owner.value, body: forged })).status).toBe(403);
    const scopeField = api === 'v1' ? 'scope' : 'type';
    const orgToken = await http.token({ role: 'ORGANIZATION_OWNER', [scopeField]: 'ORGANIZATION', ...forged }, owner.value);
    expect(orgToken.status).toBe(403);
    // What the role does grant still works: a token for its own Workspace, where the API stores Workspaces
    // (the IAM API does not, so there the Workspace cannot be checked and only Organization roles may create tokens).
    const own = await http.token({ role: 'WORKSPACE_MEMBER', [scopeField]: 'WORKSPACE', entityId: workspaceId }, owner.value);
    expect(own.status).toBe(has('CreateWorkspace') ? 200 : 403);
    // The bootstrap token still works: it was never rotated.
    expect((await http.call('GET', `${http.org}/tokens`)).status).toBe(200);
  });
});

/** The operation's example body (if it has one) plus fields naming the caller's own Workspace and Deployment. */
function forgedBody(mock: MockServer, op: OperationInfo, own: { workspaceId: string; deploymentId: string }): Record<string, unknown> {
  const base = op.requestBody?.schemaPointer ? sampleFromSchema(mock.spec, op.requestBody.schemaPointer, { optional: false }) : {};
  const body = base !== null && typeof base === 'object' && !Array.isArray(base) ? { ...(base as Record<string, unknown>) } : {};
  if (op.operationId === 'CreateApiToken') Object.assign(body, { name: 'forged', role: 'ORGANIZATION_OWNER', scope: 'ORGANIZATION', type: 'ORGANIZATION', kind: 'STANDARD' });
  // Roles inside the caller's own Workspace: the grant ceiling (test/grant-ceiling*.test.ts) has nothing to refuse, so the answer shows the permission table alone.
  if (op.operationId === 'UpdateApiTokenRoles') body.roles = [{ entityType: 'WORKSPACE', entityId: own.workspaceId, role: 'WORKSPACE_ACCESSOR' }];
  return { ...body, workspaceId: own.workspaceId, entityId: own.workspaceId, deploymentId: own.deploymentId, organizationId: mock.organizationId };
}
