import type { PrepareHook } from '../prepare.js';
import type { Family } from '../registry.js';
import type { MockSpec } from '../spec.js';
import type { ResourceStore } from '../store/resources.js';
import { agentTokenFamily } from '../tokens/agent-tokens.js';
import { apiTokenFamily } from '../tokens/api-tokens.js';
import type { TokenStore } from '../tokens/token-store.js';
import { deploymentFamily } from './deployments.js';

export interface FamilyDeps {
  readonly spec: MockSpec;
  readonly resources: ResourceStore;
  readonly tokens: TokenStore;
}

/** Every resource family with its own behaviour; operations none of them claims go to the generic store. */
export function families(deps: FamilyDeps): { families: Family[]; prepare: PrepareHook[] } {
  return {
    families: [apiTokenFamily(deps.tokens, deps.resources), agentTokenFamily(deps.tokens, deps.resources), deploymentFamily(deps.resources)],
    prepare: [],
  };
}
