import type { IncomingMessage } from 'node:http';
import type { Caller, RequestContext } from './context.js';
import { badRequest, forbidden, unauthorized } from './http-error.js';
import { isGranted, type PermissionContext } from './permissions.js';
import type { Registry } from './registry.js';
import type { ResourceStore } from './store/resources.js';
import type { OperationInfo } from './spec.js';
import type { TokenRecord, TokenStore } from './tokens/token-store.js';
import { toFieldErrors, withoutAmbiguousOneOf, type FieldError, type SpecValidator } from './validation.js';

/** Headers OpenAPI says to ignore when declared as parameters (OpenAPI 3.0.3 §4.7.12.1). */
const IGNORED_HEADERS = new Set(['accept', 'content-type', 'authorization']);

export function authenticate(req: IncomingMessage, tokens: TokenStore, now: Date): TokenRecord {
  const header = req.headers.authorization;
  if (!header) throw unauthorized('missing Authorization header: send "Authorization: Bearer <API token>"');
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) throw unauthorized('the Authorization header must be "Bearer <API token>"');
  const result = tokens.authenticate(match[1]!, now);
  if ('problem' in result) throw unauthorized(result.problem);
  return result.token;
}

/**
 * What a request is about, from its path parameters and the stored resources they name only (a
 * Deployment's Workspace, a token's entity). A request body never widens it.
 */
export function requestScope(pathParams: Readonly<Record<string, string>>, registry: Registry, resources: ResourceStore): PermissionContext {
  const stored = registry.storedScope(pathParams);
  const deploymentId = pathParams.deploymentId ?? stored.deploymentId;
  const deploymentWorkspace = resources.deployment(deploymentId)?.workspaceId;
  const workspaceId = pathParams.workspaceId ?? stored.workspaceId ?? (typeof deploymentWorkspace === 'string' ? deploymentWorkspace : undefined);
  return { organizationId: resources.organizationId, workspaceId, deploymentId };
}

/**
 * Every `x-permission` action of the operation must be granted by one of the caller's roles where the
 * request acts. For a creation whose target entity the body names (see `Family.creationTarget`), the
 * permission may instead be held at that stored entity, where the new resource will live.
 */
export function authorize(ctx: RequestContext, caller: Caller, registry: Registry, resources: ResourceStore): void {
  const { operation } = ctx;
  const scope = requestScope(ctx.pathParams, registry, resources);
  const missing = operation.permissions.filter((permission) => !isGranted(caller.roles, permission, scope));
  if (missing.length === 0) return;
  const target = registry.creationTarget(ctx);
  if (target && operation.permissions.every((permission) => isGranted(caller.roles, permission, target))) return;
  throw forbidden(`API token "${caller.name}" lacks the permission ${missing[0]} required by ${operation.operationId}`);
}

/** Validates path, query, header and body values against the operation with Ajv; 400 with every failure. */
export function validateRequest(
  validator: SpecValidator,
  operation: OperationInfo,
  pathParams: Record<string, string>,
  search: URLSearchParams,
  req: IncomingMessage,
  body: unknown,
  caller: Caller | undefined,
  now: Date,
): RequestContext {
  const errors: FieldError[] = [];
  const values: Record<string, Record<string, unknown>> = { path: { ...pathParams }, query: {}, header: {} };
  for (const location of ['path', 'query', 'header'] as const) {
    const params = operation.parameters.filter((p) => p.in === location && p.schemaPointer && !(location === 'header' && IGNORED_HEADERS.has(p.name.toLowerCase())));
    for (const p of params) {
      if (location === 'query') {
        const all = search.getAll(p.name);
        if (all.length > 0) values.query![p.name] = all.length === 1 ? all[0] : all;
      } else if (location === 'header') {
        const header = req.headers[p.name.toLowerCase()];
        if (header !== undefined) values.header![p.name] = header;
      }
    }
    const validate = validator.object(
      `${location}:${operation.pointer}`,
      Object.fromEntries(params.map((p) => [p.name, p.schemaPointer!])),
      params.filter((p) => p.required || p.in === 'path').map((p) => p.name),
    );
    if (!validate(values[location])) errors.push(...toFieldErrors(validate.errors));
  }
  if (operation.requestBody) {
    if (body === undefined) {
      if (operation.requestBody.required) errors.push({ field: '(body)', code: 'required', message: 'a JSON request body is required' });
    } else if (operation.requestBody.schemaPointer) {
      const validate = validator.at(operation.requestBody.schemaPointer);
      if (!validate(body)) errors.push(...toFieldErrors(withoutAmbiguousOneOf(validate.errors)));
    }
  }
  if (errors.length > 0) throw badRequest(`invalid request: ${errors.map((e) => e.message).join('; ')}`, errors);
  return { operation, pathParams, query: values.query!, body, caller, now };
}
