import { describe, expect, it } from 'vitest';
import { XMLParser } from 'fast-xml-parser';
import { startMockServer } from '@astro-api/mock-server';
import { main } from '../src/main.js';
import { apiFromBaseUrl } from '../src/main.js';
import { plan, retryAfterMs, ResponseValidator, runConformance, toJUnit } from '../src/index.js';

const WORKSPACE = {
  id: 'clx8p9o0i000108mr6y7u8i9o',
  name: 'Analytics',
  organizationId: 'clmockorganization000000001',
  cicdEnforcedDefault: false,
  createdAt: '2026-03-02T09:15:00Z',
  updatedAt: '2026-03-02T09:15:00Z',
};

describe('the plan', () => {
  it('reads every GET first, then each write flow creating before it changes and deleting last', () => {
    const spec = new ResponseValidator('v1');
    const steps = plan(spec, true);
    const firstWrite = steps.findIndex((s) => s.access === 'write');
    expect(steps.slice(0, firstWrite).map((s) => s.operationId).sort()).toEqual(spec.operations.filter((o) => o.method === 'get').map((o) => o.operationId).sort());
    for (const flow of new Set(steps.filter((s) => s.flow !== 'read').map((s) => s.flow))) {
      const ids = steps.filter((s) => s.flow === flow).map((s) => s.operationId);
      expect(ids[0], flow).toMatch(/^Create/);
      expect(ids[ids.length - 1], flow).toMatch(/^Delete/);
      // Every Create in a flow has its Delete later in the same flow.
      for (const [i, id] of ids.entries()) if (id.startsWith('Create')) expect(ids.indexOf(id.replace('Create', 'Delete')), id).toBeGreaterThan(i);
    }
    expect(plan(spec, false).every((s) => s.access === 'read')).toBe(true);
    expect(plan(new ResponseValidator('v1beta1-iam'), true).some((s) => s.operationId === 'CreateWorkspace')).toBe(false);
  });

  it('--dry-run prints the plan and sends nothing', async () => {
    const out: string[] = [];
    let sent = 0;
    const code = await main(['--api', 'v1beta1-platform', '--dry-run', '--allow-writes'], { env: {}, out: (t) => out.push(t), err: (t) => out.push(t), fetch: async () => (sent++, new Response('')) });
    expect(code).toBe(0);
    expect(sent).toBe(0);
    expect(out.join('\n')).toMatch(/^\s+1\. read\s+GET\s+\/organizations\s+ListOrganizations$/m);
    expect(out.join('\n')).toMatch(/write\s+DELETE\s+\/organizations\/\{organizationId\}\/workspaces\/\{workspaceId\}\s+DeleteWorkspace/);
  });
});

describe('helpers', () => {
  it('Retry-After in seconds, as a date, or unreadable', () => {
    expect(retryAfterMs('7')).toBe(7000);
    const inTwo = retryAfterMs(new Date(Date.now() + 2000).toUTCString());
    expect(inTwo).toBeGreaterThan(0);
    expect(inTwo).toBeLessThanOrEqual(2000);
    expect(retryAfterMs('soon')).toBe(1000);
    expect(retryAfterMs(null)).toBe(1000);
  });

  it('the API from the base URL path', () => {
    expect(apiFromBaseUrl('https://api.astronomer.io/v1')).toBe('v1');
    expect(apiFromBaseUrl('https://api.astronomer.io/iam/v1beta1/')).toBe('v1beta1-iam');
    expect(apiFromBaseUrl('http://127.0.0.1:4010/platform/v1beta1')).toBe('v1beta1-platform');
    expect(apiFromBaseUrl('https://example.com/')).toBe('v1');
  });
});

