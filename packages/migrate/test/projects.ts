import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import { packageDir } from './harness.js';

export const cli = path.join(packageDir, 'dist', 'cli.js');

// Every folder made here is removed when the test file that made it ends, pass or fail. Read-only files
// inside do not stop `rmSync` (the folders themselves stay writable).
const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
}, 120_000); // thousands of files on a busy disk

/** A new empty temp folder, removed after the test file. */
export function tempFolder(prefix = 'astro-api-migrate-safety-'): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Writes `files` (relative path → text or bytes) under `dir`, creating folders. */
export function writeTree(dir: string, files: Record<string, string | Buffer>): void {
  for (const [file, content] of Object.entries(files)) {
    const target = path.join(dir, file);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, content);
  }
}

/** Every regular file under `dir` (links not followed) with its bytes, keyed by relative path. */
export function snapshotTree(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (sub: string) => {
    for (const entry of readdirSync(path.join(dir, sub), { withFileTypes: true })) {
      const rel = sub === '' ? entry.name : `${sub}/${entry.name}`;
      if (entry.isDirectory()) walk(rel);
      else if (entry.isFile()) out.set(rel, readFileSync(path.join(dir, rel)));
    }
  };
  walk('');
  return out;
}

/**
 * v1beta1 code the codemod rewrites even when the client is not installed (imports, factory names, base URLs
 * are syntactic), so these projects need no node_modules.
 */
export function v1beta1Source(name: string): string {
  return [
    `import { createIamClient } from '@astro-api/client/v1beta1';`,
    ``,
    `// ${name}`,
    `export const ${name.replace(/\W/g, '_')} = createIamClient({ baseUrl: 'https://api.astronomer.io/iam/v1beta1' });`,
    ``,
  ].join('\n');
}

export function isMigrated(text: string): boolean {
  return text.includes(`from '@astro-api/client/v1'`) && !text.includes('v1beta1');
}

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the built CLI; `fileSizeLimitKiB` runs it under `ulimit -f` so writes past that size fail (EFBIG). */
export function runCli(args: readonly string[], options: { cwd?: string; fileSizeLimitKiB?: number } = {}): CliRun {
  const result =
    options.fileSizeLimitKiB === undefined
      ? spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd: options.cwd })
      : spawnSync(
          '/bin/sh',
          ['-c', `ulimit -f ${options.fileSizeLimitKiB} && exec "$0" "$@"`, process.execPath, cli, ...args],
          { encoding: 'utf8', cwd: options.cwd },
        );
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

export function hasStackTrace(text: string): boolean {
  return /\n\s+at [^\n]+:\d+:\d+\)?/.test(text);
}
