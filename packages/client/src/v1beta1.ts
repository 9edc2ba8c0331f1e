/**
 * Clients for the deprecated Astro API v1beta1: IAM (`https://api.astronomer.io/iam/v1beta1`) and
 * Platform (`https://api.astronomer.io/platform/v1beta1`).
 *
 * @deprecated v1beta1 reaches end of support in January 2027. Move to `createAstroClient` from
 * `@astro-api/client/v1`; see https://www.astronomer.io/docs/astro/api/v-1/migrate-v1-api (docs/migration/v1beta1-to-v1.md in this repository).
 * @module
 */
import { createApiClient } from './client.js';
import type { paths as IamPaths } from './generated/v1beta1-iam.gen.js';
import type { paths as PlatformPaths } from './generated/v1beta1-platform.gen.js';
import type { ClientOptions } from './options.js';
import type { TypedClient } from './types.js';

/**
 * Types and enum values of the v1beta1 IAM API, e.g. `iam.ApiToken`, `iam.apiTokenTypeValues`.
 *
 * @deprecated v1beta1 reaches end of support in January 2027; see https://www.astronomer.io/docs/astro/api/v-1/migrate-v1-api (docs/migration/v1beta1-to-v1.md in this repository).
 */
export * as iam from './generated/v1beta1-iam.gen.js';
/**
 * Types and enum values of the v1beta1 Platform API, e.g. `platform.Deployment`.
 *
 * @deprecated v1beta1 reaches end of support in January 2027; see https://www.astronomer.io/docs/astro/api/v-1/migrate-v1-api (docs/migration/v1beta1-to-v1.md in this repository).
 */
export * as platform from './generated/v1beta1-platform.gen.js';
export * from './shared-exports.js';

export const IAM_BASE_URL = 'https://api.astronomer.io/iam/v1beta1';
export const PLATFORM_BASE_URL = 'https://api.astronomer.io/platform/v1beta1';

/** @deprecated v1beta1 reaches end of support in January 2027; see https://www.astronomer.io/docs/astro/api/v-1/migrate-v1-api (docs/migration/v1beta1-to-v1.md in this repository). */
export type IamClient<Throw extends boolean = false> = TypedClient<IamPaths, Throw>;
/** @deprecated v1beta1 reaches end of support in January 2027; see https://www.astronomer.io/docs/astro/api/v-1/migrate-v1-api (docs/migration/v1beta1-to-v1.md in this repository). */
export type PlatformClient<Throw extends boolean = false> = TypedClient<PlatformPaths, Throw>;

/** The `code` of the runtime deprecation warning, e.g. for `process.on('warning')` filters. */
export const V1BETA1_DEPRECATION_CODE = 'ASTRO_API_V1BETA1_DEPRECATED';
const WARNED = Symbol.for('@astro-api/client.v1beta1Warned');

/**
 * One `DeprecationWarning` per process, whatever the number of clients or copies of the package.
 * Silence it like any deprecation (`node --no-deprecation`, `process.noDeprecation = true`) or by
 * its code.
 */
function warnOnce(factory: string): void {
  const holder = globalThis as Record<symbol, unknown>;
  if (holder[WARNED] || typeof process !== 'object' || typeof process.emitWarning !== 'function') return;
  holder[WARNED] = true;
  process.emitWarning(
    `${factory}: the Astro API v1beta1 reaches end of support in January 2027; move to createAstroClient from @astro-api/client/v1 (https://www.astronomer.io/docs/astro/api/v-1/migrate-v1-api).`,
    { type: 'DeprecationWarning', code: V1BETA1_DEPRECATION_CODE },
  );
}

/**
 * Creates a client for the v1beta1 IAM API (users, teams, API tokens, roles).
 *
 * @deprecated v1beta1 reaches end of support in January 2027. Use `createAstroClient` from
 * `@astro-api/client/v1`, which serves the same token paths; see https://www.astronomer.io/docs/astro/api/v-1/migrate-v1-api (docs/migration/v1beta1-to-v1.md in this repository).
 */
export function createIamClient(options: ClientOptions & { throwOnError: true }): IamClient<true>;
/** @deprecated v1beta1 reaches end of support in January 2027; see https://www.astronomer.io/docs/astro/api/v-1/migrate-v1-api (docs/migration/v1beta1-to-v1.md in this repository). */
export function createIamClient(options?: ClientOptions & { throwOnError?: false }): IamClient<false>;
/** @deprecated v1beta1 reaches end of support in January 2027; see https://www.astronomer.io/docs/astro/api/v-1/migrate-v1-api (docs/migration/v1beta1-to-v1.md in this repository). */
export function createIamClient(options?: ClientOptions): IamClient<boolean>;
export function createIamClient(options: ClientOptions = {}): IamClient<boolean> {
  const client = createApiClient(options, { factory: 'createIamClient', api: 'v1beta1-iam', defaultBaseUrl: IAM_BASE_URL }) as IamClient<boolean>;
  warnOnce('createIamClient');
  return client;
}

/**
 * Creates a client for the v1beta1 Platform API (organizations, workspaces, deployments).
 *
 * @deprecated v1beta1 reaches end of support in January 2027. Use `createAstroClient` from
 * `@astro-api/client/v1`; see https://www.astronomer.io/docs/astro/api/v-1/migrate-v1-api (docs/migration/v1beta1-to-v1.md in this repository).
 */
export function createPlatformClient(options: ClientOptions & { throwOnError: true }): PlatformClient<true>;
/** @deprecated v1beta1 reaches end of support in January 2027; see https://www.astronomer.io/docs/astro/api/v-1/migrate-v1-api (docs/migration/v1beta1-to-v1.md in this repository). */
export function createPlatformClient(options?: ClientOptions & { throwOnError?: false }): PlatformClient<false>;
/** @deprecated v1beta1 reaches end of support in January 2027; see https://www.astronomer.io/docs/astro/api/v-1/migrate-v1-api (docs/migration/v1beta1-to-v1.md in this repository). */
export function createPlatformClient(options?: ClientOptions): PlatformClient<boolean>;
export function createPlatformClient(options: ClientOptions = {}): PlatformClient<boolean> {
  const client = createApiClient(options, {
    factory: 'createPlatformClient',
    api: 'v1beta1-platform',
    defaultBaseUrl: PLATFORM_BASE_URL,
  }) as PlatformClient<boolean>;
  warnOnce('createPlatformClient');
  return client;
}
