/**
 * Clients for the deprecated Astro API v1beta1: IAM (`https://api.astronomer.io/iam/v1beta1`) and
 * Platform (`https://api.astronomer.io/platform/v1beta1`).
 *
 * @deprecated v1beta1 reaches end of support in January 2027. Move to `createAstroClient` from
 * `@astro-api/client/v1`; see docs/migration/v1beta1-to-v1.md.
 * @module
 */
import type { Client } from 'openapi-fetch';
import { createApiClient } from './create-client.js';
import type { paths as IamPaths } from './generated/v1beta1-iam.gen.js';
import type { paths as PlatformPaths } from './generated/v1beta1-platform.gen.js';
import type { ClientOptions } from './options.js';

/**
 * Types and enum values of the v1beta1 IAM API, e.g. `iam.ApiToken`, `iam.apiTokenTypeValues`.
 *
 * @deprecated v1beta1 reaches end of support in January 2027; see docs/migration/v1beta1-to-v1.md.
 */
export * as iam from './generated/v1beta1-iam.gen.js';
/**
 * Types and enum values of the v1beta1 Platform API, e.g. `platform.Deployment`.
 *
 * @deprecated v1beta1 reaches end of support in January 2027; see docs/migration/v1beta1-to-v1.md.
 */
export * as platform from './generated/v1beta1-platform.gen.js';
export { AstroApiError, isAstroApiError, type AstroApiErrorInit } from './errors.js';
export { paginate, type PaginatedItem, type PaginatedPath } from './paginate.js';
export type { CallOptions, ClientOptions } from './options.js';
export type { RetryEvent, RetryOptions } from './retry.js';
export type { Middleware } from 'openapi-fetch';

export const IAM_BASE_URL = 'https://api.astronomer.io/iam/v1beta1';
export const PLATFORM_BASE_URL = 'https://api.astronomer.io/platform/v1beta1';

/** @deprecated v1beta1 reaches end of support in January 2027; see docs/migration/v1beta1-to-v1.md. */
export type IamClient = Client<IamPaths>;
/** @deprecated v1beta1 reaches end of support in January 2027; see docs/migration/v1beta1-to-v1.md. */
export type PlatformClient = Client<PlatformPaths>;

/**
 * Creates a client for the v1beta1 IAM API (users, teams, API tokens, roles).
 *
 * @deprecated v1beta1 reaches end of support in January 2027. Use `createAstroClient` from
 * `@astro-api/client/v1`, which serves the same token paths; see docs/migration/v1beta1-to-v1.md.
 */
export function createIamClient(options: ClientOptions = {}): IamClient {
  return createApiClient<IamPaths>(options, { factory: 'createIamClient', api: 'v1beta1-iam', defaultBaseUrl: IAM_BASE_URL });
}

/**
 * Creates a client for the v1beta1 Platform API (organizations, workspaces, deployments).
 *
 * @deprecated v1beta1 reaches end of support in January 2027. Use `createAstroClient` from
 * `@astro-api/client/v1`; see docs/migration/v1beta1-to-v1.md.
 */
export function createPlatformClient(options: ClientOptions = {}): PlatformClient {
  return createApiClient<PlatformPaths>(options, { factory: 'createPlatformClient', api: 'v1beta1-platform', defaultBaseUrl: PLATFORM_BASE_URL });
}
