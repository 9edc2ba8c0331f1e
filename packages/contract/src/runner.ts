import { randomBytes } from 'node:crypto';
import { appendPointer, getAtPointer } from '@astro-api/spec-loader';
import type { Finding } from './findings.js';
import { ResponseValidator, type SpecOperation } from './validator.js';

/** A run could not talk to the server at all (DNS, refused, TLS): exit code 2, one line. */
export class ConnectionError extends Error {}

export type Access = 'read' | 'write';

export interface PlanStep {
  operationId: string;
  method: string;
  path: string;
  access: Access;
  /** Why the step is there: `read`, or the write flow it belongs to. */
  flow: string;
}

export type Outcome = 'passed' | 'violations' | 'unreachable' | 'skipped' | 'not-run' | 'not-planned';

export interface OperationResult {
  operationId: string;
  method: string;
  path: string;
  access: Access;
  outcome: Outcome;
  statuses: number[];
  /** For skipped, not-run and not-planned operations: why. */
  reason?: string;
}

export interface RunSummary {
  operations: number;
  exercised: number;
  passed: number;
  withViolations: number;
  /** Answered only 401 or 403: the token lacks the permission. */
  unreachable: number;
  skipped: number;
  notRun: number;
  notPlanned: number;
  violations: number;
  unknownFields: number;
}

export interface RunReport {
  tool: 'astro-api-contract';
  api: string;
  revision: string;
  baseUrl: string;
  organizationId: string;
  runId: string;
  writes: boolean;
  requests: number;
  summary: RunSummary;
  operations: OperationResult[];
  findings: Finding[];
  /** Resources this run created and could not delete (empty when the run left nothing behind). */
  leftovers: string[];
}

export interface RunOptions {
  /** Base URL of the API, e.g. `https://api.astronomer.io/v1`. */
  baseUrl: string;
  token: string;
  organizationId: string;
  /** Manifest key: `v1`, `v1beta1-iam`, `v1beta1-platform`. */
  api: string;
  allowWrites?: boolean;
  /** At most this many HTTP requests (retries after 429 included). */
  maxRequests?: number;
  /** IDs to use for path parameters no listing finds (`deploymentId` for the IAM API, which lists no Deployments). */
  ids?: Record<string, string>;
  /** Names of created resources start with `astro-api-contract-<runId>-`; random when absent. */
  runId?: string;
  /** Longest Retry-After honoured, in seconds (default 60); a longer one ends the run as a connection error. */
  maxRetryAfterSeconds?: number;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  /** One line per request (method, path template, status), secrets redacted. */
  log?: (line: string) => void;
}

export const NAME_PREFIX = 'astro-api-contract';

interface Flow {
  name: string;
  steps: string[];
}

/** The write flows: each creates one thing, reads and changes it, and deletes it. Only those the revision has all operations of run. */
const FLOWS: readonly Flow[] = [
  { name: 'API token', steps: ['CreateApiToken', 'GetApiToken', 'UpdateApiToken', 'UpdateApiTokenRoles', 'RotateApiToken', 'DeleteApiToken'] },
  {
    name: 'Workspace and environment object',
    steps: ['CreateWorkspace', 'GetWorkspace', 'UpdateWorkspace', 'CreateEnvironmentObject', 'GetEnvironmentObject', 'UpdateEnvironmentObject', 'DeleteEnvironmentObject', 'DeleteWorkspace'],
  },
];

/** The parts of a flow this revision has; `undefined` when it lacks the create or the delete. */
function flowSteps(spec: ResponseValidator, flow: Flow): string[] | undefined {
  const present = flow.steps.filter((id) => spec.byId(id));
  const env = ['CreateEnvironmentObject', 'DeleteEnvironmentObject'];
  const usable = present.filter((id) => !/EnvironmentObject$/.test(id) || env.every((e) => spec.byId(e)));
  return spec.byId(flow.steps[0]!) && spec.byId(flow.steps[flow.steps.length - 1]!) ? usable : undefined;
}

