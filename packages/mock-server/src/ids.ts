import { createHash, randomBytes } from 'node:crypto';

/** IDs shaped like the API's (25 lower-case alphanumerics, e.g. `clm8q7f6q000008lcgyougpsk`). */
export function newId(): string {
  const alphabet = '0123456789abcdefghijklmnopqrstuvwxyz';
  const bytes = randomBytes(23);
  let out = 'cm';
  for (const byte of bytes) out += alphabet[byte % alphabet.length];
  return out;
}

/** A fresh secret token value. Only its hash is kept (see tokens.ts). */
export function newTokenValue(): string {
  return `astro_mock_${randomBytes(30).toString('base64url')}`;
}

export function hashToken(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

/** A request ID for the `Error.requestId` field and the `x-request-id` header. */
export function newRequestId(): string {
  return randomBytes(12).toString('hex');
}
