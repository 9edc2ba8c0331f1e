import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isGranted, ROLE_PERMISSIONS, startMockServer, type MockServer } from '../src/index.js';
import { httpFor } from './http.js';

/**
 * Grant ceiling, checked by a model: random sequences of role-writing calls (token creation, token
 * role updates, rotation, user and team role updates, team creation, invites) made by tokens of every
 * scope and role. After every step each subject's roles are read back from the server and compared
 * with a reference model: a role that appears on a subject must have been written by the step's
 * caller, and what it grants (evaluated over a finite universe of permissions × places, independent
 * of the server's guard) must be held by that caller at the time of the call.
 *
 * FC_SEED=<n> replays a run; FC_RUNS=<n> changes the number of runs (default 40).
 */

type Grant = { entityType: string; entityId: string; role: string; deploymentId?: string };
type Place = { name: string; organizationId: string; workspaceId?: string; deploymentId?: string };

const SEED = process.env.FC_SEED !== undefined ? Number(process.env.FC_SEED) : Math.floor(Math.random() * 2 ** 31);
const RUNS = Number(process.env.FC_RUNS ?? 40);

/** Where things live in one run: two Workspaces, one Deployment in each. */
interface World {
  org: string;
  W1: string;
  W2: string;
  D1: string;
  D2: string;
}

/** A role on a named place of the world, as the generator picks it (resolved against the run's world). */
type RoleSpec = { role: string; on: 'org' | 'W1' | 'W2' | 'D1' | 'D2'; dag?: boolean };

const ROLE_SPECS: RoleSpec[] = [
  ...['ORGANIZATION_OWNER', 'ORGANIZATION_BILLING_ADMIN', 'ORGANIZATION_MEMBER'].map((role) => ({ role, on: 'org' as const })),
  ...['WORKSPACE_OWNER', 'WORKSPACE_OPERATOR', 'WORKSPACE_AUTHOR', 'WORKSPACE_MEMBER', 'WORKSPACE_ACCESSOR'].flatMap((role) => (['W1', 'W2'] as const).map((on) => ({ role, on }))),
  ...['DEPLOYMENT_ADMIN', 'CI_CUSTOM_ROLE'].flatMap((role) => (['D1', 'D2'] as const).map((on) => ({ role, on }))),
  ...(['D1', 'D2'] as const).map((on) => ({ role: 'DAG_VIEWER', on, dag: true })),
];

/** The tokens each run starts with: every scope, every role of the table, on W1 / D1 (and owners of W2, admin of D2). */
const PRESETS: RoleSpec[] = [
  { role: 'ORGANIZATION_OWNER', on: 'org' },
  { role: 'ORGANIZATION_MEMBER', on: 'org' },
  { role: 'ORGANIZATION_BILLING_ADMIN', on: 'org' },
  ...['WORKSPACE_OWNER', 'WORKSPACE_OPERATOR', 'WORKSPACE_AUTHOR', 'WORKSPACE_MEMBER', 'WORKSPACE_ACCESSOR'].map((role) => ({ role, on: 'W1' as const })),
  { role: 'WORKSPACE_OWNER', on: 'W2' },
  { role: 'DEPLOYMENT_ADMIN', on: 'D1' },
  { role: 'DEPLOYMENT_ADMIN', on: 'D2' },
  { role: 'CI_CUSTOM_ROLE', on: 'D1' },
];

const entityTypeOf = (spec: RoleSpec) => (spec.dag ? 'DAG' : spec.on === 'org' ? 'ORGANIZATION' : spec.on.startsWith('W') ? 'WORKSPACE' : 'DEPLOYMENT');
function grantOf(world: World, spec: RoleSpec): Grant {
  const id = world[spec.on === 'org' ? 'org' : spec.on];
  return spec.dag ? { entityType: 'DAG', entityId: 'daily_sales_rollup', role: spec.role, deploymentId: id } : { entityType: entityTypeOf(spec), entityId: id, role: spec.role };
}
const keyOf = (g: Grant) => `${g.entityType}:${g.entityId}:${g.role}:${g.deploymentId ?? ''}`;

// ---- the reference: effective permissions over a finite universe, independent of the server's guard ----

