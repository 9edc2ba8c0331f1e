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
