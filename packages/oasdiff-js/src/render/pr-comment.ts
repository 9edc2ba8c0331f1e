/**
 * Markdown for a pull-request comment: the verdict first, breaking changes listed, warnings, info and
 * ignored changes in collapsed `<details>`, and the whole under GitHub's comment limit (65,536
 * characters), ending with "N more in the full report" when changes had to be left out.
 */
import type { Change, DiffResult } from '../result.js';
import { escapeMarkdownText, guardCommandLines, isSafeUrl, sanitizeResult } from './escape.js';
import { plural } from './plural.js';

/** GitHub rejects comments longer than this many characters. */
export const GITHUB_COMMENT_LIMIT = 65_536;

export interface PrCommentOptions {
  /** Where the full report lives (an HTML report artifact, a job summary); linked from the overflow line. http:, https: or relative. */
  reportUrl?: string;
  /** Marker to find and update the bot's earlier comment; an HTML comment on the first line. */
  marker?: string;
  /** Defaults to GITHUB_COMMENT_LIMIT; tests use small limits. */
  limit?: number;
}

/** A level capped below the rule's says so next to the id (see `Change.disclaimers`). */
const capped = (c: Change) => (c.disclaimers?.includes('all-of-not-flattened') ? ' · capped at warning (found under an allOf)' : '');
const item = (c: Change) => `- ${escapeMarkdownText(c.text)} <sub>\`${c.id}\` · ${escapeMarkdownText(c.location)}${capped(c)}</sub>`;

export function renderPrComment(input: DiffResult, options: PrCommentOptions = {}): string {
  const result = sanitizeResult(input);
  if (options.reportUrl !== undefined && !isSafeUrl(options.reportUrl)) throw new TypeError(`reportUrl must be an http:, https: or relative URL (got "${options.reportUrl}")`);
  const limit = options.limit ?? GITHUB_COMMENT_LIMIT;
  const breaking = result.changes.filter((c) => c.level === 'breaking');
  const warnings = result.changes.filter((c) => c.level === 'warning');
  const info = result.changes.filter((c) => c.level === 'info');
  const ignored = result.ignored ?? [];
  const verdict = breaking.length > 0 ? `❌ ${plural(breaking.length, 'breaking change')}` : warnings.length > 0 ? '⚠️ no breaking changes, but warnings' : result.changes.length > 0 ? '✅ no breaking changes' : '✅ no changes';
  const head = [
    ...(options.marker ? [`<!-- ${options.marker} -->`] : []),
    `### API changes: ${verdict}`,
    '',
    `\`${escapeMarkdownText(result.base.sources.join(', '))}\` → \`${escapeMarkdownText(result.revision.sources.join(', '))}\`: ${breaking.length} breaking, ${plural(warnings.length, 'warning')}, ${info.length} info${ignored.length ? `, ${ignored.length} ignored` : ''}.`,
    '',
  ];
  // Sections in order of importance; each line is added only while the budget allows.
  const sections: Array<{ title: string; open: boolean; lines: string[] }> = [
    { title: `Breaking (${breaking.length})`, open: true, lines: breaking.map(item) },
    { title: `Warnings (${warnings.length})`, open: false, lines: warnings.map(item) },
    { title: `Info (${info.length})`, open: false, lines: info.map(item) },
    { title: `Ignored (${ignored.length})`, open: false, lines: ignored.map((c) => `${item(c)} — accepted: ${escapeMarkdownText(c.ignore.reason)}`) },
  ].filter((s) => s.lines.length > 0);
  const total = sections.reduce((n, s) => n + s.lines.length, 0);
  const overflowLine = (n: number) => `\n**${n} more in the full report**${options.reportUrl ? ` ([open it](${options.reportUrl}))` : ''}.\n`;
  // Reserve room for the overflow line and every section's wrapper before adding items.
  const reserve = overflowLine(total).length + sections.reduce((n, s) => n + s.title.length + 64, 0);
  let used = head.join('\n').length + 1 + reserve;
  let shown = 0;
  const body: string[] = [];
  for (const section of sections) {
    const kept: string[] = [];
    for (const l of section.lines) {
      if (used + l.length + 1 > limit) break;
      kept.push(l);
      used += l.length + 1;
    }
    shown += kept.length;
    if (kept.length === 0) continue;
    if (section.open) body.push(`#### ${section.title}`, '', ...kept, '');
    else body.push(`<details><summary>${section.title}</summary>`, '', ...kept, '', '</details>', '');
    if (kept.length < section.lines.length) break;
  }
  const text = [...head, ...body].join('\n') + (shown < total ? overflowLine(total - shown) : options.reportUrl ? `\n[Full report](${options.reportUrl})\n` : '');
  return guardCommandLines(text.length > limit ? text.slice(0, limit) : text);
}
