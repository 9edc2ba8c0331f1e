// Walk every API token of an Organization, across pages, with the typed async iterator.
import { createAstroClient, paginate, type ApiToken } from '@astro-api/client/v1';

const organizationId = process.env.ASTRO_ORGANIZATION_ID ?? 'my-organization-id';
const astro = createAstroClient();

const expiring: ApiToken[] = [];
for await (const token of paginate(astro, '/organizations/{organizationId}/tokens', {
  params: { path: { organizationId }, query: { limit: 100, includeOnlyOrganizationTokens: true } },
})) {
  // `token` is an ApiToken: its fields are typed from the v1 spec.
  if (token.endAt && Date.parse(token.endAt) < Date.now() + 7 * 86_400_000) expiring.push(token);
}
console.log(`${expiring.length} Organization tokens expire within a week`);
