import { THROWING_CALL, type BodyCheck } from './client.js';
import { AstroApiError, type ApiErrorBody } from './errors.js';
import type { CallInit, InitArgs, TypedClient } from './types.js';

/** The JSON body of an operation's 200 response. */
type OkJson<Operation> = Operation extends { responses: { 200: { content: { 'application/json': infer Body } } } } ? Body : never;

/**
 * The item type of a list body: the Astro API wraps every list as `{ offset, limit, totalCount, <items>: [...] }`
 * (`tokens`, `users`, `deployments`, …), so the item is the element of its one array property.
 */
type PageItem<Body> = Body extends { offset: number; limit: number; totalCount: number }
  ? { [K in keyof Body]-?: NonNullable<Body[K]> extends ReadonlyArray<infer Item> ? Item : never }[keyof Body]
  : never;

/** The paths whose GET returns an offset/limit/totalCount list. */
export type PaginatedPath<Paths> = {
  [P in keyof Paths]: Paths[P] extends { get: infer Operation } ? ([PageItem<OkJson<Operation>>] extends [never] ? never : P) : never;
}[keyof Paths];

/** What `paginate(client, path)` yields. */
export type PaginatedItem<Paths, P extends keyof Paths> = Paths[P] extends { get: infer Operation } ? PageItem<OkJson<Operation>> : never;

type GetOperation<Paths, P extends keyof Paths> = Paths[P] extends { get: infer Op } ? Op : never;

/** Bounds of an iteration. */
export interface PaginateOptions {
  /** Stop after this many items (pages are fetched only as far as needed). */
  maxItems?: number;
}

/** One page of a list: its items and where it sits in the whole list. */
export interface Page<Item> {
  items: Item[];
  offset: number;
  totalCount: number;
}

type AnyClient<Paths> = TypedClient<Paths, boolean>;
type PaginateInit<Paths, P extends keyof Paths> = CallInit<GetOperation<Paths, P>> & PaginateOptions;

interface RawPage {
  offset: number;
  totalCount: number;
  items: unknown[];
}

/**
 * Iterates over the pages of an offset/limit/totalCount list:
 *
 *     for await (const page of paginatePages(client, '/organizations/{organizationId}/tokens', { params: { path: { organizationId } } })) …
 *
 * `params.query.limit` sets the page size and `params.query.offset` where to start. It stops once
 * `offset` reaches `totalCount`, on an empty page (so a server whose `totalCount` is too large cannot
 * make it loop for ever), and after `maxItems` items (the last page is cut to fit). A failed page
 * throws `AstroApiError` (an iterator has no `{ error }` result to return), redacted like every
 * error of the client; so does a 2xx whose body is not a list.
 */
// `const P` keeps the path literal: P appears only inside the return type, where TypeScript would
// otherwise widen the literal to string and fall back to the union of every list path.
export async function* paginatePages<Paths extends {}, const P extends PaginatedPath<Paths>>(
  client: AnyClient<Paths>,
  path: P,
  ...[init]: NoInfer<InitArgs<PaginateInit<Paths, P>>>
): AsyncGenerator<Page<PaginatedItem<Paths, P>>, void, undefined> {
  const { maxItems = Infinity, ...options } = (init ?? {}) as PaginateOptions & { params?: { query?: Record<string, unknown> } & Record<string, unknown> } & Record<string, unknown>;
  if (maxItems !== Infinity && (!Number.isInteger(maxItems) || maxItems < 0)) {
    throw new TypeError(`paginate(GET ${path}): maxItems must be a whole number ≥ 0, got ${String(maxItems)}`);
  }
  if (maxItems === 0) return;
  const query = options.params?.query ?? {};
  let offset = Number(query.offset ?? 0);
  let yielded = 0;
  const call = throwingGet(client);
  const check: BodyCheck = (body) => pageProblem(body, path);
  for (;;) {
    const { data } = await call(path, { ...options, params: { ...options.params, query: { ...query, offset } } }, check);
    const page = toPage(data as Record<string, unknown>);
    const room = maxItems - yielded;
    const items = page.items.length > room ? page.items.slice(0, room) : page.items;
    yielded += items.length;
    yield { items: items as PaginatedItem<Paths, P>[], offset: page.offset, totalCount: page.totalCount };
    offset = page.offset + page.items.length;
    if (page.items.length === 0 || offset >= page.totalCount || yielded >= maxItems) return;
  }
}

