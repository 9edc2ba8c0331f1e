/**
 * Behaviour of the v1 and v1beta1 clients against a real HTTP server on loopback: auth, headers,
 * errors, timeouts and cancellation, middleware and custom fetch. Retries and pagination have
 * their own files.
 */
import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  AstroApiError,
  AstroConnectionError,
  AstroError,
  AstroTimeoutError,
  createAstroClient,
  customApiVersion,
  isAstroApiError,
  SPEC_VERSION,
  V1_BASE_URL,
  type Middleware,
} from '../src/v1.js';
import { createIamClient, createPlatformClient, IAM_BASE_URL, PLATFORM_BASE_URL } from '../src/v1beta1.js';
import { PACKAGE_VERSION } from '../src/generated/version.gen.js';
import { lightSignalsWork, setLightSignals } from '../src/abort.js';
import { errorBody, startLoopbackServer, type LoopbackServer, type Reply, type SeenRequest } from './support/loopback-server.js';
import { apiToken } from './support/tokens.js';

const TOKEN = 'astro-secret-token-7f3a';
const organizationId = 'org1';
const tokenPath = '/organizations/{organizationId}/tokens/{tokenId}' as const;

let server: LoopbackServer;
let reply: (request: SeenRequest) => Reply | Promise<Reply>;
const savedEnv = process.env.ASTRO_API_TOKEN;

beforeEach(async () => {
  delete process.env.ASTRO_API_TOKEN;
  reply = () => ({ body: apiToken(1) });
  server = await startLoopbackServer((request) => reply(request));
});
afterEach(async () => {
  await server.close();
  if (savedEnv === undefined) delete process.env.ASTRO_API_TOKEN;
  else process.env.ASTRO_API_TOKEN = savedEnv;
});

function v1(options: Parameters<typeof createAstroClient>[0] = {}) {
  return createAstroClient({ token: TOKEN, baseUrl: `${server.origin}/v1`, retry: false, ...options });
}

const getToken = (client: ReturnType<typeof v1>, init: Record<string, unknown> = {}) =>
  client.GET(tokenPath, { params: { path: { organizationId, tokenId: 'tok1' } }, ...init });

