import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { migrateDirectory } from '../src/index.js';
import type { MigrationResult } from '../src/index.js';
import { expectedFindings, fixtureNames, fixturesDir, scratchProject, tsFiles, typeCheck } from './harness.js';

const update = process.env.UPDATE_GOLDEN === '1';
const scratchDirs: string[] = [];
afterAll(() => {
  for (const dir of scratchDirs) rmSync(dir, { recursive: true, force: true });
});

/**
 * Each fixture is a small project written against the v1beta1 client (before/) and the code the codemod must
 * produce (after/, golden files: `UPDATE_GOLDEN=1 pnpm test` rewrites them; review the diff).
 */
describe.each(fixtureNames())('fixture %s', (fixture) => {
  const beforeDir = path.join(fixturesDir, fixture, 'before');
  const afterDir = path.join(fixturesDir, fixture, 'after');
  let scratch = '';
  let result: MigrationResult;

  const scratchOf = (dir: string) => {
    const copy = scratchProject(dir);
    scratchDirs.push(copy);
    return copy;
  };

  it('before/ is valid v1beta1 code (type-checks against @astro-api/client/v1beta1)', () => {
    expect(typeCheck(scratchOf(beforeDir))).toEqual([]);
  });

  it('rewrites before/ into after/', () => {
    scratch = scratchOf(beforeDir);
    result = migrateDirectory(scratch);
    for (const file of tsFiles(beforeDir)) {
      const actual = readFileSync(path.join(scratch, file), 'utf8');
      const golden = path.join(afterDir, file);
      if (update) {
        mkdirSync(path.dirname(golden), { recursive: true });
        writeFileSync(golden, actual);
      }
      expect(existsSync(golden), `${golden} is missing; run with UPDATE_GOLDEN=1`).toBe(true);
      expect(actual, file).toBe(readFileSync(golden, 'utf8'));
    }
    expect(tsFiles(afterDir)).toEqual(tsFiles(beforeDir));
  });

  it('reports exactly the findings marked in before/ (file:line)', () => {
    const actual = result.findings.map(({ file, line, rule }) => ({ file, line, rule }));
    const byPosition = (a: { file: string; line: number; rule: string }, b: typeof a) =>
      a.file.localeCompare(b.file) || a.line - b.line || a.rule.localeCompare(b.rule);
    expect(actual.sort(byPosition)).toEqual(expectedFindings(beforeDir).sort(byPosition));
  });

  it('after/ type-checks against @astro-api/client/v1, except on lines it reported', () => {
    const reported = new Set(result.findings.map((f) => `${f.file}:${f.line}`));
    const unexplained = typeCheck(scratchOf(afterDir)).filter((d) => !reported.has(`${d.file}:${d.line}`));
    expect(unexplained).toEqual([]);
  });

  it('is idempotent: a second run changes nothing', () => {
    const again = migrateDirectory(scratch);
    expect(again.changedFiles).toEqual([]);
    for (const file of tsFiles(beforeDir)) {
      expect(readFileSync(path.join(scratch, file), 'utf8')).toBe(readFileSync(path.join(afterDir, file), 'utf8'));
    }
  });
});

/** One test per unsafe case: each marked line of the `unsafe` fixture is reported at that file:line, unchanged. */
describe('unsafe cases are reported with file:line and left as they were', () => {
  const beforeDir = path.join(fixturesDir, 'unsafe', 'before');
  let result: MigrationResult;
  let scratch = '';

  it('runs on the unsafe fixture', () => {
    scratch = scratchProject(beforeDir);
    scratchDirs.push(scratch);
    result = migrateDirectory(scratch);
    expect(result.findings.length).toBeGreaterThan(0);
  });

  it.each(expectedFindings(beforeDir))('$rule at $file:$line', ({ file, line, rule }) => {
    const finding = result.findings.find((f) => f.file === file && f.line === line && f.rule === rule);
    expect(finding, `no ${rule} at ${file}:${line}`).toBeDefined();
    expect(finding!.reason.length).toBeGreaterThan(20);
    const lineBefore = readFileSync(path.join(beforeDir, file), 'utf8').split('\n')[line - 1]!;
    const lineAfter = readFileSync(path.join(scratch, file), 'utf8').split('\n')[line - 1]!;
    // The reported expression itself is not rewritten (the factory name on the same line may be).
    expect(lineAfter).toContain(finding!.code);
    expect(lineBefore).toContain(finding!.code);
  });
});