function places(world: World): Place[] {
  const o = world.org;
  return [
    { name: 'org', organizationId: o },
    { name: 'W1', organizationId: o, workspaceId: world.W1 },
    { name: 'W2', organizationId: o, workspaceId: world.W2 },
    { name: 'D1', organizationId: o, workspaceId: world.W1, deploymentId: world.D1 },
    { name: 'D2', organizationId: o, workspaceId: world.W2, deploymentId: world.D2 },
  ];
}

/** Every permission the served specs name, plus probes that only wildcards reach. */
function universe(mock: MockServer): string[] {
  const names = new Set<string>(['zz.unnamed', 'organization.zz', 'organization.zz.get', 'workspace.zz', 'deployment.zz', 'deployment.deploys.zz']);
  for (const spec of mock.specs) for (const op of spec.operations) for (const p of op.permissions) names.add(p);
  return [...names];
}

/**
 * What a set of roles lets its holder do: `permission@place` for every API permission the role table
 * grants there, and `airflow@D` for Airflow access to a Deployment — held by a DAG or custom role on it,
 * and by whoever holds every `deployment.*` permission of the universe there (who administers it).
 */
function effective(grants: readonly Grant[], world: World, perms: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const place of places(world)) {
    for (const p of perms) if (isGranted(grants, p, place)) out.add(`${p}@${place.name}`);
    if (place.deploymentId) {
      const airflowRole = grants.some((g) => ROLE_PERMISSIONS[g.role] === undefined && (g.deploymentId ?? g.entityId) === place.deploymentId);
      const administers = perms.filter((p) => p.startsWith('deployment.')).every((p) => isGranted(grants, p, place));
      if (airflowRole || administers) out.add(`airflow@${place.name}`);
    }
  }
  return out;
}

// ---- the system under test, seen through HTTP ----

interface Subject {
  kind: 'token' | 'user' | 'team' | 'invite';
  id: string;
  /** Roles as last read from the server, each with the permissions its granter held when writing it. */
  roles: Map<string, { grant: Grant; ceiling: Set<string> }>;
  value?: string;
}

interface Real {
  mock: MockServer;
  iam: string;
  platform: string;
  world: World;
  perms: string[];
  scopeField: 'scope' | 'type';
  subjects: Subject[];
  stats: { writes: number; accepted: number };
}

type Model = { steps: number };

async function call(base: string, method: string, path: string, token: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(base + path, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text === '' ? undefined : JSON.parse(text) };
}

function userRoles(item: any): Grant[] {
  const out: Grant[] = [];
  if (typeof item?.organizationRole === 'string') out.push({ entityType: 'ORGANIZATION', entityId: '(org)', role: item.organizationRole });
  for (const r of item?.workspaceRoles ?? []) out.push({ entityType: 'WORKSPACE', entityId: r.workspaceId, role: r.role });
  for (const r of item?.deploymentRoles ?? []) out.push({ entityType: 'DEPLOYMENT', entityId: r.deploymentId, role: r.role });
  for (const r of item?.dagRoles ?? []) out.push({ entityType: 'DAG', entityId: r.dagId ?? r.dagTag ?? '', role: r.role, deploymentId: r.deploymentId });
  return out;
}

/** The roles the server now reports for a subject (organization placeholders bound to the run's org). */
async function readRoles(real: Real, subject: Subject): Promise<Grant[] | undefined> {
  const org = `/organizations/${real.world.org}`;
  const bootstrap = real.mock.bootstrapToken;
  const bind = (gs: Grant[]) => gs.map((g) => (g.entityId === '(org)' ? { ...g, entityId: real.world.org } : g));
  if (subject.kind === 'token') {
    const got = await call(real.iam, 'GET', `${org}/tokens/${subject.id}`, bootstrap);
    return got.status === 404 ? undefined : (got.body.roles as Grant[]).map((r) => ({ ...r }));
  }
  if (subject.kind === 'user') return bind(userRoles((await call(real.iam, 'GET', `${org}/users/${subject.id}`, bootstrap)).body));
  if (subject.kind === 'team') return bind(userRoles((await call(real.iam, 'GET', `${org}/teams/${subject.id}`, bootstrap)).body));
  return undefined; // invites are checked from the create answer
}

/**
 * The invariant, after one step by `caller` (undefined for the run's setup): every role a subject holds
 * was there before, or was written by this step's caller and grants nothing the caller did not hold.
 */
