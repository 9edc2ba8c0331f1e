import { createHash } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockServer, type MockServer } from '../src/index.js';
import { httpFor } from './http.js';

// The example lives with the client (packages/client/examples, type-checked there); this test runs it
// against the mock. It is loaded by URL so that this package's compilation stays inside its own folder.
const example = pathToFileURL(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../client/examples/cicd-deploy.ts')).href;
type RunCiCdFlow = (input: {
  baseUrl: string;
  organizationId: string;
  ownerToken: string;
  deploymentId: string;
  otherDeploymentId: string;
  dagArchive?: Uint8Array;
  log?: (line: string) => void;
}) => Promise<{ deployId: string; imageTag: string; dagTarballVersion: string | undefined; logLines: string[]; otherDeploymentStatus: number }>;

describe('the CI/CD example (packages/client/examples/cicd-deploy.ts) against the mock', () => {
  let mock: MockServer;
  const written: string[] = [];
  beforeAll(async () => {
    mock = await startMockServer({ api: 'v1', selfCheck: true, log: (line) => written.push(line) });
  });
  afterAll(async () => {
    expect(mock.selfCheckFailures).toEqual([]);
    await mock.close();
  });

  it('creates a Deployment token, deploys and finalizes with it, inspects and reads logs, and is refused elsewhere', async () => {
    const http = httpFor(mock);
    const workspaceId = await http.workspace();
    const mine = (await http.call('POST', `${http.org}/deployments`, { body: http.bodyFor('CreateDeployment', { name: 'mine', workspaceId, isDagDeployEnabled: true }) })).body;
    const other = await http.deployment(workspaceId);
    const before = mine.imageTag as string;
    const lines: string[] = [];
    const archive = new TextEncoder().encode('dags of this CI run');

    const { runCiCdFlow } = (await import(example)) as { runCiCdFlow: RunCiCdFlow };
    const result = await runCiCdFlow({
      baseUrl: mock.url,
      organizationId: mock.organizationId,
      ownerToken: mock.bootstrapToken,
      deploymentId: mine.id,
      otherDeploymentId: other.id,
      dagArchive: archive,
      log: (line) => lines.push(line),
    });

    expect(result.otherDeploymentStatus).toBe(403);
    // The Deployment now runs what the finalized deploy shipped, and says so when read back.
    expect(result.imageTag).not.toBe(before);
    const deploy = (await http.call('GET', `${http.org}/deployments/${mine.id}/deploys/${result.deployId}`)).body;
    expect(deploy).toMatchObject({ status: 'DEPLOYED', imageTag: result.imageTag, dagTarballVersion: result.dagTarballVersion });
    // The Deployment's DAG version names the uploaded archive (create → upload → finalize).
    expect(result.dagTarballVersion).toBe(`sha256-${createHash('sha256').update(archive).digest('hex').slice(0, 16)}`);
    expect(written.some((line) => / → 201 \(deploy upload\)$/.test(line))).toBe(true);
    expect(result.logLines.some((line) => line.includes(`deploy ${result.deployId} finalized`))).toBe(true);
    expect(lines.join('\n')).toMatch(/HTTP 403/);
    // The server saw the Deployment token act, and refuse it, exactly where the example says.
    expect(written.filter((line) => / → 403 GetDeployment$/.test(line))).toHaveLength(1);
    for (const id of ['CreateDeploy', 'FinalizeDeploy', 'GetDeployment', 'GetDeploymentLogs']) expect(written.some((line) => line.endsWith(`→ 200 ${id}`))).toBe(true);
  });
});
