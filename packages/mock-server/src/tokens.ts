import type { Reply, RequestContext } from './context.js';
import { responseSchema, successStatus } from './context.js';
import { badRequest, forbidden, notFound } from './http-error.js';
import { hashToken, newId, newTokenValue } from './ids.js';
import { ORGANIZATION_OWNER, type RoleGrant } from './permissions.js';
import type { ResourceStore } from './resources.js';
import { fill, sortBy } from './resources.js';
import { isoSeconds } from './sample.js';
import { itemsOf, objectShape, pick } from './schema-shape.js';
import type { MockSpec } from './spec.js';
import type { FieldError } from './validation.js';

export type TokenScope = 'ORGANIZATION' | 'WORKSPACE' | 'DEPLOYMENT';

export interface TokenRole extends RoleGrant {
  readonly deploymentId?: string;
}

/** An API token as the mock keeps it: the secret value itself is never stored, only its SHA-256. */
export interface TokenRecord {
  readonly id: string;
  readonly organizationId: string;
  name: string;
  description: string;
  readonly scope: TokenScope;
  /** The Organization, Workspace or Deployment the token belongs to. */
  readonly entityId: string;
  readonly kind: 'STANDARD' | 'DIRECT_ACCESS';
  roles: TokenRole[];
  hash: string;
  shortToken: string;
  readonly createdAt: Date;
  updatedAt: Date;
  readonly startAt: Date;
  readonly endAt: Date | undefined;
  readonly expiryPeriodInDays: number | undefined;
  lastUsedAt: Date | undefined;
  lastRotatedAt: Date | undefined;
  readonly createdBy: Subject;
  updatedBy: Subject;
  /** Set for agent tokens: the Deployment whose remote workers use it. */
  readonly agentDeploymentId: string | undefined;
  /** Creation order, the default list order. */
  readonly sequence: number;
}

interface Subject {
  id: string;
  subjectType: 'SERVICEKEY';
  apiTokenName: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const TOKEN_COLLECTION = '/organizations/{organizationId}/tokens';
const AGENT_COLLECTION = '/organizations/{organizationId}/deployments/{deploymentId}/agent-tokens';

/** The collections this module owns, as normalized templates, so the generic store leaves them alone. */
export const TOKEN_COLLECTIONS = new Set([TOKEN_COLLECTION, AGENT_COLLECTION].map((t) => t.replace(/\{[^}]+\}/g, '{}')));

export type Authentication = { token: TokenRecord } | { problem: string };

/**
 * API tokens and agent tokens, with the behaviour the Astro docs describe: the value is shown only on
 * create and rotate; rotating invalidates the old value at once; delete cannot be undone;
 * `tokenExpiryPeriodInDays` sets `endAt`, after which the token is refused; `kind` defaults to STANDARD;
 * only Organization Owners create DIRECT_ACCESS tokens, whose roles never change afterwards.
 */
export class TokenStore {
  private readonly tokens = new Map<string, TokenRecord>();
  private readonly byHash = new Map<string, string>();
  private sequence = 0;
  /** `scope` in v1, `type` in v1beta1: the property name is read from the spec, not assumed. */
  readonly scopeField: 'scope' | 'type';

  private readonly spec: MockSpec;
  private readonly resources: ResourceStore;
  readonly organizationId: string;

  /** Checks a value against a schema of the spec (the server's Ajv). */
  private readonly accepts: (pointer: string, value: unknown) => boolean;

  constructor(spec: MockSpec, resources: ResourceStore, organizationId: string, accepts: (pointer: string, value: unknown) => boolean = () => true) {
    this.accepts = accepts;
    this.spec = spec;
    this.resources = resources;
    this.organizationId = organizationId;
    this.scopeField = detectScopeField(spec);
  }

  get size(): number {
    return this.tokens.size;
  }

  /** Creates a token and returns its record and the one-time secret value. */
  issue(input: {
    name: string;
    description?: string | undefined;
    scope: TokenScope;
    entityId: string;
    kind?: TokenRecord['kind'] | undefined;
    roles: TokenRole[];
    expiryDays?: number | undefined;
    now: Date;
    createdBy?: Subject | undefined;
    agentDeploymentId?: string | undefined;
    value?: string | undefined;
  }): { record: TokenRecord; value: string } {
    const value = input.value ?? newTokenValue();
    const id = newId();
    const subject = input.createdBy ?? { id, subjectType: 'SERVICEKEY' as const, apiTokenName: input.name };
    const record: TokenRecord = {
      id,
      organizationId: this.organizationId,
      name: input.name,
      description: input.description ?? '',
      scope: input.scope,
      entityId: input.entityId,
      kind: input.kind ?? 'STANDARD',
      roles: input.roles,
      hash: hashToken(value),
      shortToken: shortOf(value),
      createdAt: input.now,
      updatedAt: input.now,
      startAt: input.now,
      endAt: input.expiryDays !== undefined ? new Date(input.now.getTime() + input.expiryDays * DAY_MS) : undefined,
      expiryPeriodInDays: input.expiryDays,
      lastUsedAt: undefined,
      lastRotatedAt: undefined,
      createdBy: subject,
      updatedBy: subject,
      agentDeploymentId: input.agentDeploymentId,
      sequence: this.sequence++,
    };
    if (this.byHash.has(record.hash)) throw new Error('token value already in use');
    this.tokens.set(id, record);
    this.byHash.set(record.hash, id);
    return { record, value };
  }

