/**
 * GitHub Actions workflow commands: one `::error`/`::warning`/`::notice` per change, with the file and
 * line of the change (see `places.ts`), so the runner turns each into an annotation on the pull request.
 */
import type { Change, DiffResult } from '../result.js';
import { cleanText, sanitizeResult } from './escape.js';
import type { Places } from './places.js';
import { levelCount } from './plural.js';

const command = { breaking: 'error', warning: 'warning', info: 'notice' } as const;

/**
 * Escapes the message of a workflow command (the runner decodes %25, %0D, %0A). Control characters
 * other than CR and LF are neutralised first (`cleanText`), so the log shows no ESC sequence.
 */
export function escapeData(text: string): string {
  return cleanText(text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A'));
}

/** Escapes a property value of a workflow command (also `:` and `,`, which separate properties). */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function line(kind: string, c: Change, places: Places | undefined, title: string, suffix = ''): string {
  const place = places?.of(c);
  const props = [place ? `file=${escapeProperty(place.file)}` : '', place ? `line=${place.line}` : '', `title=${escapeProperty(title)}`].filter(Boolean).join(',');
  return `::${kind} ${props}::${escapeData(`${c.text} (${c.location})${suffix}`)}`;
}

/** One annotation line per change, then a notice with the counts; every line is one this renderer means. */
export function renderGithub(input: DiffResult, places?: Places): string {
  const result = sanitizeResult(input);
  const out: string[] = [];
  const counts = { breaking: 0, warning: 0, info: 0 };
  for (const c of result.changes) {
    counts[c.level]++;
    out.push(line(command[c.level], c, places, `${c.level}: ${c.id}`));
  }
  for (const c of result.ignored ?? []) out.push(line('notice', c, places, `ignored ${c.level}: ${c.id}`, ` — accepted: ${c.ignore.reason}`));
  const tally = (['breaking', 'warning', 'info'] as const).map((level) => levelCount(counts[level], level));
  out.push(`::notice title=oasdiff-js::${escapeData(`${tally.join(', ')}${result.ignored?.length ? `, ${result.ignored.length} ignored` : ''}`)}`);
  return out.join('\n') + '\n';
}
