/** What someone who installs the package from npm gets: entry points, license, links, engines. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as root from '../src/index.js';
import * as v1 from '../src/v1.js';
import * as v1beta1 from '../src/v1beta1.js';
import * as shared from '../src/shared-exports.js';

const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const manifest = JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as Record<string, any>;

describe('package', () => {
  it('has a root "." export that is the v1 entry', () => {
    expect(manifest.exports['.']).toEqual({ types: './dist/index.d.ts', default: './dist/index.js' });
    expect(Object.keys(root).sort()).toEqual(Object.keys(v1).sort());
    expect(root.createAstroClient).toBe(v1.createAstroClient);
  });

  it('no shared export is shadowed by a generated name (export * drops clashing names silently)', () => {
    for (const name of Object.keys(shared)) {
      expect((v1 as Record<string, unknown>)[name], name).toBe((shared as Record<string, unknown>)[name]);
      expect((v1beta1 as Record<string, unknown>)[name], name).toBe((shared as Record<string, unknown>)[name]);
    }
  });

  it('ships its LICENSE, and names a homepage that resolves from npm', () => {
    expect(manifest.license).toBe('Apache-2.0');
    expect(existsSync(path.join(packageDir, 'LICENSE'))).toBe(true);
    expect(readFileSync(path.join(packageDir, 'LICENSE'), 'utf8')).toContain('Apache License');
    expect(manifest.files).toContain('LICENSE');
    expect(manifest.homepage).toMatch(/^https:\/\//);
  });

  it('engines state the Node versions where require() of this ESM package works', () => {
    expect(manifest.engines.node).toBe('>=20.19.0');
  });

  it('the @deprecated notes and runtime warning link to a published page, not to a file that is not shipped', () => {
    const source = readFileSync(path.join(packageDir, 'src', 'v1beta1.ts'), 'utf8');
    const notes = source.match(/@deprecated[^\n]*(\n \*[^@\n/][^\n]*)*/g) ?? [];
    expect(notes.length).toBeGreaterThan(0);
    for (const note of notes) expect(note).toContain('https://www.astronomer.io/docs/astro/api/v-1/migrate-v1-api');
  });
});
