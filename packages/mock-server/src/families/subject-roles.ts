import { responseSchema, successStatus, type RequestContext } from '../context.js';
import { assertCanGrant, subjectGrants } from '../grants.js';
import type { Family } from '../registry.js';
import { handleGeneric, itemOrThrow } from '../store/generic.js';
import type { Item, ResourceStore } from '../store/resources.js';
import { grantPlaces } from '../tokens/api-tokens.js';

const ROLE_FIELDS = ['organizationRole', 'workspaceRoles', 'deploymentRoles', 'dagRoles'] as const;

/**
 * Users, teams and invites carry roles too: every operation that writes them goes through the grant
 * ceiling (`assertCanGrant`) first. UpdateUserRoles and UpdateTeamRoles write the roles onto the stored
 * user or team, so GetUser / GetTeam / ListUsers report them afterwards; the answer is `SubjectRoles`.
 */
export function subjectRoleFamily(resources: ResourceStore): Family {
  const places = grantPlaces(resources);
  const org = resources.organizationId;
  const body = (ctx: RequestContext) => (ctx.body ?? {}) as Record<string, unknown>;

  const updateRoles = (template: string) => (ctx: RequestContext) => {
    const item = itemOrThrow(resources, template, ctx.pathParams);
    const given = body(ctx);
    // Fields left out keep their value, so the roles after the call are the stored ones overlaid with the body's.
    const after: Item = { ...item };
    for (const field of ROLE_FIELDS) if (given[field] !== undefined) after[field] = given[field];
    assertCanGrant(ctx.caller, subjectGrants(after, org), places, subjectGrants(item, org));
    const itemSchema = resources.catalog.collection(template.slice(0, template.lastIndexOf('/')))?.itemSchema;
    Object.assign(item, resources.merge(item, Object.fromEntries(ROLE_FIELDS.filter((f) => given[f] !== undefined).map((f) => [f, given[f]])), itemSchema, ctx.now, false));
    const status = successStatus(ctx.operation);
    return { status, body: resources.conform(Object.fromEntries(ROLE_FIELDS.filter((f) => item[f] !== undefined).map((f) => [f, item[f]])), responseSchema(ctx.operation, status)?.pointer) };
  };

  return {
    name: 'subject-roles',
    handlers: {
      UpdateUserRoles: updateRoles('/organizations/{organizationId}/users/{userId}'),
      UpdateTeamRoles: updateRoles('/organizations/{organizationId}/teams/{teamId}'),
      CreateTeam: (ctx) => {
        assertCanGrant(ctx.caller, subjectGrants({ organizationRole: body(ctx).organizationRole }, org), places);
        return handleGeneric(resources, ctx);
      },
      CreateUserInvite: (ctx) => {
        assertCanGrant(ctx.caller, subjectGrants({ role: body(ctx).role }, org), places);
        return handleGeneric(resources, ctx);
      },
      // A team's members hold the team's roles: adding one gives them, so the caller must hold them.
      AddTeamMembers: (ctx) => {
        assertCanGrant(ctx.caller, subjectGrants(itemOrThrow(resources, '/organizations/{organizationId}/teams/{teamId}', ctx.pathParams), org), places);
        return handleGeneric(resources, ctx);
      },
    },
  };
}
