import { sampleFromSchema, type MockServer } from '../src/index.js';
import { SpecValidator } from '../src/validation.js';

export interface Answer<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** A tiny fetch wrapper for the server's own tests (the contract tests use the generated client). */
export function httpFor(mock: MockServer, baseUrl: string = mock.url) {
  const call = async <T = any>(
    method: string,
    path: string,
    options: { token?: string | null; body?: unknown; raw?: string; query?: Record<string, string | string[]> } = {},
  ): Promise<Answer<T>> => {
    const url = new URL(baseUrl + path);
    for (const [k, v] of Object.entries(options.query ?? {})) for (const one of [v].flat()) url.searchParams.append(k, one);
    const headers: Record<string, string> = {};
    const token = options.token === undefined ? mock.bootstrapToken : options.token;
    if (token !== null) headers.authorization = `Bearer ${token}`;
    let body: string | undefined;
    if (options.raw !== undefined || options.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = options.raw ?? JSON.stringify(options.body);
    }
    const res = await fetch(url, { method, headers, body });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      /* non-JSON download */
    }
    return { status: res.status, body: parsed as T, headers: res.headers };
  };
  const org = `/organizations/${mock.organizationId}`;
  /** A minimal valid request body for an operation, built from its schema's examples (required fields only). */
  // A server may serve several specs (v1beta1: IAM and Platform); each operation is sampled from its own.
  const validators = new Map(mock.specs.map((spec) => [spec, new SpecValidator(spec)]));
  const bodyFor = (operationId: string, overrides: Record<string, unknown> = {}) => {
    const spec = mock.specs.find((s) => s.operations.some((o) => o.operationId === operationId))!;
    const op = spec.operations.find((o) => o.operationId === operationId)!;
    const accepts = (at: string, value: unknown) => validators.get(spec)!.at(at)(value);
    return { ...(sampleFromSchema(spec, op.requestBody!.schemaPointer!, { optional: false, accepts }) as object), ...overrides };
  };
  const workspace = async () => (await call('POST', `${org}/workspaces`, { body: bodyFor('CreateWorkspace', { name: 'ws' }) })).body.id as string;
  const deployment = async (workspaceId: string) =>
    (await call('POST', `${org}/deployments`, { body: bodyFor('CreateDeployment', { name: 'dep', workspaceId }) })).body as { id: string; workspaceId: string };
  const token = async (body: Record<string, unknown>, as?: string) => call('POST', `${org}/tokens`, { body: { name: 't', ...body }, token: as });
  return { call, org, bodyFor, workspace, deployment, token };
}
