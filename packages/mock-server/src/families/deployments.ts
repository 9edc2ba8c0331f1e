import type { PermissionContext } from '../permissions.js';
import type { Family } from '../registry.js';
import { handleGeneric } from '../store/generic.js';
import type { ResourceStore } from '../store/resources.js';
import { expireOverride } from './hibernation.js';

/**
 * Deployments: CreateDeployment names its Workspace in the body. The new Deployment lives only there,
 * so the caller needs `workspace.deployments.create` in that (stored) Workspace. Reads first end
 * hibernation overrides whose `overrideUntil` has passed, so a Deployment reports the schedule's state again.
 */
export function deploymentFamily(resources: ResourceStore): Family {
  const workspaces = `/organizations/${resources.organizationId}/workspaces`;
  const servesWorkspaces = resources.catalog.isCollection('/organizations/{organizationId}/workspaces');
  return {
    name: 'deployments',
    handlers: {
      GetDeployment: (ctx) => {
        const deployment = resources.deployment(ctx.pathParams.deploymentId);
        if (deployment) expireOverride(deployment, ctx.now);
        return handleGeneric(resources, ctx);
      },
      ListDeployments: (ctx) => {
        for (const deployment of resources.items(`/organizations/${resources.organizationId}/deployments`).values()) expireOverride(deployment, ctx.now);
        return handleGeneric(resources, ctx);
      },
    },
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
