/** Retries against a real loopback server, plus the pure backoff and Retry-After rules as tables. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAstroClient, type Middleware, type RetryEvent, type RetryOptions } from '../src/v1.js';
import { backoffDelay, isRetryable, parseRetryAfter, resolveRetryPolicy, retryDelay } from '../src/retry.js';
import { errorBody, startLoopbackServer, type LoopbackServer, type Reply } from './support/loopback-server.js';
import { apiToken } from './support/tokens.js';

const organizationId = 'org1';
let server: LoopbackServer | undefined;
/** Middleware of the clients made by setup(): with none, requests take the lean path (no Request object, src/client.ts). */
let middleware: Middleware[] = [];
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A server that plays `replies` in order (then keeps answering with the last one), and a client with a fast retry policy. */
async function setup(replies: Reply[], retry: RetryOptions | false = {}) {
  server = await startLoopbackServer((_request, index) => replies[Math.min(index, replies.length - 1)]!);
  const events: RetryEvent[] = [];
  const client = createAstroClient({
    token: 't',
    baseUrl: server.origin,
    middleware,
    retry: retry === false ? false : { minDelayMs: 4, maxDelayMs: 40, onRetry: (event) => events.push(event), ...retry },
  });
  return { client, events, requests: server.requests };
}

const busy: Reply = { status: 503, body: errorBody(503, 'try later') };
const ok: Reply = { body: apiToken(1) };
const get = (client: ReturnType<typeof createAstroClient>) =>
  client.GET('/organizations/{organizationId}/tokens/{tokenId}', { params: { path: { organizationId, tokenId: 'tok1' } } });

