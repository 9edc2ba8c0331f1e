/** `--base` of `pnpm changelog` and `pnpm changeset:spec`, and the library's compareWithRef: a revision that git would read as an option is refused, and git writes nothing. */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runChangelog } from '../src/cli/changelog.js';
import { runSpecChangeset } from '../src/cli/spec-changeset.js';
import { compareWithRef } from '../src/review/compare.js';
import { recordingIo, scratchGitRepo } from './scratch-repo.js';

describe('--base is data, never a git option', () => {
  const repo = scratchGitRepo();
  const target = path.join(repo.root, 'written-by-git');
  const hostile = [`--output=${target}`, `--upload-pack=touch ${target}`, '-p', '--exec=touch x'];

  it.each(hostile)('refuses --base=%s in changelog and changeset:spec with one line, exit 2', (rev) => {
    for (const command of [runChangelog, runSpecChangeset]) {
      const io = recordingIo(repo.root);
      expect(command([`--base=${rev}`], io)).toBe(2);
      expect(io.err()).toContain('cannot start with "-"');
      expect(io.err().trimEnd().split('\n')).toHaveLength(1);
      expect(io.out()).toBe('');
    }
    expect(() => compareWithRef(repo.root, rev)).toThrow(/cannot start with "-"/);
    expect(existsSync(target)).toBe(false);
    expect(readdirSync(repo.root).sort()).toEqual(['.git', 'specs']);
  });
});
