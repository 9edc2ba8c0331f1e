// Issue 2, "must show": the history of the Astro API as dated revisions.
// Each row states one fact with the date it took effect (sources: ../shared/reference/astro-api-facts.md,
// section given per row). Every row is checked against EVERY revision of its API, found through the
// loader: revisions dated before `since` must show `before`, the others `after`. A new revision is thus
// checked by every row without editing this file.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { currentRevision, loadSpec, type OpenApiRoot } from '../src/index.js';
import {
  allEnums,
  operation,
  operations,
  permissions,
  properties,
  queryParameterNames,
  required,
  schema,
} from './support/openapi.js';
import { apis, documentOf, label, repoRoot, revisionsOf } from './support/revisions.js';

// --- what the rows observe ----------------------------------------------------------------------

/** `absent`, `optional` or `required`: the state of one property of a component schema. */
function propertyState(doc: OpenApiRoot, schemaName: string, property: string): string {
  const node = schema(doc, schemaName);
  if (!node) return `no schema ${schemaName}`;
  if (!(property in properties(node))) return 'absent';
  return required(node).includes(property) ? 'required' : 'optional';
}

function propertyEnum(doc: OpenApiRoot, schemaName: string, property: string): unknown[] | string {
  const node = properties(schema(doc, schemaName))[property] as { enum?: unknown[]; items?: { enum?: unknown[] } } | undefined;
  if (!node) return 'absent';
  return [...(node.enum ?? node.items?.enum ?? [])].map(String).sort();
}

function presentOperations(doc: OpenApiRoot, ids: readonly string[]): string[] {
  const present = operations(doc);
  return ids.filter((id) => present.has(id));
}

/**
 * Where the Organization roles are enumerated (invites, users, teams ...): `all` when every such enum
 * lists both Observe roles, `none` when none does.
 */
function observeRoleState(doc: OpenApiRoot): string {
  const orgRoleEnums = allEnums(doc).filter((e) => e.values.includes('ORGANIZATION_MEMBER') && e.values.includes('ORGANIZATION_OWNER'));
  if (orgRoleEnums.length === 0) return 'no Organization-role enum';
  const withObserve = orgRoleEnums.filter((e) => e.values.includes('ORGANIZATION_OBSERVE_ADMIN') && e.values.includes('ORGANIZATION_OBSERVE_MEMBER'));
  const withAny = orgRoleEnums.filter((e) => e.values.some((v) => String(v).startsWith('ORGANIZATION_OBSERVE_')));
  if (withObserve.length === orgRoleEnums.length) return 'all';
  if (withAny.length === 0) return 'none';
  return `mixed: without both Observe roles at ${orgRoleEnums.filter((e) => !withObserve.includes(e)).map((e) => e.pointer).join(', ')}`;
}

function permissionsOf(doc: OpenApiRoot, ids: readonly string[]): Record<string, string[]> {
  const present = operations(doc);
  return Object.fromEntries(ids.map((id) => [id, present.has(id) ? permissions(present.get(id)!) : ['(operation missing)']]));
}