const noop: Middleware = { onRequest: () => undefined };
describe.each([
  ['without middleware', []],
  ['with middleware', [noop]],
])('retries on the wire (%s)', (_mode, hooks: Middleware[]) => {
  beforeEach(() => {
    middleware = hooks;
  });

  it.each([429, 500, 502, 503, 504])('retries a GET after %i and returns the later success', async (status) => {
    const { client, events, requests } = await setup([{ status, body: errorBody(status, 'x') }, ok]);
    const { data } = await get(client);
    expect(data?.id).toBe('tok1');
    expect(requests).toHaveLength(2);
    expect(events.map((event) => [event.attempt, event.status])).toEqual([[1, status]]);
  });

  it('makes retries + 1 attempts at most, then returns the last response', async () => {
    const { client, events, requests } = await setup([busy], { retries: 3 });
    const { error, response } = await get(client);
    expect(response.status).toBe(503);
    expect(error?.message).toBe('try later');
    expect(requests).toHaveLength(4);
    expect(events.map((event) => event.attempt)).toEqual([1, 2, 3]);
  });

  it('defaults to 2 retries', async () => {
    const { client, requests } = await setup([busy], {});
    await get(client);
    expect(requests).toHaveLength(3);
  });

  it('backs off exponentially with full jitter: each wait is below min·2^(n-1), capped', async () => {
    const { client, events } = await setup([busy], { retries: 5, minDelayMs: 4, maxDelayMs: 20 });
    await get(client);
    const ceilings = [4, 8, 16, 20, 20];
    expect(events).toHaveLength(5);
    events.forEach((event, i) => {
      expect(event.delayMs).toBeGreaterThanOrEqual(0);
      expect(event.delayMs).toBeLessThan(ceilings[i]!);
    });
  });

  it.each([
    ['POST (create a token)', 'POST'],
    ['POST (rotate a token)', 'ROTATE'],
  ])('never retries a 5xx of %s', async (_name, kind) => {
    const { client, events, requests } = await setup([busy, ok], { retries: 5 });
    const result =
      kind === 'POST'
        ? await client.POST('/organizations/{organizationId}/tokens', { params: { path: { organizationId } }, body: { name: 'ci', scope: 'ORGANIZATION', role: 'ORGANIZATION_MEMBER' } })
        : await client.POST('/organizations/{organizationId}/tokens/{tokenId}/rotate', { params: { path: { organizationId, tokenId: 'tok1' } } });
    expect(result.response.status).toBe(503);
    expect(requests).toHaveLength(1);
    expect(events).toEqual([]);
  });

  it('retries a 429 of a POST, waiting the Retry-After, and sends the same body again', async () => {
    const { client, events, requests } = await setup([{ status: 429, headers: { 'retry-after': '1' }, body: errorBody(429, 'slow down') }, { status: 200, body: apiToken(2) }], {
      retries: 2,
    });
    const body = { name: 'ci', scope: 'ORGANIZATION', role: 'ORGANIZATION_MEMBER' } as const;
    const { data } = await client.POST('/organizations/{organizationId}/tokens', { params: { path: { organizationId } }, body });
    expect(data?.id).toBe('tok2');
    expect(requests.map((request) => `${request.method} ${request.body}`)).toEqual([`POST ${JSON.stringify(body)}`, `POST ${JSON.stringify(body)}`]);
    expect(events.map((event) => [event.status, event.delayMs, event.retryAfterMs])).toEqual([[429, 1_000, 1_000]]);
  });

  it.each([501, 505])('never retries %i, not even for a GET', async (status) => {
    const { client, requests } = await setup([{ status, body: errorBody(status, 'no') }, ok], { retries: 3 });
    const { response } = await get(client);
    expect(response.status).toBe(status);
    expect(requests).toHaveLength(1);
  });

  it('a per-call retry: false makes one attempt on a client that retries', async () => {
    const { client, requests } = await setup([busy, ok], { retries: 3 });
    const { response } = await client.GET('/organizations/{organizationId}/tokens/{tokenId}', { params: { path: { organizationId, tokenId: 'tok1' } }, retry: false });
    expect(response.status).toBe(503);
    expect(requests).toHaveLength(1);
  });

  it('a Retry-After longer than maxRetryAfterMs is not cut short: the response is given back', async () => {
    const { client, events, requests } = await setup([{ ...busy, status: 429, headers: { 'retry-after': '120' } }, ok]);
    const { response, error } = await get(client);
    expect(response.status).toBe(429);
    expect(error?.message).toBe('try later');
    expect(requests).toHaveLength(1);
    expect(events).toEqual([]);
  });

  it('retries a DELETE (idempotent)', async () => {
    const { client, requests } = await setup([busy, { status: 204 }]);
    const { response } = await client.DELETE('/organizations/{organizationId}/tokens/{tokenId}', { params: { path: { organizationId, tokenId: 'tok1' } } });
    expect(response.status).toBe(204);
    expect(requests.map((request) => request.method)).toEqual(['DELETE', 'DELETE']);
  });

  it('does not retry other 4xx', async () => {
    const { client, requests } = await setup([{ status: 404, body: errorBody(404, 'no such token') }, ok]);
    const { response } = await get(client);
    expect(response.status).toBe(404);
    expect(requests).toHaveLength(1);
  });

  it('retry: false and methods: [] turn retries off', async () => {
    for (const retry of [false, { methods: [] }] as const) {
      const { client, requests } = await setup([busy, ok], retry);
      await get(client);
      expect(requests).toHaveLength(1);
      await server!.close();
    }
    server = undefined;
  });

  it('honours Retry-After in seconds in full, beyond maxDelayMs, up to maxRetryAfterMs', async () => {
    const { client, events } = await setup([{ ...busy, status: 429, headers: { 'retry-after': '0' } }, { ...busy, status: 429, headers: { 'retry-after': '1' } }, ok], {
      maxDelayMs: 30,
      maxRetryAfterMs: 1_000,
    });
    const { data } = await get(client);
    expect(data?.id).toBe('tok1');
    expect(events.map((event) => event.delayMs)).toEqual([0, 1_000]);
  });

  it('honours Retry-After as an HTTP-date', async () => {
    const past = new Date(Date.now() - 60_000).toUTCString();
    const { client, events } = await setup([{ ...busy, headers: { 'retry-after': past } }, ok]);
    await get(client);
    expect(events.map((event) => event.delayMs)).toEqual([0]);
  });

  it('retries a connection failure of a GET', async () => {
    const { client, events, requests } = await setup([{ hangUp: true }, ok]);
    const { data } = await get(client);
    expect(data?.id).toBe('tok1');
    expect(requests).toHaveLength(2);
    expect(events[0]?.status).toBeUndefined();
  });

  it('resends the body of a retried PUT-like request', async () => {
    // The Astro API has no PUT; `request()` with PUT exercises the clone-per-attempt path all the same.
    const { client, requests } = await setup([busy, ok]);
    await (client.request as (method: string, path: string, init: unknown) => Promise<unknown>)('put', '/organizations/{organizationId}/tokens', {
      params: { path: { organizationId } },
      body: { name: 'same body' },
    });
    expect(requests.map((request) => `${request.method} ${request.body}`)).toEqual(['PUT {"name":"same body"}', 'PUT {"name":"same body"}']);
  });
});

