import type { DiffResult } from '../result.js';

/** Thrown by `renderJson` given a bound when the text is sure to be longer, before it is built. */
export class OutputPastBound extends Error {
  override readonly name = 'OutputPastBound';
  readonly bound: number;
  constructor(bound: number) {
    super(`the output would be longer than ${bound} characters`);
    this.bound = bound;
  }
}

/**
 * The JSON form of a result. Its shape is `schema/diff-result.schema.json` (in this package),
 * versioned by `schemaVersion`. The text is `JSON.stringify(result, null, 2)` and a line feed.
 *
 * With `bound`, a result whose text is sure to be longer than `bound` characters (so more than
 * `bound` UTF-8 bytes) is refused (`OutputPastBound`) before the text is built. The test is a
 * lower bound on the length of the `affects` lists alone, worked out once per list: those lists
 * are what grows past any bound. Microsoft Graph's v1.0 against its beta gives 39,000 changes, and
 * each change inside a widely shared schema names up to 14,301 operations: 2.3 GB of JSON. Building
 * that took half a minute, and then failed, because it is more than a JavaScript string holds. Any
 * other result is written by one `JSON.stringify` call, which is the fastest way to write it. The
 * caller still measures that text in bytes.
 */
export function renderJson(result: DiffResult, bound?: number): string {
  if (bound !== undefined && affectsLowerBound(result) > bound) throw new OutputPastBound(bound);
  return JSON.stringify(result, null, 2) + '\n';
}

/**
 * At least how many characters the `affects` lists of the changes take in the text. Each entry with a
 * string `method` and `path` is written as at least `{"method": "M", "path": "P"}` (the spaces and line
 * breaks of the indentation only add to it): 25 characters more than the two values. A list shared by
 * many changes is written once per change and counted once per change, but measured once.
 */
function affectsLowerBound(result: DiffResult): number {
  const changes: unknown = (result as { changes?: unknown }).changes;
  if (!Array.isArray(changes)) return 0;
  // list → the least number of characters its entries take (lists are shared: each is measured once).
  const listLengths = new Map<unknown[], number>();
  let total = 0;
  for (const change of changes) {
    const list: unknown = change !== null && typeof change === 'object' ? (change as { affects?: unknown }).affects : undefined;
    if (!Array.isArray(list)) continue;
    let length = listLengths.get(list);
    if (length === undefined) {
      length = 0;
      for (const entry of list) {
        if (entry === null || typeof entry !== 'object') continue;
        const { method, path } = entry as { method?: unknown; path?: unknown };
        if (typeof method === 'string' && typeof path === 'string') length += method.length + path.length + 25;
      }
      listLengths.set(list, length);
    }
    total += length;
  }
  return total;
}