async function check(real: Real, caller: Subject | undefined, accepted: boolean, what: string): Promise<void> {
  const callerHeld = caller ? effective([...caller.roles.values()].map((r) => r.grant), real.world, real.perms) : undefined;
  for (const subject of real.subjects) {
    if (subject.kind === 'invite') continue;
    const now = await readRoles(real, subject);
    if (now === undefined) continue;
    const next = new Map<string, { grant: Grant; ceiling: Set<string> }>();
    for (const grant of now) {
      const key = keyOf(grant);
      const before = subject.roles.get(key);
      if (before) {
        next.set(key, before);
        continue;
      }
      if (!callerHeld || !accepted) throw new Error(`${what}: ${subject.kind} ${subject.id} gained ${key} although the call was refused`);
      const gained = effective([grant], real.world, real.perms);
      const above = [...gained].filter((p) => !callerHeld.has(p));
      if (above.length > 0) throw new Error(`${what}: ${subject.kind} ${subject.id} received ${key}, above its granter (${above.slice(0, 4).join(', ')}${above.length > 4 ? ', …' : ''})`);
      next.set(key, { grant, ceiling: callerHeld });
    }
    subject.roles = next;
  }
}

const pick = <T,>(list: readonly T[], n: number): T => list[n % list.length]!;