describe('retry policy', () => {
  it.each([
    // attempt, min, max, random → delay
    [1, 100, 10_000, 0, 0],
    [1, 100, 10_000, 0.5, 50],
    [2, 100, 10_000, 0.5, 100],
    [3, 100, 10_000, 0.999, 399],
    [10, 100, 1_000, 0.5, 500],
  ])('backoffDelay(attempt %i, min %i, max %i, random %d) = %i', (attempt, minDelayMs, maxDelayMs, random, want) => {
    expect(backoffDelay(attempt, { minDelayMs, maxDelayMs }, () => random)).toBe(want);
  });

  const now = Date.parse('2026-07-16T12:00:00Z');
  it.each([
    [null, undefined],
    ['0', 0],
    ['3', 3_000],
    [' 7 ', 7_000],
    ['Thu, 16 Jul 2026 12:00:05 GMT', 5_000],
    ['Thu, 16 Jul 2026 11:59:00 GMT', 0],
    ['soon', undefined],
    ['-1', undefined],
  ])('parseRetryAfter(%j) = %j', (header, want) => {
    expect(parseRetryAfter(header, now)).toBe(want);
  });

  it('Retry-After wins over backoff and is honoured in full up to maxRetryAfterMs (60 s by default); beyond it, no retry', () => {
    const policy = resolveRetryPolicy({ minDelayMs: 100, maxDelayMs: 2_000 });
    expect(policy.maxRetryAfterMs).toBe(60_000);
    expect(retryDelay(1, policy, 1_500, () => 0.5)).toBe(1_500);
    expect(retryDelay(1, policy, 9_000, () => 0.5)).toBe(9_000);
    expect(retryDelay(1, policy, 60_000, () => 0.5)).toBe(60_000);
    expect(retryDelay(1, policy, 60_001, () => 0.5)).toBeUndefined();
    expect(retryDelay(1, policy, undefined, () => 0.5)).toBe(50);
  });

  it.each([
    [429, 'POST', true],
    [429, 'PATCH', true],
    [503, 'GET', true],
    [503, 'POST', false],
    [500, 'DELETE', true],
    [501, 'GET', false],
    [505, 'GET', false],
    [404, 'GET', false],
  ])('isRetryable(%i, %s) = %s', (status, method, want) => {
    expect(isRetryable(status, method, resolveRetryPolicy(undefined))).toBe(want);
  });

  it('defaults to 2 retries of the idempotent methods', () => {
    const policy = resolveRetryPolicy(undefined);
    expect(policy.retries).toBe(2);
    expect([...policy.methods]).toEqual(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);
  });

  it.each([
    [{ methods: ['GET', 'POST'] }, 'retry.methods may only name idempotent methods (GET, HEAD, OPTIONS, PUT, DELETE); refused: POST'],
    [{ methods: ['patch'] }, 'refused: PATCH'],
    [{ retries: -1 }, 'retry.retries must be a whole number ≥ 0, got -1'],
    [{ retries: 1.5 }, 'retry.retries must be a whole number ≥ 0, got 1.5'],
    [{ maxDelayMs: Number.NaN }, 'retry.maxDelayMs must be a number ≥ 0, got NaN'],
  ])('rejects %j', (options, message) => {
    expect(() => resolveRetryPolicy(options)).toThrow(message);
    expect(() => createAstroClient({ token: 't', retry: options })).toThrow(message);
  });
});
