import type { DiffResult } from '../result.js';
import { guardCommandLines, sanitizeResult } from './escape.js';

/**
 * Plain text, one change per line, grep-friendly: `level<TAB>rule-id<TAB>location<TAB>sentence`.
 * Spec text is cleaned first (no tab, line break or control character of its own), so a line is one
 * change and never a workflow command; ignored changes follow, as `ignored<TAB>…(accepted: reason)`.
 */
export function renderText(input: DiffResult): string {
  const result = sanitizeResult(input);
  // A level capped below the rule's says so after the sentence (see `Change.disclaimers`).
  const sentence = (c: { text: string; disclaimers?: string[] }) => (c.disclaimers?.includes('all-of-not-flattened') ? `${c.text.replace(/\.$/, '')} (capped at warning: found under an allOf).` : c.text);
  const lines = result.changes.map((c) => [c.level, c.id, c.location, sentence(c)].join('\t'));
  for (const c of result.ignored ?? []) lines.push(['ignored', c.id, c.location, `${c.text} (accepted: ${c.ignore.reason})`].join('\t'));
  return guardCommandLines(lines.map((l) => `${l}\n`).join(''));
}