describe('auth', () => {
  it('sends the token option as a bearer token', async () => {
    const { data } = await getToken(v1());
    expect(data?.id).toBe('tok1');
    expect(server.requests[0]!.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(server.requests[0]!.url).toBe('/v1/organizations/org1/tokens/tok1');
  });

  it('falls back to ASTRO_API_TOKEN', async () => {
    process.env.ASTRO_API_TOKEN = 'from-env';
    await getToken(createAstroClient({ baseUrl: server.origin }));
    expect(server.requests[0]!.headers.authorization).toBe('Bearer from-env');
  });

  it('prefers the option over the environment', async () => {
    process.env.ASTRO_API_TOKEN = 'from-env';
    await getToken(v1());
    expect(server.requests[0]!.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it.each([
    ['createAstroClient', () => createAstroClient()],
    ['createIamClient', () => createIamClient()],
    ['createPlatformClient', () => createPlatformClient()],
    ['createAstroClient', () => createAstroClient({ token: '  ' })],
  ])('%s without a token fails at construction with a clear message', (factory, make) => {
    expect(make).toThrow(new TypeError(`${factory}: no API token. Pass { token } or set the ASTRO_API_TOKEN environment variable.`));
  });

  it('refuses a token that cannot be a header value, without quoting it', () => {
    expect(() => createAstroClient({ token: 'abc\ndef' })).toThrow(/cannot be sent in an HTTP header/);
    expect(() => createAstroClient({ token: 'abc\ndef' })).not.toThrow(/abc/);
  });

  it('an explicit Authorization header of a call wins', async () => {
    await getToken(v1(), { headers: { Authorization: 'Bearer other' } });
    expect(server.requests[0]!.headers.authorization).toBe('Bearer other');
  });

  it('never shows the token: String, JSON, util.inspect of the client and of errors', async () => {
    const client = v1({ throwOnError: true });
    reply = () => ({ status: 401, body: errorBody(401, `bad token ${TOKEN}`) });
    const error = await getToken(client).catch((caught: unknown) => caught);
    expect(isAstroApiError(error)).toBe(true);
    const views = [
      String(client),
      JSON.stringify(client),
      inspect(client, { showHidden: true, depth: Infinity }),
      String(error),
      JSON.stringify(error),
      inspect(error, { showHidden: true, depth: Infinity }),
      (error as Error).stack ?? '',
    ];
    for (const view of views) expect(view).not.toContain(TOKEN);
    expect(String(client)).toBe(`AstroClient(v1 ${server.origin}/v1)`);
    expect((error as AstroApiError).error.message).toBe('bad token [redacted]');
  });

  it('middleware does not see the Authorization header', async () => {
    const seen: string[] = [];
    const spy: Middleware = {
      onRequest: ({ request }) => void seen.push(`request ${request.headers.get('authorization')}`),
      onResponse: ({ request }) => void seen.push(`response ${request.headers.get('authorization')}`),
    };
    await getToken(v1({ middleware: [spy] }));
    expect(seen).toEqual(['request null', 'response null']);
    expect(server.requests[0]!.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });
});

describe('headers and base URLs', () => {
  it('sends a User-Agent naming the package, its version and node, plus the caller’s product', async () => {
    await getToken(v1());
    await getToken(v1({ userAgent: 'my-app/2.0' }));
    const expected = `astro-api-client/${PACKAGE_VERSION} node/${process.versions.node}`;
    expect(server.requests.map((request) => request.headers['user-agent'])).toEqual([expected, `${expected} my-app/2.0`]);
  });

  it('the version in the User-Agent is the one in package.json', async () => {
    const { readFile } = await import('node:fs/promises');
    const manifest = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(PACKAGE_VERSION).toBe(manifest.version);
  });

  it('pins X-API-Version to the version the types were generated from, unless told otherwise', async () => {
    await getToken(v1());
    await getToken(v1({ apiVersion: '1.0' }));
    await getToken(v1({ apiVersion: customApiVersion('1.7') }));
    expect(SPEC_VERSION).toMatch(/^\d+\.\d+$/);
    expect(server.requests.map((request) => request.headers['x-api-version'])).toEqual([SPEC_VERSION, '1.0', '1.7']);
  });

  it('rejects a malformed apiVersion', () => {
    expect(() => v1({ apiVersion: 'v1' as never })).toThrow('createAstroClient: apiVersion must look like "1.0", got "v1"');
    expect(() => customApiVersion('latest')).toThrow('customApiVersion: a version looks like "1.0", got "latest"');
  });

  it('refuses a userAgent that is not RFC 9110 products', () => {
    for (const userAgent of ['my-app/1.0 "quoted"', 'a/b/c', 'app/1.0 (unclosed']) expect(() => v1({ userAgent })).toThrow(/userAgent must be RFC 9110 products/);
    expect(() => v1({ userAgent: 'my-app/1.0 (ci; linux) other/2' })).not.toThrow();
  });

  it('sends JSON bodies with Content-Type', async () => {
    const { data } = await v1().POST('/organizations/{organizationId}/tokens', {
      params: { path: { organizationId } },
      body: { name: 'ci', scope: 'ORGANIZATION', role: 'ORGANIZATION_MEMBER' },
    });
    expect(data?.id).toBe('tok1');
    expect(server.requests[0]).toMatchObject({ method: 'POST', url: '/v1/organizations/org1/tokens', body: '{"name":"ci","scope":"ORGANIZATION","role":"ORGANIZATION_MEMBER"}' });
    expect(server.requests[0]!.headers['content-type']).toBe('application/json');
  });

  it.each([
    ['v1', () => createAstroClient({ token: TOKEN }), V1_BASE_URL, 'https://api.astronomer.io/v1'],
    ['v1beta1 IAM', () => createIamClient({ token: TOKEN }), IAM_BASE_URL, 'https://api.astronomer.io/iam/v1beta1'],
    ['v1beta1 Platform', () => createPlatformClient({ token: TOKEN }), PLATFORM_BASE_URL, 'https://api.astronomer.io/platform/v1beta1'],
  ])('%s defaults to its own production server', (_name, make, constant, url) => {
    expect(constant).toBe(url);
    expect(String(make())).toContain(url);
  });

  it('the v1beta1 IAM and Platform clients call their own servers', async () => {
    const iam = createIamClient({ token: TOKEN, baseUrl: `${server.origin}/iam/v1beta1`, retry: false });
    const platform = createPlatformClient({ token: TOKEN, baseUrl: `${server.origin}/platform/v1beta1`, retry: false });
    await iam.GET('/organizations/{organizationId}/tokens/{tokenId}', { params: { path: { organizationId, tokenId: 't' } } });
    await platform.GET('/organizations/{organizationId}', { params: { path: { organizationId } } });
    expect(server.requests.map((request) => request.url)).toEqual(['/iam/v1beta1/organizations/org1/tokens/t', '/platform/v1beta1/organizations/org1']);
    expect(server.requests.every((request) => request.headers.authorization === `Bearer ${TOKEN}`)).toBe(true);
  });
});

describe('errors', () => {
  const validation = errorBody(400, 'Invalid request', {
    fieldErrors: [{ field: 'scope', code: 'required', message: 'scope is required' }],
  });

  it('by default a non-2xx is a typed { error } result, not an exception', async () => {
    reply = () => ({ status: 400, body: validation });
    const result = await getToken(v1());
    const { error, response } = result;
    expect('data' in result).toBe(false);
    expect(response.status).toBe(400);
    expect(error).toEqual(validation);
    expect(error?.fieldErrors?.[0]?.code).toBe('required');
  });

  it('with throwOnError a non-2xx throws AstroApiError with status, message, requestId, fieldErrors and operation', async () => {
    reply = () => ({ status: 400, body: validation });
    const error = await getToken(v1({ throwOnError: true })).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AstroApiError);
    expect(error).toMatchObject({
      name: 'AstroApiError',
      status: 400,
      error: validation,
      requestId: 'req-400',
      fieldErrors: [{ field: 'scope', code: 'required', message: 'scope is required' }],
      method: 'GET',
      path: tokenPath,
      url: `${server.origin}/v1/organizations/org1/tokens/tok1`,
      message: `GET ${server.origin}/v1/organizations/org1/tokens/tok1 failed with HTTP 400: Invalid request (requestId req-400)`,
    });
    expect(error).toBeInstanceOf(AstroError);
    expect((error as AstroApiError).headers.get('content-type')).toBe('application/json');
  });

  it('with throwOnError a 2xx still returns { data }', async () => {
    const { data } = await getToken(v1({ throwOnError: true }));
    expect(data?.id).toBe('tok1');
  });

  it('an HTML 502 from a proxy gives an error of the declared shape, and data is absent', async () => {
    reply = () => ({ status: 502, body: '<html>Bad Gateway</html>', headers: { 'content-type': 'text/html' } });
    const result = await getToken(v1());
    expect('data' in result).toBe(false);
    expect(result.error).toEqual({ statusCode: 502, message: 'Bad Gateway: <html>Bad Gateway</html>', requestId: '' });
    const error = await getToken(v1({ throwOnError: true })).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status: 502, requestId: undefined, message: `GET ${server.origin}/v1/organizations/org1/tokens/tok1 failed with HTTP 502: Bad Gateway: <html>Bad Gateway</html>` });
  });

  it('an empty-body 404 gives an error of the declared shape (requestId from the header), never undefined', async () => {
    reply = () => ({ status: 404, headers: { 'x-request-id': 'edge-1' } });
    const result = await getToken(v1());
    expect('data' in result).toBe(false);
    expect(result.error).toEqual({ statusCode: 404, message: 'Not Found (empty body)', requestId: 'edge-1' });
    const error = await getToken(v1({ throwOnError: true })).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: 'AstroApiError', status: 404, requestId: 'edge-1' });
  });

  it('a JSON error body that is not the API\'s Error shape is completed, keeping its message', async () => {
    reply = () => ({ status: 500, body: { message: 'upstream down' } });
    const { error } = await getToken(v1());
    expect(error).toEqual({ statusCode: 500, message: 'upstream down', requestId: '' });
  });

  it('a 2xx whose body is not valid JSON is an error result, not a SyntaxError, and never shows the token', async () => {
    reply = () => ({ status: 200, body: `{"id": "tok1", "echo": "${TOKEN}"`, headers: { 'content-type': 'application/json' } });
    const result = await getToken(v1());
    expect('data' in result).toBe(false);
    expect(result.error?.statusCode).toBe(200);
    expect(result.error?.message).toContain('not valid JSON');
    expect(result.error?.message).not.toContain(TOKEN);
    const error = await getToken(v1({ throwOnError: true })).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AstroApiError);
    expect(inspect(error, { depth: Infinity })).not.toContain(TOKEN);
  });

  it('a refused connection is an AstroConnectionError with method, URL and the network cause', async () => {
    const closed = server.origin;
    await server.close();
    server = await startLoopbackServer(() => ({ body: apiToken(1) }));
    const error = await createAstroClient({ token: TOKEN, baseUrl: `${closed}/v1`, retry: false })
      .GET(tokenPath, { params: { path: { organizationId, tokenId: 'tok1' } } })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AstroConnectionError);
    expect(error).toBeInstanceOf(AstroError);
    expect(error).toMatchObject({ method: 'GET', url: `${closed}/v1/organizations/org1/tokens/tok1`, code: 'ECONNREFUSED' });
    expect((error as Error).cause).toBeInstanceOf(TypeError);
  });

  it('isAstroApiError recognises errors of another copy of the package by their brand', () => {
    const foreign = Object.assign(new Error('x'), { [Symbol.for('@astro-api/client.AstroApiError')]: true });
    expect(isAstroApiError(foreign)).toBe(true);
    expect(isAstroApiError(new Error('x'))).toBe(false);
    expect(isAstroApiError(null)).toBe(false);
  });
});

