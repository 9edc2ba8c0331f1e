import { describe, expect, it } from 'vitest';
import { isBreakingAcknowledged, parseChangeset } from '../src/review/acknowledge.js';

const changeset = (front: string, body = 'Notes.') => `---\n${front}\n---\n\n${body}\n`;

describe('parseChangeset', () => {
  it('reads quoted and unquoted package bumps', () => {
    const parsed = parseChangeset('a.md', changeset('"@astro-api/client": major\n@astro-api/mock-server: minor'));
    expect([...parsed.releases]).toEqual([['@astro-api/client', 'major'], ['@astro-api/mock-server', 'minor']]);
    expect(parsed.acknowledges).toEqual([]);
  });
  it('reads acknowledge-breaking lines from the body only', () => {
    const parsed = parseChangeset('b.md', changeset('', 'Removing alerts.\nacknowledge-breaking: v1beta1-platform, v1\n'));
    expect(parsed.acknowledges).toEqual(['v1beta1-platform', 'v1']);
    expect(parsed.releases.size).toBe(0);
  });
});

describe('isBreakingAcknowledged', () => {
  const majorBoth = parseChangeset('m.md', changeset('"@astro-api/client": major\n"@astro-api/mock-server": major'));
  const majorClientOnly = parseChangeset('c.md', changeset('"@astro-api/client": major\n"@astro-api/mock-server": minor'));
  const mockMajor = parseChangeset('k.md', changeset('"@astro-api/mock-server": major'));
  const ackV1 = parseChangeset('a.md', changeset('', 'acknowledge-breaking: v1'));

  it.each([
    ['no changesets', [], false],
    ['both spec consumers major', [majorBoth], true],
    ['only the client major', [majorClientOnly], false],
    ['majors spread over two changesets', [majorClientOnly, mockMajor], true],
    ['an acknowledge line for the API', [ackV1], true],
  ] as const)('%s → %s for v1', (_name, changesets, want) => {
    expect(isBreakingAcknowledged('v1', changesets)).toBe(want);
  });

  it('an acknowledge line names APIs, not all of them', () => {
    expect(isBreakingAcknowledged('v1beta1-iam', [ackV1])).toBe(false);
  });
});
