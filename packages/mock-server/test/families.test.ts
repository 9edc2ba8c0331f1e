import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockServer, type MockServer } from '../src/index.js';
import { httpFor } from './http.js';

const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString().replace(/\.\d+Z$/, 'Z');

describe.each(['v1', 'v1beta1-platform'])('stateful Deployment families (%s)', (api) => {
  let mock: MockServer;
  let http: ReturnType<typeof httpFor>;
  let workspaceId: string;
  beforeAll(async () => {
    mock = await startMockServer({ api, selfCheck: true });
    http = httpFor(mock);
    workspaceId = await http.workspace();
  });
  afterAll(async () => {
    expect(mock.selfCheckFailures).toEqual([]);
    await mock.close();
  });
  const deployment = async (fields: Record<string, unknown>) =>
    (await http.call('POST', `${http.org}/deployments`, { body: http.bodyFor('CreateDeployment', { name: 'd', workspaceId, ...fields }) })).body as Record<string, any>;
  /** Where a deploy's DAG archive goes: its `dagsUploadUrl` where the answer carries it, else the mock's upload address. */
  const uploadUrlOf = (deploy: { id: string; dagsUploadUrl?: string }) => deploy.dagsUploadUrl ?? `${mock.url}/__mock-uploads/${deploy.id}/dags.tar.gz`;
  const read = async (id: string) => (await http.call('GET', `${http.org}/deployments/${id}`)).body as Record<string, any>;

  it('deploys: create → finalize changes what the Deployment runs; finalize once only; DAG deploys need DAG deploys on', async () => {
    const d = await deployment({ isDagDeployEnabled: true });
    const base = `${http.org}/deployments/${d.id}/deploys`;
    const created = await http.call('POST', base, { body: { type: 'IMAGE_AND_DAG', description: 'first' } });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ status: 'INITIALIZED', deploymentId: d.id, type: 'IMAGE_AND_DAG' });
    if (api === 'v1') expect(created.body.dagsUploadUrl).toMatch(/^http/);
    expect((await read(d.id)).imageTag).toBe(d.imageTag);
    expect((await fetch(uploadUrlOf(created.body), { method: 'PUT', body: 'first archive' })).status).toBe(201);
    const finalized = await http.call('POST', `${base}/${created.body.id}/finalize`, { body: { dagTarballVersion: 'v-one' } });
    expect(finalized.body.status).toBe('DEPLOYED');
    expect(await read(d.id)).toMatchObject({ imageTag: created.body.imageTag, dagTarballVersion: 'v-one' });
    expect((await http.call('POST', `${base}/${created.body.id}/finalize`, { body: {} })).status).toBe(400);
    const list = await http.call('GET', base);
    expect(list.body.deploys.map((x: { id: string }) => x.id)).toContain(created.body.id);

    // The upload step: only the URL of a deploy not yet finalized accepts an archive.
    const second = (await http.call('POST', base, { body: { type: 'DAG_ONLY' } })).body;
    const uploadUrl = uploadUrlOf(second);
    expect((await fetch(uploadUrl, { method: 'PUT', body: 'archive' })).status).toBe(201);
    expect((await fetch(uploadUrl.replace('dags.tar.gz', 'other.tar.gz'), { method: 'PUT', body: 'x' })).status).toBe(404);
    expect((await fetch(uploadUrl.replace(second.id, 'clmnosuchdeploy0000000001'), { method: 'PUT', body: 'x' })).status).toBe(404);
    await http.call('POST', `${base}/${second.id}/finalize`, { body: {} });
    expect((await read(d.id)).dagTarballVersion).toMatch(/^sha256-[0-9a-f]{16}$/);
    expect((await fetch(uploadUrl, { method: 'PUT', body: 'late' })).status).toBe(404);

    const noDags = await deployment({ isDagDeployEnabled: false });
    expect((await http.call('POST', `${http.org}/deployments/${noDags.id}/deploys`, { body: { type: 'DAG_ONLY' } })).status).toBe(400);
  });

  it('deploys: a DAG_ONLY (or IMAGE_AND_DAG) deploy with nothing uploaded is not finalized: 400 in the API\'s Error shape', async () => {
    const d = await deployment({ isDagDeployEnabled: true });
    const base = `${http.org}/deployments/${d.id}/deploys`;
    for (const type of ['DAG_ONLY', 'IMAGE_AND_DAG']) {
      const created = (await http.call('POST', base, { body: { type } })).body;
      const before = await read(d.id);
      const refused = await http.call('POST', `${base}/${created.id}/finalize`, { body: { dagTarballVersion: 'never-uploaded' } });
      expect(refused.status).toBe(400);
      expect(Object.keys(refused.body).sort()).toEqual(['message', 'requestId', 'statusCode']);
      expect(refused.body).toMatchObject({ statusCode: 400, message: expect.stringMatching(/no DAG archive was uploaded to its dagsUploadUrl/) });
      // Nothing changed: the deploy waits for its archive, the Deployment runs what it ran.
      expect((await http.call('GET', `${base}/${created.id}`)).body.status).toBe('INITIALIZED');
      expect(await read(d.id)).toMatchObject({ imageTag: before.imageTag, dagTarballVersion: before.dagTarballVersion });
      // create → upload → finalize succeeds.
      expect((await fetch(uploadUrlOf(created), { method: 'PUT', body: `${type} archive` })).status).toBe(201);
      const finalized = await http.call('POST', `${base}/${created.id}/finalize`, { body: {} });
      expect(finalized.status).toBe(200);
      expect(finalized.body.status).toBe('DEPLOYED');
    }
    // An IMAGE_ONLY deploy ships no archive, so it finalizes without an upload.
    const image = (await http.call('POST', base, { body: { type: 'IMAGE_ONLY' } })).body;
    expect((await http.call('POST', `${base}/${image.id}/finalize`, { body: {} })).status).toBe(200);
  });

  it('deploys: rollback returns the Deployment to an earlier deploy through a new deploy', async () => {
    const d = await deployment({ isDagDeployEnabled: true });
    const base = `${http.org}/deployments/${d.id}/deploys`;
    const ship = async (version: string) => {
      const created = (await http.call('POST', base, { body: { type: 'IMAGE_AND_DAG' } })).body;
      expect((await fetch(uploadUrlOf(created), { method: 'PUT', body: version })).status).toBe(201);
      await http.call('POST', `${base}/${created.id}/finalize`, { body: { dagTarballVersion: version } });
      return created as { id: string; imageTag: string };
    };
    const first = await ship('one');
    const second = await ship('two');
    expect((await read(d.id)).imageTag).toBe(second.imageTag);
    const rollback = await http.call('POST', `${base}/${first.id}/rollback`, { body: { description: 'bad release' } });
    expect(rollback.status).toBe(200);
    expect(rollback.body).toMatchObject({ status: 'DEPLOYED', imageTag: first.imageTag });
    expect(rollback.body.id).not.toBe(first.id);
    if (api === 'v1') expect(rollback.body.rollbackFromId).toBe(second.id);
    expect(await read(d.id)).toMatchObject({ imageTag: first.imageTag, dagTarballVersion: 'one' });
    // Rolling back to what already runs, or to a deploy never finalized, is refused.
    expect((await http.call('POST', `${base}/${rollback.body.id}/rollback`, { body: {} })).status).toBe(400);
    const pending = (await http.call('POST', base, { body: { type: 'IMAGE_ONLY' } })).body;
    expect((await http.call('POST', `${base}/${pending.id}/rollback`, { body: {} })).status).toBe(400);
  });

  it('hibernation override: changes what the Deployment reports; deleting it restores the schedule\'s state', async () => {
    const d = await deployment({ isDevelopmentMode: true });
    const before = await read(d.id);
    const url = `${http.org}/deployments/${d.id}/hibernation-override`;
    const set = await http.call('POST', url, { body: { isHibernating: true, overrideUntil: inAnHour() } });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ isHibernating: true, isActive: true });
    const during = await read(d.id);
    expect(during.status).toBe('HIBERNATING');
    if (api === 'v1') {
      expect(during.scalingSpec.hibernationSpec.override).toMatchObject({ isActive: true, isHibernating: true });
      expect(during.scalingStatus.hibernationStatus.isHibernating).toBe(true);
    }
    expect((await http.call('DELETE', url)).status).toBe(204);
    const after = await read(d.id);
    expect(after.status).toBe(before.status);
    expect(after.scalingSpec?.hibernationSpec?.override).toBeUndefined();
    expect(after.scalingStatus?.hibernationStatus).toEqual(before.scalingStatus?.hibernationStatus);

    const production = await deployment({ isDevelopmentMode: false });
    expect((await http.call('POST', `${http.org}/deployments/${production.id}/hibernation-override`, { body: { isHibernating: true } })).status).toBe(400);
    const past = await http.call('POST', url, { body: { isHibernating: false, overrideUntil: '2020-01-01T00:00:00Z' } });
    expect(past.status).toBe(400);
  });

  it('a cluster that still hosts Deployments cannot be deleted', async () => {
    const cluster = (await http.call('POST', `${http.org}/clusters`, { body: http.bodyFor('CreateCluster') })).body;
    expect(cluster.id).toBeTypeOf('string');
    const hosted = await deployment({ clusterId: cluster.id });
    const refused = await http.call('DELETE', `${http.org}/clusters/${cluster.id}`);
    expect(refused.status).toBe(400);
    expect(refused.body.message).toContain(hosted.id);
    expect((await http.call('DELETE', `${http.org}/deployments/${hosted.id}`)).status).toBe(204);
    expect((await http.call('DELETE', `${http.org}/clusters/${cluster.id}`)).status).toBe(204);
    expect((await http.call('GET', `${http.org}/clusters/${cluster.id}`)).status).toBe(404);
  });

  it('a Deployment token acts on its own Deployment only; a Workspace token only inside its Workspace', async () => {
    const mine = await deployment({ isDagDeployEnabled: true });
    const theirs = await deployment({});
    const otherWorkspace = await http.workspace();
    const elsewhere = (await http.call('POST', `${http.org}/deployments`, { body: http.bodyFor('CreateDeployment', { name: 'x', workspaceId: otherWorkspace }) })).body;
    const deployToken = mock.issueToken({ role: 'DEPLOYMENT_ADMIN', scope: 'DEPLOYMENT', entityId: mine.id }).value;
    const as = (token: string, method: string, path: string, body?: unknown) => http.call(method, path, { token, ...(body ? { body } : {}) });
    expect((await as(deployToken, 'GET', `${http.org}/deployments/${mine.id}`)).status).toBe(200);
    expect((await as(deployToken, 'POST', `${http.org}/deployments/${mine.id}/deploys`, { type: 'IMAGE_ONLY' })).status).toBe(200);
    expect((await as(deployToken, 'GET', `${http.org}/deployments/${theirs.id}`)).status).toBe(403);
    expect((await as(deployToken, 'POST', `${http.org}/deployments/${theirs.id}/deploys`, { type: 'IMAGE_ONLY' })).status).toBe(403);
    expect((await as(deployToken, 'GET', `${http.org}/workspaces/${workspaceId}`)).status).toBe(403);
    expect((await as(deployToken, 'GET', `${http.org}/deployments`)).status).toBe(403);

    const workspaceToken = mock.issueToken({ role: 'WORKSPACE_OPERATOR', scope: 'WORKSPACE', entityId: workspaceId }).value;
    expect((await as(workspaceToken, 'GET', `${http.org}/deployments/${theirs.id}`)).status).toBe(200);
    expect((await as(workspaceToken, 'GET', `${http.org}/deployments/${elsewhere.id}`)).status).toBe(403);
    expect((await as(workspaceToken, 'GET', `${http.org}/workspaces/${otherWorkspace}`)).status).toBe(403);
    expect((await as(workspaceToken, 'POST', `${http.org}/deployments`, http.bodyFor('CreateDeployment', { name: 'ok', workspaceId }))).status).toBe(200);
    expect((await as(workspaceToken, 'POST', `${http.org}/deployments`, http.bodyFor('CreateDeployment', { name: 'no', workspaceId: otherWorkspace }))).status).toBe(403);
  });
});

