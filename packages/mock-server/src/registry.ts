import type { Reply, RequestContext } from './context.js';
import type { PermissionContext } from './permissions.js';

export type Handler = (ctx: RequestContext) => Reply;

/** Where a request acts, as far as one family's stored resources tell (never from the body). */
export type ScopeLookup = (pathParams: Readonly<Record<string, string>>) => Partial<PermissionContext> | undefined;

/**
 * One resource family (API tokens, deploys, clusters, …): the operations it answers, by operationId,
 * and what its stored resources say about a request's scope.
 */
export interface Family {
  readonly name: string;
  readonly handlers: Readonly<Record<string, Handler>>;
  /** Scope from stored resources named by path parameters (a token's Workspace, an object's Deployment). */
  readonly scope?: ScopeLookup;
  /**
   * For operations that create something inside an existing entity the body names (CreateDeployment's
   * `workspaceId`, CreateApiToken's `scope` + `entityId`): that entity's scope, read from the store.
   * The new resource lives only there, so the caller needs the permission there. Any other body field
   * never affects a permission check.
   */
  readonly creationTarget?: Readonly<Record<string, (ctx: RequestContext) => PermissionContext | undefined>>;
}

/** The one place that knows which family answers which operation. */
export class Registry {
  private readonly handlers = new Map<string, { family: string; handler: Handler }>();
  private readonly families: Family[] = [];

  register(family: Family): this {
    for (const [operationId, handler] of Object.entries(family.handlers)) {
      const taken = this.handlers.get(operationId);
      if (taken) throw new Error(`${operationId} is claimed by both ${taken.family} and ${family.name}`);
      this.handlers.set(operationId, { family: family.name, handler });
    }
    this.families.push(family);
    return this;
  }

  handler(operationId: string): Handler | undefined {
    return this.handlers.get(operationId)?.handler;
  }

  /** Which family answers an operation (`generic` when none claims it). */
  familyOf(operationId: string): string {
    return this.handlers.get(operationId)?.family ?? 'generic';
  }

  storedScope(pathParams: Readonly<Record<string, string>>): Partial<PermissionContext> {
    const out: { workspaceId?: string; deploymentId?: string } = {};
    for (const family of this.families) {
      const found = family.scope?.(pathParams);
      if (found?.workspaceId !== undefined) out.workspaceId ??= found.workspaceId;
      if (found?.deploymentId !== undefined) out.deploymentId ??= found.deploymentId;
    }
    return out;
  }

  creationTarget(ctx: RequestContext): PermissionContext | undefined {
    for (const family of this.families) {
      const target = family.creationTarget?.[ctx.operation.operationId];
      if (target) return target(ctx);
    }
    return undefined;
  }
}
