import { badRequest } from '../http-error.js';
import type { Family } from '../registry.js';
import { handleGeneric } from '../store/generic.js';
import type { ResourceStore } from '../store/resources.js';

/** Deleting a cluster that still hosts Deployments is refused (400, the client error DeleteCluster declares). */
export function clusterFamily(resources: ResourceStore): Family {
  return {
    name: 'clusters',
    handlers: {
      DeleteCluster: (ctx) => {
        const clusterId = ctx.pathParams.clusterId!;
        const hosted = resources.catalog.isCollection('/organizations/{organizationId}/deployments')
          ? [...resources.items(`/organizations/${resources.organizationId}/deployments`).values()].filter((d) => d.clusterId === clusterId)
          : [];
        if (hosted.length > 0) {
          throw badRequest(`cluster ${clusterId} still hosts ${hosted.length} Deployment(s) (${hosted.slice(0, 3).map((d) => String(d.id)).join(', ')}${hosted.length > 3 ? ', …' : ''}); delete or move them first`);
        }
        return handleGeneric(resources, ctx);
      },
    },
  };
}
