/** paginate() against a loopback server that serves real offset/limit/totalCount pages. */
import { afterEach, describe, expect, it } from 'vitest';
import { AstroApiError, createAstroClient, paginate, type ApiToken } from '../src/v1.js';
import { createIamClient } from '../src/v1beta1.js';
import { errorBody, startLoopbackServer, type LoopbackServer, type Reply, type SeenRequest } from './support/loopback-server.js';
import { apiToken } from './support/tokens.js';

const organizationId = 'org1';
const listPath = '/organizations/{organizationId}/tokens' as const;
let server: LoopbackServer;
afterEach(() => server.close());

/** Serves `all` the way the Astro API does: `limit` defaults to 20, the page is a slice at `offset`. */
function listOf(all: unknown[], options: { claimedTotal?: number } = {}) {
  return (request: SeenRequest): Reply => {
    const query = new URL(request.url, 'http://x').searchParams;
    const offset = Number(query.get('offset') ?? 0);
    const limit = Number(query.get('limit') ?? 20);
    return { body: { tokens: all.slice(offset, offset + limit), offset, limit, totalCount: options.claimedTotal ?? all.length } };
  };
}

async function client(handle: (request: SeenRequest) => Reply) {
  server = await startLoopbackServer(handle);
  return createAstroClient({ token: 't', baseUrl: server.origin, retry: false });
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

describe('paginate', () => {
  it('yields every item across pages and stops at totalCount', async () => {
    const all = Array.from({ length: 7 }, (_, i) => apiToken(i));
    const astro = await client(listOf(all));
    const tokens: ApiToken[] = await collect(paginate(astro, listPath, { params: { path: { organizationId }, query: { limit: 3 } } }));
    expect(tokens.map((token) => token.id)).toEqual(all.map((token) => token.id));
    expect(server.requests.map((request) => request.url)).toEqual([
      '/organizations/org1/tokens?limit=3&offset=0',
      '/organizations/org1/tokens?limit=3&offset=3',
      '/organizations/org1/tokens?limit=3&offset=6',
    ]);
  });

  it('keeps the caller’s filters and starting offset', async () => {
    const all = Array.from({ length: 5 }, (_, i) => apiToken(i));
    const astro = await client(listOf(all));
    const tokens = await collect(paginate(astro, listPath, { params: { path: { organizationId }, query: { offset: 2, limit: 2, workspaceId: 'ws1' } } }));
    expect(tokens.map((token) => token.id)).toEqual(['tok2', 'tok3', 'tok4']);
    expect(server.requests.map((request) => request.url)).toEqual([
      '/organizations/org1/tokens?offset=2&limit=2&workspaceId=ws1',
      '/organizations/org1/tokens?offset=4&limit=2&workspaceId=ws1',
    ]);
  });

  it('advances by the items received when the server returns fewer than limit', async () => {
    const all = Array.from({ length: 5 }, (_, i) => apiToken(i));
    // A server that clamps every page to 2 items whatever the limit.
    const astro = await client((request) => {
      const offset = Number(new URL(request.url, 'http://x').searchParams.get('offset'));
      return { body: { tokens: all.slice(offset, offset + 2), offset, limit: 100, totalCount: 5 } };
    });
    const tokens = await collect(paginate(astro, listPath, { params: { path: { organizationId }, query: { limit: 100 } } }));
    expect(tokens).toHaveLength(5);
    expect(server.requests).toHaveLength(3);
  });

  it('stops on an empty page even if totalCount claims more (no endless loop)', async () => {
    const astro = await client(listOf([apiToken(1), apiToken(2)], { claimedTotal: 1_000 }));
    const tokens = await collect(paginate(astro, listPath, { params: { path: { organizationId } } }));
    expect(tokens).toHaveLength(2);
    expect(server.requests).toHaveLength(2);
  });

  it('an empty list makes one request and yields nothing', async () => {
    const astro = await client(listOf([]));
    expect(await collect(paginate(astro, listPath, { params: { path: { organizationId } } }))).toEqual([]);
    expect(server.requests).toHaveLength(1);
  });

  it('stops early when the loop breaks, without fetching the next page', async () => {
    const astro = await client(listOf(Array.from({ length: 10 }, (_, i) => apiToken(i))));
    for await (const token of paginate(astro, listPath, { params: { path: { organizationId }, query: { limit: 4 } } })) {
      if (token.id === 'tok1') break;
    }
    expect(server.requests).toHaveLength(1);
  });

  it('throws AstroApiError when a page fails', async () => {
    const astro = await client((request) =>
      request.url.includes('offset=2') ? { status: 403, body: errorBody(403, 'forbidden') } : listOf([apiToken(1), apiToken(2), apiToken(3)])(request),
    );
    const seen: string[] = [];
    const error = await (async () => {
      for await (const token of paginate(astro, listPath, { params: { path: { organizationId }, query: { limit: 2 } } })) seen.push(token.id);
    })().catch((caught: unknown) => caught);
    expect(seen).toEqual(['tok1', 'tok2']);
    expect(error).toBeInstanceOf(AstroApiError);
    expect(error).toMatchObject({ status: 403, requestId: 'req-403', method: 'GET', path: listPath });
  });

  it('refuses a 200 body that is not a list wrapper', async () => {
    const astro = await client(() => ({ body: { tokens: [], users: [], offset: 0, limit: 20, totalCount: 0 } }));
    const error = await collect(paginate(astro, listPath, { params: { path: { organizationId } } })).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AstroApiError);
    expect((error as AstroApiError).message).toContain(`paginate(GET ${listPath}): expected one array property in the 2xx body, found tokens, users`);
  });

  it('works with the v1beta1 IAM client too', async () => {
    server = await startLoopbackServer(listOf([{ id: 'a' }, { id: 'b' }, { id: 'c' }]));
    const iam = createIamClient({ token: 't', baseUrl: server.origin, retry: false });
    const tokens = await collect(paginate(iam, listPath, { params: { path: { organizationId }, query: { limit: 2 } } }));
    expect(tokens.map((token) => token.id)).toEqual(['a', 'b', 'c']);
  });
});
