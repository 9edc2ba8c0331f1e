/**
 * The one seed every API version starts from: the same organization, Workspace, Deployment, cluster,
 * user and team — names and IDs — in v1 and in v1beta1 (IAM and Platform), so a program shows the same
 * output before and after its migration. When a collection is first used, its example item (from the
 * spec) is overlaid with these values, field by field, where the revision's item schema declares the
 * field and accepts the value ("where shapes allow"); everything else stays the spec's example.
 */
const ORGANIZATION = 'clmockorganization000000001';
const WORKSPACE = 'clx8p9o0i000108mr6y7u8i9o';
const DEPLOYMENT = 'clx5g6h7j000208mn3k4l5z6x';
const CLUSTER = 'cm1c7h2kx000108l4f9a0b1c2';

export const SEED = {
  organization: { id: ORGANIZATION, name: 'Example Corp', billingEmail: 'billing@example.com' },
  workspace: { id: WORKSPACE, name: 'Analytics', description: 'Pipelines of the analytics team.', organizationName: 'Example Corp' },
  cluster: { id: CLUSTER, name: 'analytics-eu-central', cloudProvider: 'AWS', region: 'eu-central-1' },
  deployment: {
    id: DEPLOYMENT,
    name: 'analytics-prod',
    description: 'Nightly analytics pipelines.',
    workspaceId: WORKSPACE,
    workspaceName: 'Analytics',
    clusterId: CLUSTER,
    clusterName: 'analytics-eu-central',
    cloudProvider: 'AWS',
    region: 'eu-central-1',
    namespace: 'quantum-nebula-1234',
    status: 'HEALTHY',
    type: 'STANDARD',
    executor: 'CELERY',
    astroRuntimeVersion: '13.1.0',
    runtimeVersion: '13.1.0',
    airflowVersion: '2.10.5',
    imageRepository: 'images.astronomer.cloud/quantum-nebula-1234',
    imageTag: 'deploy-2026-03-02T09-15',
    imageVersion: 'deploy-2026-03-02T09-15',
    isDagDeployEnabled: true,
  },
  user: {
    id: 'clx1m2n3o000108la4b5c6d7e',
    username: 'ada@example.com',
    fullName: 'Ada Lovelace',
    organizationRole: 'ORGANIZATION_MEMBER',
    workspaceRoles: [{ workspaceId: WORKSPACE, role: 'WORKSPACE_MEMBER' }],
    deploymentRoles: [{ deploymentId: DEPLOYMENT, role: 'DEPLOYMENT_ADMIN' }],
    dagRoles: [{ deploymentId: DEPLOYMENT, role: 'DAG_VIEWER', dagId: 'daily_sales_rollup' }],
  },
  team: {
    id: 'clxg7k8l9000008mz4f5g6h7j',
    name: 'Data Platform',
    description: 'Owns the shared Airflow infrastructure.',
    organizationRole: 'ORGANIZATION_MEMBER',
    workspaceRoles: [{ workspaceId: WORKSPACE, role: 'WORKSPACE_MEMBER' }],
    deploymentRoles: [{ deploymentId: DEPLOYMENT, role: 'DEPLOYMENT_ADMIN' }],
    dagRoles: [{ deploymentId: DEPLOYMENT, role: 'DAG_VIEWER', dagId: 'daily_sales_rollup' }],
  },
} as const;

/** Seed values by collection (normalized template: parameters erased). */
export const SEED_BY_COLLECTION: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  '/organizations': SEED.organization,
  '/organizations/{}/workspaces': SEED.workspace,
  '/organizations/{}/clusters': SEED.cluster,
  '/organizations/{}/deployments': SEED.deployment,
  '/organizations/{}/users': SEED.user,
  '/organizations/{}/teams': SEED.team,
};
