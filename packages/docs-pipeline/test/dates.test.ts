import { describe, expect, it } from 'vitest';
import { longDate } from '../src/dates.js';

describe('longDate', () => {
  it.each([
    ['2025-09-17', 'September 17, 2025'],
    ['2026-04-02', 'April 2, 2026'],
    ['2024-12-10', 'December 10, 2024'],
    ['2024-01-01', 'January 1, 2024'],
  ])('%s → %s', (iso, want) => {
    expect(longDate(iso)).toBe(want);
  });

  it.each(['2025-13-01', '2025-9-17', 'yesterday', '2025-09-00'])('rejects %s', (bad) => {
    expect(() => longDate(bad)).toThrow(/not a YYYY-MM-DD date/);
  });
});
