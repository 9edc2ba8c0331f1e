/**
 * A CI job's token housekeeping, written against the deprecated v1beta1 client the way such scripts were:
 * find the Workspace that owns the production Deployment, give the deploy job a Workspace token, check it is
 * listed, rotate it, and delete it at the end. It prints only stable facts (names, counts, scopes, roles), never
 * IDs, values or timestamps, so its output can be compared before and after the codemod (test/cross-mock.test.ts).
 */
import { createIamClient, createPlatformClient, type iam } from '@astro-api/client/v1beta1';

const ORGANIZATION_ID = process.env.ASTRO_ORGANIZATION_ID ?? 'clm8q7f6q000008lcgyougpsk';
const DEPLOYMENT_NAME = process.env.ASTRO_DEPLOYMENT ?? 'analytics-prod';
const token = process.env.ASTRO_API_TOKEN;

const platform = createPlatformClient({ token, baseUrl: 'https://api.astronomer.io/platform/v1beta1', throwOnError: true });
const tokens = createIamClient({ token, baseUrl: 'https://api.astronomer.io/iam/v1beta1', throwOnError: true });

function describeToken(apiToken: iam.ApiToken): string {
  const roles = (apiToken.roles ?? []).map((role) => `${role.entityType}:${role.role}`).sort();
  return `${apiToken.name} [${apiToken.type}/${apiToken.kind}] roles=${roles.join(',')} expires=${apiToken.expiryPeriodInDays ?? 'never'}d`;
}

async function workspaceTokens(workspaceId: string): Promise<iam.ApiToken[]> {
  const { data } = await tokens.GET('/organizations/{organizationId}/tokens', {
    params: { path: { organizationId: ORGANIZATION_ID }, query: { workspaceId, limit: 100 } },
  });
  return data.tokens.filter((t) => t.type === 'WORKSPACE');
}

async function main(): Promise<void> {
  const { data: organization } = await platform.GET('/organizations/{organizationId}', {
    params: { path: { organizationId: ORGANIZATION_ID } },
  });
  console.log(`organization: ${organization.name}`);

  const { data: workspaces } = await platform.GET('/organizations/{organizationId}/workspaces', {
    params: { path: { organizationId: ORGANIZATION_ID } },
  });
  console.log(`workspaces: ${workspaces.totalCount} (${workspaces.workspaces.map((w) => w.name).sort().join(', ')})`);

  const { data: deployments } = await platform.GET('/organizations/{organizationId}/deployments', {
    params: { path: { organizationId: ORGANIZATION_ID }, query: { names: [DEPLOYMENT_NAME] } },
  });
  const deployment = deployments.deployments[0];
  if (deployment === undefined) throw new Error(`no Deployment named ${DEPLOYMENT_NAME}`);
  const workspace = workspaces.workspaces.find((w) => w.id === deployment.workspaceId);
  console.log(`deployment: ${deployment.name} in workspace ${workspace?.name ?? '(unknown)'}`);
  if (workspace === undefined) throw new Error('the Deployment is in no Workspace of the Organization');

  const before = await workspaceTokens(workspace.id);
  console.log(`workspace tokens before: ${before.length}`);

  const { data: created } = await tokens.POST('/organizations/{organizationId}/tokens', {
    params: { path: { organizationId: ORGANIZATION_ID } },
    body: {
      name: `ci-deploy-${deployment.name}`,
      description: 'Deploys from CI',
      type: 'WORKSPACE',
      entityId: workspace.id,
      role: 'WORKSPACE_OPERATOR',
      tokenExpiryPeriodInDays: 30,
    },
  });
  console.log(`created: ${describeToken(created)}`);
  console.log(`value returned once: ${typeof created.token === 'string' && created.token.length > 0}`);

  const listed = await workspaceTokens(workspace.id);
  const mine = listed.find((t) => t.id === created.id);
  console.log(`workspace tokens after create: ${listed.length}; listed: ${mine !== undefined}; value hidden in list: ${mine?.token === undefined}`);
  const { type: level, name } = mine ?? created;
  console.log(`listed as ${name} (${level})`);

  const { data: rotated } = await tokens.POST('/organizations/{organizationId}/tokens/{tokenId}/rotate', {
    params: { path: { organizationId: ORGANIZATION_ID, tokenId: created.id } },
  });
  console.log(`rotated: ${describeToken(rotated)}; new value: ${rotated.token !== undefined && rotated.token !== created.token}`);

  await tokens.DELETE('/organizations/{organizationId}/tokens/{tokenId}', {
    params: { path: { organizationId: ORGANIZATION_ID, tokenId: created.id } },
  });
  const after = await workspaceTokens(workspace.id);
  console.log(`workspace tokens after delete: ${after.length}; still listed: ${after.some((t) => t.id === created.id)}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
