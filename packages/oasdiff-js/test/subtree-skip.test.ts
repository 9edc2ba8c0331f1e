/**
 * The engine skips comparing subtrees whose texts are equal by the loader's subtree hashes, and
 * passes operations whose text and every target they reference are equal without diffing them
 * (`identicalOperation`). Neither may ever change a result: on real spec pairs (needs ../shared;
 * skipped when it is absent) the JSON output is byte-identical with both on and with both off (the
 * full diff of every operation). The pairs cover deep references (PagerDuty refers to schemas
 * inside shared responses) and a multi-file spec (DigitalOcean).
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { diffSpecs, loadSide, renderJson } from '../src/index.js';
import { setSubtreeSkip, subtreeSkips } from '../src/load/located.js';

const repo = path.resolve(import.meta.dirname, '../../..');
const corpus = path.resolve(repo, '../shared/corpus');
const bench = path.join(corpus, 'bench');
const hasShared = existsSync(bench);

afterEach(() => {
  setSubtreeSkip(true);
});

/** Diffs a pair twice over the same loaded sides, skip on then off, and returns both JSON texts. */
function bothWays(oldFile: string, newFile: string): { on: string; off: string; changes: number; skips: number } {
  const base = loadSide(oldFile);
  const revision = loadSide(newFile);
  setSubtreeSkip(true);
  const before = subtreeSkips();
  const withSkip = diffSpecs(base, revision);
  const skips = subtreeSkips() - before;
  setSubtreeSkip(false);
  const without = diffSpecs(base, revision);
  expect(subtreeSkips() - before).toBe(skips); // off means off
  setSubtreeSkip(true);
  return { on: renderJson(withSkip), off: renderJson(without), changes: withSkip.changes.length, skips };
}

const pairs: Array<[string, string, string]> = [
  ['stripe adjacent', 'stripe/2023-09-11.yaml', 'stripe/2023-09-12.yaml'],
  ['github', 'github/2022-06-28.json', 'github/2022-07-18.json'],
  ['box', 'box/2026-02-11.json', 'box/2026-06-29.json'],
  ['digitalocean (multi-file)', 'digitalocean/2026-05-04/specification/DigitalOcean-public.v2.yaml', 'digitalocean/2026-08-07/specification/DigitalOcean-public.v2.yaml'],
];

describe.skipIf(!hasShared)('subtree skip: identical output with it on and off (needs ../shared)', () => {
  for (const [name, a, b] of pairs) {
    it(name, () => {
      const { on, off, changes, skips } = bothWays(path.join(bench, a), path.join(bench, b));
      expect(changes).toBeGreaterThan(0);
      expect(skips).toBeGreaterThan(100); // the skip was exercised, not bypassed
      expect(on).toBe(off);
    }, 120_000);
  }

  it('every adjacent pair of PagerDuty revisions', () => {
    const dir = path.join(corpus, 'pagerduty');
    const files = readdirSync(dir).filter((f) => /^\d{4}-\d{2}-\d{2}.*\.json$/.test(f)).sort().map((f) => path.join(dir, f));
    expect(files.length).toBeGreaterThan(10);
    for (let i = 1; i < files.length; i++) {
      const { on, off, skips } = bothWays(files[i - 1]!, files[i]!);
      expect(on, path.basename(files[i]!)).toBe(off);
      expect(skips).toBeGreaterThan(0);
    }
  }, 300_000);
});

describe('subtree skip switch', () => {
  it('turns off and on, and says what it was', () => {
    expect(setSubtreeSkip(false)).toBe(true);
    expect(setSubtreeSkip(true)).toBe(false);
  });
});