// Each call's deadline and cancellation go through an abort handle (src/abort.ts): a light signal where
// the runtime's fetch follows one, an AbortController otherwise. Both kinds are held to the same tests.
describe.each([
  ['light signal', true],
  ['AbortController', false],
])('timeouts and cancellation (%s)', (_kind, light) => {
  beforeEach(() => setLightSignals(light));
  afterEach(() => setLightSignals(undefined));

  it('this runtime takes the light signal (else every call would use an AbortController)', () => {
    setLightSignals(undefined);
    expect(lightSignalsWork()).toBe(true);
  });

  it('a deadline that passes while the body is read rejects with an AstroTimeoutError', async () => {
    reply = () => ({ bodyDelayMs: 5_000, body: apiToken(1) });
    const error = await getToken(v1({ timeoutMs: 80 })).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AstroTimeoutError);
    expect(error).toMatchObject({ timeoutMs: 80 });
  });

  it('a call slower than timeoutMs rejects with an AstroTimeoutError naming the URL', async () => {
    reply = () => ({ delayMs: 5_000, body: apiToken(1) });
    const error = await getToken(v1({ timeoutMs: 50 })).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AstroTimeoutError);
    expect(error).toMatchObject({ name: 'AstroTimeoutError', timeoutMs: 50, message: `GET ${server.origin}/v1/organizations/org1/tokens/tok1 timed out after 50 ms` });
  });

  it('timeoutMs of a call overrides the client’s', async () => {
    reply = () => ({ delayMs: 5_000, body: apiToken(1) });
    const error = await getToken(v1({ timeoutMs: 60_000 }), { timeoutMs: 40 }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: 'AstroTimeoutError', timeoutMs: 40 });
  });

  it('a Retry-After past the deadline gives back the last response (with its requestId), not a timeout', async () => {
    reply = () => ({ status: 503, headers: { 'retry-after': '30' }, body: errorBody(503, 'busy') });
    const client = v1({ timeoutMs: 2_000, retry: { retries: 5 } });
    const { error, response } = await getToken(client);
    expect(response.status).toBe(503);
    expect(error).toEqual(errorBody(503, 'busy'));
    expect(server.requests).toHaveLength(1);
    const thrown = await getToken(v1({ timeoutMs: 2_000, retry: { retries: 5 }, throwOnError: true })).catch((caught: unknown) => caught);
    expect(thrown).toMatchObject({ name: 'AstroApiError', status: 503, requestId: 'req-503' });
  });

  it('a timeout during a retried call keeps the last response', async () => {
    reply = (request) => (server.requests.length === 1 ? { status: 503, body: errorBody(503, 'busy') } : { delayMs: 5_000, body: apiToken(1) });
    const client = v1({ timeoutMs: 300, retry: { retries: 2, minDelayMs: 1, maxDelayMs: 1 } });
    const error = await getToken(client).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AstroTimeoutError);
    expect((error as AstroTimeoutError).lastResponse?.status).toBe(503);
  });

  it.each([
    ['before the headers', { delayMs: 5_000 }],
    ['while the body is read', { bodyDelayMs: 5_000 }],
  ])('an AbortSignal cancels the call with its reason (%s)', async (_when, slow) => {
    reply = () => ({ ...slow, body: apiToken(1) });
    const controller = new AbortController();
    const pending = getToken(v1(), { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('user navigated away')), 40);
    await expect(pending).rejects.toThrow('user navigated away');
  });

  it('an already aborted signal fails before any request', async () => {
    const error = await getToken(v1(), { signal: AbortSignal.abort() }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: 'AbortError' });
    expect(server.requests).toHaveLength(0);
  });

  it('timeoutMs: Infinity sends no deadline, and a signal still cancels', async () => {
    reply = () => ({ delayMs: 30, body: apiToken(1) });
    const { data } = await getToken(v1({ timeoutMs: Infinity }));
    expect(data?.id).toBe('tok1');
    reply = () => ({ delayMs: 5_000, body: apiToken(1) });
    const controller = new AbortController();
    const pending = getToken(v1({ timeoutMs: Infinity }), { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('stop')), 20);
    await expect(pending).rejects.toThrow('stop');
  });

  it('the deadline also applies when middleware is registered', async () => {
    reply = () => ({ delayMs: 5_000, body: apiToken(1) });
    const client = v1({ timeoutMs: 50, middleware: [{ onRequest: () => undefined }] });
    await expect(getToken(client)).rejects.toMatchObject({ name: 'AstroTimeoutError' });
  });

  it.each([0, -1, Number.NaN])('rejects timeoutMs %s', (timeoutMs) => {
    expect(() => v1({ timeoutMs })).toThrow(/timeoutMs must be a number of milliseconds > 0/);
  });
});

