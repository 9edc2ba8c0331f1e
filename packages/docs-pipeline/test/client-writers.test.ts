/**
 * The generated-client writers (packages/client/scripts/generate.mjs and coverage.mjs) write through
 * @astro-api/safe-write: a kill leaves every file whole, a refused write is one line with exit 2.
 * They live here because the client package's tests belong to its owner; they only run the scripts.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempFolder } from './scratch-repo.js';

const clientDir = fileURLToPath(new URL('../../client', import.meta.url));
const generate = path.join(clientDir, 'scripts/generate.mjs');
const preload = fileURLToPath(new URL('./kill-at-rename.mjs', import.meta.url));
const NAMES = ['v1.gen.ts', 'v1beta1-iam.gen.ts', 'v1beta1-platform.gen.ts', 'version.gen.ts'];

function runGenerate(outDir: string, killAtRename?: number) {
  const args = killAtRename === undefined ? [generate, '--out', outDir] : ['--import', preload, generate, '--out', outDir];
  return spawnSync(process.execPath, args, {
    cwd: clientDir,
    encoding: 'utf8',
    env: { ...process.env, KILL_AT_RENAME: String(killAtRename ?? '') },
  });
}

const contents = (dir: string) => new Map(readdirSync(dir).sort().map((name) => [name, readFileSync(path.join(dir, name), 'utf8')]));

describe('client generate.mjs', () => {
  const fresh = tempFolder('client-gen-fresh-');
  const first = runGenerate(fresh);

  it('writes the four files', () => {
    expect(first.status, first.stderr).toBe(0);
    expect([...contents(fresh).keys()]).toEqual(NAMES);
  });

  it.each([2])('killed before rename %i: each file is old or new, never cut; the next run leaves no temp file', (k) => {
    const dir = tempFolder('client-gen-kill-');
    for (const name of NAMES) writeFileSync(path.join(dir, name), `// old ${name}\n`);
    const child = runGenerate(dir, k);
    expect(child.signal, child.stderr).toBe('SIGKILL');
    const want = contents(fresh);
    for (const [name, text] of contents(dir)) {
      if (!NAMES.includes(name)) continue;
      expect([`// old ${name}\n`, want.get(name)]).toContain(text);
    }
    expect(runGenerate(dir).status).toBe(0);
    expect(contents(dir)).toEqual(want);
  });

  it('refuses to replace a read-only file: one line, exit 2, the file unchanged', () => {
    const dir = tempFolder('client-gen-ro-');
    writeFileSync(path.join(dir, 'v1.gen.ts'), '// kept\n');
    chmodSync(path.join(dir, 'v1.gen.ts'), 0o444);
    const child = runGenerate(dir);
    expect(child.status).toBe(2);
    expect(child.stderr).toBe(`generate: ${path.join(dir, 'v1.gen.ts')}: is read-only; left unchanged\n`);
    expect(readFileSync(path.join(dir, 'v1.gen.ts'), 'utf8')).toBe('// kept\n');
  });
});