  /** Looks a bearer value up by its hash; refuses expired tokens and marks the token as used. */
  authenticate(value: string, now: Date): Authentication {
    const id = this.byHash.get(hashToken(value));
    const token = id === undefined ? undefined : this.tokens.get(id);
    if (!token) return { problem: 'the bearer token is not valid (unknown, rotated or deleted)' };
    if (token.endAt && now.getTime() >= token.endAt.getTime()) return { problem: `the API token expired at ${isoSeconds(token.endAt)}` };
    if (now.getTime() < token.startAt.getTime()) return { problem: 'the API token is not valid yet' };
    token.lastUsedAt = now;
    return { token };
  }

  get(id: string): TokenRecord | undefined {
    return this.tokens.get(id);
  }

  /** Handles the token operations; `undefined` for operations this module does not own. */
  handle(ctx: RequestContext): Reply | undefined {
    switch (ctx.operation.operationId) {
      case 'ListApiTokens':
        return this.list(ctx, this.apiTokens().filter((t) => matchesFilters(t, ctx.query)));
      case 'CreateApiToken':
        return this.create(ctx);
      case 'GetApiToken':
        return this.reply(ctx, this.apiToken(ctx));
      case 'UpdateApiToken': {
        const token = this.apiToken(ctx);
        const body = ctx.body as { name: string; description?: string };
        token.name = body.name;
        if (body.description !== undefined) token.description = body.description;
        this.touch(token, ctx);
        return this.reply(ctx, token);
      }
      case 'DeleteApiToken':
        this.remove(this.apiToken(ctx));
        return { status: successStatus(ctx.operation) };
      case 'UpdateApiTokenRoles':
        return this.updateRoles(ctx);
      case 'RotateApiToken':
        return this.rotate(ctx);
      case 'ListAgentTokens':
        return this.list(ctx, this.agentTokens(ctx));
      case 'CreateAgentToken':
        return this.createAgent(ctx);
      case 'GetAgentToken':
        return this.reply(ctx, this.agentToken(ctx));
      case 'DeleteAgentToken':
        this.remove(this.agentToken(ctx));
        return { status: successStatus(ctx.operation) };
      default:
        return undefined;
    }
  }

  private apiTokens(): TokenRecord[] {
    return [...this.tokens.values()].filter((t) => t.agentDeploymentId === undefined);
  }

  private apiToken(ctx: RequestContext): TokenRecord {
    const id = ctx.pathParams.tokenId!;
    const token = this.tokens.get(id);
    if (!token || token.agentDeploymentId !== undefined) throw notFound('API token', id);
    return token;
  }

  private agentTokens(ctx: RequestContext): TokenRecord[] {
    const deploymentId = this.checkDeployment(ctx.pathParams.deploymentId!);
    return [...this.tokens.values()].filter((t) => t.agentDeploymentId === deploymentId);
  }

  private agentToken(ctx: RequestContext): TokenRecord {
    const deploymentId = this.checkDeployment(ctx.pathParams.deploymentId!);
    const id = ctx.pathParams.agentTokenId!;
    const token = this.tokens.get(id);
    if (!token || token.agentDeploymentId !== deploymentId) throw notFound('Agent token', id);
    return token;
  }

  /** Deletion is permanent: the record and its hash are dropped, so the value can never authenticate again. */
  private remove(token: TokenRecord): void {
    this.tokens.delete(token.id);
    this.byHash.delete(token.hash);
  }

  private touch(token: TokenRecord, ctx: RequestContext): void {
    token.updatedAt = ctx.now;
    if (ctx.caller) token.updatedBy = subjectOf(ctx.caller);
  }

