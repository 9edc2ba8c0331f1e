import { families } from './families/index.js';
import type { Limits } from './limits.js';
import type { PrepareHook } from './prepare.js';
import { Registry } from './registry.js';
import { Router } from './router.js';
import { SelfCheck } from './self-check.js';
import type { MockSpec } from './spec.js';
import { Catalog } from './store/catalog.js';
import { ResourceStore } from './store/resources.js';
import { TOKEN_COLLECTIONS } from './tokens/collections.js';
import type { TokenStore } from './tokens/token-store.js';
import { SpecValidator } from './validation.js';

/**
 * Everything one API needs to answer its requests: its spec, validator, stored resources, resource
 * families and router. One server runs one stack (`v1`) or several sharing a token store and
 * organization (`v1beta1`: IAM and Platform, as one host serves both).
 */
export interface ApiStack {
  readonly spec: MockSpec;
  readonly validator: SpecValidator;
  readonly resources: ResourceStore;
  readonly registry: Registry;
  readonly router: Router;
  readonly checker: SelfCheck;
  readonly prepare: PrepareHook[];
  /** Base URL of this API (origin + the spec's server path), known once the server listens. */
  baseUrl: string;
}

export function buildStack(spec: MockSpec, shared: { tokens: TokenStore; organizationId: string; clock: () => Date; limits: Limits }): ApiStack {
  const validator = new SpecValidator(spec);
  const catalog = new Catalog(spec);
  const resources = new ResourceStore({
    spec,
    catalog,
    validator,
    organizationId: shared.organizationId,
    clock: shared.clock,
    maxItems: shared.limits.maxItemsPerCollection,
    foreign: TOKEN_COLLECTIONS,
  });
  const registry = new Registry();
  const stack: ApiStack = { spec, validator, resources, registry, router: new Router(spec.operations), checker: new SelfCheck(spec, validator), prepare: [], baseUrl: '' };
  const built = families({ spec, resources, tokens: shared.tokens, baseUrl: () => stack.baseUrl });
  for (const family of built.families) registry.register(family);
  stack.prepare.push(...built.prepare);
  return stack;
}

/** The stack whose base path the request path lies under, with the path relative to it. */
export function stackFor(stacks: readonly ApiStack[], pathname: string): { stack: ApiStack; relative: string } | undefined {
  for (const stack of stacks) {
    const base = stack.spec.basePath;
    if (pathname === base || pathname.startsWith(base + '/')) return { stack, relative: pathname.slice(base.length) };
  }
  return undefined;
}
