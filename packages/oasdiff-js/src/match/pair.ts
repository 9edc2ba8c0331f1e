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
  if (Array.isArray(base) && Array.isArray(revision) && base.length <= SMALL && revision.length <= SMALL) return pairSmall(base, revision, keyOfBase, keyOfRevision);
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

/** Up to this many elements a side, `pairBy` compares keys in arrays instead of building a Map and a Set. */
const SMALL = 8;

/** `pairBy` for two short arrays: the same result (same key calls in the same order), without a Map or a Set. */
function pairSmall<B, R>(base: readonly B[], revision: readonly R[], keyOfBase: (b: B) => string, keyOfRevision: (r: R) => string): Pairing<B, R> {
  // Each revision key with its first element, in the order keys first appear (as the Map keeps them).
  const rKeys: string[] = [];
  const rFirst: R[] = [];
  for (const r of revision) {
    const key = keyOfRevision(r);
    if (!rKeys.includes(key)) {
      rKeys.push(key);
      rFirst.push(r);
    }
  }
  const result: Pairing<B, R> = { matched: [], removed: [], added: [] };
  const seen: string[] = [];
  for (const b of base) {
    const key = keyOfBase(b);
    if (seen.includes(key)) continue;
    seen.push(key);
    const at = rKeys.indexOf(key);
    const r = at < 0 ? undefined : rFirst[at];
    if (r === undefined) result.removed.push({ key, base: b });
    else result.matched.push({ key, base: b, revision: r });
  }
  for (let i = 0; i < rKeys.length; i++) if (!seen.includes(rKeys[i]!)) result.added.push({ key: rKeys[i]!, revision: rFirst[i]! });
  return result;
}

/** Pairs the keys of two plain objects (properties by name, responses by status code, media types by name). */
export function pairKeys(base: unknown, revision: unknown, normalise: (key: string) => string = (k) => k): Pairing<string> {
  const keys = (o: unknown) => (o !== null && typeof o === 'object' && !Array.isArray(o) ? Object.keys(o) : []);
  return pairBy(keys(base), keys(revision), normalise, normalise);
}
