import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffSpecs, type DiffOptions } from '../src/index.js';

/**
 * The family scenarios (test/fixtures/families/<family>/<scenario>/): each restates a case that a test
 * of oasdiff v1.37 asserts, and expect.json names the ids and levels that test asserts (`expect`) and
 * the ids it asserts are absent (`absent`). Where we differ on purpose, an expected entry carries
 * `ours` (the id and level we report instead, and why), and that is what is checked here; `ours`
 * with `missing` marks a finding we do not report yet, for a reason outside these rules: the test then
 * checks that it is still missing, so that fixing it fails here and the expectation is brought back.
 */
interface Expectation {
  source: string;
  expect: Array<{ id: string; level: string; ours?: { id: string; level: string; reason: string } | { missing: true; reason: string } }>;
  /** An id oasdiff's test asserts absent, or { id, reason } where we still report it (documented). */
  absent: Array<string | { id: string; reason: string }>;
  options?: DiffOptions;
}

const root = path.join(import.meta.dirname, 'fixtures/families');
const scenarios = readdirSync(root, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .flatMap((d) => readdirSync(path.join(root, d.name)).map((s) => `${d.name}/${s}`))
  .filter((s) => existsSync(path.join(root, s, 'expect.json')))
  .sort();

describe('family scenarios', () => {
  it('are there, with something to check in each', () => {
    expect(scenarios.length).toBeGreaterThan(50);
    for (const s of scenarios) {
      const spec = JSON.parse(readFileSync(path.join(root, s, 'expect.json'), 'utf8')) as Expectation;
      expect(spec.expect.length + spec.absent.length, s).toBeGreaterThan(0);
      expect(spec.source, s).toMatch(/^oasdiff v1\.37\.0 checker\//);
      for (const want of spec.expect) if (want.ours) expect(want.ours.reason, s).not.toBe('');
    }
  });
});

describe.each(scenarios)('%s', (scenario) => {
  const dir = path.join(root, scenario);
  const spec = JSON.parse(readFileSync(path.join(dir, 'expect.json'), 'utf8')) as Expectation;
  it('reports what oasdiff\'s test asserts (or the documented difference), and not what it asserts absent', () => {
    const result = diffSpecs(path.join(dir, 'base.yaml'), path.join(dir, 'revision.yaml'), spec.options ?? {});
    expect(result.notes).toEqual([]);
    const reported = result.changes.map((c) => `${c.id}:${c.level}`);
    const ids = new Set(result.changes.map((c) => c.id));
    for (const want of spec.expect) {
      if (want.ours && 'missing' in want.ours) expect(ids.has(want.id), `${want.id} is reported now: drop its "missing"`).toBe(false);
      else expect(reported).toContain(`${want.ours?.id ?? want.id}:${want.ours?.level ?? want.level}`);
    }
    for (const entry of spec.absent) {
      if (typeof entry === 'string') expect(ids.has(entry), `${entry} is reported`).toBe(false);
      else expect(ids.has(entry.id), `${entry.id} is no longer reported: make it a plain absent id`).toBe(true);
    }
  });
});
