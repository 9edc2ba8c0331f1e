/**
 * Seed reproduction: the house changelog entries of September 17, 2025 and April 2, 2026
 * (../shared/seeds/000_… and 002_…) state facts that our changelog of the same revisions must state
 * too. Each fact is asserted on its own below; the golden files hold the full output.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffSpecs, renderJson, renderMarkdown, type Change, type EndpointDetails, type PropertyDetails, type SchemaDetails } from '../src/index.js';
import { expectGolden } from './golden.js';

const repo = path.resolve(import.meta.dirname, '../../..');
const iam = (date: string) => `specs/v1beta1/iam/${date}.yaml`;
const diff = (from: string, to: string) => diffSpecs(iam(from), iam(to), { cwd: repo });

function only(changes: Change[], pred: (c: Change) => boolean): Change {
  const found = changes.filter(pred);
  expect(found).toHaveLength(1);
  return found[0]!;
}

describe('IAM 2024-12-10 → 2025-09-17 (seed 000: agent tokens)', () => {
  const result = diff('2024-12-10', '2025-09-17');
  const markdown = renderMarkdown(result, { title: 'IAM API changelog', date: 'September 17, 2025' });
  const base = '/organizations/{organizationId}/deployments/{deploymentId}/agent-tokens';
  const endpoint = (method: string, p: string) => only(result.changes, (c) => c.id === 'endpoint-added' && c.operation?.method === method && c.operation.path === p).new as EndpointDetails;

  it('adds exactly the four agent-token endpoints and the CreateAgentTokenRequest schema, and changes nothing else', () => {
    expect(result.changes.map((c) => `${c.id} ${c.location}`).sort()).toEqual(
      [`endpoint-added DELETE ${base}/{agentTokenId}`, `endpoint-added GET ${base}`, `endpoint-added GET ${base}/{agentTokenId}`, `endpoint-added POST ${base}`, 'api-schema-added CreateAgentTokenRequest'].sort(),
    );
    expect(markdown).toContain('## Changed\n\n- No existing schemas or endpoints were modified.');
  });

  it('lists the parameters of the list endpoint with their defaults and maximum', () => {
    const list = endpoint('GET', base);
    expect(list.parameters.map((p) => `${p.name} (${p.in}, ${p.type})`)).toEqual(['organizationId (path, string)', 'deploymentId (path, string)', 'offset (query, integer)', 'limit (query, integer)', 'sorts (query, array of strings)']);
    expect(list.parameters.find((p) => p.name === 'offset')!.default).toBe(0);
    expect(list.parameters.find((p) => p.name === 'limit')).toMatchObject({ default: 20, maximum: 1000 });
    expect(markdown).toMatch(/offset \(query, integer\): [^\n]*Default: 0/);
    expect(markdown).toMatch(/limit \(query, integer\): [^\n]*Default: 20, Min: 0, Max: 1000\./);
  });

  it('gives each endpoint its path parameters, request body and responses', () => {
    expect(endpoint('POST', base).requestBody?.schema).toBe('CreateAgentTokenRequest');
    expect(endpoint('GET', `${base}/{agentTokenId}`).parameters.map((p) => p.name)).toEqual(['organizationId', 'deploymentId', 'agentTokenId']);
    expect(endpoint('DELETE', `${base}/{agentTokenId}`).parameters.map((p) => p.name)).toEqual(['organizationId', 'deploymentId', 'agentTokenId']);
    for (const [method, p] of [['GET', base], ['POST', base], ['GET', `${base}/{agentTokenId}`]] as const) {
      expect(endpoint(method, p).responses).toEqual(['200', '400', '401', '403', '404', '500']);
    }
    expect(endpoint('DELETE', `${base}/{agentTokenId}`).responses).toEqual(['204', '400', '401', '403', '404', '500']);
    expect(markdown).toContain('Request Body: CreateAgentTokenRequest');
    expect(markdown).toContain('Responses: 204, 400, 401, 403, 404, 500.');
  });

  it('describes CreateAgentTokenRequest: name required, description, tokenExpiryPeriodInDays from 1 to 3650', () => {
    const schema = only(result.changes, (c) => c.id === 'api-schema-added').new as SchemaDetails;
    const prop = (name: string) => schema.properties.find((p) => p.name === name)!;
    expect(schema.properties.map((p) => p.name)).toEqual(['name', 'description', 'tokenExpiryPeriodInDays']);
    expect(prop('name')).toMatchObject({ type: 'string', required: true });
    expect(prop('description')).toMatchObject({ type: 'string', required: false });
    expect(prop('tokenExpiryPeriodInDays')).toMatchObject({ type: 'integer', minimum: 1, maximum: 3650, required: false });
    expect(markdown).toMatch(/tokenExpiryPeriodInDays \(integer\): [^\n]*Range: 1 to 3650\./);
    expect(markdown).toMatch(/name \(string\): [^\n]*Required\./);
  });

  it('matches the golden files', () => {
    expectGolden('iam-2024-12-10_2025-09-17.md', markdown);
    expectGolden('iam-2024-12-10_2025-09-17.json', renderJson(result));
  });
});

describe('IAM 2025-09-17 → 2026-04-02 (seed 002: token kind and permissions)', () => {
  const result = diff('2025-09-17', '2026-04-02');
  const markdown = renderMarkdown(result, { title: 'IAM API changelog', date: 'April 2, 2026' });
  const tokens = '/organizations/{organizationId}/tokens';

  it('adds kind to ApiToken (required, STANDARD or DIRECT_ACCESS) and to CreateApiTokenRequest (default STANDARD)', () => {
    const onToken = only(result.changes, (c) => c.location === 'ApiToken.kind' && c.kind === 'property-added');
    expect(onToken.id).toBe('response-required-property-added');
    expect(onToken.new as PropertyDetails).toMatchObject({ name: 'kind', type: 'string', enum: ['STANDARD', 'DIRECT_ACCESS'], required: true });
    const onRequest = only(result.changes, (c) => c.location === 'CreateApiTokenRequest.kind' && c.kind === 'property-added');
    expect(onRequest.id).toBe('new-optional-request-property');
    expect(onRequest.new as PropertyDetails).toMatchObject({ enum: ['STANDARD', 'DIRECT_ACCESS'], default: 'STANDARD', required: false });
    expect(markdown).toMatch(/- ApiToken\n {2}- kind \(string\): [^\n]*Options: STANDARD, DIRECT_ACCESS\. Required\./);
    expect(markdown).toMatch(/- CreateApiTokenRequest\n {2}- kind \(string\): [^\n]*Options: STANDARD, DIRECT_ACCESS\. Default: STANDARD\./);
  });

  it('reports the permission each token operation and UpdateUserRoles now requires, per path and method', () => {
    const permissions = result.changes.filter((c) => c.group === 'permissions').map((c) => `${c.operation!.method} ${c.operation!.path} ${(c.new as string[]).join(',')}`);
    expect(permissions.sort()).toEqual(
      [
        `GET ${tokens} organization.apiTokens.access`,
        `POST ${tokens} organization.apiTokens.access`,
        `GET ${tokens}/{tokenId} organization.apiTokens.access`,
        `POST ${tokens}/{tokenId} organization.apiTokens.access`,
        `DELETE ${tokens}/{tokenId} organization.apiTokens.access`,
        `POST ${tokens}/{tokenId}/roles organization.apiTokens.access`,
        `POST ${tokens}/{tokenId}/rotate organization.apiTokens.access`,
        'POST /organizations/{organizationId}/users/{userId}/roles organization.userRoles.access',
      ].sort(),
    );
    expect(markdown).toContain(`- ${tokens}\n  - GET, POST: Requires organization.apiTokens.access.`);
    expect(markdown).toContain(`- ${tokens}/{tokenId}\n  - GET, POST, DELETE: Requires organization.apiTokens.access.`);
    expect(markdown).toContain('- /organizations/{organizationId}/users/{userId}/roles\n  - POST: Requires organization.userRoles.access.');
  });

  it('reports the kind query parameter as added, with no rename or reorder of offset, limit or sorts', () => {
    const kind = only(result.changes, (c) => c.kind === 'parameter:added' && (c.new as { name: string }).name === 'kind');
    expect(kind).toMatchObject({ id: 'new-optional-request-parameter', operation: { method: 'GET', path: tokens } });
    expect(kind.new).toMatchObject({ in: 'query', enum: ['STANDARD', 'DIRECT_ACCESS'] });
    expect(result.changes.filter((c) => c.id.includes('renamed') || c.id === 'request-parameter-order-changed')).toEqual([]);
    expect(result.changes.filter((c) => / query (offset|limit|sorts)\b/.test(c.location))).toEqual([]);
    expect(markdown).not.toMatch(/Previously|Replaced/);
  });

  it('matches the golden files', () => {
    expectGolden('iam-2025-09-17_2026-04-02.md', markdown);
    expectGolden('iam-2025-09-17_2026-04-02.json', renderJson(result));
  });
});
