import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { replaceFolders } from '../src/atomic-write.js';

// Every temp folder made here is removed when this test file ends, pass or fail.
const madeFolders: string[] = [];
afterAll(() => {
  for (const dir of madeFolders) rmSync(dir, { recursive: true, force: true });
});
function removedAfterAll(dir: string): string {
  madeFolders.push(dir);
  return dir;
}

function scratchRoot(): string {
  const root = removedAfterAll(mkdtempSync(path.join(tmpdir(), 'docs-pipeline-write-')));
  mkdirSync(path.join(root, 'docs/changelog/old'), { recursive: true });
  writeFileSync(path.join(root, 'docs/changelog/old/stale.md'), 'stale');
  writeFileSync(path.join(root, 'docs/keep.md'), 'keep');
  return root;
}

describe('replaceFolders', () => {
  it('replaces each folder wholesale and leaves its neighbours alone', () => {
    const root = scratchRoot();
    replaceFolders(root, ['docs/changelog', 'docs/migration'], new Map([
      ['docs/changelog/v1/README.md', 'index'],
      ['docs/migration/guide.md', 'guide'],
    ]));
    expect(readFileSync(path.join(root, 'docs/changelog/v1/README.md'), 'utf8')).toBe('index');
    expect(readFileSync(path.join(root, 'docs/migration/guide.md'), 'utf8')).toBe('guide');
    expect(existsSync(path.join(root, 'docs/changelog/old'))).toBe(false);
    expect(readFileSync(path.join(root, 'docs/keep.md'), 'utf8')).toBe('keep');
    expect(readdirSync(path.join(root, 'docs')).sort()).toEqual(['changelog', 'keep.md', 'migration']);
  });

  it('writes nothing when a file lies outside the folders', () => {
    const root = scratchRoot();
    expect(() => replaceFolders(root, ['docs/changelog'], new Map([
      ['docs/changelog/a.md', 'a'],
      ['README.md', 'no'],
    ]))).toThrow(/outside docs\/changelog/);
    expect(readFileSync(path.join(root, 'docs/changelog/old/stale.md'), 'utf8')).toBe('stale');
    expect(existsSync(path.join(root, 'README.md'))).toBe(false);
  });

  it('cleans up its scratch folder and keeps the old output when writing fails half-way', () => {
    const root = scratchRoot();
    // A file and a folder of the same name cannot both exist: the second write fails.
    expect(() => replaceFolders(root, ['docs/changelog'], new Map([
      ['docs/changelog/x', 'file'],
      ['docs/changelog/x/y.md', 'inside a file'],
    ]))).toThrow();
    expect(readdirSync(path.join(root, 'docs')).sort()).toEqual(['changelog', 'keep.md']);
    expect(readFileSync(path.join(root, 'docs/changelog/old/stale.md'), 'utf8')).toBe('stale');
  });
});
