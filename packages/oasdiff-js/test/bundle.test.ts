/**
 * The package's `bin` is one bundled file (scripts/bundle-cli.mjs): it must run on its own, with no
 * module of this workspace beside it, and say exactly what the unbundled CLI says. Needs `dist/`
 * (turbo builds it before tests).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/run.js';

const pkgDir = fileURLToPath(new URL('..', import.meta.url));
const manifest = JSON.parse(readFileSync(path.join(pkgDir, 'package.json'), 'utf8')) as { version: string; bin: Record<string, string> };
const bin = path.join(pkgDir, manifest.bin['oasdiff-js']!);
// The bin is a committed entry (so that installs can link it before any build) that loads the bundle.
const bundleRelative = 'dist/bin/oasdiff-js.js';
const bundle = path.join(pkgDir, bundleRelative);

const dir = mkdtempSync(path.join(tmpdir(), 'oasdiff-js-bundle-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const spec = (extra: string) => `openapi: 3.0.3
info: {title: Bundle check, version: "1"}
paths:
  /things/{id}:
    get:
      operationId: GetThing
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
${extra}      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Thing'}
components:
  schemas:
    Thing:
      type: object
      properties:
        id: {type: string}
`;

describe('the bundled CLI (package bin)', () => {
  // A copy of the package as an install would lay it out, without node_modules or other dist files.
  const alone = path.join(dir, 'package');
  const aloneBin = path.join(alone, manifest.bin['oasdiff-js']!);
  mkdirSync(path.dirname(aloneBin), { recursive: true });
  copyFileSync(bin, aloneBin);
  mkdirSync(path.dirname(path.join(alone, bundleRelative)), { recursive: true });
  copyFileSync(bundle, path.join(alone, bundleRelative));
  copyFileSync(path.join(pkgDir, 'package.json'), path.join(alone, 'package.json'));
  writeFileSync(path.join(dir, 'old.yaml'), spec(''));
  writeFileSync(path.join(dir, 'new.yaml'), spec('        - {name: expand, in: query, required: true, schema: {type: boolean}}\n'));

  const run = (argv: string[]) => spawnSync(process.execPath, [aloneBin, ...argv], { cwd: dir, encoding: 'utf8' });

  it('has an entry that loads only the bundle', () => {
    const entry = readFileSync(bin, 'utf8');
    expect(entry.startsWith('#!/usr/bin/env node')).toBe(true);
    const imports = [...entry.matchAll(/^import\s+["']([^"']+)["']/gm)].map((m) => m[1]!);
    expect(imports.map((name) => path.posix.join(path.posix.dirname(manifest.bin['oasdiff-js']!), name))).toEqual([bundleRelative]);
  });

  it('bundles everything but Node built-ins into one file', () => {
    const text = readFileSync(bundle, 'utf8');
    const imports = [...text.matchAll(/^import\s[^;]*?from\s+["']([^"']+)["']/gm)].map((m) => m[1]!);
    expect(imports.length).toBeGreaterThan(0);
    expect(imports.filter((name) => !name.startsWith('node:'))).toEqual([]);
    expect(text.startsWith('#!/usr/bin/env node')).toBe(true);
  });

  it('runs alone and writes what the unbundled CLI writes', () => {
    let expected = '';
    const code = runCli(['breaking', 'old.yaml', 'new.yaml', '--format', 'json', '--fail-on', 'breaking'], { stdout: (t) => (expected += t), stderr: () => {}, cwd: dir });
    const out = run(['breaking', 'old.yaml', 'new.yaml', '--format', 'json', '--fail-on', 'breaking']);
    expect(out.stderr).toBe('');
    expect(out.status).toBe(code);
    expect(code).toBe(1);
    expect(out.stdout).toBe(expected);
    expect(out.stdout).toContain('new-required-request-parameter');
  });

  it('prints the package version and reports a user error in one line, exit 2', () => {
    expect(run(['--version'])).toMatchObject({ status: 0, stdout: `${manifest.version}\n` });
    const bad = run(['diff', 'old.yaml', 'missing.yaml']);
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toContain('missing.yaml');
  });
});
