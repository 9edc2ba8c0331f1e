/**
 * `@astro-api/client`: the same as `@astro-api/client/v1`, the current Astro API. The deprecated
 * v1beta1 clients are at `@astro-api/client/v1beta1`.
 *
 * @module
 */
export * from './v1.js';