describe('environment objects (v1)', () => {
  let mock: MockServer;
  let http: ReturnType<typeof httpFor>;
  beforeAll(async () => {
    mock = await startMockServer({ api: 'v1', selfCheck: true });
    http = httpFor(mock);
  });
  afterAll(async () => {
    expect(mock.selfCheckFailures).toEqual([]);
    await mock.close();
  });

  it('scope, secrets, setFields, links with overrides, unsetFields, auto-linking and exclusion', async () => {
    const workspaceId = await http.workspace();
    const linked = (await http.deployment(workspaceId)).id;
    const auto = (await http.deployment(workspaceId)).id;
    const foreign = (await http.deployment(await http.workspace())).id;
    const base = `${http.org}/environment-objects`;
    const create = await http.call('POST', base, {
      body: {
        objectKey: 'warehouse', objectType: 'CONNECTION', scope: 'WORKSPACE', scopeEntityId: workspaceId, autoLinkDeployments: true,
        connection: { type: 'postgres', host: 'db', login: 'etl', password: 's3cret' },
        links: [{ scope: 'DEPLOYMENT', scopeEntityId: linked, overrides: { connection: { host: 'replica', type: 'postgres' } } }],
      },
    });
    expect(create.status).toBe(200);
    const url = `${base}/${create.body.id}`;
    const got = (await http.call('GET', url)).body;
    expect(got.connection.password).toBe('');
    expect(got.setFields.sort()).toEqual(['host', 'login', 'password', 'type']);
    expect(got.links).toEqual([expect.objectContaining({ scopeEntityId: linked, setFields: ['host', 'type'] })]);
    const shown = (await http.call('GET', base, { query: { workspaceId, showSecrets: 'true' } })).body.environmentObjects;
    expect(shown.find((o: { id: string }) => o.id === create.body.id).connection.password).toBe('s3cret');

    // Resolved for a Deployment: the link's overrides apply, and the object says where it comes from.
    const resolved = (await http.call('GET', base, { query: { deploymentId: linked, resolveLinked: 'true' } })).body.environmentObjects;
    expect(resolved).toEqual([expect.objectContaining({ sourceScope: 'WORKSPACE', sourceScopeEntityId: workspaceId, scopeEntityId: linked, connection: expect.objectContaining({ host: 'replica' }) })]);
    expect((await http.call('GET', base, { query: { deploymentId: auto, resolveLinked: 'true' } })).body.totalCount).toBe(1);
    expect((await http.call('GET', base, { query: { deploymentId: foreign, resolveLinked: 'true' } })).body.totalCount).toBe(0);

    // Fields left out keep their value; unsetFields clears an override so the link inherits again.
    const updated = await http.call('POST', url, {
      body: { description: 'main warehouse', links: [{ scope: 'DEPLOYMENT', scopeEntityId: linked, overrides: { unsetFields: ['host'] } }] },
    });
    expect(updated.status).toBe(200);
    expect(updated.body.connection.login).toBe('etl');
    expect(updated.body.links[0].setFields).toEqual(['type']);

    // Exclusion stops auto-linking for one Deployment, once.
    expect((await http.call('POST', `${url}/exclude-linking`, { body: { scope: 'DEPLOYMENT', scopeEntityId: auto } })).status).toBe(200);
    expect((await http.call('GET', base, { query: { deploymentId: auto, resolveLinked: 'true' } })).body.totalCount).toBe(0);
    expect((await http.call('POST', `${url}/exclude-linking`, { body: { scope: 'DEPLOYMENT', scopeEntityId: auto } })).status).toBe(409);

    // Links reach only Deployments of the object's own Workspace; owners must exist.
    expect((await http.call('POST', url, { body: { links: [{ scope: 'DEPLOYMENT', scopeEntityId: foreign }] } })).status).toBe(400);
    expect((await http.call('POST', base, { body: { objectKey: 'k', objectType: 'AIRFLOW_VARIABLE', scope: 'DEPLOYMENT', scopeEntityId: 'clmnosuchdeployment000001', airflowVariable: { value: 'v' } } })).status).toBe(404);
    expect((await http.call('POST', base, { body: { objectKey: 'warehouse', objectType: 'CONNECTION', scope: 'WORKSPACE', scopeEntityId: workspaceId, connection: { type: 'postgres' } } })).status).toBe(409);
    expect((await http.call('DELETE', url)).status).toBe(204);
    expect((await http.call('GET', url)).status).toBe(404);
  });
});

