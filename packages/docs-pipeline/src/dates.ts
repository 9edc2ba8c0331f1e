import { readdirSync } from 'node:fs';
import path from 'node:path';
import { listApis, SpecError } from '@astro-api/spec-loader';

const MONTHS = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
];

/** True when `year-month-day` names a day in the (proleptic Gregorian) calendar: 2026-02-30 does not. */
function isCalendarDay(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
  return day <= days;
}

/** True for a zero-padded `YYYY-MM-DD` that names a real day. */
export function isIsoDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  return match !== null && isCalendarDay(Number(match[1]), Number(match[2]), Number(match[3]));
}

/**
 * `2025-09-17` → `September 17, 2025`, the way the house changelog titles its entries. Written by hand
 * rather than with `Intl` so the output never depends on the machine's locale or ICU data.
 */
export function longDate(isoDate: string): string {
  if (!isIsoDate(isoDate)) throw new Error(`not a YYYY-MM-DD date: "${isoDate}"`);
  const [year, month, day] = isoDate.split('-').map(Number) as [number, number, number];
  return `${MONTHS[month - 1]} ${day}, ${year}`;
}

/** A file name someone meant as a revision: digits and dashes, then `.yaml` or `.yml` in any case. */
const REVISION_LIKE = /^\d+(?:-\d+)*\.ya?ml$/i;
/** What the loader takes as a revision (spec-loader's `REVISION_FILE`). */
const REVISION_FILE = /^(\d{4}-\d{2}-\d{2})\.ya?ml$/;

/**
 * Checks the revision file names of one spec folder (`folder` is how messages name it: `specs/v1`, or
 * `main:specs/v1` for a listing at a git ref). The loader's `listRevisions` silently skips a name it
 * does not match and lets two files share a date; here each of those is a `SpecError` naming the
 * file(s), so a command stops before it computes or writes anything:
 * - an unpadded or otherwise misspelt date (`2026-8-1.yaml`, `2026-08-01.YAML`);
 * - a date that is not in the calendar (`2026-02-30.yaml`);
 * - two files for one date (`2026-07-16.yaml` and `2026-07-16.yml`), where "current" would be a coin toss.
 * Names that do not start like a date (`components.yaml`) are not revisions and are not checked.
 */
export function checkRevisionNames(folder: string, names: readonly string[]): void {
  const byDate = new Map<string, string>();
  for (const name of [...names].sort()) {
    if (!REVISION_LIKE.test(name)) continue;
    const shown = `${folder}/${name}`;
    const exact = REVISION_FILE.exec(name);
    if (!exact) throw new SpecError(shown, `not a revision name: write the date as YYYY-MM-DD${suggestion(name)}`);
    const date = exact[1]!;
    if (!isIsoDate(date)) throw new SpecError(shown, `${date} is not a date in the calendar`);
    const other = byDate.get(date);
    if (other !== undefined) throw new SpecError(`${folder}/${other} and ${shown}`, `two revisions for ${date}; keep one`);
    byDate.set(date, name);
  }
}

/** `2026-8-1.yaml` → ` (2026-08-01.yaml)` when padding gives a real date; otherwise nothing. */
function suggestion(name: string): string {
  const match = /^(\d{4})-(\d{1,2})-(\d{1,2})\.(ya?ml)$/i.exec(name);
  if (!match) return '';
  const date = `${match[1]}-${match[2]!.padStart(2, '0')}-${match[3]!.padStart(2, '0')}`;
  return isIsoDate(date) ? ` (${date}.${match[4]!.toLowerCase()})` : '';
}

/**
 * Checks the revision names of every API folder in `specs/manifest.json` (see `checkRevisionNames`).
 * This belongs in spec-loader's `listRevisions`, so that every consumer refuses the same names; until
 * then the docs pipeline's commands call it first.
 */
export function checkRevisionFolders(repoRoot: string): void {
  for (const api of listApis(repoRoot)) {
    const folder = path.posix.join('specs', api.dir.replace(/\\/g, '/'));
    let names: string[];
    try {
      names = readdirSync(path.join(repoRoot, folder));
    } catch (error) {
      throw new SpecError(folder, `cannot list the revisions of ${api.id} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
    checkRevisionNames(folder, names);
  }
}
