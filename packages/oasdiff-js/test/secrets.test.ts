/**
 * Secrets never reach what the CLI writes. The built CLI runs with tokens in its environment (as a
 * CI job has them) on specs that try to pull them out — a `$ref` to /proc/self/environ, a git
 * revision, a description holding the token text's neighbours — and every byte it writes to stdout
 * and stderr, in every format, is searched for the token values. Needs `dist/` (turbo builds it
 * before tests).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// The package's `bin` (the bundled CLI), as an installed copy runs it.
const cli = fileURLToPath(new URL('../dist/bin/oasdiff-js.js', import.meta.url));
const dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'oasdiff-js-secrets-')));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const secrets = {
  ASTRO_API_TOKEN: 'astro-secret-token-7f3a9c1e5b',
  GITHUB_TOKEN: 'ghp_secretvalue0123456789abcdef',
  AUTHORIZATION: 'Bearer bootstrap-secret-4411',
};

const head = 'openapi: 3.0.3\ninfo: {title: t, version: "1"}\n';
const refTo = (ref: string) =>
  `${head}paths:\n  /a:\n    get:\n      responses:\n        "200":\n          description: ok\n          content:\n            application/json:\n              schema:\n                $ref: ${JSON.stringify(ref)}\n`;
const files: Record<string, string> = {
  'base.yaml': `${head}paths: {}\n`,
  'environ.yaml': refTo('/proc/self/environ'),
  'environ-relative.yaml': refTo('../../../../../../../../proc/self/environ#/ASTRO_API_TOKEN'),
  'fd.yaml': refTo('/proc/self/fd/0'),
  'changed.yaml': `${head}paths:\n  /a:\n    get:\n      summary: reads $ASTRO_API_TOKEN and \${GITHUB_TOKEN}\n      responses:\n        "200": {description: ok}\n`,
};
for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
execFileSync('git', ['init', '-q'], { cwd: dir });

describe('the CLI writes no secret it can see', () => {
  const cases: string[][] = [
    ['diff', 'base.yaml', 'environ.yaml'],
    ['changelog', 'base.yaml', 'environ-relative.yaml'],
    ['diff', 'base.yaml', 'fd.yaml'],
    ['diff', 'base.yaml', 'environ.yaml', '--allow-external-refs', '/proc/self'],
    ['diff', 'base.yaml', 'changed.yaml', '--format', 'json'],
    ['changelog', 'base.yaml', 'changed.yaml'],
    ['breaking', 'base.yaml', 'changed.yaml', '--format', 'markdown'],
    ['diff', 'base.yaml', '--output=/tmp/x:base.yaml'],
    ['diff', 'base.yaml', 'HEAD:base.yaml'],
  ];
  it.each(cases.map((argv) => [argv.join(' '), argv] as const))('%s', (_name, argv) => {
    const result = spawnSync(process.execPath, [cli, ...argv], { cwd: dir, encoding: 'utf8', env: { ...process.env, ...secrets } });
    const written = `${result.stdout}\n${result.stderr}`;
    expect([0, 1, 2]).toContain(result.status);
    for (const value of Object.values(secrets)) {
      expect(written).not.toContain(value);
      // Nor a recognisable part of it.
      expect(written).not.toContain(value.slice(-12));
    }
    if (result.status === 2) expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  });
});
