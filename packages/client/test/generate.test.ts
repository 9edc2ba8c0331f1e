/**
 * The committed src/generated/*.gen.ts must be what the generator makes from the current specs.
 * Instead of openapi-typescript's `--check` (which compares one output, not several APIs), this
 * regenerates every file into a temporary folder and compares byte for byte.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { currentRevision } from '@astro-api/spec-loader';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const committedDir = path.join(packageDir, 'src', 'generated');
const freshDir = mkdtempSync(path.join(tmpdir(), 'astro-client-gen-'));
afterAll(() => rmSync(freshDir, { recursive: true, force: true }));

const APIS = ['v1', 'v1beta1-iam', 'v1beta1-platform'];

describe('generated files', () => {
  it('regenerating from the specs changes nothing (run `pnpm --filter @astro-api/client generate` if this fails)', async () => {
    await run(process.execPath, [path.join(packageDir, 'scripts', 'generate.mjs'), '--out', freshDir]);
    const fresh = readdirSync(freshDir).sort();
    expect(fresh).toEqual([...APIS.map((api) => `${api}.gen.ts`), 'version.gen.ts'].sort());
    expect(readdirSync(committedDir).sort()).toEqual(fresh);
    for (const name of fresh) {
      const committed = readFileSync(path.join(committedDir, name), 'utf8');
      // One assertion per file, so that a failure names the file that drifted.
      expect(committed === readFileSync(path.join(freshDir, name), 'utf8'), `${name} differs from a fresh generation`).toBe(true);
    }
  });

  it.each(APIS)('%s.gen.ts names its source spec (the current revision) and says how to regenerate', (api) => {
    const text = readFileSync(path.join(committedDir, `${api}.gen.ts`), 'utf8');
    const head = text.slice(0, 400);
    expect(head).toContain(`from ${currentRevision(api).repoPath}.`);
    expect(head).toContain('Do not edit: regenerate with `pnpm --filter @astro-api/client generate`.');
    expect(text).not.toMatch(/^\s*(export )?(declare )?(const )?enum /m); // --enum would break erasableSyntaxOnly
    expect(text).toMatch(/^export const \w+Values: ReadonlyArray</m); // --enum-values
    expect(text).toMatch(/^export type (\w+) = components\['schemas'\]\['\1'\];$/m); // --root-types, no Schema prefix
  });

  it('fails with a one-line message on a bad argument', async () => {
    const failure = await run(process.execPath, [path.join(packageDir, 'scripts', 'generate.mjs'), '--bogus']).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 2, stderr: 'generate: unknown argument "--bogus" (usage: generate.mjs [--out <dir>] [--repo-root <dir>])\n' });
  });
});
