import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { startMockServer, type MockServer } from '../src/index.js';
import { TokenStore } from '../src/tokens/token-store.js';
import { httpFor } from './http.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../../..');

describe('request handling (v1)', () => {
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

  it.each([
    ['unknown path', 'GET', '/nothing-here', 404],
    ['path outside the server prefix', 'GET', '/../organizations', 404],
    ['unknown organization', 'GET', '/organizations/not-ours', 404],
    ['unknown token ID', 'GET', '/organizations/{org}/tokens/nope', 404],
    ['unknown workspace ID', 'GET', '/organizations/{org}/workspaces/nope', 404],
    ['method not in the spec', 'PUT', '/organizations/{org}/tokens', 405],
  ])('%s → %s', async (_name, method, route, status) => {
    const answer = await http.call(method, route.replace('{org}', mock.organizationId));
    expect(answer.status).toBe(status);
    expect(answer.body).toMatchObject({ statusCode: status, requestId: expect.any(String), message: expect.any(String) });
    expect(answer.headers.get('x-request-id')).toBe(answer.body.requestId);
  });

  it.each([
    ['no Authorization header', null, /missing Authorization/],
    ['a value the mock never issued', 'astro_mock_forged', /not valid/],
    ['a malformed bearer header', 'two words', /must be "Bearer/],
  ])('401 with %s', async (_name, token, message) => {
    const answer = await http.call('GET', `${http.org}/tokens`, { token: token as string | null });
    expect(answer.status).toBe(401);
    expect(answer.body.message).toMatch(message);
  });

  it.each([
    ['limit over 1000', { query: { limit: '1001' } }, 'limit', 'max'],
    ['negative offset', { query: { offset: '-1' } }, 'offset', 'min'],
    ['non-integer limit', { query: { limit: 'ten' } }, 'limit', 'type'],
    ['bad enum in query', { query: { kind: 'SPECIAL' } }, 'kind', 'oneof'],
    ['bad sort criterion', { query: { sorts: ['name:asc', 'size:desc'] } }, 'sorts[1]', 'oneof'],
  ])('400 for %s, with fieldErrors', async (_name, options, field, code) => {
    const answer = await http.call('GET', `${http.org}/tokens`, options);
    expect(answer.status).toBe(400);
    expect(answer.body.fieldErrors).toContainEqual(expect.objectContaining({ field, code }));
  });

  it.each([
    ['missing required property', { name: 'x', role: 'ORGANIZATION_MEMBER' }, 'scope', 'required'],
    ['bad enum in body', { name: 'x', role: 'ORGANIZATION_MEMBER', scope: 'GALAXY' }, 'scope', 'oneof'],
    ['expiry over 3650 days', { name: 'x', role: 'ORGANIZATION_MEMBER', scope: 'ORGANIZATION', tokenExpiryPeriodInDays: 4000 }, 'tokenExpiryPeriodInDays', 'max'],
    ['wrong type', { name: 7, role: 'ORGANIZATION_MEMBER', scope: 'ORGANIZATION' }, 'name', 'type'],
  ])('400 for a body with %s', async (_name, body, field, code) => {
    const answer = await http.call('POST', `${http.org}/tokens`, { body });
    expect(answer.status).toBe(400);
    expect(answer.body.fieldErrors).toContainEqual(expect.objectContaining({ field, code }));
  });

  it('400 for a missing or malformed JSON body', async () => {
    expect((await http.call('POST', `${http.org}/tokens`)).body.fieldErrors).toContainEqual(expect.objectContaining({ field: '(body)', code: 'required' }));
    expect((await http.call('POST', `${http.org}/tokens`, { raw: '{"name":' })).status).toBe(400);
  });

  it('coerces query strings: integers, booleans and form-exploded arrays', async () => {
    const answer = await http.call('GET', `${http.org}/tokens`, { query: { limit: '3', offset: '0', includeOnlyOrganizationTokens: 'true', sorts: 'name:asc' } });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ limit: 3, offset: 0 });
  });

  it('403 names the missing x-permission', async () => {
    const member = await http.token({ scope: 'ORGANIZATION', role: 'ORGANIZATION_MEMBER' });
    const answer = await http.call('POST', `${http.org}/tokens`, { token: member.body.token, body: { name: 'x', role: 'ORGANIZATION_MEMBER', scope: 'ORGANIZATION' } });
    expect(answer.status).toBe(403);
    expect(answer.body.message).toContain('organization.apiTokens.access');
    // The same token may read what ORGANIZATION_MEMBER grants.
    expect((await http.call('GET', `${http.org}/workspaces`, { token: member.body.token })).status).toBe(200);
  });

  it('keeps created resources: create, read, update, list, delete a Workspace', async () => {
    const created = await http.call('POST', `${http.org}/workspaces`, { body: http.bodyFor('CreateWorkspace', { name: 'team-a' }) });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ name: 'team-a', organizationId: mock.organizationId });
    const id = created.body.id as string;
    expect((await http.call('GET', `${http.org}/workspaces/${id}`)).body.name).toBe('team-a');
    const updated = await http.call('POST', `${http.org}/workspaces/${id}`, { body: http.bodyFor('UpdateWorkspace', { name: 'team-b' }) });
    expect(updated.body.name).toBe('team-b');
    const list = await http.call('GET', `${http.org}/workspaces`, { query: { limit: '1000' } });
    expect(list.body.workspaces.map((w: { id: string }) => w.id)).toContain(id);
    expect((await http.call('DELETE', `${http.org}/workspaces/${id}`)).status).toBe(204);
    expect((await http.call('GET', `${http.org}/workspaces/${id}`)).status).toBe(404);
  });
});

