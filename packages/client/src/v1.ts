/**
 * The client for Astro API v1 (`https://api.astronomer.io/v1`).
 *
 * @module
 */
import { createApiClient } from './client.js';
import type { paths } from './generated/v1.gen.js';
import { SPEC_VERSION } from './generated/v1.gen.js';
import type { ClientOptions } from './options.js';
import type { TypedClient } from './types.js';

export * from './generated/v1.gen.js';
export * from './shared-exports.js';

export const V1_BASE_URL = 'https://api.astronomer.io/v1';

/** The minor versions of v1 this package has types for; the newest is the default pin. */
export type ApiVersion = typeof SPEC_VERSION;

declare const customVersion: unique symbol;
/** A minor version this package has no types for, made with `customApiVersion()`. */
export type CustomApiVersion = string & { readonly [customVersion]: true };

/**
 * The escape hatch for `apiVersion`: pins a minor version this package was not generated from,
 * e.g. `customApiVersion('1.1')`. The types still describe `SPEC_VERSION`.
 */
export function customApiVersion(version: string): CustomApiVersion {
  if (!/^\d+\.\d+$/.test(version)) throw new TypeError(`customApiVersion: a version looks like "1.0", got ${JSON.stringify(version)}`);
  return version as CustomApiVersion;
}

export interface V1ClientOptions extends ClientOptions {
  /**
   * The minor version sent as `X-API-Version`. Default: the version the types were generated from
   * (`SPEC_VERSION`), so that the server answers in the shape the types describe.
   */
  apiVersion?: ApiVersion | CustomApiVersion;
}

/** A v1 client; `AstroClient<true>` is one created with `throwOnError: true`. */
export type AstroClient<Throw extends boolean = false> = TypedClient<paths, Throw>;

/**
 * Creates a v1 client.
 *
 * @example
 * const astro = createAstroClient(); // token from ASTRO_API_TOKEN
 * const { data, error } = await astro.GET('/organizations/{organizationId}/tokens', { params: { path: { organizationId } } });
 */
export function createAstroClient(options: V1ClientOptions & { throwOnError: true }): AstroClient<true>;
export function createAstroClient(options?: V1ClientOptions & { throwOnError?: false }): AstroClient<false>;
export function createAstroClient(options?: V1ClientOptions): AstroClient<boolean>;
export function createAstroClient(options: V1ClientOptions = {}): AstroClient<boolean> {
  const { apiVersion = SPEC_VERSION, ...shared } = options;
  if (typeof apiVersion !== 'string' || !/^\d+\.\d+$/.test(apiVersion)) {
    throw new TypeError(`createAstroClient: apiVersion must look like "1.0", got ${JSON.stringify(apiVersion)}`);
  }
  return createApiClient(shared, {
    factory: 'createAstroClient',
    api: 'v1',
    defaultBaseUrl: V1_BASE_URL,
    headers: { 'X-API-Version': apiVersion },
  }) as AstroClient<boolean>;
}
