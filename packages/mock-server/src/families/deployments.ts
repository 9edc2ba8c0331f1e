import type { PermissionContext } from '../permissions.js';
import type { Family } from '../registry.js';
import type { ResourceStore } from '../store/resources.js';

/**
 * Deployments: CreateDeployment names its Workspace in the body. The new Deployment lives only there,
 * so the caller needs `workspace.deployments.create` in that (stored) Workspace.
 */
export function deploymentFamily(resources: ResourceStore): Family {
  const workspaces = `/organizations/${resources.organizationId}/workspaces`;
  const servesWorkspaces = resources.catalog.isCollection('/organizations/{organizationId}/workspaces');
  return {
    name: 'deployments',
    handlers: {},
    creationTarget: {
      CreateDeployment: (ctx): PermissionContext | undefined => {
        const workspaceId = (ctx.body as { workspaceId?: unknown } | undefined)?.workspaceId;
        if (!servesWorkspaces || typeof workspaceId !== 'string' || !resources.find(workspaces, workspaceId)) return undefined;
        return { organizationId: resources.organizationId, workspaceId };
      },
    },
  };
}

/**
 * For contract tests: Deployments made by `prepare` are in development mode with DAG deploys on, so
 * every Deployment operation (hibernation overrides, DAG deploys) can succeed on them.
 */
export function prepareDeployment(resources: ResourceStore) {
  return (normalized: string): string | undefined => {
    if (normalized !== '/organizations/{}/deployments' || !resources.catalog.isCollection('/organizations/{organizationId}/deployments')) return undefined;
    const collection = `/organizations/${resources.organizationId}/deployments`;
    const id = resources.addSample(collection);
    Object.assign(resources.find(collection, id)!, { isDevelopmentMode: true, isDagDeployEnabled: true });
    return id;
  };
}
