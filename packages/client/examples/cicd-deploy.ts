// The CI/CD flow of the Deployment API token guide, through the typed client:
//   1. once, with an owner token: create a Deployment API token (scope DEPLOYMENT) for one Deployment;
//   2. in CI, with that token only (stored as the ASTRO_API_TOKEN secret): create a deploy, push the
//      image and upload the DAG archive to where the answer says, finalize the deploy, then inspect
//      the Deployment and read its logs;
//   3. the same token is refused (403) on any other Deployment.
// Run it against the mock: `pnpm mock --api v1` prints the organization and an owner token; create two
// Deployments, then set ASTRO_API_URL, ASTRO_ORGANIZATION_ID, ASTRO_OWNER_TOKEN, ASTRO_DEPLOYMENT_ID and
// ASTRO_OTHER_DEPLOYMENT_ID. A test in packages/mock-server runs `runCiCdFlow` against the mock.
import { createAstroClient } from '@astro-api/client/v1';

export interface CiCdFlowInput {
  baseUrl: string;
  organizationId: string;
  /** An Organization (or Workspace) owner's token: only needed to create the Deployment token. */
  ownerToken: string;
  deploymentId: string;
  /** Another Deployment, to show that the Deployment token does not reach it. */
  otherDeploymentId: string;
  /** The DAG archive to upload between create and finalize (a .tar.gz in real use). */
  dagArchive?: Uint8Array;
  log?: (line: string) => void;
}

export interface CiCdFlowResult {
  deployId: string;
  imageTag: string;
  dagTarballVersion: string | undefined;
  logLines: string[];
  otherDeploymentStatus: number;
}

function fail(step: string, response: Response, error: unknown): never {
  const message = error && typeof error === 'object' && 'message' in error ? String((error as { message: unknown }).message) : '';
  throw new Error(`${step} failed with HTTP ${response.status}${message ? `: ${message}` : ''}`);
}

export async function runCiCdFlow(input: CiCdFlowInput): Promise<CiCdFlowResult> {
  const log = input.log ?? ((line: string) => console.log(line));
  const { organizationId, deploymentId } = input;

  // 1. Once, by an owner: a token that can act on this one Deployment.
  const owner = createAstroClient({ baseUrl: input.baseUrl, token: input.ownerToken });
  const created = await owner.POST('/organizations/{organizationId}/tokens', {
    params: { path: { organizationId } },
    body: { name: 'ci-deploys', scope: 'DEPLOYMENT', entityId: deploymentId, role: 'DEPLOYMENT_ADMIN', tokenExpiryPeriodInDays: 90 },
  });
  if (!created.data?.token) fail('creating the Deployment API token', created.response, created.error);
  log(`created Deployment API token ${created.data.id} (${created.data.shortToken}…); store its value as the ASTRO_API_TOKEN secret`);

  // 2. In CI: only the Deployment token. (In a real pipeline, omit `token` and it is read from ASTRO_API_TOKEN.)
  const ci = createAstroClient({ baseUrl: input.baseUrl, token: created.data.token });
  const path = { organizationId, deploymentId };

  const deploy = await ci.POST('/organizations/{organizationId}/deployments/{deploymentId}/deploys', {
    params: { path },
    body: { type: 'IMAGE_AND_DAG', description: 'CI build' },
  });
  if (!deploy.data) fail('creating the deploy', deploy.response, deploy.error);
  const deployId = deploy.data.id;
  log(`deploy ${deployId} ${deploy.data.status}: push ${deploy.data.imageRepository}:${deploy.data.imageTag}${deploy.data.dagsUploadUrl ? `, upload DAGs to ${deploy.data.dagsUploadUrl}` : ''}`);

  // The image push goes to the registry (not shown). The DAG archive goes to the upload URL, a storage
  // address outside this API: no API token is sent there.
  if (deploy.data.dagsUploadUrl && input.dagArchive) {
    const upload = await fetch(deploy.data.dagsUploadUrl, { method: 'PUT', body: input.dagArchive });
    if (!upload.ok) throw new Error(`uploading the DAG archive failed with HTTP ${upload.status}`);
    log(`uploaded ${input.dagArchive.byteLength} bytes of DAGs`);
  }
  const finalized = await ci.POST('/organizations/{organizationId}/deployments/{deploymentId}/deploys/{deployId}/finalize', {
    params: { path: { ...path, deployId } },
    body: {},
  });
  if (!finalized.data) fail('finalizing the deploy', finalized.response, finalized.error);
  log(`deploy ${deployId} ${finalized.data.status}`);

  const deployment = await ci.GET('/organizations/{organizationId}/deployments/{deploymentId}', { params: { path } });
  if (!deployment.data) fail('inspecting the Deployment', deployment.response, deployment.error);
  log(`Deployment ${deployment.data.name} runs image tag ${deployment.data.imageTag}, DAGs ${deployment.data.dagTarballVersion ?? '-'}`);

  const logs = await ci.GET('/organizations/{organizationId}/deployments/{deploymentId}/logs', {
    params: { path, query: { sources: ['scheduler'], limit: 50 } },
  });
  if (!logs.data) fail('reading the Deployment logs', logs.response, logs.error);
  const logLines = logs.data.results.map((entry) => `[${entry.source}] ${entry.raw}`);
  for (const line of logLines) log(line);

  // 3. The same token on another Deployment: refused.
  const other = await ci.GET('/organizations/{organizationId}/deployments/{deploymentId}', {
    params: { path: { organizationId, deploymentId: input.otherDeploymentId } },
  });
  log(`the Deployment token on Deployment ${input.otherDeploymentId}: HTTP ${other.response.status}`);

  return { deployId, imageTag: deployment.data.imageTag, dagTarballVersion: deployment.data.dagTarballVersion, logLines, otherDeploymentStatus: other.response.status };
}

// Run as a script (e.g. `npx tsx examples/cicd-deploy.ts`) with the environment variables above.
if (process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'))) {
  const env = (name: string) => {
    const value = process.env[name];
    if (!value) throw new Error(`set ${name}`);
    return value;
  };
  await runCiCdFlow({
    baseUrl: process.env.ASTRO_API_URL ?? 'http://127.0.0.1:4010/v1',
    organizationId: env('ASTRO_ORGANIZATION_ID'),
    ownerToken: env('ASTRO_OWNER_TOKEN'),
    deploymentId: env('ASTRO_DEPLOYMENT_ID'),
    otherDeploymentId: env('ASTRO_OTHER_DEPLOYMENT_ID'),
    dagArchive: new TextEncoder().encode('example DAG archive'),
  }).then(
    (result) => {
      if (result.otherDeploymentStatus !== 403) process.exitCode = 1;
    },
    (error: unknown) => {
      console.error((error as Error).message);
      process.exitCode = 1;
    },
  );
}
