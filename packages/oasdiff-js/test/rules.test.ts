import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffSpecs, rules, type DiffOptions } from '../src/index.js';

const fixtures = path.join(import.meta.dirname, 'fixtures/rules');
const dirs = readdirSync(fixtures).filter((d) => existsSync(path.join(fixtures, d, 'expected.json')));

describe('rule catalogue', () => {
  it('has a fixture pair for every rule, and every fixture names a rule', () => {
    const ids = rules.map((r) => r.id);
    expect(ids.filter((id) => !dirs.includes(id))).toEqual([]);
    expect(dirs.filter((d) => !ids.includes(d))).toEqual([]);
  });

  it('uses kebab-case ids, a level, a direction and one sentence per rule', () => {
    for (const rule of rules) {
      expect(rule.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(['breaking', 'warning', 'info']).toContain(rule.level);
      expect(['request', 'response', 'none']).toContain(rule.direction);
      expect(rule.description).toMatch(/^[A-Z].*\.$/);
    }
  });
});

describe.each(dirs)('fixture %s', (dir) => {
  const expected = JSON.parse(readFileSync(path.join(fixtures, dir, 'expected.json'), 'utf8')) as { changes: Array<{ id: string; level: string; documentation: boolean }> };
  it('reports the expected rule at the expected level, and nothing when compared with itself', () => {
    const base = path.join(fixtures, dir, 'base.json');
    const revision = path.join(fixtures, dir, 'revision.json');
    // lifecycle: date-dependent pairs carry the date and deprecation periods they are read with.
    const optionsFile = path.join(fixtures, dir, 'options.json');
    const options = existsSync(optionsFile) ? (JSON.parse(readFileSync(optionsFile, 'utf8')) as DiffOptions) : {};
    const result = diffSpecs(base, revision, options);
    expect(result.notes).toEqual([]);
    for (const want of expected.changes) {
      expect(result.changes.map((c) => `${c.id}:${c.level}:${c.documentation}`)).toContain(`${want.id}:${want.level}:${want.documentation}`);
    }
    expect(diffSpecs(revision, revision, options).changes).toEqual([]);
  });
});
