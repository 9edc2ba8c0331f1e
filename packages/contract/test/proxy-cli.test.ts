import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// The mock's CLI, from its build (the package's bin).
const MOCK_CLI = path.join(path.dirname(createRequire(import.meta.url).resolve('@astro-api/mock-server/package.json')), 'dist/cli.js');
const ROOT = path.resolve(import.meta.dirname, '../../..');
const children: ChildProcess[] = [];
const folders: string[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

/** Starts a CLI and resolves with the first URL it prints after `listening on`, plus its output so far. */
function start(args: string[], env: Record<string, string>): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(process.execPath, [MOCK_CLI, ...args], { cwd: ROOT, env: { ...process.env, ...env } });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  return new Promise((resolve, reject) => {
    const check = () => {
      const m = /listening on (http:\/\/\S+)/.exec(output);
      if (m) resolve({ child, url: m[1]!, output: () => output });
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => reject(new Error(`exited ${code}: ${output}`)));
  });
}

const exited = (child: ChildProcess) => new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code))));

describe('astro-api-mock --drift and astro-api-mock proxy', () => {
  it('the proxy logs findings against the drift mock, writes its report on SIGTERM and exits 1; the token appears nowhere', async () => {
    const token = `astro_${randomBytes(20).toString('hex')}`;
    const folder = mkdtempSync(path.join(tmpdir(), 'contract-proxy-cli-'));
    folders.push(folder);
    const mock = await start(['--api', 'v1', '--port', '0', '--drift', '--quiet'], { ASTRO_MOCK_TOKEN: token });
    const report = path.join(folder, 'report.json');
    const proxy = await start(['proxy', '--upstream', mock.url, '--port', '0', '--report', report], {});
    const org = await fetch(`${proxy.url}/organizations/clmockorganization000000001`, { headers: { authorization: `Bearer ${token}` } });
    expect(org.status).toBe(203);
    const leaked = await fetch(`${proxy.url}/organizations/clmockorganization000000001/workspaces?note=${token}`, { headers: { authorization: `Bearer ${token}` } });
    expect(leaked.status).toBe(200);
    proxy.child.kill('SIGTERM');
    expect(await exited(proxy.child)).toBe(1);
    const written = JSON.parse(readFileSync(report, 'utf8')) as { findings: Array<{ operationId: string; pointer: string }>; requests: number };
    expect(written.requests).toBe(2);
    expect(written.findings.map((f) => `${f.operationId} #${f.pointer}`).sort()).toEqual([
      'GetOrganization #/paths/~1organizations~1{organizationId}/get/responses',
      'ListWorkspaces #/components/schemas/WorkspacesPaginated/properties/totalCount/type',
    ]);
    expect(proxy.output()).toMatch(/GetOrganization 203 response #\/paths\/~1organizations~1\{organizationId\}\/get\/responses \(v1 \d{4}-\d{2}-\d{2}\)/);
    const everything = proxy.output() + mock.output() + readFileSync(report, 'utf8');
    for (let i = 0; i + 8 <= token.length; i++) expect(everything).not.toContain(token.slice(i, i + 8));
    mock.child.kill('SIGTERM');
    await exited(mock.child);
  });

  it('proxy usage errors: one line, exit 2', async () => {
    for (const args of [['proxy'], ['proxy', '--upstream', 'not a url'], ['proxy', '--upstream', 'http://x/v1', '--api', 'v9']]) {
      const child = spawn(process.execPath, [MOCK_CLI, ...args], { cwd: ROOT });
      let err = '';
      child.stderr.on('data', (d) => (err += d));
      expect(await exited(child), args.join(' ')).toBe(2);
      expect(err.trim().split('\n'), args.join(' ')).toHaveLength(1);
    }
  });
});
