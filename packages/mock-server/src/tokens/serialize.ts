import { responseSchema, successStatus, type Reply, type RequestContext } from '../context.js';
import { isoSeconds } from '../sample.js';
import { itemsOf, objectShape, pick, type ObjectShape } from '../schema-shape.js';
import type { MockSpec } from '../spec.js';
import type { TokenRecord, TokenRole } from './token-store.js';

/** `scope` in v1, `type` in v1beta1: the property name is read from the spec, not assumed. */
export function detectScopeField(spec: MockSpec): 'scope' | 'type' {
  for (const id of ['CreateApiToken', 'GetApiToken']) {
    const op = spec.operations.find((o) => o.operationId === id);
    const pointer = op && (id === 'CreateApiToken' ? op.requestBody?.schemaPointer : responseSchema(op, 200)?.pointer);
    if (pointer) return objectShape(spec, pointer).properties.has('type') ? 'type' : 'scope';
  }
  return 'scope';
}

/** One page of a token list (`ApiTokensPaginated`), by the request's `offset` and `limit`. */
export function tokenPage(spec: MockSpec, scopeField: string, ctx: RequestContext, all: readonly TokenRecord[]): Reply {
  const offset = Number(ctx.query.offset ?? 0);
  const limit = Number(ctx.query.limit ?? 20);
  const status = successStatus(ctx.operation);
  const pointer = responseSchema(ctx.operation, status)?.pointer;
  const itemsPointer = pointer ? itemsOf(spec, objectShape(spec, pointer).properties.get('tokens')!) : undefined;
  const page = all.slice(offset, offset + limit).map((t) => serializeToken(spec, scopeField, t, itemsPointer));
  return { status, body: { tokens: page, offset, limit, totalCount: all.length } };
}

/** The `ApiToken` object, with only the properties this revision declares. `token` only with a fresh value. */
export function serializeToken(spec: MockSpec, scopeField: string, token: TokenRecord, pointer: string | undefined, value?: string): Record<string, unknown> {
  const shape = pointer ? objectShape(spec, pointer) : undefined;
  const roleShape = pointer ? roleShapeOf(spec, pointer) : undefined;
  const all: Record<string, unknown> = {
    id: token.id,
    name: token.name,
    description: token.description,
    [scopeField]: token.scope,
    kind: token.kind,
    shortToken: token.shortToken,
    createdAt: isoSeconds(token.createdAt),
    updatedAt: isoSeconds(token.updatedAt),
    startAt: isoSeconds(token.startAt),
    endAt: token.endAt && isoSeconds(token.endAt),
    expiryPeriodInDays: token.expiryPeriodInDays,
    lastUsedAt: token.lastUsedAt && isoSeconds(token.lastUsedAt),
    lastRotatedAt: token.lastRotatedAt && isoSeconds(token.lastRotatedAt),
    createdBy: token.createdBy,
    updatedBy: token.updatedBy,
    roles: token.roles.map((r) => (roleShape ? pick({ ...r }, roleShape) : { ...r })),
    token: value,
  };
  return shape ? pick(all, shape) : all;
}

const ROLE_SHAPES = new WeakMap<MockSpec, Map<string, ObjectShape | undefined>>();

/** The shape of one role in a token schema's `roles` array, read once per schema (lists serialise many tokens). */
function roleShapeOf(spec: MockSpec, pointer: string): ObjectShape | undefined {
  let known = ROLE_SHAPES.get(spec);
  if (!known) ROLE_SHAPES.set(spec, (known = new Map()));
  if (!known.has(pointer)) {
    const rolesAt = objectShape(spec, pointer).properties.get('roles');
    known.set(pointer, rolesAt ? objectShape(spec, itemsOf(spec, rolesAt)!) : undefined);
  }
  return known.get(pointer);
}

/** `SubjectRoles`: a token's roles grouped the way the API reports them. */
export function subjectRoles(spec: MockSpec, ctx: RequestContext, roles: readonly TokenRole[]): Record<string, unknown> {
  const pointer = responseSchema(ctx.operation, successStatus(ctx.operation))?.pointer;
  const all: Record<string, unknown> = {
    organizationRole: roles.find((r) => r.entityType === 'ORGANIZATION')?.role,
    workspaceRoles: roles.filter((r) => r.entityType === 'WORKSPACE').map((r) => ({ workspaceId: r.entityId, role: r.role })),
    deploymentRoles: roles.filter((r) => r.entityType === 'DEPLOYMENT').map((r) => ({ deploymentId: r.entityId, role: r.role })),
    dagRoles: roles
      .filter((r) => r.entityType === 'DAG' || r.entityType === 'DAG_TAG')
      .map((r) => ({ deploymentId: r.deploymentId, role: r.role, ...(r.entityType === 'DAG' ? { dagId: r.entityId } : { dagTag: r.entityId }) })),
  };
  return pointer ? pick(all, objectShape(spec, pointer)) : all;
}

/** What ListApiTokens can sort on, per token. */
export function sortValue(token: TokenRecord, name: string): unknown {
  switch (name) {
    case 'tokenStartAt':
      return token.startAt.toISOString();
    case 'createdAt':
    case 'updatedAt':
      return token[name].toISOString();
    case 'createdById':
      return token.createdBy.id;
    case 'updatedById':
      return token.updatedBy.id;
    default:
      return (token as unknown as Record<string, unknown>)[name];
  }
}

/** The list filters of ListApiTokens, as its parameter descriptions state them. */
export function matchesFilters(token: TokenRecord, query: Readonly<Record<string, unknown>>): boolean {
  const has = (type: string, id: unknown) => token.roles.some((r) => r.entityType === type && r.entityId === id);
  if (query.includeOnlyOrganizationTokens === true && token.scope !== 'ORGANIZATION') return false;
  if (query.kind !== undefined && token.kind !== query.kind) return false;
  if (query.workspaceId !== undefined && !has('WORKSPACE', query.workspaceId)) return false;
  if (query.deploymentId !== undefined && !has('DEPLOYMENT', query.deploymentId) && !token.roles.some((r) => r.deploymentId === query.deploymentId)) return false;
  if (query.dagId !== undefined && !has('DAG', query.dagId)) return false;
  if (Array.isArray(query.dagTags) && query.dagTags.length > 0 && !query.dagTags.some((tag) => has('DAG_TAG', tag))) return false;
  return true;
}
