import { PACKAGE_VERSION } from './generated/version.gen.js';

/** `@astro-api/client/<version> (node <version>)`, then the caller's own product token if any. */
export function userAgent(extra: string | undefined): string {
  const runtime = typeof process === 'object' && process.versions?.node ? `node ${process.versions.node}` : 'unknown runtime';
  const base = `@astro-api/client/${PACKAGE_VERSION} (${runtime})`;
  return extra ? `${base} ${extra}` : base;
}
