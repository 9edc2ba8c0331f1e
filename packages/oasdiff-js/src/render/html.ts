/**
 * A self-contained HTML report (no network: styles and script are inline): the verdict and counts
 * first, filters by level, group and text, one collapsible section per endpoint or component, and
 * each change linked to its place in the old and the new spec. All spec text is escaped.
 */
import type { Change, DiffResult, IgnoredChange } from '../result.js';
import type { Places } from './places.js';
import { escapeHtml, isSafeUrl, sanitizeResult } from './escape.js';
import { levelCount, plural } from './plural.js';

export interface HtmlOptions {
  title?: string;
  /** Prefix for links to spec files (e.g. a repository's blob URL); links are `prefix + file#Lline`. Must be http:, https: or relative (`isSafeUrl`). */
  linkBase?: string;
}

const levels = ['breaking', 'warning', 'info'] as const;

function subjectOf(c: Change): string {
  if (c.operation) return `${c.operation.method} ${c.operation.path}`;
  if (c.component) return c.component;
  return 'Document';
}

function link(label: string, place: { file: string; line: number } | undefined, linkBase: string): string {
  if (!place) return '';
  // A file whose name looks like a scheme (`javascript:x.yaml`) is a relative path, written as one.
  const file = linkBase === '' && !isSafeUrl(place.file) ? `./${place.file}` : place.file;
  const href = `${linkBase}${file}#L${place.line}`;
  return `<a class="where" href="${escapeHtml(href)}">${escapeHtml(label)}: ${escapeHtml(place.file)}:${place.line}</a>`;
}

function changeItem(c: Change | IgnoredChange, places: Places | undefined, linkBase: string): string {
  const ignored = 'ignore' in c;
  const links = [
    link('old', places?.at('base', c.pointers.base), linkBase),
    link('new', places?.at('revision', c.pointers.revision), linkBase),
  ].filter(Boolean);
  return `<li class="change" data-level="${c.level}" data-group="${escapeHtml(c.group)}"${ignored ? ' data-ignored="true"' : ''}>`
    + `<span class="badge ${c.level}">${c.level}</span> <span class="text">${escapeHtml(c.text)}</span>`
    + ` <code class="rule">${escapeHtml(c.id)}</code> <span class="loc">${escapeHtml(c.location)}</span>`
    + (ignored ? ` <span class="accepted">accepted: ${escapeHtml((c as IgnoredChange).ignore.reason)}</span>` : '')
    + (links.length ? ` <span class="links">${links.join(' ')}</span>` : '')
    + '</li>';
}

/**
 * One collapsible section per subject, most severe first; a subject with a breaking change starts
 * open (the ignored list stays collapsed). Linear in the changes apart from sorting the subjects.
 */
function subjects(changes: ReadonlyArray<Change | IgnoredChange>, places: Places | undefined, linkBase: string, openBreaking: boolean): string {
  const bySubject = new Map<string, { list: Array<Change | IgnoredChange>; counts: number[] }>();
  for (const c of changes) {
    const key = subjectOf(c);
    let entry = bySubject.get(key);
    if (!entry) bySubject.set(key, (entry = { list: [], counts: [0, 0, 0] }));
    entry.list.push(c);
    entry.counts[levels.indexOf(c.level)]!++;
  }
  const rank = (counts: number[]) => counts.findIndex((n) => n > 0);
  return [...bySubject.entries()]
    .map(([subject, entry]) => ({ subject, ...entry, rank: rank(entry.counts) }))
    .sort((a, b) => a.rank - b.rank || a.subject.localeCompare(b.subject))
    .map(({ subject, list, counts }) => {
      const badges = levels.map((l, i) => [l, counts[i]!] as const).filter(([, n]) => n > 0);
      // Stable by level: breaking, then warning, then info, each in the engine's order.
      const ordered = levels.flatMap((l) => list.filter((c) => c.level === l));
      const open = openBreaking && counts[0]! > 0 ? ' open' : '';
      return `<details class="subject"${open}><summary><span class="name">${escapeHtml(subject)}</span> ${badges.map(([l, n]) => `<span class="badge ${l}">${levelCount(n, l)}</span>`).join(' ')}</summary>\n<ul>\n${ordered.map((c) => changeItem(c, places, linkBase)).join('\n')}\n</ul></details>`;
    })
    .join('\n');
}

