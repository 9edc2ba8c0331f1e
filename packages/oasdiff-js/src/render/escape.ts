// Every escaping of spec text for published output lives here: Markdown changelogs, PR comments, HTML.

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
  let out = '';
  let last = 0;
  // A CommonMark code span: a run of N backticks, content, and the next run of exactly N backticks.
  const codeSpan = /(?<!`)(`+)(?!`)([\s\S]*?[^`])\1(?!`)/g;
  for (let match = codeSpan.exec(markdown); match !== null; match = codeSpan.exec(markdown)) {
    out += escapeOutsideCode(markdown.slice(last, match.index)) + match[0];
    last = match.index + match[0].length;
  }
  return out + escapeOutsideCode(markdown.slice(last));
}

function escapeOutsideCode(text: string): string {
  return text.replace(/&(?=#?[a-zA-Z0-9]+;)/g, '&amp;').replace(/</g, '&lt;');
}

/** Escapes text for HTML content and quoted attributes (the HTML report). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);
}

/**
 * Spec text (descriptions, names, enum values) is untrusted: it must not open HTML tags, close our
 * `<details>`, or turn into links or emphasis.
 */
export function escapeMarkdownText(text: string): string {
  return text.replace(/[\\`*_[\]<>&|#]/g, (ch) => (ch === '<' ? '&lt;' : ch === '>' ? '&gt;' : ch === '&' ? '&amp;' : `\\${ch}`)).replace(/\r?\n/g, ' ');
}
