/**
 * The client's part of the secrets check (issue 13): everything the client writes during these
 * scenarios (errors and their stacks and causes, results, warnings, console and stdio output,
 * retry events, what middleware sees) is collected and searched for the token values used.
 * The servers echo the token back in every way they can, as a hostile or careless one would.
 */
import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAstroClient, paginateToArray, type Middleware } from '../src/v1.js';
import { createIamClient } from '../src/v1beta1.js';
import { startLoopbackServer, type LoopbackServer, type Reply } from './support/loopback-server.js';

const TOKEN = 'astro-secret-value-5b1d7e9a';
const ROTATED = 'astro-secret-rotated-c03f';
const SECRETS = [TOKEN, ROTATED];

let server: LoopbackServer;
let written: string[];
const show = (value: unknown) => inspect(value, { depth: Infinity, showHidden: true, getters: true });

beforeEach(() => {
  written = [];
  const capture =
    (name: string) =>
    (...args: unknown[]) => {
      written.push(`${name}: ${args.map(show).join(' ')}`);
      return true;
    };
  vi.spyOn(process.stdout, 'write').mockImplementation(capture('stdout') as never);
  vi.spyOn(process.stderr, 'write').mockImplementation(capture('stderr') as never);
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) vi.spyOn(console, method).mockImplementation(capture(`console.${method}`));
  vi.spyOn(process, 'emitWarning').mockImplementation(capture('warning') as never);
  delete (globalThis as Record<symbol, unknown>)[Symbol.for('@astro-api/client.v1beta1Warned')];
});
afterEach(async () => {
  vi.restoreAllMocks();
  await server?.close();
});

/** Replies that put the token everywhere: JSON fields, text bodies, headers, broken JSON. */
const echoes: Array<[string, Reply]> = [
  ['a 401 whose Error body quotes the token', { status: 401, body: { statusCode: 401, message: `bad ${TOKEN}`, requestId: TOKEN, fieldErrors: [{ field: 'x', code: TOKEN, message: TOKEN }] } }],
  ['an HTML 502 that quotes it', { status: 502, body: `<html>Bearer ${TOKEN}</html>`, headers: { 'content-type': 'text/html' } }],
  ['an empty 404 with it in x-request-id', { status: 404, headers: { 'x-request-id': TOKEN } }],
  ['a 200 with broken JSON that quotes it', { status: 200, body: `{"token": "${TOKEN}"`, headers: { 'content-type': 'application/json' } }],
  ['a 503 with Retry-After past the deadline', { status: 503, body: `busy ${TOKEN}`, headers: { 'retry-after': '3600' } }],
  ['a JSON error body of another shape', { status: 500, body: { message: `upstream said ${TOKEN}`, detail: TOKEN } }],
];

describe('the client never writes a token value', () => {
  it.each(echoes)('%s: results, thrown errors, retry events and middleware views are clean', async (_name, reply) => {
    server = await startLoopbackServer(() => reply);
    const observed: unknown[] = [];
    const spy: Middleware = {
      onRequest: ({ request }) => void observed.push([...request.headers.entries()]),
      onResponse: ({ request }) => void observed.push([...request.headers.entries()]),
    };
    const options = {
      token: TOKEN,
      baseUrl: `${server.origin}/v1`,
      middleware: [spy],
      attemptMiddleware: [spy],
      retry: { minDelayMs: 1, maxDelayMs: 1, onRetry: (event: unknown) => void observed.push(event) },
    };
    const path = { organizationId: 'org1', tokenId: 'tok1' };
    observed.push(await createAstroClient(options).GET('/organizations/{organizationId}/tokens/{tokenId}', { params: { path } }).then(({ error }) => error));
    observed.push(await createAstroClient({ ...options, throwOnError: true }).GET('/organizations/{organizationId}/tokens/{tokenId}', { params: { path } }).catch((error: unknown) => error));
    observed.push(await paginateToArray(createAstroClient(options), '/organizations/{organizationId}/tokens', { params: { path }, limit: 5 }).catch((error: unknown) => error));
    for (const value of observed) for (const secret of SECRETS) expect(show(value)).not.toContain(secret);
    for (const line of written) for (const secret of SECRETS) expect(line).not.toContain(secret);
  });

  it('a token in the query string, a refused connection, a timeout, a token function and a v1beta1 client', async () => {
    server = await startLoopbackServer((_request, index) =>
      index === 0 ? { status: 503, body: ROTATED, headers: { 'x-echo': ROTATED } } : { delayMs: 2_000, body: {} },
    );
    const observed: unknown[] = [];
    const query = { kind: ROTATED } as never;
    const client = createAstroClient({ token: () => ROTATED, baseUrl: `${server.origin}/v1`, timeoutMs: 300, retry: { minDelayMs: 1, maxDelayMs: 1 } });
    const timedOut = await client.GET('/organizations/{organizationId}/tokens', { params: { path: { organizationId: ROTATED }, query } }).catch((error: unknown) => error);
    expect(timedOut).toMatchObject({ name: 'AstroTimeoutError', lastResponse: { status: 503 } });
    observed.push(timedOut);
    const refused = createAstroClient({ token: TOKEN, baseUrl: 'http://127.0.0.1:9/v1', retry: false });
    observed.push(await refused.GET('/organizations/{organizationId}/tokens', { params: { path: { organizationId: TOKEN } } }).catch((error: unknown) => error));
    const iam = createIamClient({ token: TOKEN, baseUrl: `${server.origin}/iam`, timeoutMs: 50 });
    observed.push(iam, client, String(client), JSON.stringify(client));
    observed.push(await iam.GET('/organizations/{organizationId}/tokens', { params: { path: { organizationId: 'o' } } }).catch((error: unknown) => error));
    expect(written.some((line) => line.startsWith('warning'))).toBe(true);
    for (const value of observed) for (const secret of SECRETS) expect(show(value)).not.toContain(secret);
    for (const line of written) for (const secret of SECRETS) expect(line).not.toContain(secret);
  });
});
