import type { Change } from './engine.js';

/**
 * Words that make a change documentation only: prose, titles and examples change what readers see,
 * not what a client sends or receives. Matched against the engine's rule id and diff kind
 * (`request-property-description-changed` / `description-changed`, `endpoint-summary-changed` / `field:summary`).
 */
const DOC_WORDS = new Set(['description', 'summary', 'example', 'examples', 'title', 'externaldocs']);

export function isDocumentationOnly(change: Change): boolean {
  return `${change.id} ${change.kind ?? ''}`.toLowerCase().split(/[^a-z]+/).some((word) => DOC_WORDS.has(word));
}

/**
 * The engine reports a change to a shared component once per direction (request, response) and
 * lists the operations it reaches; readers want it once. Changes elsewhere are unique by fingerprint.
 */
export function distinctChanges(changes: readonly Change[]): Change[] {
  const seen = new Set<string>();
  return changes.filter((change) => {
    const key = change.component !== undefined ? `${change.component}|${change.location}|${change.kind}` : change.fingerprint;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** `2 breaking, 1 info`, counting distinct changes; `none` when there are none. */
export function levelCounts(changes: readonly Change[]): string {
  const distinct = distinctChanges(changes);
  const parts = (['breaking', 'warning', 'info'] as const)
    .map((level) => [level, distinct.filter((change) => change.level === level).length] as const)
    .filter(([, n]) => n > 0);
  return parts.length === 0 ? 'none' : parts.map(([level, n]) => `${n} ${level}`).join(', ');
}