describe('the validator', () => {
  const spec = new ResponseValidator('v1');
  const op = spec.byId('GetWorkspace')!;
  const json = new Headers({ 'content-type': 'application/json' });

  it('a conforming body: no findings', () => {
    expect(spec.findings(op, 200, json, JSON.stringify(WORKSPACE))).toEqual([]);
  });

  it('unknown fields are reported apart from violations, with the schema that lacks them', () => {
    const body = { ...WORKSPACE, shoeSize: 44, createdBy: { id: 'u1', subjectType: 'USER', favouriteColour: 'blue' } };
    const found = spec.findings(op, 200, json, JSON.stringify(body));
    expect(found.filter((f) => f.kind === 'violation')).toEqual([]);
    expect(found.map((f) => [f.kind, f.pointer, f.message])).toEqual([
      ['unknown-field', '/components/schemas/Workspace', '/shoeSize is not a property the schema names'],
      ['unknown-field', pointerOfCreatedBy(spec), '/createdBy/favouriteColour is not a property the schema names'],
    ]);
  });

  it('violations name the rule broken; body values are never quoted', () => {
    const found = spec.findings(op, 200, json, JSON.stringify({ ...WORKSPACE, name: 1234567, defaultCloudProvider: 'secret-looking-value' }));
    expect(found.map((f) => f.pointer).sort()).toEqual(['/components/schemas/Workspace/properties/defaultCloudProvider/enum', '/components/schemas/Workspace/properties/name/type']);
    expect(JSON.stringify(found)).not.toContain('secret-looking-value');
    expect(JSON.stringify(found)).not.toContain('1234567');
  });

  it('a required response header the spec declares (x-request-id) must be present', () => {
    const document = structuredClone(spec.document) as any;
    document.paths['/organizations/{organizationId}/workspaces/{workspaceId}'].get.responses['200'].headers = { 'x-request-id': { required: true, schema: { type: 'string' } } };
    const withHeader = new ResponseValidator('v1', document);
    const body = JSON.stringify(WORKSPACE);
    expect(withHeader.findings(op, 200, json, body).map((f) => [f.pointer, f.message])).toEqual([
      [`${op.pointer}/responses/200/headers/x-request-id`, 'required header x-request-id is missing'],
    ]);
    expect(withHeader.findings(op, 200, new Headers({ 'content-type': 'application/json', 'x-request-id': 'r1' }), body)).toEqual([]);
  });

  it('an undeclared status, a body where none is declared, and a non-JSON body are violations', () => {
    expect(spec.findings(op, 418, json, '{}').map((f) => f.pointer)).toEqual([`${op.pointer}/responses`]);
    const del = spec.byId('DeleteWorkspace')!;
    expect(spec.findings(del, 204, new Headers(), 'oops').map((f) => f.message)).toEqual(['204 declares no body but one was sent']);
    expect(spec.findings(op, 200, json, '<html>').map((f) => f.message)).toEqual(['200 body is not JSON']);
  });
});

function pointerOfCreatedBy(spec: ResponseValidator): string {
  const ref = (spec.document.components!.schemas!.Workspace as { properties: { createdBy: { $ref: string } } }).properties.createdBy.$ref;
  return ref.slice(1);
}

describe('reports', () => {
  it('unknown fields alone keep exit code 0, and show in their own section and in JUnit system-out', async () => {
    const mock = await startMockServer({ api: 'v1beta1-platform' });
    try {
      const out: string[] = [];
      const withExtra: typeof fetch = async (input, init) => {
        const res = await fetch(input, init);
        if (!/\/workspaces\/[^/]+$/.test(String(input)) || res.status !== 200) return res;
        const body = { ...((await res.json()) as object), shoeSize: 44 };
        return new Response(JSON.stringify(body), { status: 200, headers: res.headers });
      };
      const code = await main(['--base-url', mock.url, '--organization', mock.organizationId, '--quiet'], { env: { ASTRO_API_TOKEN: mock.bootstrapToken }, out: (t) => out.push(t), err: (t) => out.push(t), fetch: withExtra });
      expect(code).toBe(0);
      expect(out.join('\n')).toMatch(/unknown fields \(not in the schema; not violations\):\n {2}GetWorkspace 200 response #\/components\/schemas\/Workspace \(v1beta1-platform \d{4}-\d{2}-\d{2}\) \[unknown field\]: \/shoeSize/);

      const report = await runConformance({ baseUrl: mock.url, token: mock.bootstrapToken, organizationId: mock.organizationId, api: 'v1beta1-platform', fetch: withExtra });
      const junit = new XMLParser({ ignoreAttributes: false }).parse(toJUnit(report));
      const cases = junit.testsuites.testsuite.testcase as Array<Record<string, any>>;
      expect(Number(junit.testsuites['@_tests'])).toBe(report.operations.length);
      expect(Number(junit.testsuites['@_failures'])).toBe(0);
      expect(cases.find((c) => String(c['@_name']).startsWith('GetWorkspace '))!['system-out']).toMatch(/shoeSize/);
      expect(cases.filter((c) => c.skipped !== undefined)).toHaveLength(report.operations.filter((r) => r.outcome !== 'passed').length);
    } finally {
      await mock.close();
    }
  });
});
