/** What every entry point exports besides its generated types. */
export {
  AstroApiError,
  AstroConnectionError,
  AstroError,
  AstroTimeoutError,
  isAstroApiError,
  isAstroError,
  type ApiErrorBody,
  type AstroApiErrorInit,
  type AstroErrorOptions,
} from './errors.js';
export { paginate, paginatePages, paginateToArray, type Page, type PaginateOptions, type PaginatedItem, type PaginatedPath } from './paginate.js';
export { TOKEN_ENV_VAR, type TokenSource } from './auth.js';
export { DEFAULT_TIMEOUT_MS } from './client.js';
export type { ClientOptions, FetchFunction } from './options.js';
export { DEFAULT_RETRY, type RetryEvent, type RetryOptions } from './retry.js';
export type { CallInit, CallOptions, CallResult, Failure, Success, TypedClient } from './types.js';
export type { Middleware } from 'openapi-fetch';