const style = `
body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:70rem;padding:0 1rem;color:#1f2328}
h1{font-size:1.4rem}.verdict{font-size:1.1rem;font-weight:600}
.summary td,.summary th{padding:.2rem .8rem;text-align:left}
.filters{position:sticky;top:0;background:#fff;padding:.5rem 0;border-bottom:1px solid #ddd;display:flex;gap:1rem;flex-wrap:wrap;align-items:center}
details.subject{border:1px solid #ddd;border-radius:6px;margin:.4rem 0;padding:.3rem .6rem}
details.subject>summary{cursor:pointer;font-family:ui-monospace,monospace}
ul{padding-left:1.2rem}li.change{margin:.3rem 0}
.badge{display:inline-block;border-radius:1em;padding:0 .5em;font-size:.8em;color:#fff;font-family:system-ui,sans-serif}
.badge.breaking{background:#cf222e}.badge.warning{background:#9a6700}.badge.info{background:#57606a}
.rule,.loc{color:#57606a;font-size:.85em}.links a{font-size:.85em;margin-left:.5em}.accepted{font-style:italic}
[hidden]{display:none!important}
`;

// Filtering: a change is shown when its level is ticked, its group selected and its text matches;
// an endpoint is shown when any of its changes is.
const script = `
(() => {
  const form = document.getElementById('filters');
  const apply = () => {
    const wanted = new Set([...form.querySelectorAll('input[name=level]:checked')].map((i) => i.value));
    const group = form.querySelector('select[name=group]').value;
    const text = form.querySelector('input[name=q]').value.toLowerCase();
    let shown = 0;
    for (const li of document.querySelectorAll('li.change')) {
      const ok = wanted.has(li.dataset.level) && (group === '' || li.dataset.group === group) && (text === '' || li.textContent.toLowerCase().includes(text));
      li.hidden = !ok;
      if (ok) shown++;
    }
    for (const d of document.querySelectorAll('details.subject')) d.hidden = !d.querySelector('li.change:not([hidden])');
    document.getElementById('shown').textContent = String(shown);
  };
  form.addEventListener('input', apply);
  form.addEventListener('change', apply);
  apply();
})();
`;

export function renderHtml(input: DiffResult, places?: Places, options: HtmlOptions = {}): string {
  const result = sanitizeResult(input);
  const linkBase = options.linkBase ?? '';
  if (!isSafeUrl(linkBase)) throw new TypeError(`linkBase must be an http:, https: or relative URL (got "${linkBase}")`);
  const ignored = result.ignored ?? [];
  const tally = { breaking: 0, warning: 0, info: 0 };
  for (const c of result.changes) tally[c.level]++;
  const count = (l: (typeof levels)[number]) => tally[l];
  const breaking = count('breaking');
  const verdict = breaking > 0 ? `${plural(breaking, 'breaking change')}` : result.changes.length > 0 ? 'No breaking changes' : 'No changes';
  const groups = [...new Set([...result.changes, ...ignored].map((c) => c.group))].sort();
  const title = options.title ?? `API changes: ${result.base.sources.join(', ')} → ${result.revision.sources.join(', ')}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<title>${escapeHtml(title)}</title>
<style>${style}</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<section id="summary">
<p class="verdict">${escapeHtml(verdict)}</p>
<table class="summary"><tr><th>old</th><td>${escapeHtml(result.base.sources.join(', '))}${result.base.version ? ` (version ${escapeHtml(result.base.version)})` : ''}</td></tr>
<tr><th>new</th><td>${escapeHtml(result.revision.sources.join(', '))}${result.revision.version ? ` (version ${escapeHtml(result.revision.version)})` : ''}</td></tr>
${levels.map((l) => `<tr><th>${l}</th><td id="count-${l}">${count(l)}</td></tr>`).join('\n')}
<tr><th>ignored</th><td id="count-ignored">${ignored.length}</td></tr></table>
</section>
<form id="filters" class="filters" onsubmit="return false">
${levels.map((l) => `<label><input type="checkbox" name="level" value="${l}" checked> ${l}</label>`).join('\n')}
<label>group <select name="group"><option value="">all</option>${groups.map((g) => `<option value="${escapeHtml(g)}">${escapeHtml(g)}</option>`).join('')}</select></label>
<label>search <input type="search" name="q"></label>
<span><span id="shown">${result.changes.length + ignored.length}</span> shown</span>
</form>
<section id="changes">
${subjects(result.changes, places, linkBase, true)}
</section>
${ignored.length ? `<section id="ignored"><h2>Ignored (${ignored.length})</h2>\n${subjects(ignored, places, linkBase, false)}\n</section>` : ''}
${result.notes.length ? `<section id="notes"><h2>Notes</h2><ul>${result.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul></section>` : ''}
<script>${script}</script>
</body>
</html>
`;
}
