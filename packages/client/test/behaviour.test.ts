/**
 * The 1.0 behaviours not covered by client/retry/paginate tests, against the real loopback server:
 * token functions, per-attempt middleware, the v1beta1 runtime warning, pages, maxItems, toArray,
 * and redaction in paginate().
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  AstroApiError,
  createAstroClient,
  paginate,
  paginatePages,
  paginateToArray,
  type Middleware,
} from '../src/v1.js';
import { errorBody, startLoopbackServer, type LoopbackServer, type Reply, type SeenRequest } from './support/loopback-server.js';
import { apiToken } from './support/tokens.js';

const organizationId = 'org1';
const TOKEN = 'astro-behaviour-token-91c2e0';
const listPath = '/organizations/{organizationId}/tokens' as const;
let server: LoopbackServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  vi.restoreAllMocks();
});

async function serve(handle: (request: SeenRequest, index: number) => Reply) {
  server = await startLoopbackServer(handle);
  return server;
}

function listOf(count: number) {
  const all = Array.from({ length: count }, (_, i) => apiToken(i + 1));
  return (request: SeenRequest): Reply => {
    const query = new URL(request.url, 'http://x').searchParams;
    const offset = Number(query.get('offset') ?? 0);
    const limit = Number(query.get('limit') ?? 20);
    return { body: { tokens: all.slice(offset, offset + limit), offset, limit, totalCount: all.length } };
  };
}

const getToken = (client: ReturnType<typeof createAstroClient>) =>
  client.GET('/organizations/{organizationId}/tokens/{tokenId}', { params: { path: { organizationId, tokenId: 'tok1' } } });

describe('token functions', () => {
  it('a rotated token is picked up without a new client (sync and async functions)', async () => {
    const { origin, requests } = await serve(() => ({ body: apiToken(1) }));
    let current = 'astro-token-generation-1';
    for (const token of [() => current, async () => current]) {
      const client = createAstroClient({ token, baseUrl: origin, retry: false });
      current = 'astro-token-generation-1';
      await getToken(client);
      current = 'astro-token-generation-2';
      await getToken(client);
    }
    expect(requests.map((request) => request.headers.authorization)).toEqual([
      'Bearer astro-token-generation-1',
      'Bearer astro-token-generation-2',
      'Bearer astro-token-generation-1',
      'Bearer astro-token-generation-2',
    ]);
  });

  it('the function is called per attempt, so a retry after a rotation uses the new token', async () => {
    const { origin, requests } = await serve((_request, index) => (index === 0 ? { status: 503, body: errorBody(503, 'busy') } : { body: apiToken(1) }));
    let calls = 0;
    const client = createAstroClient({ token: () => `astro-token-call-${++calls}`, baseUrl: origin, retry: { minDelayMs: 1, maxDelayMs: 1 } });
    const { data } = await getToken(client);
    expect(data?.id).toBe('tok1');
    expect(requests.map((request) => request.headers.authorization)).toEqual(['Bearer astro-token-call-1', 'Bearer astro-token-call-2']);
  });

  it('a token function that returns nothing fails the call with a message that names no value', async () => {
    const { origin } = await serve(() => ({ body: apiToken(1) }));
    const client = createAstroClient({ token: () => '', baseUrl: origin });
    await expect(getToken(client)).rejects.toThrow('createAstroClient: the token function returned an empty token.');
  });

  it('every value a token function gave is redacted from errors', async () => {
    let n = 0;
    const tokens = ['astro-rotating-token-aaaa', 'astro-rotating-token-bbbb'];
    const { origin } = await serve(() => ({ status: 401, body: errorBody(401, `rejected ${tokens.join(' and ')}`) }));
    const client = createAstroClient({ token: () => tokens[n++ % 2]!, baseUrl: origin, retry: false, throwOnError: true });
    await getToken(client).catch(() => undefined);
    const error = (await getToken(client).catch((caught: unknown) => caught)) as AstroApiError;
    expect(error.message).toContain('rejected [redacted] and [redacted]');
  });
});

describe('middleware: per call and per attempt', () => {
  it('per-call middleware sees one request and the final response; per-attempt middleware sees each attempt', async () => {
    const { origin } = await serve((_request, index) => (index < 2 ? { status: 503, body: errorBody(503, 'busy') } : { body: apiToken(1) }));
    const log: string[] = [];
    const perCall: Middleware = {
      onRequest: ({ request }) => void log.push(`call request auth=${request.headers.get('authorization')}`),
      onResponse: ({ response }) => void log.push(`call response ${response.status}`),
    };
    const perAttempt: Middleware = {
      onRequest: ({ request }) => void log.push(`attempt request auth=${request.headers.get('authorization')}`),
      onResponse: ({ response }) => void log.push(`attempt response ${response.status}`),
    };
    const client = createAstroClient({ token: TOKEN, baseUrl: origin, middleware: [perCall], attemptMiddleware: [perAttempt], retry: { minDelayMs: 1, maxDelayMs: 1 } });
    const { data } = await getToken(client);
    expect(data?.id).toBe('tok1');
    expect(log).toEqual([
      'call request auth=null',
      'attempt request auth=null',
      'attempt response 503',
      'attempt request auth=null',
      'attempt response 503',
      'attempt request auth=null',
      'attempt response 200',
      'call response 200',
    ]);
  });

  it('useAttempt() and ejectAttempt() add and remove per-attempt middleware', async () => {
    const { origin } = await serve(() => ({ body: apiToken(1) }));
    const seen: number[] = [];
    const hook: Middleware = { onResponse: ({ response }) => void seen.push(response.status) };
    const client = createAstroClient({ token: TOKEN, baseUrl: origin });
    client.useAttempt(hook);
    await getToken(client);
    client.ejectAttempt(hook);
    await getToken(client);
    expect(seen).toEqual([200]);
  });
});

describe('v1beta1 runtime deprecation warning', () => {
  it('is emitted once per process, with a code, however many clients are made', async () => {
    const key = Symbol.for('@astro-api/client.v1beta1Warned');
    delete (globalThis as Record<symbol, unknown>)[key];
    const emitted: unknown[][] = [];
    vi.spyOn(process, 'emitWarning').mockImplementation((...args: unknown[]) => void emitted.push(args));
    const { createIamClient, createPlatformClient, V1BETA1_DEPRECATION_CODE } = await import('../src/v1beta1.js');
    createIamClient({ token: TOKEN });
    createPlatformClient({ token: TOKEN });
    createIamClient({ token: TOKEN });
    expect(emitted).toHaveLength(1);
    expect(emitted[0]![1]).toEqual({ type: 'DeprecationWarning', code: V1BETA1_DEPRECATION_CODE });
    expect(String(emitted[0]![0])).toContain('January 2027');
    expect(String(emitted[0]![0])).toContain('https://');
  });

  it('v1 emits none', async () => {
    const emitted: unknown[] = [];
    vi.spyOn(process, 'emitWarning').mockImplementation((warning: unknown) => void emitted.push(warning));
    createAstroClient({ token: TOKEN });
    expect(emitted).toEqual([]);
  });
});

describe('pagination: pages, maxItems, toArray', () => {
  it('paginatePages yields each page with its offset and totalCount', async () => {
    const { origin } = await serve(listOf(5));
    const client = createAstroClient({ token: TOKEN, baseUrl: origin, retry: false });
    const pages: string[] = [];
    for await (const page of paginatePages(client, listPath, { params: { path: { organizationId }, query: { limit: 2 } } })) {
      pages.push(`${page.offset}/${page.totalCount}: ${page.items.map((item) => item.id).join(',')}`);
    }
    expect(pages).toEqual(['0/5: tok1,tok2', '2/5: tok3,tok4', '4/5: tok5']);
  });

  it('maxItems stops the iteration, fetching no page beyond what it needs', async () => {
    const { origin, requests } = await serve(listOf(50));
    const client = createAstroClient({ token: TOKEN, baseUrl: origin, retry: false });
    const ids: string[] = [];
    for await (const token of paginate(client, listPath, { params: { path: { organizationId }, query: { limit: 4 } }, maxItems: 6 })) ids.push(token.id);
    expect(ids).toEqual(['tok1', 'tok2', 'tok3', 'tok4', 'tok5', 'tok6']);
    expect(requests).toHaveLength(2);
  });

  it('paginateToArray collects at most limit items', async () => {
    const { origin } = await serve(listOf(30));
    const client = createAstroClient({ token: TOKEN, baseUrl: origin, retry: false });
    const some = await paginateToArray(client, listPath, { params: { path: { organizationId }, query: { limit: 7 } }, limit: 10 });
    expect(some.map((token) => token.id)).toEqual(Array.from({ length: 10 }, (_, i) => `tok${i + 1}`));
    const all = await paginateToArray(client, listPath, { params: { path: { organizationId } }, limit: 1_000 });
    expect(all).toHaveLength(30);
    await expect(paginateToArray(client, listPath, { params: { path: { organizationId } }, limit: -1 })).rejects.toThrow(/limit must be a whole number/);
  });

  it('a failed page that echoes the token is redacted, like every other path', async () => {
    const { origin } = await serve(() => ({ status: 401, body: errorBody(401, `token ${TOKEN} is not valid`) }));
    const client = createAstroClient({ token: TOKEN, baseUrl: origin, retry: false });
    const error = await paginateToArray(client, listPath, { params: { path: { organizationId } }, limit: 10 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AstroApiError);
    expect((error as AstroApiError).message).toContain('token [redacted] is not valid');
    expect(JSON.stringify(error) + String((error as Error).stack)).not.toContain(TOKEN);
  });

  it('a 2xx page that is not JSON is an AstroApiError, not a SyntaxError', async () => {
    const { origin } = await serve(() => ({ status: 200, body: '<html>maintenance</html>', headers: { 'content-type': 'text/html' } }));
    const client = createAstroClient({ token: TOKEN, baseUrl: origin, retry: false });
    const error = await paginateToArray(client, listPath, { params: { path: { organizationId } }, limit: 10 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AstroApiError);
    expect(error).toMatchObject({ status: 200 });
  });
});
