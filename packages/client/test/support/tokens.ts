import type { ApiToken } from '../../src/v1.js';

/** A v1 ApiToken with the required fields filled in. */
export function apiToken(n: number): ApiToken {
  return {
    id: `tok${n}`,
    name: `token ${n}`,
    description: '',
    shortToken: `short${n}`,
    scope: 'ORGANIZATION',
    kind: 'STANDARD',
    startAt: '2026-01-01T00:00:00Z',
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
  };
}
