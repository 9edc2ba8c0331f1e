/**
 * The output sanitiser: every string a spec supplies (names, paths, enum values, descriptions,
 * extension values, file names) passes through this module before any renderer writes it, and the
 * escaping of each published format lives here too (Markdown, HTML, workflow-command lines).
 *
 * Layers, each cheap when there is nothing to do (one regex test per string, no copy):
 *   1. `sanitizeResult` (called by every text renderer on entry): control characters, ESC, C1 codes
 *      and bidi overrides become U+FFFD; line breaks and tabs become spaces. A spec string then can
 *      never start a line of output, so it can never start a GitHub workflow command (`::error …`,
 *      `##[error]`), colour a terminal or break a one-change-per-line format.
 *   2. `publishMarkdown` (Markdown, changelog): no raw HTML (`<` escaped outside code spans), and a
 *      link, image or reference definition whose target is not http:, https:, mailto: or relative is
 *      made inert (shown as text); finally `guardCommandLines`.
 *   3. `guardCommandLines`: a last check on line-oriented output; a line that would start a workflow
 *      command gets a backslash in front (never expected to fire once layer 1 ran).
 * The JSON and SARIF formats keep the spec's strings exact: JSON escapes them itself.
 */
import type { Change, DiffResult } from '../result.js';

// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/;
// eslint-disable-next-line no-control-regex
const UNSAFE_ALL = /[\u0000-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/g;
const SPACE_LIKE = /[\t\n\r\u000B\u000C\u0085\u2028\u2029]/;

/**
 * One spec string made safe for any text output: line breaks and tabs become a space, every other
 * control character (ESC, NUL, DEL, C1, bidi overrides and isolates) becomes U+FFFD. Returns the same
 * string when there is nothing to change.
 */
export function cleanText(text: string): string {
  if (!UNSAFE.test(text)) return text;
  return text.replace(UNSAFE_ALL, (ch) => (SPACE_LIKE.test(ch) ? ' ' : '\uFFFD'));
}

function cleanValue(value: unknown, done: WeakMap<unknown[], unknown[]> = new WeakMap()): unknown {
  if (typeof value === 'string') return cleanText(value);
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    // A list shared by many changes (a component's `affects`) is cleaned once and stays shared.
    const known = done.get(value);
    if (known !== undefined) return known;
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const v = cleanValue(value[i], done);
      if (v !== value[i]) (out ??= value.slice())[i] = v;
    }
    done.set(value, out ?? value);
    return out ?? value;
  }
  let out: Record<string, unknown> | undefined;
  for (const key of Object.keys(value)) {
    const v = (value as Record<string, unknown>)[key];
    const cleanKey = cleanText(key);
    const cv = cleanValue(v, done);
    if (cv !== v || cleanKey !== key) {
      out ??= { ...(value as Record<string, unknown>) };
      if (cleanKey !== key) delete out[key];
      out[cleanKey] = cv;
    }
  }
  return out ?? value;
}

const cleaned = new WeakMap<DiffResult, DiffResult>();

/**
 * The result with every string in it cleaned (`cleanText`): change texts, locations, names, values,
 * details, ignore reasons, notes, sources. Renderers call it first; the result itself is not changed,
 * and a clean result is returned as it is (the check is one regex test per string, remembered per result).
 */
export function sanitizeResult<T extends DiffResult>(result: T): T {
  const known = cleaned.get(result);
  if (known) return known as T;
  const out = cleanValue(result) as T;
  cleaned.set(result, out);
  if (out !== result) cleaned.set(out, out);
  return out;
}

/** The changes of a result, cleaned (for renderers that take changes, not results). */
export function sanitizeChanges<T extends Change>(changes: readonly T[]): T[] {
  return cleanValue(changes) as T[];
}

/**
 * Makes spec text safe to publish as Markdown (a PR comment, a docs site). Spec authors write
 * descriptions and summaries; a `<script>` or `<img onerror=…>` among them must show as text, not
 * run. Outside code spans every `<` becomes `&lt;` (and an `&` that starts an entity becomes `&amp;`,
 * so `&lt;` written by the author stays visible as written); without a raw `<` no HTML tag can open.
 * Other characters are left as they are, so ordinary text reads the same in the Markdown source.
 * Code spans are left alone: Markdown shows their content literally already, and an entity inside
 * one would be printed as typed.
 */
export function escapeMarkdownHtml(markdown: string): string {
  return mapOutsideCode(markdown, escapeOutsideCode);
}

/**
 * Applies `fn` to the text outside CommonMark code spans, line by line (our Markdown never opens a
 * code span on one line and closes it on another, and spec text has no line breaks). A run of N
 * backticks opens a span when the same line has a later run of exactly N; a backslash-escaped
 * backtick opens nothing; inside a span nothing is escaped (CommonMark shows it as typed).
 */
