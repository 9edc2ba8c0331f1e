/** Golden files of the composition tests (the sentences come from render/sentence.ts, which includes render/composition-words.ts). */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';

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
