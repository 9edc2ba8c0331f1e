import { createHash } from 'node:crypto';

/**
 * A change's fingerprint: rule id plus a location built from identities (method, normalised path,
 * parameter key, component, property path, value), never from message text, so rewording a
 * message or reordering a spec does not change it.
 */
export function fingerprint(ruleId: string, stableLocation: string): string {
  return createHash('sha256').update(`${ruleId}\u0000${stableLocation}`).digest('hex').slice(0, 16);
}