function mapOutsideCode(markdown: string, fn: (text: string) => string): string {
  if (!markdown.includes('`')) return fn(markdown);
  let out = '';
  let plain = 0; // start of the text not yet handed to fn
  let lineEnd = -1;
  for (let i = 0; i < markdown.length; i++) {
    if (i > lineEnd) {
      lineEnd = markdown.indexOf('\n', i);
      if (lineEnd === -1) lineEnd = markdown.length;
    }
    const ch = markdown.charCodeAt(i);
    if (ch === 92 /* \ */) {
      i++; // an escaped character is text, never an opener
      continue;
    }
    if (ch !== 96 /* ` */) continue;
    let run = 1;
    while (markdown.charCodeAt(i + run) === 96) run++;
    const close = closingRun(markdown, i + run, lineEnd, run);
    if (close === -1) {
      i += run - 1;
      continue;
    }
    out += fn(markdown.slice(plain, i)) + markdown.slice(i, close + run);
    plain = close + run;
    i = plain - 1;
  }
  return out + fn(markdown.slice(plain));
}

/** The start of the next run of exactly `run` backticks in [from, end), or -1. */
function closingRun(text: string, from: number, end: number, run: number): number {
  for (let j = text.indexOf('`', from); j !== -1 && j < end; j = text.indexOf('`', j)) {
    let n = 1;
    while (text.charCodeAt(j + n) === 96) n++;
    if (n === run) return j;
    j += n;
  }
  return -1;
}

function escapeOutsideCode(text: string): string {
  if (!text.includes('<') && !text.includes('&')) return text;
  return text.replace(/&(?=#?[a-zA-Z0-9]+;)/g, '&amp;').replace(/</g, '&lt;');
}

/** http:, https:, mailto: or no scheme at all (a relative reference): the link targets output may carry. */
export function isSafeUrl(url: string): boolean {
  // Browsers ignore ASCII white space and control characters inside a scheme; so does this check.
  // eslint-disable-next-line no-control-regex
  const squeezed = url.replace(/[\u0000-\u0020\u007F]/g, '');
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(squeezed);
  if (scheme === null) return true;
  return ['http', 'https', 'mailto'].includes(scheme[1]!.toLowerCase());
}

/** A link destination as CommonMark reads it: backslash escapes undone. */
function destination(raw: string): string {
  return raw.replace(/\\([!-/:-@[-`{-~])/g, '$1');
}

/**
 * Makes inert every Markdown link, image and reference definition whose target is not safe
 * (`isSafeUrl`): the `(` after `]` (or the `:` of a definition) is backslash-escaped, so the text
 * shows as written and no link is made. Safe links are left as they are.
 */
export function neutraliseMarkdownLinks(markdown: string): string {
  if (!markdown.includes('](') && !markdown.includes(']:')) return markdown;
  return mapOutsideCode(markdown, (text) =>
    text
      // Inline links and images: `](` then optional spaces, then `<…>` or a run without spaces.
      .replace(/\]\(([ ]*)(<[^>\n]*>|[^\s)]*(?:\([^\s)]*\)[^\s)]*)*)/g, (whole, spaces: string, target: string) => {
        const url = destination(target.startsWith('<') ? target.slice(1, -1) : target);
        return isSafeUrl(url) ? whole : `]\\(${spaces}${target}`;
      })
      // Reference definitions: `[label]: target`.
      .replace(/\]:([ \t]*)(<[^>\n]*>|\S+)/g, (whole, spaces: string, target: string) => {
        const url = destination(target.startsWith('<') ? target.slice(1, -1) : target);
        return isSafeUrl(url) ? whole : `]\\:${spaces}${target}`;
      }),
  );
}

/** A line the GitHub runner would execute: `::command …` or the older `##[command]`, after leading white space. */
const COMMAND_LINE = /^([\s\uFEFF]*)(::|##\[)/gm;

/**
 * The last guard for line-oriented output (text, Markdown, PR comments): a line that would start a
 * workflow command gets a backslash in front of it. The github format's own annotations never pass
 * through here. With `sanitizeResult` applied, no spec string can start a line, so this changes nothing.
 */
export function guardCommandLines(text: string): string {
  if (!text.includes('::') && !text.includes('##[')) return text;
  // The runner also splits lines at a lone CR.
  return text.replace(/\r(?!\n)/g, ' ').replace(COMMAND_LINE, (_m, lead: string, cmd: string) => `${lead}\\${cmd}`);
}

/** Markdown that is safe to publish: no raw HTML, no unsafe link, no workflow-command line. */
export function publishMarkdown(markdown: string): string {
  return guardCommandLines(neutraliseMarkdownLinks(escapeMarkdownHtml(markdown)));
}

/** Escapes text for HTML content and quoted attributes (the HTML report); line breaks as references, so spec text never starts a line. */
export function escapeHtml(text: string): string {
  if (!/[&<>"'\r\n]/.test(text)) return text;
  return text.replace(/[&<>"'\r\n]/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '\r': '&#13;', '\n': '&#10;' })[ch]!);
}

/**
 * Spec text (descriptions, names, enum values) is untrusted: it must not open HTML tags, close our
 * `<details>`, or turn into links or emphasis.
 */
export function escapeMarkdownText(text: string): string {
  return cleanText(text).replace(/[\\`*_[\]<>&|#]/g, (ch) => (ch === '<' ? '&lt;' : ch === '>' ? '&gt;' : ch === '&' ? '&amp;' : `\\${ch}`));
}
