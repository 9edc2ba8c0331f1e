import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { migrateDirectory } from '../src/index.js';
import { fixturesDir, scratchProject } from './harness.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/**
 * Without the client installed the checker cannot see token types. The syntactic rewrites still happen, the
 * type-based ones do not, and each v1beta1 import says why.
 */
describe('a project where @astro-api/client is not installed', () => {
  it('rewrites imports, factories and URLs, reports each v1beta1 import and each `.type` read it cannot check', () => {
    const dir = scratchProject(path.join(fixturesDir, 'list-and-create', 'before'), { linkClient: false });
    dirs.push(dir);
    const result = migrateDirectory(dir);
    expect(result.findings.map(({ file, line, rule }) => `${file}:${line} ${rule}`)).toEqual([
      'tokens.ts:1 v1beta1-module-not-resolved',
      // `token.type` and `data?.type`: the values are `any` when the client's types are missing.
      'tokens.ts:13 type-on-untyped-value',
      'tokens.ts:39 type-on-untyped-value',
    ]);
    const tokens = readFileSync(path.join(dir, 'tokens.ts'), 'utf8');
    expect(tokens).toContain("import { createAstroClient } from '@astro-api/client/v1';");
    expect(tokens).toContain('createAstroClient({ token: process.env.ASTRO_API_TOKEN, baseUrl: IAM_API_URL })');
    expect(tokens).toContain('${token.type}');
    expect(readFileSync(path.join(dir, 'config.ts'), 'utf8')).toContain("'https://api.astronomer.io/v1'");
  });
});
