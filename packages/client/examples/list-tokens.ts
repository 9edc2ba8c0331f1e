// List the API tokens of an Organization, one page at a time, and handle errors as values.
//   ASTRO_API_TOKEN=… ASTRO_ORGANIZATION_ID=… npx tsx examples/list-tokens.ts
import { createAstroClient } from '@astro-api/client/v1';

const organizationId = process.env.ASTRO_ORGANIZATION_ID ?? 'my-organization-id';
const astro = createAstroClient({ apiVersion: '1.0', userAgent: 'list-tokens-example/1.0' });

const { data, error, response } = await astro.GET('/organizations/{organizationId}/tokens', {
  params: { path: { organizationId }, query: { limit: 50, sorts: ['createdAt:desc'] } },
});
if (error) {
  // `error` is the v1 Error schema: message, requestId, statusCode, and fieldErrors on validation failures.
  console.error(`listing tokens failed (${response.status}): ${error.message} [requestId ${error.requestId}]`);
  process.exitCode = 1;
} else {
  console.log(`${data.totalCount} tokens`);
  for (const token of data.tokens) console.log(`${token.id}  ${token.scope.padEnd(12)} ${token.name}`);
}
