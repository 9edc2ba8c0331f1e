import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockServer, type MockServer } from '../src/index.js';
import { httpFor } from './http.js';
import { rawRequest } from './raw.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../../..');
const cli = path.resolve(here, '../dist/cli.js');

describe('request hardening (v1)', () => {
  let mock: MockServer;
  let http: ReturnType<typeof httpFor>;
  const log: string[] = [];
  beforeAll(async () => {
    mock = await startMockServer({ api: 'v1', selfCheck: true, log: (line) => log.push(line) });
    http = httpFor(mock);
  });
  afterAll(async () => {
    expect(mock.selfCheckFailures).toEqual([]);
    await mock.close();
  });

  it.each([
    ['/tokens/x/..', 'plain'],
    ['/tokens/x/%2e%2e', 'percent-encoded'],
    ['/tokens/x/%2E%2E/', 'upper-case percent-encoded'],
    ['/tokens/./x', 'single dot'],
  ])('%s (%s dot segments) is refused, never routed elsewhere', async (suffix) => {
    const status = await rawRequest(mock.port, [`GET /v1/organizations/${mock.organizationId}${suffix} HTTP/1.1\r\nHost: m\r\nAuthorization: Bearer ${mock.bootstrapToken}\r\nConnection: close\r\n\r\n`]);
    expect(status).toMatch(/ 400 /);
  });

  it.each([
    ['text/plain', 415],
    ['application/x-www-form-urlencoded', 415],
    ['multipart/form-data; boundary=x', 415],
    ['application/json; charset=utf-8', 200],
    ['application/merge-patch+json', 200],
  ])('a body sent as %s → %s', async (contentType, status) => {
    const body = JSON.stringify({ name: 'typed', role: 'ORGANIZATION_MEMBER', scope: 'ORGANIZATION' });
    const res = await fetch(`${mock.url}/organizations/${mock.organizationId}/tokens`, {
      method: 'POST',
      headers: { authorization: `Bearer ${mock.bootstrapToken}`, 'content-type': contentType },
      body,
    });
    expect(res.status).toBe(status);
  });

  it('a body without Content-Type → 415', async () => {
    const body = '{"name":"untyped","role":"ORGANIZATION_MEMBER","scope":"ORGANIZATION"}';
    const status = await rawRequest(mock.port, [
      `POST /v1/organizations/${mock.organizationId}/tokens HTTP/1.1\r\nHost: m\r\nAuthorization: Bearer ${mock.bootstrapToken}\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`,
    ]);
    expect(status).toMatch(/ 415 /);
  });

  it('a token in the query string or path never reaches the request log', async () => {
    const created = await http.token({ scope: 'ORGANIZATION', role: 'ORGANIZATION_MEMBER' });
    const secrets = [mock.bootstrapToken, created.body.token as string];
    log.length = 0;
    await http.call('GET', `${http.org}/tokens`, { query: { token: secrets[0]!, limit: '5' } });
    await http.call('GET', `${http.org}/tokens`, { query: { access_token: secrets[1]!, api_key: 'k', workspaceId: secrets[0]! } });
    await http.call('GET', `${http.org}/tokens/${encodeURIComponent(secrets[1]!)}`);
    await http.call('GET', `/${secrets[0]}`);
    expect(log).toHaveLength(4);
    for (const line of log) for (const secret of secrets) expect(line).not.toContain(secret);
    // Declared, harmless parameters stay readable.
    expect(log[0]).toContain('limit=5');
    expect(log[0]).toContain('token=[redacted]');
  });
});