const TOKEN_OPERATIONS = ['ListApiTokens', 'CreateApiToken', 'GetApiToken', 'UpdateApiToken', 'DeleteApiToken', 'UpdateApiTokenRoles', 'RotateApiToken'] as const;
const AGENT_TOKEN_OPERATIONS = ['ListAgentTokens', 'CreateAgentToken', 'GetAgentToken', 'DeleteAgentToken'] as const;
const PLATFORM_SCOPE = [
  'ListOrganizations', 'GetOrganization', 'UpdateOrganization',
  'ListWorkspaces', 'CreateWorkspace', 'GetWorkspace', 'UpdateWorkspace', 'DeleteWorkspace',
  'ListDeployments', 'CreateDeployment', 'GetDeployment', 'UpdateDeployment', 'DeleteDeployment',
] as const;
/** v1beta1 Platform operations beyond Organizations, Workspaces and Deployments (2024-07-31 file, facts §4.3). */
const PLATFORM_MORE = [
  'ListClusters', 'CreateCluster', 'GetCluster', 'UpdateCluster', 'DeleteCluster', 'GetClusterOptions', 'GetDeploymentOptions',
  'ListDeploys', 'CreateDeploy', 'GetDeploy', 'UpdateDeploy', 'FinalizeDeploy', 'DeployRollback',
  'UpdateDeploymentHibernationOverride', 'DeleteDeploymentHibernationOverride',
] as const;
const ENV_OBJECT_OPERATIONS = [
  'ListEnvironmentObjects', 'CreateEnvironmentObject', 'GetEnvironmentObject', 'UpdateEnvironmentObject', 'DeleteEnvironmentObject', 'ExcludeLinkingEnvironmentObject',
] as const;
const allOps = (ids: readonly string[], value: string[]) => Object.fromEntries(ids.map((id) => [id, value]));
/** Names of the properties of a component schema, sorted; `absent` without the schema. */
function propertyNames(doc: OpenApiRoot, schemaName: string): string[] | string {
  const node = schema(doc, schemaName);
  return node ? Object.keys(properties(node)).sort() : 'absent';
}
/** Enum of one query parameter of an operation, sorted. */
function queryEnum(doc: OpenApiRoot, id: string, name: string): string[] | string {
  const view = operations(doc).get(id);
  const param = view?.parameters.find((p) => p.name === name && p.in === 'query');
  if (!param) return 'absent';
  return [...((param.schema as { enum?: unknown[] } | undefined)?.enum ?? [])].map(String).sort();
}
const CLUSTER_DR = ['drRegion', 'drSecondaryVpcCidr', 'drVpcSubnetRange', 'enableReplicationTimeControl', 'failoverInProgress', 'isDrEnabled', 'isFailedOver'];
const CLUSTER_GCP_DR = ['drPodSubnetRange', 'drServicePeeringRange', 'drServiceSubnetRange'];
const hasAll = (doc: OpenApiRoot, schemaName: string, names: readonly string[]) => {
  const present = propertyNames(doc, schemaName);
  return Array.isArray(present) ? names.filter((n) => present.includes(n)) : present;
};
const TOKEN_SCOPES = ['DEPLOYMENT', 'ORGANIZATION', 'WORKSPACE'];
const LIST_API_TOKENS_QUERY_2024 = ['workspaceId', 'deploymentId', 'includeOnlyOrganizationTokens', 'offset', 'limit', 'sorts'];
const LIST_API_TOKENS_QUERY_2026 = ['workspaceId', 'deploymentId', 'dagId', 'dagTags', 'includeOnlyOrganizationTokens', 'kind', 'offset', 'limit', 'sorts'];
/** Paging of ListAgentTokens: query names, `limit` bounds, and the sort keys (facts §2.2). */
function agentTokenPaging(doc: OpenApiRoot): unknown {
  const view = operations(doc).get('ListAgentTokens');
  if (!view) return 'absent';
  const byName = Object.fromEntries(view.parameters.map((p) => [String(p.name), p.schema as Record<string, unknown> | undefined]));
  const limit = byName.limit ?? {};
  const sortKeys = ((byName.sorts?.items as { enum?: string[] } | undefined)?.enum ?? []).map(String).sort();
  return { query: queryParameterNames(view), limit: { default: limit.default, minimum: limit.minimum, maximum: limit.maximum }, sortKeys };
}
const AGENT_TOKEN_SORT_KEYS = ['name', 'description', 'createdAt', 'updatedAt', 'createdById', 'updatedById', 'tokenStartAt']
  .flatMap((field) => [`${field}:asc`, `${field}:desc`])
  .sort();