describe('token storage', () => {
  it('keeps only the SHA-256 of a token value, never the value', () => {
    const store = new TokenStore('org', 10);
    const { record, value } = store.issue({ name: 'n', scope: 'ORGANIZATION', entityId: 'org', roles: [], now: new Date() });
    expect(record.hash).toBe(createHash('sha256').update(value).digest('hex'));
    expect(JSON.stringify(record)).not.toContain(value);
    expect('token' in store.authenticate(value, new Date())).toBe(true);
    expect('problem' in store.authenticate(value.toUpperCase(), new Date())).toBe(true);
  });
});

describe('errors per revision', () => {
  it('omits fieldErrors where the revision\'s Error schema has none (v1beta1 IAM 2024-07-31)', async () => {
    const mock = await startMockServer({ spec: path.join(repoRoot, 'specs/v1beta1/iam/2024-07-31.yaml'), selfCheck: true });
    try {
      const answer = await httpFor(mock).call('GET', `/organizations/${mock.organizationId}/tokens`, { query: { limit: '5000' } });
      expect(answer.status).toBe(400);
      expect(Object.keys(answer.body).sort()).toEqual(['message', 'requestId', 'statusCode']);
      expect(mock.selfCheckFailures).toEqual([]);
    } finally {
      await mock.close();
    }
  });

  it('serves v1beta1 tokens with `type` instead of `scope`', async () => {
    const mock = await startMockServer({ api: 'v1beta1-iam', selfCheck: true });
    try {
      const http = httpFor(mock);
      const created = await http.call('POST', http.org + '/tokens', { body: { name: 'x', role: 'ORGANIZATION_MEMBER', type: 'ORGANIZATION' } });
      expect(created.status).toBe(200);
      expect(created.body.type).toBe('ORGANIZATION');
      expect(created.body).not.toHaveProperty('scope');
      expect(mock.selfCheckFailures).toEqual([]);
    } finally {
      await mock.close();
    }
  });
});

describe('self-check', () => {
  it('turns an answer that breaks the spec into a loud 500', async () => {
    const mock = await startMockServer({ spec: path.join(here, 'fixtures/broken-example.yaml'), selfCheck: true });
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args);
    try {
      const answer = await httpFor(mock).call('GET', '/things/self');
      expect(answer.status).toBe(500);
      expect(answer.body.message).toMatch(/self-check failed: GetThing answered 200 .*must match pattern/);
      expect(mock.selfCheckFailures).toHaveLength(1);
      expect(errors).toHaveLength(1);
    } finally {
      console.error = original;
      await mock.close();
    }
  });

  it('is off when asked, so the same answer goes out unchecked', async () => {
    const mock = await startMockServer({ spec: path.join(here, 'fixtures/broken-example.yaml'), selfCheck: false });
    try {
      expect((await httpFor(mock).call('GET', '/things/self')).status).toBe(200);
    } finally {
      await mock.close();
    }
  });
});

describe('CLI', () => {
  const cli = path.resolve(here, '../dist/cli.js');

  it.each([
    [['--api', 'v9'], /unknown API "v9"/],
    [['--port', '4010'], /--api is required/],
    [['--api', 'v1', '--port', 'x'], /--port must be an integer/],
    [['--spec', 'no/such/file.yaml'], /no\/such\/file.yaml/],
  ])('%j fails with one line and exit 2', (args, message) => {
    const run = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd: repoRoot });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('starts, names (never prints) the given bootstrap token, and serves it', async () => {
    const child = spawn(process.execPath, [cli, '--api', 'v1beta1-platform', '--port', '0', '--token', 'astro_mock_cli'], { cwd: repoRoot });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const match = /listening on (\S+)/.exec(out);
          if (match && out.includes('bootstrap organization-owner token: the value given with --token')) resolve(match[1]!);
        });
        child.once('exit', (code) => reject(new Error(`exited with ${code}`)));
      });
      expect(url).toMatch(/\/platform\/v1beta1$/);
      const answer = await fetch(`${url}/organizations`, { headers: { authorization: 'Bearer astro_mock_cli' } });
      expect(answer.status).toBe(200);
    } finally {
      child.kill('SIGTERM');
    }
  });
});
