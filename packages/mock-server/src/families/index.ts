import type { PrepareHook } from '../prepare.js';
import type { Family } from '../registry.js';
import type { MockSpec } from '../spec.js';
import type { ResourceStore } from '../store/resources.js';
import { agentTokenFamily } from '../tokens/agent-tokens.js';
import { apiTokenFamily } from '../tokens/api-tokens.js';
import type { TokenStore } from '../tokens/token-store.js';
import { clusterFamily } from './clusters.js';
import { DeploymentLogBook, logFamily } from './deployment-log.js';
import { deploymentFamily, prepareDeployment } from './deployments.js';
import { deployFamily, prepareDeploy } from './deploys.js';
import { environmentObjectFamily, prepareEnvironmentObject } from './environment-objects.js';
import { hibernationFamily } from './hibernation.js';
import { subjectRoleFamily } from './subject-roles.js';

export interface FamilyDeps {
  readonly spec: MockSpec;
  readonly resources: ResourceStore;
  readonly tokens: TokenStore;
  /** The mock's base URL (known once it listens), for upload URLs. */
  readonly baseUrl: () => string;
}

/**
 * Every resource family with its own behaviour, in one list. A family whose operations the served
 * spec does not have simply never receives a request; operations no family claims go to the generic store.
 */
export function families(deps: FamilyDeps): { families: Family[]; prepare: PrepareHook[] } {
  const { resources, tokens } = deps;
  const log = new DeploymentLogBook();
  return {
    families: [
      apiTokenFamily(tokens, resources),
      agentTokenFamily(tokens, resources),
      deploymentFamily(resources),
      deployFamily(resources, log, deps.baseUrl),
      hibernationFamily(resources, log),
      logFamily(resources, log),
      clusterFamily(resources),
      environmentObjectFamily(resources),
      subjectRoleFamily(resources),
    ],
    prepare: [prepareDeployment(resources), prepareDeploy(resources), prepareEnvironmentObject(resources)],
  };
}
