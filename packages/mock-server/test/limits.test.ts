import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, startMockServer, type MockServer, type MockServerOptions } from '../src/index.js';
import { httpFor } from './http.js';
import { openConnection, rawRequest } from './raw.js';

/** Each limit of `DEFAULT_LIMITS`, tried at the limit and just past it. */
describe('the mock\'s limits', () => {
  const started: MockServer[] = [];
  const start = async (options: MockServerOptions = {}) => {
    const mock = await startMockServer({ api: 'v1', selfCheck: true, ...options });
    started.push(mock);
    return mock;
  };
  afterEach(async () => {
    for (const mock of started.splice(0)) {
      expect(mock.selfCheckFailures).toEqual([]);
      await mock.close();
    }
  });

  const tokensPath = (mock: MockServer) => `/v1/organizations/${mock.organizationId}/tokens`;
  const head = (mock: MockServer, method: string, extra: string) =>
    `${method} ${tokensPath(mock)} HTTP/1.1\r\nHost: mock\r\nAuthorization: Bearer ${mock.bootstrapToken}\r\nConnection: close\r\n${extra}`;

  it('body: exactly maxBodyBytes is read; one byte more is 413 (declared or chunked)', async () => {
    const mock = await start();
    expect(mock.limits.maxBodyBytes).toBe(DEFAULT_LIMITS.maxBodyBytes);
    const http = httpFor(mock);
    const bodyOf = (size: number) => {
      const prefix = '{"name":"';
      const suffix = '","role":"ORGANIZATION_MEMBER","scope":"ORGANIZATION"}';
      return prefix + 'n'.repeat(size - prefix.length - suffix.length) + suffix;
    };
    const atLimit = bodyOf(mock.limits.maxBodyBytes);
    expect(Buffer.byteLength(atLimit)).toBe(mock.limits.maxBodyBytes);
    const read = await http.call('POST', `${http.org}/tokens`, { raw: atLimit });
    expect([200, 400]).toContain(read.status); // read and validated (the name may be too long), not refused for size
    expect((await http.call('POST', `${http.org}/tokens`, { raw: bodyOf(mock.limits.maxBodyBytes + 1) })).status).toBe(413);
    const chunked = await rawRequest(mock.port, [
      head(mock, 'POST', 'Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n'),
      `${(mock.limits.maxBodyBytes + 1).toString(16)}\r\n${'x'.repeat(mock.limits.maxBodyBytes + 1)}\r\n0\r\n\r\n`,
    ]);
    expect(chunked).toMatch(/ 413 /);
  });

  it('header section: maxHeaderBytes is served; past it Node answers 431', async () => {
    const mock = await start({ maxHeaderBytes: 4096 });
    const padded = (total: number) => {
      const base = head(mock, 'GET', 'X-Pad: \r\n\r\n');
      return head(mock, 'GET', `X-Pad: ${'p'.repeat(total - Buffer.byteLength(base))}\r\n\r\n`);
    };
    expect(Buffer.byteLength(padded(4096))).toBe(4096);
    expect(await rawRequest(mock.port, [padded(4096)])).toMatch(/ 200 /);
    // Node's count leaves out the separators (": ", CRLF), a few dozen bytes here; one header line more is refused.
    expect(await rawRequest(mock.port, [padded(4096 + 64)])).toMatch(/ 431 /);
    // Refused by Node before the handler, yet answered with the spec's Error object like every other 4xx.
    const refused = await fetch(`${mock.url}/organizations/${mock.organizationId}/tokens`, { headers: { 'x-pad': 'p'.repeat(5000) } });
    expect(refused.status).toBe(431);
    expect(await refused.json()).toMatchObject({ statusCode: 431, message: expect.stringContaining('4096 bytes'), requestId: expect.any(String) });
  });

  it('header timeout: headers finished in time are served; a slow-loris socket is closed', async () => {
    const mock = await start({ headersTimeoutMs: 1_000, requestTimeoutMs: 2_000 });
    const complete = head(mock, 'GET', '\r\n');
    expect(await rawRequest(mock.port, [complete.slice(0, 20), 50, complete.slice(20)])).toMatch(/ 200 /);
    // Sends part of a header section and then nothing: the server must not wait for ever.
    expect(await rawRequest(mock.port, [complete.slice(0, 40)], 20_000)).toMatch(/ 408 |closed/);
  });

  it('request timeout: a body finished in time is read; one that never finishes is cut off', async () => {
    const mock = await start({ headersTimeoutMs: 500, requestTimeoutMs: 1_000 });
    const body = JSON.stringify({ name: 'timely', role: 'ORGANIZATION_MEMBER', scope: 'ORGANIZATION' });
    const withBody = head(mock, 'POST', `Content-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`);
    expect(await rawRequest(mock.port, [withBody, body.slice(0, 5), 50, body.slice(5)])).toMatch(/ 200 /);
    expect(await rawRequest(mock.port, [withBody, body.slice(0, 5)], 20_000)).toMatch(/ 408 |closed/);
  });

  it('connections: maxConnections at once are served; the next one is closed', async () => {
    const mock = await start({ maxConnections: 3 });
    const keepAlive = `GET ${tokensPath(mock)} HTTP/1.1\r\nHost: mock\r\nAuthorization: Bearer ${mock.bootstrapToken}\r\n\r\n`;
    const open = [];
    for (let i = 0; i < 3; i++) open.push(await openConnection(mock.port, keepAlive));
    try {
      expect(open.map((c) => c.status)).toEqual(Array(3).fill('HTTP/1.1 200 OK'));
      expect(await rawRequest(mock.port, [keepAlive])).toBe('closed');
    } finally {
      for (const c of open) c.socket.destroy();
    }
  });

  it('tokens: maxTokens are kept; creating one more is refused with 400', async () => {
    const mock = await start({ maxTokens: 4 });
    const http = httpFor(mock);
    const create = () => http.token({ scope: 'ORGANIZATION', role: 'ORGANIZATION_MEMBER' });
    for (let i = 0; i < 3; i++) expect((await create()).status).toBe(200); // with the bootstrap token: 4
    const refused = await create();
    expect(refused.status).toBe(400);
    expect(refused.body.message).toMatch(/at most 4 tokens/);
  });

  it('collections: maxItemsPerCollection items are kept; one more is refused with 400', async () => {
    const mock = await start({ maxItemsPerCollection: 3 });
    const http = httpFor(mock);
    const list = await http.call('GET', `${http.org}/workspaces`);
    const seeded = list.body.totalCount as number;
    for (let i = seeded; i < 3; i++) expect((await http.call('POST', `${http.org}/workspaces`, { body: http.bodyFor('CreateWorkspace') })).status).toBe(200);
    const refused = await http.call('POST', `${http.org}/workspaces`, { body: http.bodyFor('CreateWorkspace') });
    expect(refused.status).toBe(400);
    expect(refused.body.message).toMatch(/at most 3 items/);
  });
});
