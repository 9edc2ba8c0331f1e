import { responseSchema, successStatus, type Reply, type RequestContext } from '../context.js';
import { badRequest, forbidden, notFound } from '../http-error.js';
import { fill, sortBy } from '../paths.js';
import { ORGANIZATION_OWNER, type PermissionContext } from '../permissions.js';
import type { Family } from '../registry.js';
import type { ResourceStore } from '../store/resources.js';
import { assertCanGrant, type GrantPlaces } from '../grants.js';
import type { FieldError } from '../validation.js';
import { detectScopeField, matchesFilters, serializeToken, sortValue, subjectRoles, tokenPage } from './serialize.js';
import { subjectOf, type TokenRecord, type TokenRole, type TokenScope, type TokenStore } from './token-store.js';

/** Entities are checked only where this API serves them (the v1beta1 IAM API has no Deployments). */
export function checkEntity(resources: ResourceStore, kind: 'Workspace' | 'Deployment', id: string): string {
  if (!resources.servesEntity(kind)) return id;
  if (!resources.entity(kind, id)) throw notFound(kind, id);
  return id;
}

/**
 * API tokens, with the behaviour the Astro docs describe: the value is shown only on create and
 * rotate; rotating invalidates the old value at once; delete cannot be undone; `tokenExpiryPeriodInDays`
 * sets `endAt`; `kind` defaults to STANDARD; only Organization Owners create DIRECT_ACCESS tokens,
 * whose roles never change afterwards.
 */
