import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';

const goldenDir = path.join(import.meta.dirname, 'golden');

/**
 * Compares output with a checked-in golden file. `UPDATE_GOLDEN=1 pnpm --filter oasdiff-js test`
 * rewrites the files instead; review the diff before committing.
 */
export function expectGolden(name: string, actual: string): void {
  const file = path.join(goldenDir, name);
  if (process.env.UPDATE_GOLDEN === '1') {
    writeFileSync(file, actual);
    return;
  }
  if (!existsSync(file)) throw new Error(`golden file ${name} is missing; run with UPDATE_GOLDEN=1 to create it`);
  expect(actual).toBe(readFileSync(file, 'utf8'));
}
