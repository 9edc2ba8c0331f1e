import { describe, expect, it } from 'vitest';
import { SpecError } from '@astro-api/spec-loader';
import { checkRevisionNames, isIsoDate, longDate } from '../src/dates.js';

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

describe('longDate and isIsoDate refuse days the calendar does not have', () => {
  it.each(['2026-02-29', '2026-02-30', '2025-04-31', '1900-02-29'])('%s', (bad) => {
    expect(isIsoDate(bad)).toBe(false);
    expect(() => longDate(bad)).toThrow(/not a YYYY-MM-DD date/);
  });
  it.each(['2024-02-29', '2000-02-29', '2026-12-31'])('accepts %s', (good) => {
    expect(isIsoDate(good)).toBe(true);
  });
});

describe('checkRevisionNames', () => {
  it('accepts dated files and ignores names that are not meant as revisions', () => {
    expect(() => checkRevisionNames('specs/v1', ['2026-01-28.yaml', '2026-02-23.yml', 'components.yaml', 'README.md', 'shared'])).not.toThrow();
  });
  it.each([
    [['2026-07-16.yml', '2026-07-16.yaml'], 'specs/v1/2026-07-16.yaml and specs/v1/2026-07-16.yml: two revisions for 2026-07-16; keep one'],
    [['2026-02-30.yaml'], 'specs/v1/2026-02-30.yaml: 2026-02-30 is not a date in the calendar'],
    [['2026-8-1.yaml'], 'specs/v1/2026-8-1.yaml: not a revision name: write the date as YYYY-MM-DD (2026-08-01.yaml)'],
    [['2026-08-01.YAML'], 'specs/v1/2026-08-01.YAML: not a revision name: write the date as YYYY-MM-DD (2026-08-01.yaml)'],
    [['20260801.yaml'], 'specs/v1/20260801.yaml: not a revision name: write the date as YYYY-MM-DD'],
  ])('%j → %s', (names, message) => {
    expect(() => checkRevisionNames('specs/v1', names)).toThrow(SpecError);
    expect(() => checkRevisionNames('specs/v1', names)).toThrow(message);
  });
});