const AGENT_TOKEN_PAGING = { query: ['offset', 'limit', 'sorts'], limit: { default: 20, minimum: 0, maximum: 1000 }, sortKeys: AGENT_TOKEN_SORT_KEYS };
const allTokenOps = (value: string[]) => Object.fromEntries(TOKEN_OPERATIONS.map((id) => [id, value]));

// --- the facts ----------------------------------------------------------------------------------

interface HistoryFact {
  readonly api: string;
  readonly fact: string;
  /** First revision date the `after` state holds; `ALWAYS` for facts true of every revision. */
  readonly since: string;
  readonly observe: (doc: OpenApiRoot) => unknown;
  /** Expected before `since`; `undefined` when the facts do not say. */
  readonly before?: unknown;
  readonly after: unknown;
}

const ALWAYS = '0000-00-00';

const FACTS: HistoryFact[] = [
  // v1beta1 IAM (facts §6.1, §6.4, §2, §3)
  { api: 'v1beta1-iam', fact: 'server is https://api.astronomer.io/iam/v1beta1 (§1)', since: ALWAYS, observe: (d) => d.servers?.[0]?.url, after: 'https://api.astronomer.io/iam/v1beta1' },
  { api: 'v1beta1-iam', fact: 'the seven API-token operations exist (§2.1)', since: ALWAYS, observe: (d) => presentOperations(d, TOKEN_OPERATIONS), after: [...TOKEN_OPERATIONS] },
  { api: 'v1beta1-iam', fact: 'Observe Organization roles in every Organization-role enum (2024-12-10, §6.1)', since: '2024-12-10', observe: observeRoleState, before: 'none', after: 'all' },
  { api: 'v1beta1-iam', fact: 'the four agent-token operations (2025-09-17, §2.2)', since: '2025-09-17', observe: (d) => presentOperations(d, AGENT_TOKEN_OPERATIONS), before: [], after: [...AGENT_TOKEN_OPERATIONS] },
  { api: 'v1beta1-iam', fact: 'ListAgentTokens pages with offset, limit (default 20, max 1000) and 14 sort keys (2025-09-17, §2.2)', since: '2025-09-17', observe: agentTokenPaging, before: 'absent', after: AGENT_TOKEN_PAGING },
  { api: 'v1beta1-iam', fact: 'CreateAgentTokenRequest requires only name (2025-09-17, §3.3)', since: '2025-09-17', observe: (d) => (schema(d, 'CreateAgentTokenRequest') ? required(schema(d, 'CreateAgentTokenRequest')) : 'absent'), before: 'absent', after: ['name'] },
  { api: 'v1beta1-iam', fact: 'ApiToken.type is required with the three scopes, and there is no scope (§3.1)', since: ALWAYS, observe: (d) => [propertyState(d, 'ApiToken', 'type'), propertyEnum(d, 'ApiToken', 'type'), propertyState(d, 'ApiToken', 'scope')], after: ['required', TOKEN_SCOPES, 'absent'] },
  { api: 'v1beta1-iam', fact: 'CreateApiTokenRequest.type is required, no scope (§3.2)', since: ALWAYS, observe: (d) => [propertyState(d, 'CreateApiTokenRequest', 'type'), propertyState(d, 'CreateApiTokenRequest', 'scope')], after: ['required', 'absent'] },
  { api: 'v1beta1-iam', fact: 'ApiToken.kind is required (2026-04-02, §3.1)', since: '2026-04-02', observe: (d) => propertyState(d, 'ApiToken', 'kind'), before: 'absent', after: 'required' },
  { api: 'v1beta1-iam', fact: 'ApiToken.kind is STANDARD or DIRECT_ACCESS (2026-04-02, §3.4)', since: '2026-04-02', observe: (d) => propertyEnum(d, 'ApiToken', 'kind'), before: 'absent', after: ['DIRECT_ACCESS', 'STANDARD'] },
  { api: 'v1beta1-iam', fact: 'CreateApiTokenRequest.kind is optional (2026-04-02, §3.2)', since: '2026-04-02', observe: (d) => propertyState(d, 'CreateApiTokenRequest', 'kind'), before: 'absent', after: 'optional' },
  { api: 'v1beta1-iam', fact: 'ListApiTokens query parameters, in order (2026-04-02, §2.1)', since: '2026-04-02', observe: (d) => queryParameterNames(operation(d, 'ListApiTokens')), before: LIST_API_TOKENS_QUERY_2024, after: LIST_API_TOKENS_QUERY_2026 },
  { api: 'v1beta1-iam', fact: 'x-permission organization.apiTokens.access on the 7 token operations (2026-04-02, §6.1)', since: '2026-04-02', observe: (d) => permissionsOf(d, TOKEN_OPERATIONS), before: allTokenOps([]), after: allTokenOps(['organization.apiTokens.access']) },
  { api: 'v1beta1-iam', fact: 'x-permission organization.userRoles.access on UpdateUserRoles (2026-04-02, §6.1)', since: '2026-04-02', observe: (d) => permissionsOf(d, ['UpdateUserRoles']), before: { UpdateUserRoles: [] }, after: { UpdateUserRoles: ['organization.userRoles.access'] } },
  { api: 'v1beta1-iam', fact: 'DAG roles: ApiTokenRole.entityType gains DAG and DAG_TAG (§3.3)', since: '2026-04-02', observe: (d) => propertyEnum(d, 'ApiTokenRole', 'entityType'), before: ['DEPLOYMENT', 'ORGANIZATION', 'WORKSPACE'], after: ['DAG', 'DAG_TAG', 'DEPLOYMENT', 'ORGANIZATION', 'WORKSPACE'] },
  { api: 'v1beta1-iam', fact: 'DAG roles: SubjectRoles.dagRoles (§3.3)', since: '2026-04-02', observe: (d) => propertyState(d, 'SubjectRoles', 'dagRoles'), before: 'absent', after: 'optional' },
  { api: 'v1beta1-iam', fact: 'ApiToken.lastRotatedAt, optional date-time (2026-07-16, §3.1)', since: '2026-07-16', observe: (d) => [propertyState(d, 'ApiToken', 'lastRotatedAt'), (properties(schema(d, 'ApiToken')).lastRotatedAt as { format?: string } | undefined)?.format], before: ['absent', undefined], after: ['optional', 'date-time'] },
  { api: 'v1beta1-iam', fact: 'Error.fieldErrors (2026-07-16, §1.1)', since: '2026-07-16', observe: (d) => propertyState(d, 'Error', 'fieldErrors'), before: 'absent', after: 'optional' },

  // v1beta1 Platform (facts §1, §1.1, §4.3; scope of issue 2)
  { api: 'v1beta1-platform', fact: 'server is https://api.astronomer.io/platform/v1beta1 (§1)', since: ALWAYS, observe: (d) => d.servers?.[0]?.url, after: 'https://api.astronomer.io/platform/v1beta1' },
  { api: 'v1beta1-platform', fact: 'exactly the 28 operations of the 2024-07-31 file (§4.3); alerts, notification channels, audit logs and environment objects are not modelled (no v1beta1 shape in the facts)', since: ALWAYS, observe: (d) => [...operations(d).keys()].sort(), after: [...PLATFORM_SCOPE, ...PLATFORM_MORE].sort() },
  { api: 'v1beta1-platform', fact: 'Cluster has no disaster-recovery fields (they are v1 changelog 2026-04-02 facts only)', since: ALWAYS, observe: (d) => hasAll(d, 'Cluster', [...CLUSTER_DR, ...CLUSTER_GCP_DR]), after: [] },
  { api: 'v1beta1-platform', fact: 'Error.fieldErrors (2026-07-16, §1.1)', since: '2026-07-16', observe: (d) => propertyState(d, 'Error', 'fieldErrors'), before: 'absent', after: 'optional' },

  // v1 (facts §5, §6.3)
  { api: 'v1', fact: 'server is https://api.astronomer.io/v1 (§5.1)', since: ALWAYS, observe: (d) => d.servers?.[0]?.url, after: 'https://api.astronomer.io/v1' },
  { api: 'v1', fact: 'ApiToken.scope is required with the three scopes, and there is no type (§5.2)', since: ALWAYS, observe: (d) => [propertyState(d, 'ApiToken', 'scope'), propertyEnum(d, 'ApiToken', 'scope'), propertyState(d, 'ApiToken', 'type')], after: ['required', TOKEN_SCOPES, 'absent'] },
  { api: 'v1', fact: 'CreateApiTokenRequest.scope is required, no type (§5.2)', since: ALWAYS, observe: (d) => [propertyState(d, 'CreateApiTokenRequest', 'scope'), propertyState(d, 'CreateApiTokenRequest', 'type')], after: ['required', 'absent'] },
  { api: 'v1', fact: 'the seven API-token and four agent-token operations exist (§4.1)', since: ALWAYS, observe: (d) => presentOperations(d, [...TOKEN_OPERATIONS, ...AGENT_TOKEN_OPERATIONS]), after: [...TOKEN_OPERATIONS, ...AGENT_TOKEN_OPERATIONS] },
  { api: 'v1', fact: 'ListAgentTokens pages with offset, limit (default 20, max 1000) and 14 sort keys (§2.2)', since: ALWAYS, observe: agentTokenPaging, after: AGENT_TOKEN_PAGING },
  { api: 'v1', fact: 'ApiToken.kind is required (§3.1)', since: ALWAYS, observe: (d) => propertyState(d, 'ApiToken', 'kind'), after: 'required' },
  { api: 'v1', fact: 'ApiTokenRole.entityType has DAG_TAG (2026-02-23, §6.3)', since: '2026-02-23', observe: (d) => (propertyEnum(d, 'ApiTokenRole', 'entityType') as string[]).includes('DAG_TAG'), before: false, after: true },
  { api: 'v1', fact: 'DagRole.dagTag (2026-02-23, §6.3)', since: '2026-02-23', observe: (d) => propertyState(d, 'DagRole', 'dagTag'), before: 'absent', after: 'optional' },
  { api: 'v1', fact: 'ListApiTokens query parameters, in order, once dagId/dagTags exist (2026-02-23, §2.1)', since: '2026-02-23', observe: (d) => queryParameterNames(operation(d, 'ListApiTokens')), after: LIST_API_TOKENS_QUERY_2026 },
  { api: 'v1', fact: 'Team.dagRoles (2026-02-23, §6.3)', since: '2026-02-23', observe: (d) => propertyState(d, 'Team', 'dagRoles'), before: 'absent', after: 'optional' },
  { api: 'v1', fact: 'UserTeamMembership and UserTeamsPaginated schemas (2026-04-02, §6.3)', since: '2026-04-02', observe: (d) => ['UserTeamMembership', 'UserTeamsPaginated'].map((name) => schema(d, name) !== undefined), before: [false, false], after: [true, true] },
  { api: 'v1', fact: 'no astroRuntimeVersion on the Deployment update bodies (2026-04-02, §6.3)', since: '2026-04-02', observe: (d) => ['UpdateDedicatedDeploymentRequest', 'UpdateHybridDeploymentRequest', 'UpdateStandardDeploymentRequest'].map((name) => propertyState(d, name, 'astroRuntimeVersion')), after: ['absent', 'absent', 'absent'] },
  { api: 'v1', fact: 'x-permission organization.apiTokens.access on the 7 token operations (2026-04-02, §5.5, §6.3)', since: '2026-04-02', observe: (d) => permissionsOf(d, TOKEN_OPERATIONS), after: allTokenOps(['organization.apiTokens.access']) },
  { api: 'v1', fact: 'clusters, options, deploys and hibernation overrides: every v1beta1 Platform operation is in v1 from its first release (§4.4)', since: ALWAYS, observe: (d) => presentOperations(d, PLATFORM_MORE), after: [...PLATFORM_MORE] },
  { api: 'v1', fact: 'the six environment-object operations, from the first release (the 2026-04-02 entry gives them permissions, so they predate it; §6.3)', since: ALWAYS, observe: (d) => presentOperations(d, ENV_OBJECT_OPERATIONS), after: [...ENV_OBJECT_OPERATIONS] },
  { api: 'v1', fact: 'x-permission organization.envObjects.access on the environment-object operations (2026-04-02, §4.1, §6.3)', since: '2026-04-02', observe: (d) => permissionsOf(d, ENV_OBJECT_OPERATIONS), before: allOps(ENV_OBJECT_OPERATIONS, []), after: allOps(ENV_OBJECT_OPERATIONS, ['organization.envObjects.access']) },
  { api: 'v1', fact: 'Cluster disaster-recovery fields (2026-04-02, §6.3)', since: '2026-04-02', observe: (d) => [hasAll(d, 'Cluster', CLUSTER_DR), propertyEnum(d, 'Cluster', 'status').includes('FAILING_OVER')], before: [[], false], after: [CLUSTER_DR, true] },
  { api: 'v1', fact: 'GCP disaster-recovery ranges on Cluster (undated entry, placed 2026-07-16; §6.3)', since: '2026-07-16', observe: (d) => hasAll(d, 'Cluster', CLUSTER_GCP_DR), before: [], after: CLUSTER_GCP_DR },
  { api: 'v1', fact: 'ENVIRONMENT_VARIABLE environment objects (undated entry, placed 2026-07-16; §6.3)', since: '2026-07-16', observe: (d) => [propertyEnum(d, 'EnvironmentObject', 'objectType'), queryEnum(d, 'ListEnvironmentObjects', 'objectType'), propertyState(d, 'EnvironmentObject', 'environmentVariable')], before: [['AIRFLOW_VARIABLE', 'CONNECTION', 'METRICS_EXPORT'], ['AIRFLOW_VARIABLE', 'CONNECTION', 'METRICS_EXPORT'], 'absent'], after: [['AIRFLOW_VARIABLE', 'CONNECTION', 'ENVIRONMENT_VARIABLE', 'METRICS_EXPORT'], ['AIRFLOW_VARIABLE', 'CONNECTION', 'ENVIRONMENT_VARIABLE', 'METRICS_EXPORT'], 'optional'] },
  { api: 'v1', fact: 'SIGV4 metrics export (undated entry, placed 2026-07-16; §6.3)', since: '2026-07-16', observe: (d) => [propertyEnum(d, 'EnvironmentObjectMetricsExport', 'authType'), propertyState(d, 'EnvironmentObjectMetricsExport', 'sigV4AssumeArn')], before: [['AUTH_TOKEN', 'BASIC'], 'absent'], after: [['AUTH_TOKEN', 'BASIC', 'SIGV4'], 'optional'] },
  { api: 'v1', fact: 'setFields / unsetFields on environment objects (undated entry, placed 2026-07-16; §6.3)', since: '2026-07-16', observe: (d) => [propertyState(d, 'EnvironmentObject', 'setFields'), propertyState(d, 'EnvironmentObjectLink', 'setFields'), propertyState(d, 'UpdateEnvironmentObjectOverridesRequest', 'unsetFields')], before: ['absent', 'absent', 'absent'], after: ['required', 'required', 'optional'] },
  { api: 'v1', fact: 'GetDeploymentLogs (undated entry, placed 2026-07-16; §6.3)', since: '2026-07-16', observe: (d) => presentOperations(d, ['GetDeploymentLogs']), before: [], after: ['GetDeploymentLogs'] },
  { api: 'v1', fact: 'GetOrganizationAuditLogs (no date in the facts, placed 2026-07-16; §4.1)', since: '2026-07-16', observe: (d) => presentOperations(d, ['GetOrganizationAuditLogs']), before: [], after: ['GetOrganizationAuditLogs'] },
  { api: 'v1', fact: 'all 75 operations in the newest revision (§4.1)', since: '2026-07-16', observe: (d) => operations(d).size, after: 75 },
  { api: 'v1', fact: 'Error.fieldErrors (2026-07-16, §6.3)', since: '2026-07-16', observe: (d) => propertyState(d, 'Error', 'fieldErrors'), before: 'absent', after: 'optional' },
];

