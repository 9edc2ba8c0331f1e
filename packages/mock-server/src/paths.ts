/** Path-template helpers shared by the stores and handlers (no state, no imports). */

/** A collection path with parameter names erased: `/organizations/{}/teams`. */
export function normalize(template: string): string {
  return template.replace(/\{[^}]+\}/g, '{}');
}

export function segments(path: string): string[] {
  return path.split('/').filter(Boolean);
}

export const endsWithParam = (template: string): boolean => /\/\{[^}]+\}$/.test(template);
export const parentOf = (path: string): string => path.replace(/\/[^/]+$/, '');

export function fill(template: string, params: Readonly<Record<string, string>>): string {
  return template.replace(/\{([^}]+)\}/g, (_, name: string) => params[name] ?? `{${name}}`);
}

/** The concrete collection path's template key, found by shape (segment count and literal segments). */
export function normalizeConcrete(concrete: string, known: Iterable<string>): string {
  const parts = segments(concrete);
  for (const key of known) {
    const keyParts = segments(key);
    if (keyParts.length === parts.length && keyParts.every((k, i) => k === '{}' || k === parts[i])) return key;
  }
  return concrete;
}

/** `deployments` → `Deployment`, for messages such as `Deployment "x" not found`. */
export function humanName(segment: string): string {
  const word = segment.replace(/\{|\}/g, '').replace(/-./g, (m) => m[1]!.toUpperCase()).replace(/ies$/, 'y').replace(/s$/, '');
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** Plain code-unit comparison: deterministic and much cheaper than `localeCompare` on large stores. */
function compare(x: unknown, y: unknown): number {
  const a = String(x ?? '');
  const b = String(y ?? '');
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `sorts=name:asc&sorts=createdAt:desc`: the API's `field:direction` criteria, first one wins. Stable. */
export function sortBy<T>(items: readonly T[], sorts: unknown, field: (item: T, name: string) => unknown = (i, n) => (i as Record<string, unknown>)[n]): T[] {
  const criteria = sortCriteria(sorts);
  if (criteria.length === 0) return [...items];
  // Keys are read once per item rather than once per comparison.
  const keyed = items.map((item, index) => ({ item, index, keys: criteria.map(([name]) => field(item, name)) }));
  keyed.sort((a, b) => {
    for (let c = 0; c < criteria.length; c++) {
      const order = compare(a.keys[c], b.keys[c]);
      if (order !== 0) return criteria[c]![1] === 'desc' ? -order : order;
    }
    return a.index - b.index;
  });
  return keyed.map((k) => k.item);
}

export function sortCriteria(sorts: unknown): Array<[string, string | undefined]> {
  return (Array.isArray(sorts) ? sorts : sorts === undefined ? [] : [sorts]).map((s) => String(s).split(':') as [string, string?]) as Array<[string, string | undefined]>;
}
