import { describe, expect, it } from 'vitest';
import { uncoveredOperations } from '../../src/coverage.js';

// The coverage check itself must be able to fail: these cases show what it reports.
describe('uncoveredOperations', () => {
  it.each([
    ['all covered', ['A', 'B'], { A: [200], B: [204] }, []],
    ['never called', ['A', 'B'], { A: [200] }, ['B']],
    ['called but only errors', ['A', 'B'], { A: [200], B: [400, 401] }, ['B']],
    ['called, error then success', ['A'], { A: [404, 200] }, []],
    ['extra calls do not count', ['A'], { Z: [200] }, ['A']],
  ])('%s', (_name, ids, seen, missing) => {
    const exercised = new Map(Object.entries(seen).map(([id, statuses]) => [id, new Set(statuses)]));
    expect(uncoveredOperations(ids, exercised)).toEqual(missing);
  });
});
