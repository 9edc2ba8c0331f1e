/**
 * Issue 19: the two repros, each against the loopback server, and the rule of src/redact.ts.
 * (test/redaction.property.test.ts holds the property over random tokens and echo places.)
 */
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { redactor, redactValue, REDACTED, Secrets } from '../src/redact.js';
import { AstroApiError, AstroError, createAstroClient, paginate, paginateToArray } from '../src/v1.js';
import { startLoopbackServer, type LoopbackServer } from './support/loopback-server.js';

/** Pseudo-random token characters (a fixed LCG: the same token on every run). */
function tokenChars(length: number, seed: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  let x = seed;
  let out = '';
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    out += alphabet[x % 64];
  }
  return out;
}
// Long, like a real token (hundreds of characters), and without any piece in the client's own words.
const TOKEN = `astroJWT.${tokenChars(240, 19)}.sig`;
const listPath = '/organizations/{organizationId}/tokens' as const;

/** Every 8-character piece of the token found in the text. */
function pieces(text: string, token = TOKEN): string[] {
  const all = new Set(Array.from({ length: token.length - 7 }, (_, i) => token.slice(i, i + 8)));
  const found: string[] = [];
  for (let i = 0; i + 8 <= text.length; i++) if (all.has(text.slice(i, i + 8))) found.push(text.slice(i, i + 8));
  return found;
}

let server: LoopbackServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('repro 1: paginate() on a 2xx that is not a list', () => {
  it('the error is built from redacted headers: String(err), err.headers and err.requestId hold no token', async () => {
    server = await startLoopbackServer(() => ({
      body: { tokens: [], users: [], offset: 0, totalCount: 0 },
      headers: { 'x-request-id': `Bearer ${TOKEN}`, 'x-echo-authorization': `Bearer ${TOKEN}` },
    }));
    const client = createAstroClient({ token: TOKEN, baseUrl: server.origin, retry: false });
    const error = (await paginateToArray(client, listPath, { params: { path: { organizationId: 'org1' } }, limit: 5 }).catch((caught: unknown) => caught)) as AstroApiError;
    expect(error).toBeInstanceOf(AstroApiError);
    expect(String(error)).toMatch(/expected one array property in the 2xx body, found tokens, users \(requestId Bearer \[redacted\]\)$/);
    expect(error.requestId).toBe(`Bearer ${REDACTED}`);
    expect(error.headers.get('x-echo-authorization')).toBe(`Bearer ${REDACTED}`);
    // The concrete URL, as for every other error of the client (no longer the path template).
    expect(error.url).toBe(`${server.origin}/organizations/org1/tokens?offset=0`);
    for (const text of [String(error), error.message, JSON.stringify(error), inspect(error, { depth: Infinity }), JSON.stringify([...error.headers])]) {
      expect(pieces(text)).toEqual([]);
    }
  });

  it('a page that fails with the token in a header is redacted the same way', async () => {
    server = await startLoopbackServer(() => ({ status: 401, headers: { 'www-authenticate': `Bearer error="invalid_token" token=${TOKEN}` } }));
    const client = createAstroClient({ token: TOKEN, baseUrl: server.origin, retry: false });
    const error = await (async () => {
      for await (const token of paginate(client, listPath, { params: { path: { organizationId: 'org1' } } })) void token;
    })().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AstroApiError);
    expect((error as AstroApiError).headers.get('www-authenticate')).toBe(`Bearer error="invalid_token" token=${REDACTED}`);
    expect(pieces(inspect(error, { depth: Infinity }))).toEqual([]);
  });
});

describe('repro 2: a non-JSON error body is redacted before it is cut to 200 characters', () => {
  // The excerpt keeps the first 200 characters of the body: the cut falls inside the token.
  const page = `<html><body><h1>502 Bad Gateway</h1><p>${'upstream unavailable. '.repeat(5)}Authorization: Bearer ${TOKEN}</p></body></html>`;
  const cut = 200 - page.indexOf(TOKEN);

  it('the test body puts the cut inside the token', () => {
    expect(cut).toBeGreaterThan(8);
    expect(cut).toBeLessThan(TOKEN.length);
  });

  it.each([
    ['the { error } result', false],
    ['the thrown AstroApiError', true],
  ])('%s holds no piece of the token: the whole token became [redacted] before the cut', async (_name, throwOnError) => {
    server = await startLoopbackServer(() => ({ status: 502, body: page, headers: { 'content-type': 'text/html' } }));
    const client = createAstroClient({ token: TOKEN, baseUrl: server.origin, retry: false, throwOnError });
    const outcome = await client
      .GET('/organizations/{organizationId}/tokens/{tokenId}', { params: { path: { organizationId: 'org1', tokenId: 'tok1' } } })
      .then(({ error }) => error)
      .catch((caught: unknown) => (caught as AstroApiError).error);
    expect(outcome?.message).toMatch(/^Bad Gateway: <html><body><h1>502 Bad Gateway<\/h1><p>upstream unavailable\. .*Authorization: Bearer \[redacted\]<\/p><\/body><\/html>$/);
    expect(pieces(JSON.stringify(outcome))).toEqual([]);
  });
});