function readOperations(spec: ResponseValidator): SpecOperation[] {
  const params = (op: SpecOperation) => (op.path.match(/\{/g) ?? []).length;
  return spec.operations.filter((op) => op.method === 'get').sort((a, b) => params(a) - params(b) || a.path.localeCompare(b.path));
}

/** What a run would call, in order: every read, then (with writes) each write flow. */
export function plan(spec: ResponseValidator, allowWrites: boolean): PlanStep[] {
  const step = (op: SpecOperation, flow: string): PlanStep => ({ operationId: op.operationId, method: op.method.toUpperCase(), path: op.path, access: op.method === 'get' ? 'read' : 'write', flow });
  const steps = readOperations(spec).map((op) => step(op, 'read'));
  if (allowWrites) {
    for (const flow of FLOWS) for (const id of flowSteps(spec, flow) ?? []) steps.push(step(spec.byId(id)!, flow.name));
  }
  return steps;
}

/** A value for a required query parameter: its default, example, first enum value, or one of its type. */
function sampleValue(spec: ResponseValidator, schema: Record<string, any> | undefined): unknown {
  let s = schema;
  while (s && typeof s.$ref === 'string') s = getAtPointer(spec.document, s.$ref.slice(1)) as Record<string, any>;
  if (!s) return 'x';
  if (s.default !== undefined) return s.default;
  if (Array.isArray(s.enum)) return s.enum[0];
  if (s.example !== undefined) return s.example;
  if (s.type === 'array') return [sampleValue(spec, s.items)];
  if (s.type === 'integer' || s.type === 'number') return s.minimum ?? 1;
  if (s.type === 'boolean') return false;
  if (s.format === 'date-time') return new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  return 'x';
}

function requiredQuery(spec: ResponseValidator, op: SpecOperation): URLSearchParams {
  const search = new URLSearchParams();
  const item = getAtPointer(spec.document, appendPointer('/paths', op.path)) as Record<string, any>;
  const raw = [...((item.parameters ?? []) as any[]), ...(((item[op.method] as Record<string, any>).parameters ?? []) as any[])];
  for (let p of raw) {
    while (p && typeof p.$ref === 'string') p = getAtPointer(spec.document, p.$ref.slice(1));
    if (p?.in !== 'query' || !p.required) continue;
    const value = sampleValue(spec, p.schema);
    for (const one of Array.isArray(value) ? value : [value]) search.append(p.name, String(one));
  }
  return search;
}

/** A request body made of the fields given that the revision's schema names (field names differ across versions). */
function bodyFor(spec: ResponseValidator, op: SpecOperation, fields: Record<string, unknown>): Record<string, unknown> {
  const node = getAtPointer(spec.document, op.pointer) as Record<string, any>;
  let body = node.requestBody;
  while (body && typeof body.$ref === 'string') body = getAtPointer(spec.document, body.$ref.slice(1));
  let schema = body?.content?.['application/json']?.schema;
  while (schema && typeof schema.$ref === 'string') schema = getAtPointer(spec.document, schema.$ref.slice(1));
  const names = new Set(Object.keys((schema?.properties ?? {}) as object));
  return Object.fromEntries(Object.entries(fields).filter(([name, value]) => names.has(name) && value !== undefined));
}

class BudgetExhausted extends Error {}

/**
 * Runs the conformance flows against a server: every read operation the token can reach, then (only with
 * `allowWrites`) flows that create, change and delete their own resources. Every answer is held to the
 * current revision of the API by the independent validator.
 */
export async function runConformance(options: RunOptions): Promise<RunReport> {
  const spec = new ResponseValidator(options.api);
  const runId = options.runId ?? randomBytes(4).toString('hex');
  const prefix = `${NAME_PREFIX}-${runId}-`;
  const doFetch = options.fetch ?? fetch;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const maxRequests = options.maxRequests ?? Infinity;
  const maxWait = (options.maxRetryAfterSeconds ?? 60) * 1000;
  const base = options.baseUrl.replace(/\/+$/, '');
  const secrets = new Set<string>([options.token]);
  const scrub = (text: string) => [...secrets].filter((s) => s.length >= 4).reduce((out, s) => out.split(s).join('[redacted]'), text);
  const log = (line: string) => options.log?.(scrub(line));
  const findings: Finding[] = [];
  const results = new Map<string, OperationResult>();
  const leftovers: string[] = [];
  const ids: Record<string, string> = { organizationId: options.organizationId, ...options.ids };
  let requests = 0;

  const resultOf = (op: SpecOperation): OperationResult => {
    let r = results.get(op.operationId);
    if (!r) {
      r = { operationId: op.operationId, method: op.method.toUpperCase(), path: op.path, access: op.method === 'get' ? 'read' : 'write', outcome: 'passed', statuses: [] };
      results.set(op.operationId, r);
    }
    return r;
  };

  /** One operation, 429s waited out; the answer is validated and recorded. */
  const call = async (operationId: string, params: Record<string, string>, init: { body?: unknown; query?: URLSearchParams } = {}, bounded = true) => {
    const op = spec.byId(operationId)!;
    const path = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? ''));
    const qs = init.query?.toString();
    const url = `${base}${path}${qs ? `?${qs}` : ''}`;
    for (;;) {
      if (bounded && requests >= maxRequests) throw new BudgetExhausted();
      requests++;
      let response: Response;
      try {
        response = await doFetch(url, {
          method: op.method.toUpperCase(),
          headers: { authorization: `Bearer ${options.token}`, accept: 'application/json', ...(init.body === undefined ? {} : { 'content-type': 'application/json' }) },
          body: init.body === undefined ? undefined : JSON.stringify(init.body),
          redirect: 'manual',
        });
      } catch (error) {
        const cause = (error as { cause?: { code?: string; message?: string } }).cause;
        throw new ConnectionError(scrub(`cannot reach ${new URL(base).origin}: ${cause?.code ?? cause?.message ?? (error as Error).message}`));
      }
      const text = await response.text();
      if (response.status === 429) {
        const wait = retryAfterMs(response.headers.get('retry-after'));
        log(`${op.method.toUpperCase()} ${op.path} → 429, waiting ${Math.ceil(wait / 1000)} s (Retry-After)`);
        if (wait > maxWait) throw new ConnectionError(`rate limited: Retry-After ${Math.ceil(wait / 1000)} s is longer than the ${maxWait / 1000} s this run waits`);
        await sleep(wait);
        continue;
      }
      const found = spec.findings(op, response.status, response.headers, text);
      findings.push(...found);
      const r = resultOf(op);
      r.statuses.push(response.status);
      log(`${op.method.toUpperCase()} ${op.path} → ${response.status}${found.length ? ` (${found.length} finding${found.length === 1 ? '' : 's'})` : ''}`);
      let json: any;
      try {
        json = /json/.test(response.headers.get('content-type') ?? '') ? JSON.parse(text) : undefined;
      } catch {
        json = undefined;
      }
      // Secrets the server hands out (a created or rotated token) are redacted like the run's own.
      if (json && typeof json.token === 'string') secrets.add(json.token);
      return { status: response.status, json };
    }
  };

  const skip = (op: SpecOperation, outcome: Outcome, reason: string) => {
    const r = resultOf(op);
    r.outcome = outcome;
    r.reason = reason;
  };

  /** What the write flows created; cleanup deletes whatever is not marked deleted (cleanup is not held to --max-requests). */
  const created: Array<{ what: string; name: string; id: string; deleteOp: string; params: Record<string, string>; deleted: boolean }> = [];

  async function runFlow(name: string, steps: string[]): Promise<void> {
    const has = (id: string) => steps.includes(id);
    const org = { organizationId: options.organizationId };
    const note = `Created by astro-api-contract run ${runId}; deleted by the same run.`;
    const expect2xx = (what: string, answer: { status: number }) => {
      if (answer.status < 200 || answer.status >= 300) throw new FlowStopped(`${what} answered ${answer.status}`);
    };
    try {
      if (name === 'API token') {
        const tokenName = `${prefix}token`;
        const body = bodyFor(spec, spec.byId('CreateApiToken')!, {
          name: tokenName, description: note, role: 'ORGANIZATION_MEMBER', scope: 'ORGANIZATION', type: 'ORGANIZATION', entityId: options.organizationId, tokenExpiryPeriodInDays: 1,
        });
        const made = await call('CreateApiToken', org, { body });
        expect2xx('CreateApiToken', made);
        const tokenId = String(made.json?.id);
        const item = { what: 'API token', name: tokenName, id: tokenId, deleteOp: 'DeleteApiToken', params: { ...org, tokenId }, deleted: false };
        created.push(item);
        if (has('GetApiToken')) await call('GetApiToken', item.params);
        if (has('UpdateApiToken')) await call('UpdateApiToken', item.params, { body: bodyFor(spec, spec.byId('UpdateApiToken')!, { name: `${tokenName}-updated`, description: note }) });
        if (has('UpdateApiTokenRoles')) {
          // The role it already has, on the Organization it already belongs to: the token's reach does not grow.
          await call('UpdateApiTokenRoles', item.params, { body: { roles: [{ entityType: 'ORGANIZATION', entityId: options.organizationId, role: 'ORGANIZATION_MEMBER' }] } });
        }
        if (has('RotateApiToken')) await call('RotateApiToken', item.params);
        const gone = await call('DeleteApiToken', item.params);
        if (gone.status >= 200 && gone.status < 300) item.deleted = true;
        return;
      }
      const workspaceName = `${prefix}workspace`;
      const made = await call('CreateWorkspace', org, {
        body: bodyFor(spec, spec.byId('CreateWorkspace')!, { name: workspaceName, description: note, cicdEnforcedDefault: false }),
      });
      expect2xx('CreateWorkspace', made);
      const workspaceId = String(made.json?.id);
      const workspace = { what: 'Workspace', name: workspaceName, id: workspaceId, deleteOp: 'DeleteWorkspace', params: { ...org, workspaceId }, deleted: false };
      created.push(workspace);
      if (has('GetWorkspace')) await call('GetWorkspace', workspace.params);
      if (has('UpdateWorkspace')) {
        await call('UpdateWorkspace', workspace.params, { body: bodyFor(spec, spec.byId('UpdateWorkspace')!, { name: `${workspaceName}-updated`, description: note, cicdEnforcedDefault: false }) });
      }
      if (has('CreateEnvironmentObject')) {
        const key = `${prefix.replace(/-/g, '_').toUpperCase()}VARIABLE`;
        const object = await call('CreateEnvironmentObject', org, {
          body: bodyFor(spec, spec.byId('CreateEnvironmentObject')!, {
            objectKey: key, objectType: 'ENVIRONMENT_VARIABLE', scope: 'WORKSPACE', scopeEntityId: workspaceId, description: note, environmentVariable: { value: 'conformance', isSecret: false },
          }),
        });
        expect2xx('CreateEnvironmentObject', object);
        const environmentObjectId = String(object.json?.id);
        const env = { what: 'environment object', name: key, id: environmentObjectId, deleteOp: 'DeleteEnvironmentObject', params: { ...org, environmentObjectId }, deleted: false };
        created.push(env);
        if (has('GetEnvironmentObject')) await call('GetEnvironmentObject', env.params);
        if (has('UpdateEnvironmentObject')) await call('UpdateEnvironmentObject', env.params, { body: { environmentVariable: { value: 'conformance-updated' } } });
        const gone = await call('DeleteEnvironmentObject', env.params);
        if (gone.status >= 200 && gone.status < 300) env.deleted = true;
      }
      const gone = await call('DeleteWorkspace', workspace.params);
      if (gone.status >= 200 && gone.status < 300) workspace.deleted = true;
    } catch (error) {
      if (!(error instanceof FlowStopped) && !(error instanceof BudgetExhausted)) throw error;
      log(`${name} flow stopped: ${error instanceof FlowStopped ? error.message : 'request budget reached'}`);
    }
  }

  let failure: unknown;
  try {
    // Reads: lists first, so their first items name the IDs the reads below them need.
    const reads = readOperations(spec);
    for (let i = 0; i < reads.length; i++) {
      const op = reads[i]!;
      const missing = [...op.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!).filter((name) => ids[name] === undefined);
      if (missing.length > 0) {
        skip(op, 'skipped', `no ${missing.join(', ')} to read: no listing found one${missing.includes('organizationId') ? '' : ` (pass --id ${missing[0]}=ID)`}`);
        continue;
      }
      try {
        const answer = await call(op.operationId, ids, { query: requiredQuery(spec, op) });
        if (answer.status >= 200 && answer.status < 300 && !op.path.endsWith('}')) learnIds(spec, op, answer.json, ids);
      } catch (error) {
        if (!(error instanceof BudgetExhausted)) throw error;
        for (const rest of reads.slice(i)) skip(rest, 'not-run', `--max-requests ${maxRequests} reached`);
        break;
      }
    }

    if (options.allowWrites) {
      for (const flow of FLOWS) {
        const steps = flowSteps(spec, flow);
        if (!steps) continue;
        // A flow starts only when the budget covers it whole (its deletes included), so the bound never strands a resource.
        if (requests + steps.length > maxRequests) {
          for (const id of steps) if (!results.has(id) || results.get(id)!.statuses.length === 0) skip(spec.byId(id)!, 'not-run', `--max-requests ${maxRequests} leaves no room for the ${flow.name} flow`);
          continue;
        }
        await runFlow(flow.name, steps);
      }
    }
  } catch (error) {
    failure = error;
  } finally {
    // Anything a flow created and did not get to delete is deleted here; what cannot be is listed.
    for (const item of created.reverse()) {
      if (item.deleted) continue;
      try {
        const answer = await call(item.deleteOp, item.params, {}, false);
        if ((answer.status >= 200 && answer.status < 300) || answer.status === 404) item.deleted = true;
      } catch {
        /* listed below */
      }
      if (!item.deleted) leftovers.push(`${item.what} ${item.name} (id ${item.id})`);
    }
  }
  if (failure !== undefined) {
    // A run that stops early still says what it left behind, in its one line.
    if (failure instanceof ConnectionError && leftovers.length > 0) throw new ConnectionError(`${failure.message}; could not delete: ${leftovers.join(', ')}`);
    throw failure;
  }

  // Operations the plan never calls: writes outside the safe flows, or every write without --allow-writes.
  for (const op of spec.operations) {
    if (results.has(op.operationId)) continue;
    skip(op, 'not-planned', op.method === 'get' ? 'not reached' : options.allowWrites ? 'a write outside the flows that clean up after themselves' : 'a write (pass --allow-writes for the flows that clean up after themselves)');
  }
  for (const r of results.values()) {
    if (r.statuses.length === 0) continue;
    const mine = findings.filter((f) => f.operationId === r.operationId && f.kind === 'violation');
    r.outcome = mine.length > 0 ? 'violations' : r.statuses.every((s) => s === 401 || s === 403) ? 'unreachable' : 'passed';
  }
  const operations = spec.operations.map((op) => results.get(op.operationId)!);
  const count = (o: Outcome) => operations.filter((r) => r.outcome === o).length;
  const report: RunReport = {
    tool: 'astro-api-contract',
    api: options.api,
    revision: spec.revision,
    baseUrl: base,
    organizationId: options.organizationId,
    runId,
    writes: options.allowWrites === true,
    requests,
    summary: {
      operations: operations.length,
      exercised: operations.filter((r) => r.statuses.length > 0).length,
      passed: count('passed'),
      withViolations: count('violations'),
      unreachable: count('unreachable'),
      skipped: count('skipped'),
      notRun: count('not-run'),
      notPlanned: count('not-planned'),
      violations: findings.filter((f) => f.kind === 'violation').length,
      unknownFields: findings.filter((f) => f.kind === 'unknown-field').length,
    },
    operations,
    findings,
    leftovers,
  };
  // The token and every secret the server handed out are redacted from the whole report, wherever they hid.
  return JSON.parse(scrub(JSON.stringify(report))) as RunReport;
}

class FlowStopped extends Error {}

/** Retry-After in seconds or as an HTTP date; 1 s when absent or unreadable. */
export function retryAfterMs(header: string | null): number {
  if (header === null || header.trim() === '') return 1000;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? 1000 : Math.max(0, at - Date.now());
}

/** The first item of a list answer names the entity below the listed path: `/workspaces` → `workspaceId`. */
function learnIds(spec: ResponseValidator, op: SpecOperation, json: unknown, ids: Record<string, string>): void {
  if (json === null || typeof json !== 'object') return;
  const items = Object.values(json as Record<string, unknown>).find((v) => Array.isArray(v) && v.length > 0 && typeof (v[0] as { id?: unknown })?.id === 'string') as Array<{ id: string }> | undefined;
  if (!items) return;
  for (const other of spec.operations) {
    const m = other.path.startsWith(`${op.path}/{`) ? /^\{([^}]+)\}/.exec(other.path.slice(op.path.length + 1)) : null;
    if (m && ids[m[1]!] === undefined) ids[m[1]!] = items[0]!.id;
  }
}