abstract class Step implements fc.AsyncCommand<Model, Real> {
  readonly callerIndex: number;
  constructor(callerIndex: number) {
    this.callerIndex = callerIndex;
  }
  check = () => true;
  caller(real: Real): Subject {
    return pick(
      real.subjects.filter((s) => s.kind === 'token' && s.value !== undefined),
      this.callerIndex,
    );
  }
  abstract send(real: Real, caller: Subject): Promise<{ status: number; body: any }>;
  abstract describe(): string;
  async run(model: Model, real: Real): Promise<void> {
    model.steps++;
    const caller = this.caller(real);
    const answer = await this.send(real, caller);
    if (answer.status >= 500) throw new Error(`${this.describe()}: the mock answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    real.stats.writes++;
    if (answer.status < 300) real.stats.accepted++;
    await check(real, caller, answer.status < 300, `${this.describe()} by token holding ${[...caller.roles.keys()].join(' + ')}`);
  }
  toString(): string {
    return this.describe();
  }
}

class GrantTokenRoles extends Step {
  readonly target: number;
  readonly roles: RoleSpec[];
  constructor(callerIndex: number, target: number, roles: RoleSpec[]) {
    super(callerIndex);
    this.target = target;
    this.roles = roles;
  }
  describe = () => `UpdateApiTokenRoles(caller#${this.callerIndex}, token#${this.target}, [${this.roles.map((r) => `${r.role}@${r.on}`).join(', ')}])`;
  send(real: Real) {
    const tokens = real.subjects.filter((s) => s.kind === 'token');
    const target = pick(tokens, this.target);
    const body = { roles: this.roles.map((r) => grantOf(real.world, r)) };
    return call(real.iam, 'POST', `/organizations/${real.world.org}/tokens/${target.id}/roles`, this.caller(real).value!, body);
  }
}

class CreateToken extends Step {
  readonly role: RoleSpec;
  constructor(callerIndex: number, role: RoleSpec) {
    super(callerIndex);
    this.role = role;
  }
  describe = () => `CreateApiToken(caller#${this.callerIndex}, ${this.role.role}@${this.role.on})`;
  async run(model: Model, real: Real): Promise<void> {
    if (this.role.dag) return; // DAG roles cannot be given at creation
    await super.run(model, real);
  }
  async send(real: Real, caller: Subject) {
    const grant = grantOf(real.world, this.role);
    const body = { name: 'made in a run', role: grant.role, [real.scopeField]: grant.entityType, ...(grant.entityType === 'ORGANIZATION' ? {} : { entityId: grant.entityId }) };
    const answer = await call(real.iam, 'POST', `/organizations/${real.world.org}/tokens`, caller.value!, body);
    // The new token is a subject from now on; its roles are "new" and must fit under the caller.
    if (answer.status < 300) real.subjects.push({ kind: 'token', id: answer.body.id, value: answer.body.token, roles: new Map() });
    return answer;
  }
}

class RotateToken extends Step {
  readonly target: number;
  constructor(callerIndex: number, target: number) {
    super(callerIndex);
    this.target = target;
  }
  describe = () => `RotateApiToken(caller#${this.callerIndex}, token#${this.target})`;
  async send(real: Real, caller: Subject) {
    const target = pick(real.subjects.filter((s) => s.kind === 'token'), this.target);
    const answer = await call(real.iam, 'POST', `/organizations/${real.world.org}/tokens/${target.id}/rotate`, caller.value!);
    if (answer.status < 300) target.value = answer.body.token;
    return answer;
  }
}

/** UpdateUserRoles / UpdateTeamRoles: an Organization role plus Workspace (and, where declared, Deployment) roles. */
class GrantSubjectRoles extends Step {
  readonly kind: 'user' | 'team';
  readonly orgRole: string;
  readonly roles: RoleSpec[];
  constructor(callerIndex: number, kind: 'user' | 'team', orgRole: string, roles: RoleSpec[]) {
    super(callerIndex);
    this.kind = kind;
    this.orgRole = orgRole;
    this.roles = roles;
  }
  describe = () => `Update${this.kind === 'user' ? 'User' : 'Team'}Roles(caller#${this.callerIndex}, ${this.orgRole}, [${this.roles.map((r) => `${r.role}@${r.on}`).join(', ')}])`;
  send(real: Real, caller: Subject) {
    const subject = real.subjects.find((s) => s.kind === this.kind)!;
    const grants = this.roles.map((r) => grantOf(real.world, r));
    const body: Record<string, unknown> = {
      organizationRole: this.orgRole,
      workspaceRoles: grants.filter((g) => g.entityType === 'WORKSPACE').map((g) => ({ workspaceId: g.entityId, role: g.role })),
    };
    if (real.mock.spec.api === 'v1') body.deploymentRoles = grants.filter((g) => g.entityType === 'DEPLOYMENT').map((g) => ({ deploymentId: g.entityId, role: g.role }));
    return call(real.iam, 'POST', `/organizations/${real.world.org}/${this.kind}s/${subject.id}/roles`, caller.value!, body);
  }
}

/** CreateTeam with an Organization role, and CreateUserInvite: both give a role to a new subject. */
class CreateWithRole extends Step {
  readonly kind: 'team' | 'invite';
  readonly orgRole: string;
  constructor(callerIndex: number, kind: 'team' | 'invite', orgRole: string) {
    super(callerIndex);
    this.kind = kind;
    this.orgRole = orgRole;
  }
  describe = () => `${this.kind === 'team' ? 'CreateTeam' : 'CreateUserInvite'}(caller#${this.callerIndex}, ${this.orgRole})`;
  async send(real: Real, caller: Subject) {
    const org = `/organizations/${real.world.org}`;
    const answer =
      this.kind === 'team'
        ? await call(real.iam, 'POST', `${org}/teams`, caller.value!, { name: 'run team', organizationRole: this.orgRole })
        : await call(real.iam, 'POST', `${org}/invites`, caller.value!, { inviteeEmail: 'new@example.com', role: this.orgRole });
    if (answer.status < 300) {
      const grant = { entityType: 'ORGANIZATION', entityId: real.world.org, role: this.orgRole };
      const callerHeld = effective([...caller.roles.values()].map((r) => r.grant), real.world, real.perms);
      const above = [...effective([grant], real.world, real.perms)].filter((p) => !callerHeld.has(p));
      if (above.length > 0) throw new Error(`${this.describe()}: accepted, above its granter (${above.slice(0, 4).join(', ')})`);
      if (this.kind === 'team') real.subjects.push({ kind: 'team', id: answer.body.id, roles: new Map() });
    }
    return answer;
  }
}

const ORG_ROLES = ['ORGANIZATION_OWNER', 'ORGANIZATION_BILLING_ADMIN', 'ORGANIZATION_MEMBER'];

function commandsFor(api: 'v1' | 'v1beta1') {
  const roleSpec = fc.constantFrom(...ROLE_SPECS);
  const apiRoles = fc.constantFrom(...ROLE_SPECS.filter((r) => !r.dag && (r.on === 'W1' || r.on === 'W2' || (api === 'v1' && r.role === 'DEPLOYMENT_ADMIN'))));
  const index = fc.nat({ max: 1000 });
  // Callers: any token, or (half the time) one of the presets that can write roles at all (owners).
  const OWNERS = PRESETS.flatMap((p, i) => (p.role.endsWith('_OWNER') ? [i] : []));
  const caller = fc.oneof(index, fc.constantFrom(...OWNERS));
  return [
    fc.tuple(caller, index, fc.array(roleSpec, { minLength: 1, maxLength: 3 })).map(([c, t, r]) => new GrantTokenRoles(c, t, r)),
    fc.tuple(caller, roleSpec).map(([c, r]) => new CreateToken(c, r)),
    fc.tuple(caller, index).map(([c, t]) => new RotateToken(c, t)),
    fc.tuple(caller, fc.constantFrom('user' as const, 'team' as const), fc.constantFrom(...ORG_ROLES), fc.array(apiRoles, { maxLength: 2 })).map(([c, k, o, r]) => new GrantSubjectRoles(c, k, o, r)),
    fc.tuple(caller, fc.constantFrom('team' as const, 'invite' as const), fc.constantFrom(...ORG_ROLES)).map(([c, k, o]) => new CreateWithRole(c, k, o)),
  ];
}

/** A fresh world and fresh preset tokens, user and team for one run, on a shared server. */
async function setup(mock: MockServer, iam: string, platform: string, perms: string[], scopeField: 'scope' | 'type'): Promise<Real> {
  const http = httpFor(mock, platform);
  const W1 = await http.workspace();
  const W2 = await http.workspace();
  const D1 = (await http.deployment(W1)).id;
  const D2 = (await http.deployment(W2)).id;
  const world: World = { org: mock.organizationId, W1, W2, D1, D2 };
  const subjects: Subject[] = [];
  for (const preset of PRESETS) {
    const grant = grantOf(world, preset);
    const scope = grant.entityType as 'ORGANIZATION' | 'WORKSPACE' | 'DEPLOYMENT';
    const issued = mock.issueToken({ role: grant.role, scope, entityId: grant.entityId });
    subjects.push({ kind: 'token', id: issued.id, value: issued.value, roles: new Map() });
  }
  const userId = mock.prepare('UpdateUserRoles').userId!;
  const teamId = mock.prepare('UpdateTeamRoles').teamId!;
  subjects.push({ kind: 'user', id: userId, roles: new Map() }, { kind: 'team', id: teamId, roles: new Map() });
  const real: Real = { mock, iam, platform, world, perms, scopeField, subjects, stats: { writes: 0, accepted: 0 } };
  // What the run starts with is given, not granted: read it once as the baseline.
  for (const s of subjects) {
    for (const grant of (await readRoles(real, s)) ?? []) s.roles.set(keyOf(grant), { grant, ceiling: effective([grant], world, perms) });
  }
  return real;
}

// v1beta1 is one server: IAM writes the roles, Platform stores the Workspaces and Deployments.
describe.each(['v1', 'v1beta1'] as const)('grant ceiling (model-based, fast-check commands): %s', (api) => {
  let mock: MockServer;
  beforeAll(async () => {
    mock = await startMockServer({ api, selfCheck: true });
  });
  afterAll(async () => {
    expect(mock.selfCheckFailures).toEqual([]);
    await mock.close();
  });

  it('no token, user, team or invite ever receives a permission its granter did not hold', async () => {
    console.log(`[grant-ceiling] ${api} fast-check seed ${SEED} (replay with FC_SEED=${SEED}), ${RUNS} runs`);
    const perms = universe(mock);
    const iam = mock.urls['v1beta1-iam'] ?? mock.url;
    const platform = mock.urls['v1beta1-platform'] ?? mock.url;
    const totals = { writes: 0, accepted: 0 };
    await fc.assert(
      fc.asyncProperty(fc.commands(commandsFor(api), { maxCommands: 30, size: 'medium' }), async (cmds) => {
        const real = await setup(mock, iam, platform, perms, api === 'v1' ? 'scope' : 'type');
        await fc.asyncModelRun(() => ({ model: { steps: 0 }, real }), cmds);
        totals.writes += real.stats.writes;
        totals.accepted += real.stats.accepted;
      }),
      { seed: SEED, numRuns: RUNS },
    );
    console.log(`[grant-ceiling] ${api}: ${totals.writes} role-writing calls, ${totals.accepted} accepted`);
    // The property is not vacuous: many writes were accepted (and each was checked against its caller).
    expect(totals.accepted).toBeGreaterThan(totals.writes / 10);
  }, 600_000);
});
