/**
 * A revision is parsed against the base (`LoadSideOptions.shareWith`, the loader's delta parse): the
 * parts whose text did not change are the base's own objects, so the two sides share them. That may
 * never change a result. The JSON output with sharing is byte-identical to the output of two sides
 * loaded apart, and an input that fails, fails with the same message: over this repository's own
 * revisions written as JSON, over mutated variants of them (deleted nodes, swapped types, references
 * to missing, cyclic and escaping targets, deep nesting, huge values), and on real spec pairs and the
 * whole PagerDuty history, each revision parsed against the one before as `history` does (needs
 * ../shared; skipped when it is absent).
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { diffSpecs, loadSide, renderJson, type Side } from '../src/index.js';
import { applyMutation, mutationArbitrary } from './fuzz-mutations.js';
import { tempDirs } from './temp-dirs.js';

const repo = path.resolve(import.meta.dirname, '../../..');
const corpus = path.resolve(repo, '../shared/corpus');
const bench = path.join(corpus, 'bench');
const hasShared = existsSync(bench);
const tempDir = tempDirs();

/** The result of diffing, or the message it failed with. */
function attempt(run: () => string): string {
  try {
    return run();
  } catch (error) {
    return `error: ${(error as Error).message}`;
  }
}

/** JSON output for a pair loaded apart and loaded with the revision parsed against the base; also whether anything was shared. */
function bothWays(base: string, revision: string, options: { today?: string } = { today: '2026-12-01' }): { apart: string; shared: string; sharing: boolean } {
  const apart = attempt(() => renderJson(diffSpecs(loadSide(base), loadSide(revision), options)));
  let sharing = false;
  const shared = attempt(() => {
    const b = loadSide(base);
    const r = loadSide(revision, { shareWith: b });
    sharing = r.parts[0]!.spec.root.hashes === b.parts[0]!.spec.root.hashes;
    return renderJson(diffSpecs(b, r, options));
  });
  return { apart, shared, sharing };
}

const ownRevisions = readdirSync(path.join(repo, 'specs/v1')).filter((f) => /^\d{4}-\d{2}-\d{2}\.yaml$/.test(f)).sort();
const asDocument = (file: string) => yaml.load(readFileSync(path.join(repo, 'specs/v1', file), 'utf8'), { json: true });

describe('a revision parsed against the base: the same result as two sides loaded apart', () => {
  it("this repository's v1 revisions, written as JSON, minified and indented", () => {
    const dir = tempDir('oasdiff-js-shared-');
    for (const indent of [0, 2]) {
      const files = ownRevisions.map((f) => {
        const file = path.join(dir, `${indent}-${f.replace('.yaml', '.json')}`);
        writeFileSync(file, JSON.stringify(asDocument(f), null, indent));
        return file;
      });
      for (let i = 1; i < files.length; i++) {
        const { apart, shared, sharing } = bothWays(files[i - 1]!, files[i]!);
        expect(sharing).toBe(true);
        expect(apart).not.toMatch(/^error/);
        expect(shared).toBe(apart);
      }
    }
  });

  it('mutated variants of them: the same output, or the same error', () => {
    const dir = tempDir('oasdiff-js-shared-');
    const base = asDocument(ownRevisions[ownRevisions.length - 1]!);
    const baseFile = path.join(dir, 'base.json');
    writeFileSync(baseFile, JSON.stringify(base));
    let n = 0;
    fc.assert(
      fc.property(fc.array(mutationArbitrary, { minLength: 1, maxLength: 3 }), fc.boolean(), (mutations, backwards) => {
        let variant = structuredClone(base);
        for (const mutation of mutations) variant = applyMutation(variant, mutation);
        const file = path.join(dir, `variant-${n++}.json`);
        writeFileSync(file, JSON.stringify(variant));
        const { apart, shared } = backwards ? bothWays(file, baseFile) : bothWays(baseFile, file);
        expect(shared).toBe(apart);
      }),
      { numRuns: 40 },
    );
  }, 120_000);
});

describe.skipIf(!hasShared)('real pairs and a whole history (needs ../shared)', () => {
  const pairs: Array<[string, string, string]> = [
    ['cloudflare', 'cloudflare/2024-07-12.json', 'cloudflare/2024-08-06.json'],
    ['github', 'github/2022-06-28.json', 'github/2022-07-18.json'],
    ['box', 'box/2026-02-11.json', 'box/2026-06-29.json'],
  ];
  for (const [name, a, b] of pairs) {
    it(name, () => {
      const { apart, shared, sharing } = bothWays(path.join(bench, a), path.join(bench, b));
      expect(sharing).toBe(true);
      expect(JSON.parse(apart).changes.length).toBeGreaterThan(0);
      expect(shared).toBe(apart);
    }, 120_000);
  }

  it('every PagerDuty revision parsed against the one before, as `history` loads them', () => {
    const dir = path.join(corpus, 'pagerduty');
    const files = readdirSync(dir).filter((f) => /^\d{4}-\d{2}-\d{2}.*\.json$/.test(f)).sort().map((f) => path.join(dir, f));
    expect(files.length).toBeGreaterThan(10);
    let chained: Side = loadSide(files[0]!);
    let apart: Side = loadSide(files[0]!);
    let shared = 0;
    for (let i = 1; i < files.length; i++) {
      const next = loadSide(files[i]!, { shareWith: chained });
      const alone = loadSide(files[i]!);
      if (next.parts[0]!.spec.root.hashes === chained.parts[0]!.spec.root.hashes) shared++;
      const options = { today: '2026-12-01' };
      expect(renderJson(diffSpecs(chained, next, options)), files[i]).toBe(renderJson(diffSpecs(apart, alone, options)));
      chained = next;
      apart = alone;
    }
    expect(shared).toBeGreaterThan(files.length / 2);
  }, 180_000);
});
