import { normalize } from '../paths.js';

/** The collections the token modules own, as normalized templates, so the generic store leaves them alone. */
export const TOKEN_COLLECTIONS: ReadonlySet<string> = new Set(
  ['/organizations/{organizationId}/tokens', '/organizations/{organizationId}/deployments/{deploymentId}/agent-tokens'].map(normalize),
);
