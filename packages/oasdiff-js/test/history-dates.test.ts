/**
 * `history` reads sunset dates as of each revision's own day (unless `today` is given), so an entry
 * says what was true when that revision was published and a rerun next year gives the same output.
 * The scratch folder is removed in afterAll.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { history } from '../src/history.js';

const spec = (operation: string) => `openapi: 3.0.3
info: { title: Sunsets, version: '1' }
paths:
  /things:
    get:
${operation}      responses:
        '200': { description: ok }
`;

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'oasdiff-js-history-dates-'));
  writeFileSync(path.join(dir, '2026-01-01.yaml'), spec(''));
  // Deprecated on 2026-01-10 with a sunset 50 days later: enough under a 30-day period on that day,
  // long past on any day after 2026-03-01.
  writeFileSync(path.join(dir, '2026-01-10.yaml'), spec("      deprecated: true\n      x-sunset: '2026-03-01'\n"));
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const ids = (today?: string) => {
  const [newest] = history({ folder: dir }, { cwd: dir, deprecationDaysStable: 30, ...(today !== undefined ? { today } : {}) });
  return newest!.result!.changes.map((c) => c.id);
};

describe('history and sunset dates', () => {
  it("reads them as of the revision's own day by default", () => {
    expect(ids()).toEqual(['endpoint-deprecated-with-sunset']);
  });

  it('reads them as of the given day when one is given', () => {
    expect(ids('2026-02-20')).toEqual(['api-sunset-date-too-small']);
  });
});
