import { isDocumentationOnly } from '../change-filters.js';
import type { DiffResult } from '../engine.js';
import type { BumpType } from '../review/acknowledge.js';

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