describe('the rule (src/redact.ts)', () => {
  const redact = redactor([TOKEN]);

  it('the whole token, Bearer <token>, the token cut at either end, and every fragment of 8+ characters', () => {
    expect(redact(`a ${TOKEN} b`)).toBe(`a ${REDACTED} b`);
    expect(redact(`Authorization: Bearer ${TOKEN}`)).toBe(`Authorization: Bearer ${REDACTED}`);
    expect(redact(`…${TOKEN.slice(0, 120)}`)).toBe(`…${REDACTED}`);
    expect(redact(`${TOKEN.slice(37)}…`)).toBe(`${REDACTED}…`);
    for (let start = 0; start + 8 <= TOKEN.length; start += 13) expect(redact(`<${TOKEN.slice(start, start + 8)}>`)).toBe(`<${REDACTED}>`);
  });

  it('fragments of 7 characters are kept (the threshold), and a text without a secret is returned as it is', () => {
    expect(redact(`<${TOKEN.slice(3, 10)}>`)).toBe(`<${TOKEN.slice(3, 10)}>`);
    const text = 'GET https://api.astronomer.io/v1/organizations failed with HTTP 404: Not Found';
    expect(redact(text)).toBe(text);
  });

  it('its URL-, JSON- and HTML-escaped forms and a change of case', () => {
    const odd = `tok"en&<value>/with+special=chars%`;
    const redactOdd = redactor([odd]);
    for (const form of [encodeURIComponent(odd), JSON.stringify(odd).slice(1, -1), odd.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;'), odd.toUpperCase()]) {
      expect(pieces(redactOdd(`x ${form} y`), odd)).toEqual([]);
    }
  });

  it('two fragments of different secrets, overlapping runs and a run at the very end each become one [redacted]', () => {
    const other = 'second-secret-value-0042';
    const both = redactor([TOKEN, other]);
    expect(both(`${TOKEN.slice(0, 30)} and ${other}`)).toBe(`${REDACTED} and ${REDACTED}`);
    expect(both(`${TOKEN.slice(0, 30)}${TOKEN.slice(20, 60)}`)).toBe(REDACTED);
  });

  it('Bearer <credential> of 8+ characters is redacted whatever the credential; shorter words are not', () => {
    expect(redact('Authorization: Bearer someone-elses-credential')).toBe(`Authorization: Bearer ${REDACTED}`);
    expect(redact('a Bearer token is required')).toBe('a Bearer token is required');
  });

  it('secrets shorter than 8 characters are not redacted (a test token `t` must not erase every t)', () => {
    expect(redactor(['t', 'short'])('the short test')).toBe('the short test');
  });

  it('Secrets remembers Authorization credentials without the scheme, and never shows its values', () => {
    const secrets = new Secrets();
    secrets.addAuthorization(`Bearer ${TOKEN}`);
    expect(secrets.redact(`echo ${TOKEN}`)).toBe(`echo ${REDACTED}`);
    expect(secrets.redact('Bearer is a word')).toBe('Bearer is a word');
    expect([String(secrets), JSON.stringify(secrets), inspect(secrets)]).toEqual(['Secrets(1)', '"Secrets(1)"', 'Secrets(1)']);
  });

  it('redactValue copies headers (a name holding a secret is dropped), responses without body, plain objects and errors', () => {
    const headers = new Headers({ 'x-a': `Bearer ${TOKEN}`, [`x-${TOKEN.slice(0, 20).toLowerCase()}`]: 'v' });
    expect([...redactValue(headers, redact)]).toEqual([['x-a', `Bearer ${REDACTED}`]]);
    const response = redactValue(new Response('body', { status: 503, statusText: `busy ${TOKEN}`, headers }), redact);
    expect([response.status, response.statusText, response.body]).toEqual([503, `busy ${REDACTED}`, null]);
    expect(redactValue({ [TOKEN]: [TOKEN, 1, null] }, redact)).toEqual({ [REDACTED]: [REDACTED, 1, null] });
    const cause = Object.assign(new TypeError(`fetch failed for ${TOKEN}`), { code: 'ECONNRESET' });
    const copy = redactValue(cause, redact);
    expect(copy).toBeInstanceOf(TypeError);
    expect([copy.message, copy.code, pieces(String(copy.stack))]).toEqual([`fetch failed for ${REDACTED}`, 'ECONNRESET', []]);
    const clean = new TypeError('fetch failed');
    expect(redactValue(clean, redact)).toBe(clean);
  });
});

describe('errors built outside a client', () => {
  it('the AstroError constructor redacts Bearer credentials from the message, URL, details and cause', () => {
    const cause = new Error(`upstream said Bearer ${TOKEN}`);
    const error = new AstroApiError({
      method: 'GET',
      url: `https://example.test/x?auth=Bearer%20ignored&h=Bearer ${TOKEN}`,
      path: '/x',
      status: 401,
      error: { statusCode: 401, message: `Bearer ${TOKEN} is not valid`, requestId: '' },
      headers: new Headers({ 'x-echo': `Bearer ${TOKEN}` }),
      cause,
    });
    for (const text of [String(error), JSON.stringify(error), inspect(error, { depth: Infinity }), error.headers.get('x-echo')!]) expect(pieces(text)).toEqual([]);
    expect(error.error.message).toBe(`Bearer ${REDACTED} is not valid`);
    expect(error).toBeInstanceOf(AstroError);
  });
});
