/**
 * The loader's limits reach it through the library's options (issue 20.5): `limits` of
 * `diffSpecs`, `loadSide` and `history` (whose options extend them) is passed to `loadSpec` for every
 * file read. Raising the limit past the default is tested in spec-loader/test/limits.test.ts; here a
 * limit just below and at each file's size shows the option arrives.
 */
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SpecError } from '@astro-api/spec-loader';
import { diffSpecs, history, loadSide } from '../src/index.js';
import { runCaptured } from './run-cli.js';

const dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'oasdiff-js-limits-')));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const spec = (type: string) => JSON.stringify({ openapi: '3.0.3', info: { title: 't', version: '1' }, paths: {}, components: { schemas: { S: { type } } } });
const files = { old: path.join(dir, '2026-01-01.json'), new: path.join(dir, '2026-02-01.json') };
writeFileSync(files.old, spec('string'));
writeFileSync(files.new, spec('integer'));
const largest = Math.max(Buffer.byteLength(spec('string')), Buffer.byteLength(spec('integer')));

function specError(fn: () => unknown): SpecError {
  try {
    fn();
  } catch (error) {
    if (error instanceof SpecError) return error;
    throw error;
  }
  throw new Error('expected a SpecError');
}

describe('limits in the library options', () => {
  it('diffSpecs passes limits.maxFileBytes to the loader', () => {
    expect(diffSpecs(files.old, files.new, { limits: { maxFileBytes: largest } }).changes.length).toBeGreaterThan(0);
    const error = specError(() => diffSpecs(files.old, files.new, { limits: { maxFileBytes: largest - 1 } }));
    expect(error.message).toContain(`larger than the ${largest - 1}-byte limit`);
  });

  it('loadSide and history do too', () => {
    expect(specError(() => loadSide(files.new, { limits: { maxFileBytes: 10 } })).message).toContain('larger than the 10-byte limit');
    expect(history({ folder: dir }, { limits: { maxFileBytes: largest } })).toHaveLength(2);
    expect(specError(() => history({ folder: dir }, { limits: { maxFileBytes: 10 } })).message).toContain('larger than the 10-byte limit');
  });

  it('other limits pass the same way', () => {
    expect(specError(() => diffSpecs(files.old, files.new, { limits: { maxDepth: 3 } })).message).toContain('nested more than 3 levels deep');
  });
});

describe('the CLI, past the size limit', () => {
  it('names the option that raises it, on the one line of the refusal', () => {
    for (const argv of [['diff', files.old, files.new, '--max-file-bytes', String(largest - 1)], ['history', dir, '--max-file-bytes', '10']]) {
      const { code, stdout, stderr } = runCaptured(argv, { cwd: dir });
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toMatch(/^oasdiff-js: .*-byte limit \(raise the limit with --max-file-bytes N\)\n$/);
    }
    // Another mistake gets no such hint.
    expect(runCaptured(['diff', files.old, path.join(dir, 'missing.json')], { cwd: dir }).stderr).not.toContain('--max-file-bytes');
  });
});
