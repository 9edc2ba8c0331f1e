import { fill, normalize } from './paths.js';
import type { OperationInfo } from './spec.js';
import type { ResourceStore } from './store/resources.js';
import type { TokenStore } from './tokens/token-store.js';

/** Creates the resources an operation's path names and returns their IDs (contract tests use it). */
export function prepareParams(operation: OperationInfo, resources: ResourceStore, tokens: TokenStore, now: Date, extra: PrepareHook[] = []): Record<string, string> {
  const params: Record<string, string> = {};
  const parts = operation.path.split('/').filter(Boolean);
  parts.forEach((part, i) => {
    const match = /^\{([^}]+)\}$/.exec(part);
    if (!match) return;
    const name = match[1]!;
    const template = '/' + parts.slice(0, i).join('/');
    const normalized = normalize(template);
    const hooked = extra.map((hook) => hook(normalized, params, operation.operationId)).find((id) => id !== undefined);
    if (hooked !== undefined) params[name] = hooked;
    else if (name === 'organizationId') params[name] = resources.organizationId;
    else if (normalized === '/organizations/{}/tokens') {
      const organizationId = resources.organizationId;
      params[name] = tokens.issue({
        name: 'prepared token',
        scope: 'ORGANIZATION',
        entityId: organizationId,
        roles: [{ entityType: 'ORGANIZATION', entityId: organizationId, role: 'ORGANIZATION_MEMBER' }],
        now,
      }).record.id;
    } else if (normalized === '/organizations/{}/deployments/{}/agent-tokens') {
      params[name] = tokens.issue({ name: 'prepared agent token', scope: 'DEPLOYMENT', entityId: params.deploymentId!, roles: [], now, agentDeploymentId: params.deploymentId }).record.id;
    } else if (resources.catalog.isCollection(template)) {
      params[name] = resources.addSample(fill(template, params));
    } else {
      params[name] = `unknown-${name}`;
    }
  });
  return params;
}

/** A family's way to make a fitting resource for a collection (`undefined` when it does not own it). */
export type PrepareHook = (normalizedCollection: string, params: Readonly<Record<string, string>>, operationId: string) => string | undefined;
