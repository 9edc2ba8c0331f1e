import type { Client, MaybeOptionalInit } from 'openapi-fetch';
import { AstroApiError } from './errors.js';

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

type GetInit<Paths, P extends keyof Paths> = Paths[P] extends infer Item extends { get: unknown } ? MaybeOptionalInit<Item, 'get'> : never;
type InitArgs<Init> = undefined extends Init ? [init?: Init] : [init: Init];

interface Page {
  offset: number;
  totalCount: number;
  items: unknown[];
}

/**
 * Iterates over every item of an offset/limit/totalCount list, fetching pages as needed:
 *
 *     for await (const token of paginate(client, '/organizations/{organizationId}/tokens', { params: { path: { organizationId } } })) …
 *
 * `params.query.limit` sets the page size and `params.query.offset` where to start. It stops once
 * `offset` reaches `totalCount`, and also on an empty page, so a server whose `totalCount` is too
 * large cannot make it loop for ever. A non-2xx page throws `AstroApiError` (an iterator has no
 * `{ error }` result to return).
 */
// `const P` keeps the path literal: P appears only inside the return type, where TypeScript would
// otherwise widen the literal to string and fall back to the union of every list path.
export async function* paginate<Paths extends {}, const P extends PaginatedPath<Paths>>(
  client: Client<Paths, any>,
  path: P,
  ...[init]: NoInfer<InitArgs<GetInit<Paths, P>>>
): AsyncGenerator<PaginatedItem<Paths, P>, void, undefined> {
  const options = (init ?? {}) as { params?: { query?: Record<string, unknown> } & Record<string, unknown> } & Record<string, unknown>;
  const query = options.params?.query ?? {};
  let offset = Number(query.offset ?? 0);
  const get = client.GET as unknown as (path: string, init: unknown) => Promise<{ data?: unknown; error?: unknown; response: Response }>;
  for (;;) {
    const { data, error, response } = await get(path as string, { ...options, params: { ...options.params, query: { ...query, offset } } });
    if (!response.ok) throw new AstroApiError({ status: response.status, method: 'GET', path: path as string, body: error });
    const page = readPage(data, path as string);
    for (const item of page.items) yield item as PaginatedItem<Paths, P>;
    offset = page.offset + page.items.length;
    if (page.items.length === 0 || offset >= page.totalCount) return;
  }
}

/** Checks the list wrapper at run time: a path that is not a list should fail loudly, not loop. */
function readPage(body: unknown, path: string): Page {
  const where = `paginate(GET ${path})`;
  if (typeof body !== 'object' || body === null) throw new TypeError(`${where}: the 200 body is not an object`);
  const record = body as Record<string, unknown>;
  for (const field of ['offset', 'totalCount'] as const) {
    if (typeof record[field] !== 'number') throw new TypeError(`${where}: the 200 body has no numeric "${field}"`);
  }
  const arrays = Object.keys(record).filter((key) => Array.isArray(record[key]));
  if (arrays.length !== 1) {
    throw new TypeError(`${where}: expected one array property in the 200 body, found ${arrays.length ? arrays.join(', ') : 'none'}`);
  }
  return { offset: record.offset as number, totalCount: record.totalCount as number, items: record[arrays[0]!] as unknown[] };
}
