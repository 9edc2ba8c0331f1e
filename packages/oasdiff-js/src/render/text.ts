import type { DiffResult } from '../result.js';

/** Plain text, one change per line, grep-friendly: `level<TAB>rule-id<TAB>location<TAB>sentence`. */
export function renderText(result: DiffResult): string {
  return result.changes.map((c) => [c.level, c.id, c.location, c.text].join('\t')).join('\n') + (result.changes.length > 0 ? '\n' : '');
}
