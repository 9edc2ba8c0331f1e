import { PACKAGE_VERSION } from './generated/version.gen.js';

/** A product of RFC 9110 §10.1.5: `token ["/" token]`, tokens of tchar. */
const PRODUCT = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+(?:\/[!#$%&'*+.^_`|~0-9A-Za-z-]+)?$/;
/** A comment: `( … )` without control characters or unbalanced parentheses. */
const COMMENT = /^\([^()\x00-\x1f\x7f]*\)$/;

/**
 * `astro-api-client/<version> node/<version>`, then the caller's products, e.g. `my-app/1.2.0`.
 * Each part is an RFC 9110 product token (or a parenthesised comment); anything else is refused at
 * construction so that servers and proxies never see a malformed header.
 */
export function userAgent(extra: string | undefined, factory: string): string {
  const runtime = typeof process === 'object' && process.versions?.node ? `node/${process.versions.node}` : undefined;
  const base = runtime ? `astro-api-client/${PACKAGE_VERSION} ${runtime}` : `astro-api-client/${PACKAGE_VERSION}`;
  if (extra === undefined || extra.trim() === '') return base;
  const parts = extra.trim().match(/\([^)]*\)|[^\s()]+/g) ?? [];
  const bad = parts.find((part) => !PRODUCT.test(part) && !COMMENT.test(part));
  if (bad !== undefined || parts.join(' ').length !== extra.trim().replace(/\s+/g, ' ').length) {
    throw new TypeError(`${factory}: userAgent must be RFC 9110 products such as "my-app/1.2.0", got ${JSON.stringify(extra)}`);
  }
  return `${base} ${parts.join(' ')}`;
}