describe('secrets: nothing the mock writes contains a token value, an Authorization header or the bootstrap token', () => {
  it('in process: request log, console output and error answers of a whole token lifecycle', async () => {
    const written: string[] = [];
    const original = { log: console.log, error: console.error, warn: console.warn };
    console.log = console.error = console.warn = (...args: unknown[]) => written.push(args.map(String).join(' '));
    const bootstrap = 'astro_mock_secret_bootstrap_value_0001';
    const mock = await startMockServer({ api: 'v1', selfCheck: true, bootstrapToken: bootstrap, log: (line) => written.push(line) });
    const used = [bootstrap];
    try {
      const http = httpFor(mock);
      const created = await http.token({ scope: 'ORGANIZATION', role: 'ORGANIZATION_MEMBER' });
      used.push(created.body.token);
      const rotated = await http.call('POST', `${http.org}/tokens/${created.body.id}/rotate`);
      used.push(rotated.body.token);
      const answers = [
        await http.call('GET', `${http.org}/tokens`, { token: created.body.token }), // rotated away: 401
        await http.call('GET', `${http.org}/tokens`, { token: `${bootstrap} extra` }), // malformed
        await http.call('GET', `${http.org}/tokens`, { token: rotated.body.token, query: { token: bootstrap } }), // member: 403
        await http.call('GET', `${http.org}/nothing/${bootstrap}`),
        await http.call('POST', `${http.org}/tokens`, { body: { name: bootstrap, role: 'x', scope: 'ORGANIZATION', kind: 'NOPE' } }),
        await http.call('POST', `${http.org}/tokens`, { raw: `${bootstrap} is not JSON` }),
        await http.call('GET', `${http.org}/tokens/${bootstrap}`), // an ID that is a token value: 404 naming the ID
        await http.call('GET', `${http.org}/deployments/${encodeURIComponent(rotated.body.token)}/deploys`),
      ];
      const out = [...written, ...answers.filter((a) => a.status >= 400).map((a) => JSON.stringify(a.body))].join('\n');
      expect(written.length).toBeGreaterThan(3);
      for (const secret of used) expect(out).not.toContain(secret.slice(11));
      // The header's name may be mentioned ("the Authorization header must be …"); its value never is.
      expect(out).not.toMatch(/Bearer\s+astro_/i);
    } finally {
      Object.assign(console, original);
      await mock.close();
    }
  });

  it('the CLI: stdout and stderr never show a token given with --token or ASTRO_MOCK_TOKEN', async () => {
    for (const [args, env] of [[['--token', 'astro_mock_cli_secret_a'], {}], [[], { ASTRO_MOCK_TOKEN: 'astro_mock_cli_secret_b' }]] as const) {
      const secret = args[1] ?? (env as Record<string, string>).ASTRO_MOCK_TOKEN!;
      const child = spawn(process.execPath, [cli, '--api', 'v1', '--port', '0', ...args], { cwd: repoRoot, env: { ...process.env, ...env } });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (out += d.toString()));
      try {
        const url = await new Promise<string>((resolve, reject) => {
          child.stdout.on('data', () => {
            const match = /listening on (\S+)/.exec(out);
            if (match && out.includes('bootstrap organization-owner token:')) resolve(match[1]!);
          });
          child.once('exit', (code) => reject(new Error(`exited with ${code}: ${out}`)));
        });
        const org = /organization: (\S+)/.exec(out)![1]!;
        for (const target of [`${url}/organizations/${org}/tokens?token=${secret}`, `${url}/${secret}`]) {
          expect((await fetch(target, { headers: { authorization: `Bearer ${secret}` } })).status).toBeLessThan(500);
        }
        await new Promise((r) => setTimeout(r, 100));
        expect(out).toMatch(/→ 200 ListApiTokens/);
        expect(out).not.toContain(secret);
      } finally {
        child.kill('SIGTERM');
      }
    }
  });

  it('the CLI writes a generated token only to --token-file, never to its output', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mock-server-token-'));
    const child = spawn(process.execPath, [cli, '--api', 'v1', '--port', '0', '--token-file', path.join(dir, 'token')], { cwd: repoRoot });
    let out = '';
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          if (out.includes('written to')) resolve();
        });
        child.once('exit', (code) => reject(new Error(`exited with ${code}`)));
      });
      const { readFileSync } = await import('node:fs');
      const token = readFileSync(path.join(dir, 'token'), 'utf8').trim();
      expect(token).toMatch(/^astro_mock_/);
      expect(out).not.toContain(token);
    } finally {
      child.kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('git inputs: --spec REV:path is data, never a git option', () => {
  it.each([
    ['--output=OUT:specs/v1/2026-07-16.yaml'],
    ['--output=OUT:x'],
    ['--upload-pack=touch OUT:x'],
    ['-oOUT:x'],
  ])('--spec=%s exits 2 with one line and writes nothing', (value) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mock-server-git-'));
    try {
      const out = path.join(dir, 'written');
      const run = spawnSync(process.execPath, [cli, `--spec=${value.replace('OUT', out)}`, '--port', '0'], { encoding: 'utf8', cwd: repoRoot, timeout: 30_000 });
      expect(run.status).toBe(2);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr).not.toMatch(/\n\s+at /);
      expect(readdirSync(dir)).toEqual([]);
      expect(existsSync(out)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the library refuses the same values', async () => {
    await expect(startMockServer({ spec: '--output=/nonexistent/x:y' })).rejects.toThrow(/must not start with "-"/);
  });
});
