/**
 * Returns the body of the first section whose heading text is `heading` (any level), up to the next
 * heading of the same or a higher level, trimmed. Undefined when there is no such section.
 */
export function sectionBody(markdown: string, heading: string): string | undefined {
  const lines = markdown.split('\n');
  const start = lines.findIndex((line) => new RegExp(`^#{1,6}\\s+${escapeRegExp(heading)}\\s*$`).test(line));
  if (start === -1) return undefined;
  const level = /^#+/.exec(lines[start]!)![0].length;
  let end = start + 1;
  while (end < lines.length) {
    const match = /^(#{1,6})\s/.exec(lines[end]!);
    if (match && match[1]!.length <= level) break;
    end++;
  }
  return lines.slice(start + 1, end).join('\n').trim();
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Escapes a value for a Markdown table cell. */
export function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