/** The revisions issue 2 requires at least; `newest` for "and the newest". */
const REQUIRED_REVISIONS: Record<string, string[]> = {
  'v1beta1-iam': ['2024-07-31', '2024-12-10', '2025-09-17', '2026-04-02', '2026-07-16'],
  'v1beta1-platform': ['2024-07-31'],
  v1: ['2026-01-28', '2026-02-23', '2026-04-02', '2026-07-16'],
};

// --- the tests ----------------------------------------------------------------------------------

describe.each(apis.map((api) => [api.id] as const))('history of %s', (api) => {
  const revisions = revisionsOf(api);
  const rows = FACTS.filter((row) => row.api === api);

  it('has the revisions issue 2 asks for', () => {
    const dates = revisions.map((revision) => revision.date);
    for (const date of REQUIRED_REVISIONS[api] ?? []) expect(dates, `specs/${api}: revision ${date} is missing`).toContain(date);
    expect(dates.length).toBeGreaterThanOrEqual(2);
  });

  it('currentRevision() is the newest file in the folder', () => {
    const dir = path.dirname(revisions[0]?.file ?? path.join(repoRoot, 'specs'));
    const newest = readdirSync(dir).filter((name) => /^\d{4}-\d{2}-\d{2}\.yaml$/.test(name)).sort().at(-1);
    expect(path.basename(currentRevision(api, repoRoot).file)).toBe(newest);
  });

  it('every revision loads with the loader (no dangling $ref) and is OpenAPI 3.0.3 with the JWT bearer scheme and the Error schema', () => {
    for (const revision of revisions) {
      const spec = loadSpec(revision.file, { cwd: repoRoot });
      expect(spec.openapi, revision.repoPath).toBe('3.0.3');
      const doc = documentOf(revision);
      expect(doc.components?.securitySchemes?.JWT, revision.repoPath).toMatchObject({ type: 'http', scheme: 'bearer' });
      expect(doc.security, revision.repoPath).toEqual([{ JWT: [] }]);
      const error = schema(doc, 'Error');
      expect(required(error).sort(), revision.repoPath).toEqual(['message', 'requestId', 'statusCode']);
      expect(properties(error).statusCode, revision.repoPath).toMatchObject({ type: 'integer', minimum: 400, maximum: 600 });
    }
  });

  it('no two consecutive revisions are the same document', () => {
    for (let i = 1; i < revisions.length; i++) {
      const [older, newer] = [revisions[i - 1]!, revisions[i]!];
      expect(isDeepStrictEqual(documentOf(older), documentOf(newer)), `${newer.repoPath} does not change anything since ${older.date}`).toBe(false);
    }
  });

  if (rows.length > 0) {
    describe.each(rows.map((row) => [row.fact, row] as const))('%s', (_fact, row) => {
      it.each(revisions.map((revision) => [label(revision), revision] as const))('%s', (_name, revision) => {
        const isAfter = revision.date >= row.since;
        if (!isAfter && row.before === undefined) return; // the facts say nothing about this revision
        expect(row.observe(documentOf(revision))).toEqual(isAfter ? row.after : row.before);
      });
    });
  }
});

describe('every API named in the history table is in the manifest', () => {
  it.each([...new Set(FACTS.map((row) => row.api))].map((api) => [api]))('%s', (api) => {
    expect(apis.map((entry) => entry.id)).toContain(api);
  });
});
