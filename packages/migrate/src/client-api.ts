/**
 * What the codemod knows about `@astro-api/client`: its two entry points and how v1beta1 exports map to v1.
 * Facts behind the table: v1 merges the v1beta1 IAM and Platform APIs into one API served from one base URL,
 * with the same paths and operationIds (reference/astro-api-facts.md §5), so one v1 client factory replaces both
 * v1beta1 factories.
 */

export const V1BETA1_MODULE = '@astro-api/client/v1beta1';
export const V1_MODULE = '@astro-api/client/v1';
export const CLIENT_PACKAGE = '@astro-api/client';

/** v1beta1 exports whose v1 counterpart has another name. Every other name maps to itself if v1 exports it. */
export const RENAMED_EXPORTS: ReadonlyMap<string, string> = new Map([
  ['createIamClient', 'createAstroClient'],
  ['createPlatformClient', 'createAstroClient'],
  ['IamClient', 'AstroClient'],
  ['PlatformClient', 'AstroClient'],
  ['IAM_BASE_URL', 'V1_BASE_URL'],
  ['PLATFORM_BASE_URL', 'V1_BASE_URL'],
]);

/**
 * v1beta1 exports that are namespaces of generated schema types (`iam.ApiToken`, `platform.Deployment`). v1 exports
 * the same names at its top level, so each becomes `import * as iam from '@astro-api/client/v1'` and every
 * `iam.ApiToken` keeps compiling without touching names the user may also use for something else.
 */
export const NAMESPACE_EXPORTS: ReadonlySet<string> = new Set(['iam', 'platform']);

/** Members of those namespaces renamed in v1, all because of `type` → `scope`. */
export const RENAMED_NAMESPACE_MEMBERS: ReadonlyMap<string, string> = new Map([
  ['apiTokenTypeValues', 'apiTokenScopeValues'],
  ['createApiTokenRequestTypeValues', 'createApiTokenRequestScopeValues'],
]);

/** The v1beta1 client factories; their calls are the client constructions the codemod rewrites. */
export const CLIENT_FACTORIES: ReadonlySet<string> = new Set(['createIamClient', 'createPlatformClient']);
/** The v1 factory both become. */
export const V1_FACTORY = 'createAstroClient';

/** The servers of the two v1beta1 specs and of v1 (specs/manifest.json). */
export const V1BETA1_BASE_URLS: readonly string[] = [
  'https://api.astronomer.io/iam/v1beta1',
  'https://api.astronomer.io/platform/v1beta1',
];
export const V1_BASE_URL = 'https://api.astronomer.io/v1';

/** Path segments that betray a v1beta1 URL assembled some other way (another host, a variable, a proxy). */
export const V1BETA1_PATH_SEGMENTS: readonly string[] = ['/iam/v1beta1', '/platform/v1beta1'];

/**
 * Schemas whose `type` property became `scope` in v1, with the same enum `DEPLOYMENT | WORKSPACE | ORGANIZATION`
 * (astro-api-facts.md §3.1, §3.2).
 */
export const SCHEMAS_WITH_TYPE_RENAMED: ReadonlySet<string> = new Set(['ApiToken', 'CreateApiTokenRequest']);
export const OLD_TOKEN_PROPERTY = 'type';
export const NEW_TOKEN_PROPERTY = 'scope';

/** The create-token operation (CreateApiToken); its request body is a CreateApiTokenRequest. */
export const CREATE_API_TOKEN_PATH = '/organizations/{organizationId}/tokens';
