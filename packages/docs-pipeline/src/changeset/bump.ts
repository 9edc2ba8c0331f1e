import type { Change, DiffResult } from '../engine.js';
import type { BumpType } from '../review/acknowledge.js';

/**
 * Keywords that make a change documentation only: prose and examples change what readers see, not
 * what a client sends or receives. Matched against the engine's rule ID (`…-description-changed`).
 */
const DOC_WORDS = ['description', 'summary', 'example', 'examples', 'title', 'externaldocs'];

export function isDocumentationOnly(change: Change): boolean {
  const words = change.id.toLowerCase().split(/[^a-z]+/);
  return words.some((word) => DOC_WORDS.includes(word));
}

/**
 * The semver bump a spec change implies for the packages it feeds: breaking → major; anything
 * beyond prose and examples (an addition, a deprecation, a relaxed constraint) → minor; only
 * descriptions or examples → patch. Undefined when nothing changed.
 */
export function bumpFor(result: DiffResult): BumpType | undefined {
  if (result.changes.length === 0) return undefined;
  if (result.changes.some((change) => change.level === 'breaking')) return 'major';
  if (result.changes.some((change) => !isDocumentationOnly(change))) return 'minor';
  return 'patch';
}