export function apiTokenFamily(tokens: TokenStore, resources: ResourceStore): Family {
  const spec = resources.spec;
  const scopeField = detectScopeField(spec);
  const listCache = new Map<string, { version: number; tokens: TokenRecord[] }>();
  const places = grantPlaces(resources);

  const reply = (ctx: RequestContext, token: TokenRecord, value?: string): Reply => {
    const status = successStatus(ctx.operation);
    return { status, body: serializeToken(spec, scopeField, token, responseSchema(ctx.operation, status)?.pointer, value) };
  };
  const apiToken = (ctx: RequestContext): TokenRecord => {
    const id = ctx.pathParams.tokenId!;
    const token = tokens.get(id);
    if (!token || token.agentDeploymentId !== undefined) throw notFound('API token', id);
    return token;
  };
  const touch = (token: TokenRecord, ctx: RequestContext) => {
    token.updatedAt = ctx.now;
    if (ctx.caller) token.updatedBy = subjectOf(ctx.caller);
    tokens.changed();
  };

  /** Filtered and sorted once per store change and query, not once per request. */
  const ordered = (query: Readonly<Record<string, unknown>>): TokenRecord[] => {
    const key = JSON.stringify(['workspaceId', 'deploymentId', 'dagId', 'dagTags', 'includeOnlyOrganizationTokens', 'kind', 'sorts'].map((k) => query[k]));
    const cached = listCache.get(key);
    if (cached && cached.version === tokens.version) return cached.tokens;
    const matching: TokenRecord[] = [];
    for (const t of tokens.all()) if (t.agentDeploymentId === undefined && matchesFilters(t, query)) matching.push(t);
    const result = sortBy(matching, query.sorts, sortValue);
    if (listCache.size >= 32) listCache.clear();
    listCache.set(key, { version: tokens.version, tokens: result });
    return result;
  };

  const create = (ctx: RequestContext): Reply => {
    const body = ctx.body as Record<string, unknown>;
    const scope = body[scopeField] as TokenScope;
    const role = String(body.role);
    const kind = (body.kind as TokenRecord['kind'] | undefined) ?? 'STANDARD';
    if (kind === 'DIRECT_ACCESS' && !ctx.caller?.roles.some((r) => r.entityType === 'ORGANIZATION' && r.role === ORGANIZATION_OWNER)) {
      throw forbidden('only Organization Owners can create DIRECT_ACCESS API tokens');
    }
    let entityId = tokens.organizationId;
    if (scope !== 'ORGANIZATION') {
      if (typeof body.entityId !== 'string' || body.entityId === '') {
        const message = `entityId is required when ${scopeField} is ${scope}`;
        throw badRequest(message, [{ field: 'entityId', code: 'required', message }]);
      }
      entityId = checkEntity(resources, scope === 'WORKSPACE' ? 'Workspace' : 'Deployment', body.entityId);
    }
    // Built-in roles carry their scope in their name; Deployment tokens may also hold custom roles.
    if (!role.startsWith(`${scope}_`) && (scope !== 'DEPLOYMENT' || /^(ORGANIZATION|WORKSPACE)_/.test(role))) {
      throw badRequest(`role ${role} cannot be given to a ${scope} API token`, [{ field: 'role', code: 'oneof', message: `role must be a ${scope} role` }]);
    }
    // The grant ceiling: the new token holds nothing its creator does not hold there.
    assertCanGrant(ctx.caller, [{ entityType: scope, entityId, role }], places);
    const { record, value } = tokens.issue({
      name: String(body.name),
      description: body.description as string | undefined,
      scope,
      entityId,
      kind,
      roles: [{ entityType: scope, entityId, role }],
      expiryDays: body.tokenExpiryPeriodInDays as number | undefined,
      now: ctx.now,
      createdBy: ctx.caller ? subjectOf(ctx.caller) : undefined,
    });
    return reply(ctx, record, value);
  };

  const updateRoles = (ctx: RequestContext): Reply => {
    const token = apiToken(ctx);
    if (token.kind === 'DIRECT_ACCESS') throw badRequest('the roles of a DIRECT_ACCESS API token cannot be changed after it is created');
    const roles = (ctx.body as { roles: TokenRole[] }).roles;
    const errors: FieldError[] = [];
    roles.forEach((role, i) => {
      if ((role.entityType === 'DAG' || role.entityType === 'DAG_TAG') && !role.deploymentId) {
        errors.push({ field: `roles[${i}].deploymentId`, code: 'required', message: `roles[${i}].deploymentId is required for ${role.entityType} roles` });
      }
      if (role.entityType === 'ORGANIZATION' && (token.scope !== 'ORGANIZATION' || role.entityId !== tokens.organizationId)) {
        errors.push({ field: `roles[${i}].entityId`, code: 'oneof', message: `roles[${i}] gives an Organization role a ${token.scope} token cannot hold` });
      }
      if (role.entityType === 'WORKSPACE' && token.scope === 'DEPLOYMENT') {
        errors.push({ field: `roles[${i}].entityType`, code: 'oneof', message: `roles[${i}] gives a Workspace role to a Deployment token` });
      }
    });
    // `ApiTokenRole.role` is a free string, but the answer (`SubjectRoles`) may restrict role names
    // per entity type (`WorkspaceRole.role` is an enum): a role the answer could not carry is refused.
    const pointer = responseSchema(ctx.operation, successStatus(ctx.operation))?.pointer;
    if (pointer && errors.length === 0) {
      roles.forEach((role, i) => {
        if (!resources.accepts(pointer, subjectRoles(spec, ctx, [role]))) {
          errors.push({ field: `roles[${i}].role`, code: 'oneof', message: `roles[${i}].role ${role.role} is not a valid ${role.entityType} role` });
        }
      });
    }
    if (errors.length > 0) throw badRequest('invalid roles', errors);
    for (const role of roles) {
      if (role.entityType === 'WORKSPACE') checkEntity(resources, 'Workspace', role.entityId);
      if (role.entityType === 'DEPLOYMENT') checkEntity(resources, 'Deployment', role.entityId);
      if (role.deploymentId) checkEntity(resources, 'Deployment', role.deploymentId);
    }
    // The grant ceiling: every role the token does not hold yet must be within what the caller holds there.
    assertCanGrant(ctx.caller, roles, places, token.roles);
    token.roles = roles.map((r) => ({ ...r }));
    touch(token, ctx);
    return { status: successStatus(ctx.operation), body: subjectRoles(spec, ctx, token.roles) };
  };

  return {
    name: 'api-tokens',
    handlers: {
      ListApiTokens: (ctx) => {
        const all = ordered(ctx.query);
        return tokenPage(spec, scopeField, ctx, all);
      },
      CreateApiToken: create,
      GetApiToken: (ctx) => reply(ctx, apiToken(ctx)),
      UpdateApiToken: (ctx) => {
        const token = apiToken(ctx);
        const body = ctx.body as { name: string; description?: string };
        token.name = body.name;
        if (body.description !== undefined) token.description = body.description;
        touch(token, ctx);
        return reply(ctx, token);
      },
      DeleteApiToken: (ctx) => {
        tokens.remove(apiToken(ctx));
        return { status: successStatus(ctx.operation) };
      },
      UpdateApiTokenRoles: updateRoles,
      RotateApiToken: (ctx) => {
        const token = apiToken(ctx);
        const value = tokens.rotate(token);
        token.lastRotatedAt = ctx.now;
        touch(token, ctx);
        return reply(ctx, token, value);
      },
    },
    // A stored token belongs to its Workspace or Deployment: managing it needs rights there (or above).
    scope: (params) => {
      const token = params.tokenId === undefined ? undefined : tokens.get(params.tokenId);
      if (!token || token.agentDeploymentId !== undefined) return undefined;
      if (token.scope === 'WORKSPACE') return { workspaceId: token.entityId };
      if (token.scope === 'DEPLOYMENT') return { deploymentId: token.entityId, workspaceId: workspaceOf(resources, token.entityId) };
      return undefined;
    },
    creationTarget: {
      // The new token lives in the entity `scope` + `entityId` name, which must exist.
      CreateApiToken: (ctx): PermissionContext | undefined => {
        const body = ctx.body as Record<string, unknown>;
        const scope = body[scopeField];
        const entityId = typeof body.entityId === 'string' ? body.entityId : undefined;
        const organizationId = tokens.organizationId;
        if (scope === 'WORKSPACE' && entityId !== undefined && existing(resources, 'Workspace', entityId)) return { organizationId, workspaceId: entityId };
        if (scope === 'DEPLOYMENT' && entityId !== undefined && existing(resources, 'Deployment', entityId)) {
          return { organizationId, deploymentId: entityId, workspaceId: workspaceOf(resources, entityId) };
        }
        return undefined;
      },
    },
  };
}

function existing(resources: ResourceStore, kind: 'Workspace' | 'Deployment', id: string): boolean {
  return resources.entity(kind, id) !== undefined;
}

/** The Workspace a stored Deployment belongs to. */
export function workspaceOf(resources: ResourceStore, deploymentId: string): string | undefined {
  const workspaceId = resources.deployment(deploymentId)?.workspaceId;
  return typeof workspaceId === 'string' ? workspaceId : undefined;
}

/** The places a grant can act, from the stored Workspaces and Deployments. */
export function grantPlaces(resources: ResourceStore): GrantPlaces {
  return { organizationId: resources.organizationId, workspaceOf: (deploymentId) => workspaceOf(resources, deploymentId) };
}
