/**
 * The version of @astro-api/client, copied from its package.json for the User-Agent header.
 *
 * Do not edit: regenerate with `pnpm --filter @astro-api/client generate`.
 */

export const PACKAGE_VERSION = "0.1.0";
