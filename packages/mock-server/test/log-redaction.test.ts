import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockServer, type MockServer } from '../src/index.js';
import { redact } from '../src/redact.js';
import { rawRequest } from './raw.js';

/** Every 8-character piece of `value` that `text` contains. */
const leakedPieces = (text: string, value: string) => {
  const out: string[] = [];
  for (let i = 0; i + 8 <= value.length; i++) if (text.includes(value.slice(i, i + 8))) out.push(value.slice(i, i + 8));
  return out;
};

describe('mock logging: one redaction, tokens found as substrings anywhere in a line', () => {
  let mock: MockServer;
  const log: string[] = [];
  const errors: string[] = [];
  const original = console.error;
  beforeAll(async () => {
    console.error = (...args: unknown[]) => errors.push(args.map(String).join(' '));
    mock = await startMockServer({ api: 'v1', selfCheck: true, log: (line) => log.push(line) });
  });
  afterAll(async () => {
    console.error = original;
    expect(mock.selfCheckFailures).toEqual([]);
    await mock.close();
  });
  const org = () => `${mock.url}/organizations/${mock.organizationId}`;
  /** The answer's text when it is an error (a 2xx token list carries `shortToken`, the API's display prefix, by design). */
  const get = async (url: string, headers: Record<string, string> = {}) => {
    const res = await fetch(url, { headers: { authorization: `Bearer ${mock.bootstrapToken}`, ...headers } });
    const text = await res.text();
    return res.status >= 400 ? text : '';
  };

  it.each([
    ['inside a larger segment', (t: string) => `/workspaces/x${t}`],
    ['after a ;', (t: string) => `/workspaces;${t}`],
    ['split over a segment and a suffix', (t: string) => `/workspaces/${t}.json`],
    ['percent-encoded, lower-case hex', (t: string) => `/workspaces/${t.replace(/_/g, '%5f')}`],
    ['in a query key', (t: string) => `/tokens?x${t}=1`],
    ['inside a declared query value', (t: string) => `/tokens?workspaceId=ws-${t}&limit=5`],
  ])('a token %s is redacted from the log line and the answer', async (_, place) => {
    const token = mock.issueToken({ role: 'ORGANIZATION_MEMBER' }).value;
    log.length = 0;
    const answer = await get(org() + place(token));
    expect(log).toHaveLength(1);
    expect(log[0]).toContain('[redacted]');
    for (const text of [log[0]!, answer]) expect(leakedPieces(text, token)).toEqual([]);
  });

  it('the presented bearer is redacted even when the mock never issued it', async () => {
    const unknown = 'astro_unknown_presented_value_123';
    log.length = 0;
    const answer = await get(`${org()}/workspaces/a${unknown}b`, { authorization: `Bearer ${unknown}` });
    expect(log[0]).toMatch(/→ 401/);
    for (const text of [log[0]!, answer]) expect(leakedPieces(text, unknown)).toEqual([]);
  });

  it('a client that closes the connection mid-body is logged as such, not as an internal error → 500', async () => {
    log.length = 0;
    errors.length = 0;
    const head = `POST /v1/organizations/${mock.organizationId}/tokens HTTP/1.1\r\nHost: m\r\nAuthorization: Bearer ${mock.bootstrapToken}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n`;
    // rawRequest closes the socket itself after holdMs: the body stays 990 bytes short.
    expect(await rawRequest(mock.port, [head, '{"name":"x', 50], 300)).toBe('still open');
    await new Promise((r) => setTimeout(r, 200));
    expect(log).toEqual([`POST /v1/organizations/${mock.organizationId}/tokens → client closed the connection while sending the body (CreateApiToken)`]);
    expect(errors.filter((e) => /internal error|could not answer/.test(e))).toEqual([]);
  });

  it('property: a random token at a random place in path, query or header never shows 8 of its characters', async () => {
    const seed = process.env.FC_SEED !== undefined ? Number(process.env.FC_SEED) : Math.floor(Math.random() * 2 ** 31);
    console.log(`[log-redaction] fast-check seed ${seed} (replay with FC_SEED=${seed})`);
    const alphabet = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~+/=%; '];
    const value = fc
      .string({ unit: fc.constantFrom(...alphabet), minLength: 13, maxLength: 40 })
      .map((s) => `tk${s}Z`)
      .filter((v) => new Set(v).size >= 8 && v.trim() === v);
    const place = fc.record({
      where: fc.constantFrom('path', 'query-key', 'query-value', 'declared-query', 'header', 'bearer'),
      at: fc.nat(),
      known: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(value, place, async (token, { where, at, known }) => {
        // Known tokens are issued by the mock (found by hash); others are only presented as the bearer.
        if (known || where !== 'bearer') {
          try {
            mock.issueToken({ role: 'ORGANIZATION_MEMBER', value: token });
          } catch {
            /* issued in an earlier run already */
          }
        }
        const enc = encodeURIComponent(token);
        const path = `/organizations/${mock.organizationId}/workspaces/ws`;
        const cut = at % (path.length + 1);
        const target =
          where === 'path' ? path.slice(0, cut) + enc + path.slice(cut)
          : where === 'query-key' ? `/organizations/${mock.organizationId}/tokens?${enc}=1`
          : where === 'query-value' ? `/organizations/${mock.organizationId}/tokens?note=${enc}`
          : where === 'declared-query' ? `/organizations/${mock.organizationId}/tokens?workspaceId=${enc.slice(0, at % (enc.length + 1))}${enc.slice(at % (enc.length + 1))}`
          : `/organizations/${mock.organizationId}/tokens`;
        const headers: Record<string, string> = { authorization: `Bearer ${where === 'bearer' ? token : mock.bootstrapToken}` };
        if (where === 'header') headers['x-note'] = `before ${token} after`;
        log.length = 0;
        const res = await fetch(mock.url + target, { headers });
        const answer = res.status >= 400 ? await res.text() : ''; // 2xx token lists carry `shortToken` by design
        const written = [...log, answer].join('\n');
        expect(log.length).toBe(1);
        expect(leakedPieces(written, token)).toEqual([]);
      }),
      { seed, numRuns: Number(process.env.FC_RUNS ?? 200) },
    );
  }, 120_000);
});

describe('redact() on its own', () => {
  const issued = new Set(['astro_mock_abcdefghijklmnop']);
  const lookup = { isTokenValue: (v: string) => issued.has(v), valueLengths: () => [...issued].map((v) => v.length) };
  it('finds a known value raw, encoded or inside anything, and leaves other text alone', () => {
    expect(redact('GET /w/xastro_mock_abcdefghijklmnopy?q=1', lookup)).toBe('GET /w/x[redacted]y?q=1');
    expect(redact('GET /w/astro%5Fmock%5fabcdefghijklmnop', lookup)).toBe('GET /w/[redacted]');
    expect(redact('GET /w/astro_mock_abcdefghijklmnoX', lookup)).toBe('GET /w/astro_mock_abcdefghijklmnoX');
    expect(redact('a short one: abc', lookup, ['abc'])).toBe('a short one: abc');
    expect(redact('bearer s3cr3t-value shown', lookup, ['s3cr3t-value'])).toBe('bearer [redacted] shown');
  });
});
