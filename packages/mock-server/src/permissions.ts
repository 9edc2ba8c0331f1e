/**
 * The mock's role → permission table. The API names each operation's permission in `x-permission`
 * (`organization.apiTokens.access`, `deployment.get`, …) but publishes no role table, so this one is
 * ours: small, explicit, and documented in README.md. A pattern's `*` matches any characters.
 *
 * Organization roles apply across the organization. Workspace roles apply to requests about that
 * Workspace or a Deployment in it. Deployment roles apply to requests about that Deployment. DAG and
 * DAG-tag roles govern Airflow access, not the Astro API, so they grant nothing here. Custom roles
 * (any other name) grant nothing either.
 */
export const ROLE_PERMISSIONS: Readonly<Record<string, readonly string[]>> = {
  ORGANIZATION_OWNER: ['*'],
  ORGANIZATION_BILLING_ADMIN: ['organization.get', 'organization.*.get'],
  ORGANIZATION_OBSERVE_ADMIN: ['organization.get', 'organization.*.get'],
  ORGANIZATION_OBSERVE_MEMBER: ['organization.get', 'organization.*.get'],
  ORGANIZATION_MEMBER: ['organization.get', 'organization.*.get'],
  // Workspace Owners may create API tokens for their own Workspace (and its Deployments).
  WORKSPACE_OWNER: ['workspace.*', 'deployment.*', 'organization.apiTokens.access'],
  WORKSPACE_OPERATOR: ['workspace.get', 'workspace.deployments.create', 'deployment.*'],
  WORKSPACE_AUTHOR: ['workspace.get', 'deployment.get', 'deployment.deploys.*', 'deployment.logs.get'],
  WORKSPACE_MEMBER: ['workspace.get', 'deployment.get'],
  WORKSPACE_ACCESSOR: ['workspace.get'],
  // The docs give Deployment API tokens "the same permissions as the Workspace Operator role, but
  // only for Deployment-level operations".
  DEPLOYMENT_ADMIN: ['deployment.*'],
};

/** The organization role that may create DIRECT_ACCESS tokens (docs: "Only Organization Owners …"). */
export const ORGANIZATION_OWNER = 'ORGANIZATION_OWNER';

export interface RoleGrant {
  readonly entityType: string;
  readonly entityId: string;
  readonly role: string;
}

/** What a request is about: the entities named by its path (and, for CreateDeployment, its body). */
export interface PermissionContext {
  readonly organizationId: string;
  readonly workspaceId?: string | undefined;
  readonly deploymentId?: string | undefined;
}

export function matchesPermission(pattern: string, permission: string): boolean {
  if (pattern === '*') return true;
  const regex = new RegExp('^' + pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$');
  return regex.test(permission);
}

/** True when a role held on its entity applies to a request about `context` (the entity itself or below it). */
export function appliesAt(grant: RoleGrant, context: PermissionContext): boolean {
  return (
    (grant.entityType === 'ORGANIZATION' && grant.entityId === context.organizationId) ||
    (grant.entityType === 'WORKSPACE' && grant.entityId === context.workspaceId) ||
    (grant.entityType === 'DEPLOYMENT' && grant.entityId === context.deploymentId)
  );
}

/** True when one of `roles`, applied where it applies, grants `permission` for `context`. */
export function isGranted(roles: readonly RoleGrant[], permission: string, context: PermissionContext): boolean {
  return roles.some((grant) => appliesAt(grant, context) && (ROLE_PERMISSIONS[grant.role] ?? []).some((pattern) => matchesPermission(pattern, permission)));
}
