/**
 * Test-side wiring of render/composition-words.ts until sentence.ts spreads it into `kindWords`:
 * the same generic sentence sentence.ts builds for a schema change (`<location>: <words><affects>.`),
 * with the composition words. Once sentence.ts is wired, `describeChange` gives the same text and
 * `withCompositionWords` changes nothing (checked in composition.test.ts).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import type { ClassifiedChange } from '../../src/classify/index.js';
import { compositionKindWords } from '../../src/render/composition-words.js';
import type { Change, DiffResult } from '../../src/index.js';

export function compositionSentence(c: Change): string | undefined {
  const words = compositionKindWords[c.kind];
  if (!words || c.kind.includes(':')) return undefined;
  const affects = c.affects && c.affects.length > 0 ? ` (affects ${c.affects.length} operation${c.affects.length === 1 ? '' : 's'})` : '';
  return `${c.location}: ${words(c as ClassifiedChange)}${affects}.`;
}

export function withCompositionWords(result: DiffResult): DiffResult {
  return { ...result, changes: result.changes.map((c) => ({ ...c, text: compositionSentence(c) ?? c.text })) };
}

const goldenDir = path.join(import.meta.dirname, 'golden');

/** A golden file of this folder; `UPDATE_GOLDEN=1` writes the computed output instead (review the diff before committing). */
export function expectCompositionGolden(name: string, actual: string): void {
  const file = path.join(goldenDir, name);
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(goldenDir, { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  if (!existsSync(file)) throw new Error(`golden file ${name} is missing; run with UPDATE_GOLDEN=1 to create it`);
  expect(actual).toBe(readFileSync(file, 'utf8'));
}