describe('hibernation override ends by the clock (v1)', () => {
  it('once overrideUntil has passed, the Deployment reports what its schedules had it report', async () => {
    let now = new Date('2030-01-01T00:00:00Z');
    const mock = await startMockServer({ api: 'v1', selfCheck: true, now: () => now });
    try {
      const http = httpFor(mock);
      const workspaceId = await http.workspace();
      const d = (await http.call('POST', `${http.org}/deployments`, { body: http.bodyFor('CreateDeployment', { name: 'dev', workspaceId, isDevelopmentMode: true }) })).body;
      const before = (await http.call('GET', `${http.org}/deployments/${d.id}`)).body;
      await http.call('POST', `${http.org}/deployments/${d.id}/hibernation-override`, { body: { isHibernating: true, overrideUntil: '2030-01-01T02:00:00Z' } });
      now = new Date('2030-01-01T01:59:59Z');
      expect((await http.call('GET', `${http.org}/deployments/${d.id}`)).body.status).toBe('HIBERNATING');
      now = new Date('2030-01-01T02:00:00Z');
      const after = (await http.call('GET', `${http.org}/deployments/${d.id}`)).body;
      expect(after.status).toBe(before.status);
      expect(after.scalingSpec?.hibernationSpec?.override).toBeUndefined();
      expect(mock.selfCheckFailures).toEqual([]);
    } finally {
      await mock.close();
    }
  });
});
