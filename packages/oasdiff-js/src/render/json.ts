import type { DiffResult } from '../result.js';

/**
 * The JSON form of a result. Its shape is `schema/diff-result.schema.json` (in this package),
 * versioned by `schemaVersion`.
 */
export function renderJson(result: DiffResult): string {
  return JSON.stringify(result, null, 2) + '\n';
}
