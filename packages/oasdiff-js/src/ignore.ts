/**
 * Accepted changes: an ignore file (YAML) lists changes a team has accepted. An entry matches by rule
 * id plus location, or by fingerprint (never by message text), needs a `reason`, and may carry an
 * `expires` date (YYYY-MM-DD; the entry is valid through that day). Matched changes move to
 * `result.ignored`; they are listed apart and never vanish.
 *
 *   ignore:
 *     - id: response-property-removed
 *       location: GET /pets response 200 application/json nickname
 *       reason: nobody reads nickname (checked with the two clients, PLAT-1234)
 *       expires: 2027-01-31
 *     - fingerprint: 3f9c2a0b7d1e4c55
 *       reason: accepted in the v2 review
 */
import { parseText, readSource, parseSourceArgument, displayName, SpecError } from '@astro-api/spec-loader';
import type { Change, DiffResult, IgnoredChange } from './result.js';

export interface IgnoreEntry {
  /** JSON pointer of the entry in the file, e.g. `/ignore/0`. */
  pointer: string;
  id?: string;
  location?: string;
  fingerprint?: string;
  reason: string;
  expires?: string;
}

export interface IgnoreFile {
  file: string;
  entries: IgnoreEntry[];
}

const allowed = new Set(['id', 'location', 'fingerprint', 'reason', 'expires']);

function dateText(value: unknown): string | undefined {
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString().slice(0, 10);
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value))) return value;
  return undefined;
}

/** Parses and checks ignore-file text. Throws a `SpecError` (file + pointer or line) on any mistake. */
export function parseIgnoreFile(text: string, file: string): IgnoreFile {
  const document = parseText(text, file);
  const list = Array.isArray(document) ? document : document !== null && typeof document === 'object' ? (document as { ignore?: unknown }).ignore : undefined;
  const base = Array.isArray(document) ? '' : '/ignore';
  if (!Array.isArray(list)) throw new SpecError(file, 'an ignore file holds a list of entries under `ignore:`', { pointer: base });
  const entries = list.map((raw, i): IgnoreEntry => {
    const pointer = `${base}/${i}`;
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new SpecError(file, 'an entry is a mapping (id + location, or fingerprint, and reason)', { pointer });
    const entry = raw as Record<string, unknown>;
    for (const key of Object.keys(entry)) {
      if (key === 'message' || key === 'text') throw new SpecError(file, `entries match by rule id plus location, or by fingerprint, never by message text ("${key}")`, { pointer: `${pointer}/${key}` });
      if (!allowed.has(key)) throw new SpecError(file, `unknown key "${key}" (expected id, location, fingerprint, reason, expires)`, { pointer: `${pointer}/${key}` });
    }
    for (const key of ['id', 'location', 'fingerprint', 'reason'] as const) {
      if (entry[key] !== undefined && typeof entry[key] !== 'string') throw new SpecError(file, `${key} must be a string`, { pointer: `${pointer}/${key}` });
    }
    const reason = typeof entry.reason === 'string' ? entry.reason.trim() : '';
    if (!reason) throw new SpecError(file, 'every entry needs a reason', { pointer });
    const out: IgnoreEntry = { pointer, reason };
    if (typeof entry.fingerprint === 'string') {
      if (!/^[0-9a-f]{16}$/.test(entry.fingerprint)) throw new SpecError(file, 'fingerprint must be the 16 hex digits a report shows', { pointer: `${pointer}/fingerprint` });
      out.fingerprint = entry.fingerprint;
    }
    if (typeof entry.id === 'string') out.id = entry.id;
    if (typeof entry.location === 'string') out.location = entry.location;
    if (out.fingerprint === undefined && (out.id === undefined || out.location === undefined)) throw new SpecError(file, 'an entry matches by id plus location, or by fingerprint', { pointer });
    if (entry.expires !== undefined) {
      const expires = dateText(entry.expires);
      if (!expires) throw new SpecError(file, 'expires must be a date (YYYY-MM-DD)', { pointer: `${pointer}/expires` });
      out.expires = expires;
    }
    return out;
  });
  return { file, entries };
}

/** Reads an ignore file (a path or `REV:path`). */
export function readIgnoreFile(input: string, cwd = process.cwd()): IgnoreFile {
  const source = parseSourceArgument(input, cwd);
  const shownAs = displayName(source, cwd);
  return parseIgnoreFile(readSource(source, shownAs), shownAs);
}

export interface IgnoreOutcome {
  result: DiffResult;
  /** Entries that matched no change: stale, worth removing. */
  stale: IgnoreEntry[];
}

function matches(entry: IgnoreEntry, c: Change): boolean {
  if (entry.fingerprint !== undefined) return entry.fingerprint === c.fingerprint && (entry.id === undefined || entry.id === c.id);
  return entry.id === c.id && entry.location === c.location;
}

/**
 * Moves the changes an ignore file accepts to `result.ignored`. An expired entry is an error (a
 * `SpecError` naming the entry), checked before anything is matched; `today` is YYYY-MM-DD.
 */
export function applyIgnoreFile(result: DiffResult, ignore: IgnoreFile, today = new Date().toISOString().slice(0, 10)): IgnoreOutcome {
  for (const entry of ignore.entries) {
    if (entry.expires !== undefined && entry.expires < today) {
      throw new SpecError(ignore.file, `entry expired on ${entry.expires} (reason was: ${entry.reason}); review the change again and renew or remove the entry`, { pointer: `${entry.pointer}/expires` });
    }
  }
  const used = new Set<IgnoreEntry>();
  const changes: Change[] = [];
  const ignored: IgnoredChange[] = [...(result.ignored ?? [])];
  for (const c of result.changes) {
    const entry = ignore.entries.find((e) => matches(e, c));
    if (!entry) {
      changes.push(c);
      continue;
    }
    used.add(entry);
    ignored.push({ ...c, ignore: { reason: entry.reason, entry: entry.pointer, ...(entry.expires ? { expires: entry.expires } : {}) } });
  }
  return { result: { ...result, changes, ignored }, stale: ignore.entries.filter((e) => !used.has(e)) };
}