  private create(ctx: RequestContext): Reply {
    const body = ctx.body as Record<string, unknown>;
    const scope = body[this.scopeField] as TokenScope;
    const role = String(body.role);
    const kind = (body.kind as TokenRecord['kind'] | undefined) ?? 'STANDARD';
    if (kind === 'DIRECT_ACCESS' && !ctx.caller?.roles.some((r) => r.entityType === 'ORGANIZATION' && r.role === ORGANIZATION_OWNER)) {
      throw forbidden('only Organization Owners can create DIRECT_ACCESS API tokens');
    }
    let entityId = this.organizationId;
    if (scope !== 'ORGANIZATION') {
      if (typeof body.entityId !== 'string' || body.entityId === '') {
        throw badRequest(`entityId is required when ${this.scopeField} is ${scope}`, [
          { field: 'entityId', code: 'required', message: `entityId is required when ${this.scopeField} is ${scope}` },
        ]);
      }
      entityId = scope === 'WORKSPACE' ? this.checkWorkspace(body.entityId) : this.checkDeployment(body.entityId);
    }
    const expected = `${scope}_`;
    // Built-in roles carry their scope in their name; Deployment tokens may also hold custom roles.
    if (!role.startsWith(expected) && (scope !== 'DEPLOYMENT' || /^(ORGANIZATION|WORKSPACE)_/.test(role))) {
      throw badRequest(`role ${role} cannot be given to a ${scope} API token`, [
        { field: 'role', code: 'oneof', message: `role must be a ${scope} role` },
      ]);
    }
    const { record, value } = this.issue({
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
    return this.reply(ctx, record, value);
  }

  private createAgent(ctx: RequestContext): Reply {
    const deploymentId = this.checkDeployment(ctx.pathParams.deploymentId!);
    const body = ctx.body as Record<string, unknown>;
    // Agent tokens are credentials for remote workers: they hold no roles, so they cannot manage the API.
    const { record, value } = this.issue({
      name: String(body.name),
      description: body.description as string | undefined,
      scope: 'DEPLOYMENT',
      entityId: deploymentId,
      roles: [],
      expiryDays: body.tokenExpiryPeriodInDays as number | undefined,
      now: ctx.now,
      createdBy: ctx.caller ? subjectOf(ctx.caller) : undefined,
      agentDeploymentId: deploymentId,
    });
    return this.reply(ctx, record, value);
  }

  /** Rotating issues a new value and drops the old hash at once: the old value gets 401 from now on. */
  private rotate(ctx: RequestContext): Reply {
    const token = this.apiToken(ctx);
    const value = newTokenValue();
    this.byHash.delete(token.hash);
    token.hash = hashToken(value);
    token.shortToken = shortOf(value);
    this.byHash.set(token.hash, token.id);
    token.lastRotatedAt = ctx.now;
    this.touch(token, ctx);
    return this.reply(ctx, token, value);
  }

  private updateRoles(ctx: RequestContext): Reply {
    const token = this.apiToken(ctx);
    if (token.kind === 'DIRECT_ACCESS') throw badRequest('the roles of a DIRECT_ACCESS API token cannot be changed after it is created');
    const roles = (ctx.body as { roles: TokenRole[] }).roles;
    const errors: FieldError[] = [];
    roles.forEach((role, i) => {
      if ((role.entityType === 'DAG' || role.entityType === 'DAG_TAG') && !role.deploymentId) {
        errors.push({ field: `roles[${i}].deploymentId`, code: 'required', message: `roles[${i}].deploymentId is required for ${role.entityType} roles` });
      }
      if (role.entityType === 'ORGANIZATION' && (token.scope !== 'ORGANIZATION' || role.entityId !== this.organizationId)) {
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
        if (!this.accepts(pointer, this.subjectRoles(ctx, [role]))) {
          errors.push({ field: `roles[${i}].role`, code: 'oneof', message: `roles[${i}].role ${role.role} is not a valid ${role.entityType} role` });
        }
      });
    }
    if (errors.length > 0) throw badRequest('invalid roles', errors);
    for (const role of roles) {
      if (role.entityType === 'WORKSPACE') this.checkWorkspace(role.entityId);
      if (role.entityType === 'DEPLOYMENT') this.checkDeployment(role.entityId);
      if (role.deploymentId) this.checkDeployment(role.deploymentId);
    }
    token.roles = roles.map((r) => ({ ...r }));
    this.touch(token, ctx);
    return { status: successStatus(ctx.operation), body: this.subjectRoles(ctx, token.roles) };
  }

  /** `SubjectRoles`: the token's roles grouped the way the API reports them. */
  private subjectRoles(ctx: RequestContext, roles: readonly TokenRole[]): Record<string, unknown> {
    const pointer = responseSchema(ctx.operation, successStatus(ctx.operation))?.pointer;
    const all: Record<string, unknown> = {
      organizationRole: roles.find((r) => r.entityType === 'ORGANIZATION')?.role,
      workspaceRoles: roles.filter((r) => r.entityType === 'WORKSPACE').map((r) => ({ workspaceId: r.entityId, role: r.role })),
      deploymentRoles: roles.filter((r) => r.entityType === 'DEPLOYMENT').map((r) => ({ deploymentId: r.entityId, role: r.role })),
      dagRoles: roles
        .filter((r) => r.entityType === 'DAG' || r.entityType === 'DAG_TAG')
        .map((r) => ({ deploymentId: r.deploymentId, role: r.role, ...(r.entityType === 'DAG' ? { dagId: r.entityId } : { dagTag: r.entityId }) })),
    };
    return pointer ? pick(all, objectShape(this.spec, pointer)) : all;
  }

  private list(ctx: RequestContext, tokens: TokenRecord[]): Reply {
    const ordered = sortBy(
      tokens.sort((a, b) => a.sequence - b.sequence),
      ctx.query.sorts,
      (t, name) => sortValue(t, name),
    );
    const offset = Number(ctx.query.offset ?? 0);
    const limit = Number(ctx.query.limit ?? 20);
    const status = successStatus(ctx.operation);
    const pointer = responseSchema(ctx.operation, status)?.pointer;
    const itemsPointer = pointer ? itemsOf(this.spec, objectShape(this.spec, pointer).properties.get('tokens')!) : undefined;
    return {
      status,
      body: {
        tokens: ordered.slice(offset, offset + limit).map((t) => this.serialize(t, itemsPointer)),
        offset,
        limit,
        totalCount: ordered.length,
      },
    };
  }

  private reply(ctx: RequestContext, token: TokenRecord, value?: string): Reply {
    const status = successStatus(ctx.operation);
    return { status, body: this.serialize(token, responseSchema(ctx.operation, status)?.pointer, value) };
  }

  /** The `ApiToken` object, with only the properties this revision declares. `token` only with a fresh value. */
  serialize(token: TokenRecord, pointer: string | undefined, value?: string): Record<string, unknown> {
    const shape = pointer ? objectShape(this.spec, pointer) : undefined;
    const roleShape = shape?.properties.get('roles') ? objectShape(this.spec, itemsOf(this.spec, shape.properties.get('roles')!)!) : undefined;
    const all: Record<string, unknown> = {
      id: token.id,
      name: token.name,
      description: token.description,
      [this.scopeField]: token.scope,
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

  private checkWorkspace(id: string): string {
    return this.checkEntity('/organizations/{organizationId}/workspaces', 'Workspace', id);
  }

  private checkDeployment(id: string): string {
    return this.checkEntity('/organizations/{organizationId}/deployments', 'Deployment', id);
  }

  /** Entities are checked only when this API serves them (the v1beta1 IAM API has no Deployments). */
  private checkEntity(template: string, what: string, id: string): string {
    if (!this.resources.isCollection(template)) return id;
    if (!this.resources.find(fill(template, { organizationId: this.organizationId }), id)) throw notFound(what, id);
    return id;
  }
}

/** The list filters of ListApiTokens, as its parameter descriptions state them. */
function matchesFilters(token: TokenRecord, query: Readonly<Record<string, unknown>>): boolean {
  const has = (type: string, id: unknown) => token.roles.some((r) => r.entityType === type && r.entityId === id);
  if (query.includeOnlyOrganizationTokens === true && token.scope !== 'ORGANIZATION') return false;
  if (query.kind !== undefined && token.kind !== query.kind) return false;
  if (query.workspaceId !== undefined && !has('WORKSPACE', query.workspaceId)) return false;
  if (
    query.deploymentId !== undefined &&
    !has('DEPLOYMENT', query.deploymentId) &&
    !token.roles.some((r) => r.deploymentId === query.deploymentId)
  ) {
    return false;
  }
  if (query.dagId !== undefined && !has('DAG', query.dagId)) return false;
  if (Array.isArray(query.dagTags) && query.dagTags.length > 0 && !query.dagTags.some((tag) => has('DAG_TAG', tag))) return false;
  return true;
}

function sortValue(token: TokenRecord, name: string): unknown {
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

function subjectOf(token: TokenRecord): Subject {
  return { id: token.id, subjectType: 'SERVICEKEY', apiTokenName: token.name };
}

function shortOf(value: string): string {
  return value.slice(0, 14);
}

function detectScopeField(spec: MockSpec): 'scope' | 'type' {
  for (const id of ['CreateApiToken', 'GetApiToken']) {
    const op = spec.operations.find((o) => o.operationId === id);
    const pointer = op && (id === 'CreateApiToken' ? op.requestBody?.schemaPointer : responseSchema(op, 200)?.pointer);
    if (pointer) return objectShape(spec, pointer).properties.has('type') ? 'type' : 'scope';
  }
  return 'scope';
}
