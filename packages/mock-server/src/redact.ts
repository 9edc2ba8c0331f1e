/**
 * The one redaction every line the mock writes goes through (request log, error answers, console).
 * Token values are found as **substrings** anywhere in the line — inside a larger path segment
 * (`/workspaces/x<token>`, `/workspaces;<token>`), a query key or value, a header — in their raw form
 * and percent-encoded (any case, `+` for space), and replaced with `[redacted]`.
 *
 * The mock keeps only the SHA-256 of each value, never the value, so known tokens are found by hashing
 * every window of the line whose length is the length of some issued value (raw and percent-decoded
 * forms): a window whose hash is a known token's is a token. The bearer the request presented is
 * redacted as given, whether or not it is a token the mock knows.
 */
export const REDACTED = '[redacted]';

export interface TokenLookup {
  /** True when `value` is, or once was, a token value the mock issued. */
  isTokenValue(value: string): boolean;
  /** The lengths of every value ever issued (a handful: generated values all have one length). */
  valueLengths(): Iterable<number>;
}

/** Values shorter than this are not redacted as presented bearers (they would blank out ordinary words). */
const MIN_SECRET = 8;

function percentDecode(text: string): string {
  return text.replace(/(?:%[0-9a-fA-F]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  });
}

/** A pattern matching `value` with each character raw or percent-encoded (any hex case; `+` or %20 for a space). */
function encodedPattern(value: string): RegExp {
  const parts: string[] = [];
  for (const char of value) {
    const bytes = [...Buffer.from(char, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
    const raw = char.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    parts.push(`(?:${raw}|${bytes}${char === ' ' ? '|\\+' : ''})`);
  }
  return new RegExp(parts.join(''), 'gi');
}

/** Every known token value found in `text` (raw, percent-decoded, or percent-decoded with `+` as space). */
export function findTokens(text: string, tokens: TokenLookup): Set<string> {
  const found = new Set<string>();
  const forms = new Set([text, percentDecode(text), percentDecode(text.replace(/\+/g, ' '))]);
  for (const length of new Set(tokens.valueLengths())) {
    for (const form of forms) {
      for (let i = 0; i + length <= form.length; i++) {
        const window = form.slice(i, i + length);
        if (!found.has(window) && tokens.isTokenValue(window)) found.add(window);
      }
    }
  }
  return found;
}

/** `text` with every known token value and every presented secret replaced, wherever and however encoded. */
export function redact(text: string, tokens: TokenLookup, presented: readonly (string | undefined)[] = []): string {
  const secrets = findTokens(text, tokens);
  for (const value of presented) if (value !== undefined && value.length >= MIN_SECRET) secrets.add(value);
  let out = text;
  // Longest first, so a secret containing another is replaced whole.
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) out = out.replace(encodedPattern(secret), REDACTED);
  return out;
}
