/**
 * GitHub Actions workflow commands: one `::error`/`::warning`/`::notice` per change, with the file and
 * line of the change (see `places.ts`), so the runner turns each into an annotation on the pull request.
 */
import type { Change, DiffResult } from '../result.js';
import type { Places } from './places.js';

const command = { breaking: 'error', warning: 'warning', info: 'notice' } as const;

/** Escapes the message of a workflow command (the runner decodes %25, %0D, %0A). */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a property value of a workflow command (also `:` and `,`, which separate properties). */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function line(kind: string, c: Change, places: Places | undefined, title: string): string {
  const place = places?.of(c);
  const props = [place ? `file=${escapeProperty(place.file)}` : '', place ? `line=${place.line}` : '', `title=${escapeProperty(title)}`].filter(Boolean).join(',');
  return `::${kind} ${props}::${escapeData(`${c.text} (${c.location})`)}`;
}

export function renderGithub(result: DiffResult, places?: Places): string {
  const out: string[] = [];
  for (const c of result.changes) out.push(line(command[c.level], c, places, `${c.level}: ${c.id}`));
  for (const c of result.ignored ?? []) out.push(line('notice', c, places, `ignored ${c.level}: ${c.id}`).replace(/::([^:]*)$/, (_m, msg: string) => `::${msg}${escapeData(` — accepted: ${c.ignore.reason}`)}`));
  const counts = (['breaking', 'warning', 'info'] as const).map((level) => `${result.changes.filter((c) => c.level === level).length} ${level}`);
  out.push(`::notice title=oasdiff-js::${escapeData(`${counts.join(', ')}${result.ignored?.length ? `, ${result.ignored.length} ignored` : ''}`)}`);
  return out.join('\n') + '\n';
}
