import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { packageDir } from './harness.js';
import { runCli } from './projects.js';

/**
 * Issue 21: a program written against the v1beta1 client prints the same lines against the v1beta1 mock as its
 * migrated copy prints against the v1 mock. The program (test/programs/ci-token-rotation.ts) calls the real
 * host `https://api.astronomer.io` through literal base URLs, which the codemod rewrites; a preloaded `fetch`
 * sends those requests to the mock instead, so a base URL the codemod got wrong hits a path the mock does not
 * serve. The mock server is imported from its build (it is not a dependency of this package).
 */
const program = path.join(packageDir, 'test', 'programs', 'ci-token-rotation.ts');
const REAL_HOST = 'https://api.astronomer.io';

interface MockServer {
  readonly origin: string;
  readonly urls: Readonly<Record<string, string>>;
  readonly bootstrapToken: string;
  readonly organizationId: string;
  readonly selfCheckFailures: readonly string[];
  close(): Promise<void>;
}
type StartMockServer = (options: { api: string; port?: number; selfCheck?: boolean; log?: (line: string) => void }) => Promise<MockServer>;

// The temp project lives inside this package (in a folder .gitignore ignores) so that the program resolves
// @astro-api/client the way any workspace code does; it is removed pass or fail.
const project = mkdtempSync(path.join(packageDir, '.tmp-cross-mock-'));
afterAll(() => rmSync(project, { recursive: true, force: true }));

/** Sends every request for the real host to the mock (ASTRO_TEST_ORIGIN) and refuses any other host. */
const REDIRECT_FETCH = `
const origin = process.env.ASTRO_TEST_ORIGIN;
const realFetch = globalThis.fetch;
globalThis.fetch = (input, init) => {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  if (!url.startsWith(${JSON.stringify(`${REAL_HOST}/`)})) return Promise.reject(new Error('unexpected host: ' + url));
  const target = origin + url.slice(${REAL_HOST.length});
  return realFetch(typeof input === 'string' || input instanceof URL ? target : new Request(target, input), init);
};
`;

function runProgram(file: string, mock: MockServer): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    // `node --import tsx` (not the tsx CLI, which keeps an IPC folder in the temp folder) resolves tsx from the
    // repository root's node_modules, as the project folder lies inside the repository.
    const child = spawn(process.execPath, ['--import', 'tsx', '--import', pathToFileURL(path.join(project, 'redirect-fetch.mjs')).href, file], {
      cwd: project,
      env: {
        ...process.env,
        ASTRO_TEST_ORIGIN: mock.origin,
        ASTRO_API_TOKEN: mock.bootstrapToken,
        ASTRO_ORGANIZATION_ID: mock.organizationId,
        NODE_NO_WARNINGS: '1',
        // tsx would otherwise keep a compile cache in the temp folder, which a test may not leave behind.
        TSX_DISABLE_CACHE: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function withMock<T>(api: string, use: (mock: MockServer) => Promise<T>): Promise<{ result: T; requests: string[] }> {
  const { startMockServer } = (await import('@astro-api/mock-server')) as { startMockServer: StartMockServer };
  const requests: string[] = [];
  const mock = await startMockServer({ api, port: 0, selfCheck: true, log: (line) => requests.push(line) });
  try {
    const result = await use(mock);
    expect(mock.selfCheckFailures).toEqual([]);
    return { result, requests };
  } finally {
    await mock.close();
  }
}

describe('the same program against the v1beta1 and the v1 mock', () => {
  it('prints the same lines before the codemod (v1beta1 mock) and after it (v1 mock)', async () => {
    writeFileSync(path.join(project, 'redirect-fetch.mjs'), REDIRECT_FETCH);
    const file = path.join(project, 'ci-token-rotation.ts');
    copyFileSync(program, file);
    const original = readFileSync(file, 'utf8');

    const before = await withMock('v1beta1', (mock) => {
      expect(Object.keys(mock.urls).sort()).toEqual(['v1beta1-iam', 'v1beta1-platform']);
      return runProgram(file, mock);
    });
    expect(before.result.stderr).toBe('');
    expect(before.result.code).toBe(0);
    // Both v1beta1 APIs were used, through one mock process.
    expect(before.requests.some((line) => line.includes('/iam/v1beta1/'))).toBe(true);
    expect(before.requests.some((line) => line.includes('/platform/v1beta1/'))).toBe(true);

    const migration = runCli([project, '--json']);
    expect(migration.stderr).toBe('');
    expect(migration.code).toBe(0);
    const report = JSON.parse(migration.stdout) as { changedFiles: { file: string }[]; findings: unknown[] };
    expect(report.changedFiles.map((f) => f.file)).toEqual(['ci-token-rotation.ts']);
    expect(report.findings).toEqual([]);
    const migrated = readFileSync(file, 'utf8');
    expect(migrated).not.toBe(original);
    expect(migrated).toContain(`from '@astro-api/client/v1'`);
    expect(migrated).not.toMatch(/client\/v1beta1|astronomer\.io\/(iam|platform)\/v1beta1/);

    const after = await withMock('v1', (mock) => runProgram(file, mock));
    expect(after.result.stderr).toBe('');
    expect(after.result.code).toBe(0);
    expect(after.requests.length).toBeGreaterThan(0);
    expect(after.requests.every((line) => !line.includes('v1beta1'))).toBe(true);

    const linesBefore = before.result.stdout.trimEnd().split('\n');
    const linesAfter = after.result.stdout.trimEnd().split('\n');
    console.log(['v1beta1 mock, before the codemod:', ...linesBefore.map((l) => `  ${l}`)].join('\n'));
    // Non-trivial: every step printed, and the seed both versions share showed up.
    expect(linesBefore.length).toBe(10);
    expect(before.result.stdout).toContain('Analytics');
    expect(before.result.stdout).toContain('analytics-prod');
    expect(before.result.stdout).toContain('[WORKSPACE/');
    expect(linesAfter).toEqual(linesBefore);
  }, 120_000);
});
