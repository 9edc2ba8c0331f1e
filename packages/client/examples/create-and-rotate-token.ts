// Create a Workspace API token, then rotate it. Rotating invalidates the old value at once, so
// store the new `token` before using it. `throwOnError` turns non-2xx responses into AstroApiError,
// so `data` is not optional: no `!` is needed.
import { createAstroClient, isAstroApiError, type CreateApiTokenRequest } from '@astro-api/client/v1';

const organizationId = process.env.ASTRO_ORGANIZATION_ID ?? 'my-organization-id';
const workspaceId = process.env.ASTRO_WORKSPACE_ID ?? 'my-workspace-id';
const astro = createAstroClient({ throwOnError: true });

const request: CreateApiTokenRequest = {
  name: 'ci-deploys',
  description: 'Deploys from CI',
  scope: 'WORKSPACE',
  entityId: workspaceId,
  role: 'WORKSPACE_OPERATOR',
  tokenExpiryPeriodInDays: 90,
};

try {
  const created = await astro.POST('/organizations/{organizationId}/tokens', {
    params: { path: { organizationId } },
    body: request,
  });
  const tokenId = created.data.id;
  console.log(`created ${tokenId}; the secret is only returned now: ${created.data.token ? 'received' : 'missing'}`);

  const rotated = await astro.POST('/organizations/{organizationId}/tokens/{tokenId}/rotate', {
    params: { path: { organizationId, tokenId } },
  });
  console.log(`rotated ${tokenId} at ${rotated.data.lastRotatedAt ?? 'unknown time'}`);
} catch (error) {
  if (!isAstroApiError(error)) throw error;
  for (const field of error.fieldErrors ?? []) console.error(`${field.field}: ${field.message} (${field.code})`);
  console.error(`${error.message}`);
  process.exitCode = 1;
}
