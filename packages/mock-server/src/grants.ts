import type { Caller } from './context.js';
import { forbidden } from './http-error.js';
import { appliesAt, matchesPermission, ROLE_PERMISSIONS, type PermissionContext, type RoleGrant } from './permissions.js';

/**
 * The grant ceiling: no call gives any subject (API token, user, team, invite) a permission on an entity
 * that the caller does not itself hold, at least as high, on that entity. Every operation that writes
 * roles calls `assertCanGrant` before it writes (CreateApiToken, UpdateApiTokenRoles, UpdateUserRoles,
 * UpdateTeamRoles, CreateTeam, AddTeamMembers, CreateUserInvite; see `test/grant-ceiling.test.ts`).
 */

/** A role to be written: on an Organization, Workspace or Deployment, or a DAG / DAG-tag role in a Deployment. */
export interface Grant extends RoleGrant {
  readonly deploymentId?: string | undefined;
}

/** What the guard needs to know about the world: the organization, and which Workspace holds a Deployment. */
export interface GrantPlaces {
  readonly organizationId: string;
  workspaceOf(deploymentId: string): string | undefined;
}

/**
 * A role that grants no API permission (DAG and DAG-tag roles, custom roles) still gives access to the
 * entity it names (Airflow, for a Deployment): only someone who administers that entity may give it.
 */
const ADMINISTERS: Readonly<Record<string, string>> = { ORGANIZATION: '*', WORKSPACE: 'workspace.*', DEPLOYMENT: 'deployment.*', DAG: 'deployment.*', DAG_TAG: 'deployment.*' };

/** Where a grant acts: its entity, with the entities above it (a Deployment's Workspace). */
export function placeOf(grant: Grant, places: GrantPlaces): PermissionContext {
  const organizationId = places.organizationId;
  switch (grant.entityType) {
    case 'ORGANIZATION':
      return { organizationId };
    case 'WORKSPACE':
      return { organizationId, workspaceId: grant.entityId };
    default: {
      // DEPLOYMENT roles name the Deployment; DAG and DAG-tag roles name it in `deploymentId`.
      const deploymentId = grant.entityType === 'DEPLOYMENT' ? grant.entityId : grant.deploymentId;
      return deploymentId === undefined ? { organizationId, workspaceId: '(none)', deploymentId: '(none)' } : { organizationId, deploymentId, workspaceId: places.workspaceOf(deploymentId) };
    }
  }
}

/** The permission patterns a role carries where it is given (its table entry, else the entity's administration). */
function requiredPatterns(grant: Grant): readonly string[] {
  const table = ROLE_PERMISSIONS[grant.role];
  if (table && table.length > 0) return table;
  return [ADMINISTERS[grant.entityType] ?? '*'];
}

/**
 * True when `pattern` (a permission or a `*` pattern) is covered by one of the caller's patterns: every
 * permission `pattern` matches, the caller's pattern matches too. A caller pattern matching the other
 * pattern's text, `*` included, is exactly that, because `*` is the only wildcard and never a literal.
 */
function covers(callerPattern: string, pattern: string): boolean {
  return matchesPermission(callerPattern, pattern);
}

/** The first permission pattern of `grant` the caller does not hold where the grant acts, or undefined. */
export function missingForGrant(callerRoles: readonly RoleGrant[], grant: Grant, places: GrantPlaces): string | undefined {
  const place = placeOf(grant, places);
  const applying = callerRoles.filter((role) => appliesAt(role, place));
  return requiredPatterns(grant).find((needed) => !applying.some((role) => (ROLE_PERMISSIONS[role.role] ?? []).some((own) => covers(own, needed))));
}

const keyOf = (g: Grant) => `${g.entityType}\u0000${g.entityId}\u0000${g.role}\u0000${g.deploymentId ?? ''}`;

/**
 * Refuses (403) when any of `grants` gives a permission the caller does not hold where that grant acts.
 * `kept` are roles the subject holds already: writing them again (a role list replaced as a whole) grants
 * nothing new, so they are not checked — the caller may edit a subject's other roles without losing them.
 */
export function assertCanGrant(caller: Caller | undefined, grants: readonly Grant[], places: GrantPlaces, kept: readonly Grant[] = []): void {
  const already = new Set(kept.map(keyOf));
  for (const grant of grants) {
    if (already.has(keyOf(grant))) continue;
    const missing = caller ? missingForGrant(caller.roles, grant, places) : '*';
    if (missing === undefined) continue;
    const where = grant.entityType === 'ORGANIZATION' ? 'the Organization' : `${grant.entityType} ${grant.entityId}${grant.deploymentId ? ` in Deployment ${grant.deploymentId}` : ''}`;
    throw forbidden(
      `${caller ? `API token "${caller.name}"` : 'an anonymous caller'} cannot grant ${grant.role} on ${where}: it does not hold ${missing === '*' ? 'every permission' : `the permission ${missing}`} there itself`,
    );
  }
}

/** The roles a user, team or invite item carries (`organizationRole`, `workspaceRoles`, `deploymentRoles`, `dagRoles`, `role`). */
export function subjectGrants(item: unknown, organizationId: string): Grant[] {
  if (item === null || typeof item !== 'object') return [];
  const i = item as Record<string, unknown>;
  const list = (v: unknown) => (Array.isArray(v) ? (v.filter((x) => x !== null && typeof x === 'object') as Array<Record<string, unknown>>) : []);
  const out: Grant[] = [];
  const orgRole = i.organizationRole ?? i.role;
  if (typeof orgRole === 'string') out.push({ entityType: 'ORGANIZATION', entityId: organizationId, role: orgRole });
  for (const r of list(i.workspaceRoles)) out.push({ entityType: 'WORKSPACE', entityId: String(r.workspaceId), role: String(r.role) });
  for (const r of list(i.deploymentRoles)) out.push({ entityType: 'DEPLOYMENT', entityId: String(r.deploymentId), role: String(r.role) });
  for (const r of list(i.dagRoles)) {
    out.push({ entityType: r.dagTag !== undefined && r.dagId === undefined ? 'DAG_TAG' : 'DAG', entityId: String(r.dagId ?? r.dagTag ?? ''), role: String(r.role), deploymentId: String(r.deploymentId) });
  }
  return out;
}
