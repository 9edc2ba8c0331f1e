import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fixturesDir, packageDir, scratchProject } from './harness.js';

const cli = path.join(packageDir, 'dist', 'cli.js');
const cleanup: string[] = [];
afterAll(() => {
  for (const dir of cleanup) rmSync(dir, { recursive: true, force: true });
});

function run(...args: string[]) {
  const result = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function scratch(fixture: string): string {
  const dir = scratchProject(path.join(fixturesDir, fixture, 'before'));
  cleanup.push(dir);
  return dir;
}

describe('astro-api-migrate CLI (built dist/cli.js)', () => {
  it.each([
    { name: 'missing directory', args: ['does/not/exist'], message: /^astro-api-migrate: directory not found: does\/not\/exist/ },
    { name: 'no directory', args: [], message: /^astro-api-migrate: expected one directory, got 0/ },
    { name: 'two directories', args: ['a', 'b'], message: /^astro-api-migrate: expected one directory, got 2/ },
    { name: 'unknown flag', args: ['.', '--force'], message: /^astro-api-migrate: Unknown option '--force'/ },
  ])('$name: exit 2, one line on stderr, no stack trace', ({ args, message }) => {
    const { code, stdout, stderr } = run(...args);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('a file instead of a directory is a user error', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'astro-api-migrate-'));
    cleanup.push(dir);
    writeFileSync(path.join(dir, 'a.ts'), 'export {};\n');
    const { code, stderr } = run(path.join(dir, 'a.ts'));
    expect(code).toBe(2);
    expect(stderr).toMatch(/not a directory/);
  });

  it('--dry-run reports the changes and writes nothing', () => {
    const dir = scratch('list-and-create');
    const before = readFileSync(path.join(dir, 'tokens.ts'), 'utf8');
    const { code, stdout } = run(dir, '--dry-run');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Would change 2 of 2 file\(s\)\./);
    expect(stdout).toContain('tokens.ts: import-specifier-v1beta1-to-v1');
    expect(readFileSync(path.join(dir, 'tokens.ts'), 'utf8')).toBe(before);
  });

  it('exits 0 with findings and prints each as file:line:column', () => {
    const dir = scratch('unsafe');
    const { code, stdout } = run(dir);
    expect(code).toBe(0);
    expect(stdout).toMatch(/finding\(s\) left unchanged/);
    expect(stdout).toMatch(/^ {2}tokens\.ts:8:\d+ \[token-type-element-access\] /m);
  });

  it('--json prints the result as JSON', () => {
    const dir = scratch('two-clients');
    const { code, stdout } = run(dir, '--json');
    expect(code).toBe(0);
    const parsed = JSON.parse(stdout) as { dryRun: boolean; changedFiles: { file: string }[]; findings: unknown[] };
    expect(parsed.dryRun).toBe(false);
    expect(parsed.changedFiles.map((f) => f.file)).toEqual(['clients.ts', 'factories.ts', 'workspace-tokens.ts']);
    expect(parsed.findings).toEqual([]);
    // And it really wrote: the second run has nothing left to do.
    const again = JSON.parse(run(dir, '--json').stdout) as { changedFiles: unknown[] };
    expect(again.changedFiles).toEqual([]);
  });
});