/**
 * Iterates over every item of an offset/limit/totalCount list, fetching pages as needed:
 *
 *     for await (const token of paginate(client, '/organizations/{organizationId}/tokens', { params: { path: { organizationId } } })) …
 *
 * Same options and stopping rules as `paginatePages`, including `maxItems`.
 */
export async function* paginate<Paths extends {}, const P extends PaginatedPath<Paths>>(
  client: AnyClient<Paths>,
  path: P,
  ...args: NoInfer<InitArgs<PaginateInit<Paths, P>>>
): AsyncGenerator<PaginatedItem<Paths, P>, void, undefined> {
  const pages = (paginatePages as (client: unknown, path: unknown, init: unknown) => AsyncGenerator<Page<PaginatedItem<Paths, P>>>)(client, path, args[0]);
  for await (const page of pages) yield* page.items;
}

/**
 * Collects a list into an array, at most `limit` items (required, like stripe-node's
 * `autoPagingToArray({ limit })`): a list that grows without bound cannot fill the memory.
 */
export async function paginateToArray<Paths extends {}, const P extends PaginatedPath<Paths>>(
  client: AnyClient<Paths>,
  path: P,
  init: NoInfer<CallInit<GetOperation<Paths, P>> & { limit: number }>,
): Promise<PaginatedItem<Paths, P>[]> {
  const { limit, ...rest } = init as { limit: number } & Record<string, unknown>;
  if (!Number.isInteger(limit) || limit < 0) throw new TypeError(`paginateToArray(GET ${path}): limit must be a whole number ≥ 0, got ${String(limit)}`);
  const out: PaginatedItem<Paths, P>[] = [];
  const pages = (paginatePages as (client: unknown, path: unknown, init: unknown) => AsyncGenerator<Page<PaginatedItem<Paths, P>>>)(client, path, { ...rest, maxItems: limit });
  for await (const page of pages) out.push(...page.items);
  return out;
}

type Get = (path: string, init: unknown, check: BodyCheck) => Promise<{ data?: unknown; error?: ApiErrorBody; response: Response }>;

/**
 * A GET that throws `AstroApiError` for a failed page, or for a 2xx that `check` refuses, built by
 * the client (redacted of its token values, like any other error of it).
 */
function throwingGet(client: unknown): Get {
  const internal = (client as Record<symbol, unknown>)[THROWING_CALL] as ((method: string, path: string, init: unknown, check: BodyCheck) => ReturnType<Get>) | undefined;
  if (internal) return (path, init, check) => internal('GET', path, init, check);
  // An object that only looks like a client: its token is unknown here, so its errors are redacted
  // of `Bearer <credential>` patterns only (the AstroError constructor's default).
  const get = (client as { GET: (path: string, init: unknown) => ReturnType<Get> }).GET;
  return async (path, init, check) => {
    const result = await get(path, init);
    const { response } = result;
    const problem = result.error ? undefined : check(result.data);
    const error: ApiErrorBody | undefined =
      result.error ?? (problem === undefined ? undefined : { statusCode: response.status, message: problem, requestId: response.headers.get('x-request-id') ?? '' });
    if (error) throw new AstroApiError({ status: response.status, error, headers: response.headers, method: 'GET', url: path, path });
    return result;
  };
}

/** Checks the list wrapper at run time: a path that is not a list should fail loudly, not loop. */
function pageProblem(body: unknown, path: string): string | undefined {
  const problem = (text: string) => `paginate(GET ${path}): ${text}`;
  if (typeof body !== 'object' || body === null) return problem('the 2xx body is not an object');
  const record = body as Record<string, unknown>;
  for (const field of ['offset', 'totalCount'] as const) {
    if (typeof record[field] !== 'number') return problem(`the 2xx body has no numeric "${field}"`);
  }
  const arrays = Object.keys(record).filter((key) => Array.isArray(record[key]));
  if (arrays.length !== 1) return problem(`expected one array property in the 2xx body, found ${arrays.length ? arrays.join(', ') : 'none'}`);
  return undefined;
}

/** A body `pageProblem` accepted. */
function toPage(record: Record<string, unknown>): RawPage {
  const key = Object.keys(record).find((name) => Array.isArray(record[name]))!;
  return { offset: record.offset as number, totalCount: record.totalCount as number, items: record[key] as unknown[] };
}
