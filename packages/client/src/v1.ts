/**
 * The client for Astro API v1 (`https://api.astronomer.io/v1`).
 *
 * @module
 */
import type { Client } from 'openapi-fetch';
import { createApiClient } from './create-client.js';
import type { paths } from './generated/v1.gen.js';
import type { ClientOptions } from './options.js';

export * from './generated/v1.gen.js';
export { AstroApiError, isAstroApiError, type AstroApiErrorInit } from './errors.js';
export { paginate, type PaginatedItem, type PaginatedPath } from './paginate.js';
export type { CallOptions, ClientOptions } from './options.js';
export type { RetryEvent, RetryOptions } from './retry.js';
export type { Middleware } from 'openapi-fetch';

export const V1_BASE_URL = 'https://api.astronomer.io/v1';

export interface V1ClientOptions extends ClientOptions {
  /**
   * Pins the minor version with the `X-API-Version` header, e.g. `'1.0'`. Without it the server
   * answers with the latest v1 minor version.
   */
  apiVersion?: string;
}

/** An openapi-fetch client typed with the v1 `paths`. */
export type AstroClient = Client<paths>;

/**
 * Creates a v1 client.
 *
 * @example
 * const astro = createAstroClient({ apiVersion: '1.0' }); // token from ASTRO_API_TOKEN
 * const { data, error } = await astro.GET('/organizations/{organizationId}/tokens', { params: { path: { organizationId } } });
 */
export function createAstroClient(options: V1ClientOptions = {}): AstroClient {
  const { apiVersion, ...shared } = options;
  if (apiVersion !== undefined && !/^\d+\.\d+$/.test(apiVersion)) {
    throw new TypeError(`createAstroClient: apiVersion must look like "1.0", got ${JSON.stringify(apiVersion)}`);
  }
  return createApiClient<paths>(shared, {
    factory: 'createAstroClient',
    api: 'v1',
    defaultBaseUrl: V1_BASE_URL,
    ...(apiVersion ? { headers: { 'X-API-Version': apiVersion } } : {}),
  });
}
