/** The result of pairing two collections by identity: what both have, and what only one has. */
export interface Pairing<B, R = B> {
  matched: Array<{ key: string; base: B; revision: R }>;
  removed: Array<{ key: string; base: B }>;
  added: Array<{ key: string; revision: R }>;
}

/**
 * Pairs elements by a key, never by position. Order of `matched` and `removed` follows `base`,
 * order of `added` follows `revision`, so output is deterministic. Later duplicates of a key are ignored.
 */
export function pairBy<B, R = B>(base: Iterable<B>, revision: Iterable<R>, keyOfBase: (b: B) => string, keyOfRevision: (r: R) => string): Pairing<B, R> {
  const revisionByKey = new Map<string, R>();
  for (const r of revision) {
    const key = keyOfRevision(r);
    if (!revisionByKey.has(key)) revisionByKey.set(key, r);
  }
  const result: Pairing<B, R> = { matched: [], removed: [], added: [] };
  const seen = new Set<string>();
  for (const b of base) {
    const key = keyOfBase(b);
    if (seen.has(key)) continue;
    seen.add(key);
    const r = revisionByKey.get(key);
    if (r === undefined) result.removed.push({ key, base: b });
    else result.matched.push({ key, base: b, revision: r });
  }
  for (const [key, r] of revisionByKey) if (!seen.has(key)) result.added.push({ key, revision: r });
  return result;
}

/** Pairs the keys of two plain objects (properties by name, responses by status code, media types by name). */
export function pairKeys(base: unknown, revision: unknown, normalise: (key: string) => string = (k) => k): Pairing<string> {
  const keys = (o: unknown) => (o !== null && typeof o === 'object' && !Array.isArray(o) ? Object.keys(o) : []);
  return pairBy(keys(base), keys(revision), normalise, normalise);
}