describe('customising', () => {
  it('middleware hooks run in order around the request', async () => {
    const events: string[] = [];
    const logging: Middleware = {
      onRequest: ({ request, schemaPath }) => void events.push(`→ ${request.method} ${schemaPath}`),
      onResponse: ({ response }) => void events.push(`← ${response.status}`),
    };
    const tracing: Middleware = {
      onRequest: ({ request }) => {
        request.headers.set('traceparent', '00-abc-def-01');
        events.push('trace');
        return request;
      },
    };
    await getToken(v1({ middleware: [logging, tracing] }));
    expect(events).toEqual([`→ GET ${tokenPath}`, 'trace', '← 200']);
    expect(server.requests[0]!.headers.traceparent).toBe('00-abc-def-01');
  });

  it('use() and eject() add and remove middleware after construction', async () => {
    const client = v1();
    const seen: string[] = [];
    const hook: Middleware = { onRequest: ({ request }) => void seen.push(request.url) };
    client.use(hook);
    await getToken(client);
    client.eject(hook);
    await getToken(client);
    expect(seen).toEqual([`${server.origin}/v1/organizations/org1/tokens/tok1`]);
    expect(server.requests).toHaveLength(2);
    expect(server.requests.every((request) => request.headers.authorization === `Bearer ${TOKEN}`)).toBe(true);
  });

  it('per-call middleware runs for that call only', async () => {
    const seen: string[] = [];
    const client = v1();
    const once: Middleware = { onResponse: ({ response }) => void seen.push(String(response.status)) };
    await getToken(client, { middleware: [once] });
    await getToken(client);
    expect(seen).toEqual(['200']);
  });

  it('onError middleware sees network failures', async () => {
    reply = () => ({ hangUp: true });
    const errors: string[] = [];
    const client = v1({ middleware: [{ onError: ({ error }) => void errors.push((error as Error).name) }] });
    await expect(getToken(client)).rejects.toThrow(AstroConnectionError);
    expect(errors).toEqual(['TypeError']);
  });

  it('a custom fetch receives a Request with the JSON body, with and without middleware', async () => {
    const bodies: string[] = [];
    const fetchSpy = async (request: Request) => {
      bodies.push(`${request.method} ${request.headers.get('content-type')} ${await request.clone().text()}`);
      return fetch(request);
    };
    const body = { name: 'ci', scope: 'ORGANIZATION', role: 'ORGANIZATION_MEMBER' } as const;
    for (const middleware of [[], [{ onRequest: () => undefined }]]) {
      await v1({ fetch: fetchSpy, middleware }).POST('/organizations/{organizationId}/tokens', { params: { path: { organizationId } }, body });
    }
    const sent = `POST application/json ${JSON.stringify(body)}`;
    expect(bodies).toEqual([sent, sent]);
    expect(server.requests.map((request) => request.body)).toEqual([JSON.stringify(body), JSON.stringify(body)]);
  });

  it('a custom fetch receives the finished Request', async () => {
    const seen: string[] = [];
    const client = v1({
      fetch: (request) => {
        seen.push(`${request.method} ${request.url} ${request.headers.get('authorization')}`);
        return fetch(request);
      },
    });
    const { data } = await getToken(client);
    expect(data?.id).toBe('tok1');
    expect(seen).toEqual([`GET ${server.origin}/v1/organizations/org1/tokens/tok1 Bearer ${TOKEN}`]);
  });

  it('extra headers are sent with every request', async () => {
    await getToken(v1({ headers: { 'X-Team': 'data' } }));
    expect(server.requests[0]!.headers['x-team']).toBe('data');
  });
});
