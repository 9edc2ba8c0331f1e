import type { Edit } from './model.js';

/**
 * Apply edits to a file's original text. Edits are computed on the unmodified syntax tree (so the type checker
 * sees one consistent program), then spliced in from the end of the file backwards so earlier offsets stay valid.
 * Two edits of the same range with the same text are one edit; overlapping edits are a bug in a rule.
 */
export function applyEdits(text: string, edits: readonly Edit[]): string {
  const unique = dedupe(edits).sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  let limit = Number.POSITIVE_INFINITY;
  for (const edit of unique) {
    if (edit.end > limit) {
      throw new Error(`overlapping edits at offset ${edit.start}..${edit.end} (rule ${edit.rule})`);
    }
    out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
    limit = edit.start;
  }
  return out;
}

export function dedupe(edits: readonly Edit[]): Edit[] {
  const seen = new Map<string, Edit>();
  for (const edit of edits) {
    const key = `${edit.start}:${edit.end}:${edit.text}`;
    if (!seen.has(key)) seen.set(key, edit);
  }
  return [...seen.values()];
}
