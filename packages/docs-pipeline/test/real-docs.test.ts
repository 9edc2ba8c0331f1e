/**
 * Golden and drift tests over the repository's real specs and committed docs. The facts come from the
 * published Astro IAM changelog entries of September 17, 2025 and April 2, 2026 (../shared/seeds/000_…,
 * 002_…); the seeds are only read to confirm they still state the facts checked here.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { currentRevision, findRepoRoot, listApis, loadSpec } from '@astro-api/spec-loader';
import { describe, expect, it } from 'vitest';
import { generateChangelogFiles } from '../src/changelog/generate.js';
import { docsDrift, generateDocsFiles } from '../src/docs-files.js';
import { sectionBody } from '../src/markdown-sections.js';
import { buildGuideParts, generateMigrationFiles, MIGRATION_GUIDE } from '../src/migration/generate.js';
import { renderGuide } from '../src/migration/render.js';
import { distinctChanges, moreSevere } from '../src/change-filters.js';
import { listOperations } from '../src/operations.js';

const repoRoot = findRepoRoot(path.dirname(new URL(import.meta.url).pathname));
const changelog = generateChangelogFiles(repoRoot);
const entry = (date: string) => {
  const text = changelog.get(`docs/changelog/v1beta1-iam/${date}.md`);
  if (!text) throw new Error(`no v1beta1-iam entry for ${date}`);
  return text;
};

/** The lines under `- <subject>` in `## <section>` → `### <subsection>`, up to the next subject. */
function subjectBlock(markdown: string, section: string, subsection: string, subject: string): string {
  const sub = sectionBody(sectionBody(markdown, section) ?? '', subsection) ?? '';
  const lines = sub.split('\n');
  const start = lines.indexOf(`- \`${subject}\``);
  if (start === -1) throw new Error(`no "- \`${subject}\`" under ${section} / ${subsection}`);
  let end = start + 1;
  while (end < lines.length && !lines[end]!.startsWith('- ')) end++;
  return lines.slice(start + 1, end).join('\n');
}

const AGENT_TOKENS = '/organizations/{organizationId}/deployments/{deploymentId}/agent-tokens';

describe('v1beta1-iam September 17, 2025 (agent tokens)', () => {
  const md = entry('2025-09-17');

  it('is titled and linked like the published entry', () => {
    expect(md.startsWith('# September 17, 2025\n')).toBe(true);
    expect(md).toContain('Previous: [December 10, 2024](./2024-12-10.md)');
    expect(md).toContain('Next: [April 2, 2026](./2026-04-02.md)');
  });

  const endpoints: Array<[string, string, string[], string]> = [
    ['GET', AGENT_TOKENS, ['`organizationId` (path, string)', '`deploymentId` (path, string)'], '200, 400, 401, 403, 404, 500'],
    ['POST', AGENT_TOKENS, ['`organizationId` (path, string)', '`deploymentId` (path, string)'], '200, 400, 401, 403, 404, 500'],
    ['GET', `${AGENT_TOKENS}/{agentTokenId}`, ['`organizationId` (path, string)', '`deploymentId` (path, string)', '`agentTokenId` (path, string)'], '200, 400, 401, 403, 404, 500'],
    ['DELETE', `${AGENT_TOKENS}/{agentTokenId}`, ['`organizationId` (path, string)', '`deploymentId` (path, string)', '`agentTokenId` (path, string)'], '204, 400, 401, 403, 404, 500'],
  ];
  it.each(endpoints)('adds %s %s with its parameters and responses', (method, pathKey, parameters, responses) => {
    const block = subjectBlock(md, 'Added', 'Endpoints', `${method} ${pathKey}`);
    for (const parameter of parameters) expect(block).toContain(`- ${parameter}`);
    expect(block).toContain(`Responses: ${responses}.`);
  });

  it('lists the pagination parameters of List Agent Tokens with defaults and maximum', () => {
    const block = subjectBlock(md, 'Added', 'Endpoints', `GET ${AGENT_TOKENS}`);
    expect(block).toMatch(/- `offset` \(query, integer\): .*Default: 0\b/);
    expect(block).toMatch(/- `limit` \(query, integer\): .*Default: 20\b.*Max: 1000\b/);
    expect(block).toMatch(/- `sorts` \(query, array of strings\): .*`name:asc`/);
  });

  it('names CreateAgentTokenRequest as the request body of Create, and what each new endpoint returns', () => {
    expect(subjectBlock(md, 'Added', 'Endpoints', `POST ${AGENT_TOKENS}`)).toContain('Request body: `CreateAgentTokenRequest`.');
    expect(subjectBlock(md, 'Added', 'Endpoints', `POST ${AGENT_TOKENS}`)).toMatch(/Returns `\w+`\./);
    expect(subjectBlock(md, 'Added', 'Endpoints', `GET ${AGENT_TOKENS}`)).toMatch(/Returns `\w+`\./);
  });

  it('adds CreateAgentTokenRequest with its fields, the required name and the expiry range', () => {
    const block = subjectBlock(md, 'Added', 'Schemas', 'CreateAgentTokenRequest');
    expect(block).toMatch(/- `name` \(string\): .*Required\./);
    expect(block).toMatch(/- `description` \(string\)/);
    expect(block).toMatch(/- `tokenExpiryPeriodInDays` \(integer\): .*never expires.*Range: 1 to 3650\./);
  });

  it('says nothing existing was modified', () => {
    expect(sectionBody(md, 'Changed')).toBe('- No existing schemas or endpoints were modified.');
  });
});

describe('v1beta1-iam April 2, 2026 (token kind and permissions)', () => {
  const md = entry('2026-04-02');
  const json = JSON.parse(changelog.get('docs/changelog/v1beta1-iam/2026-04-02.json')!) as {
    changes: Array<{ kind: string; location: string; text: string; operation?: { method: string; path: string } }>;
  };

  it('is titled and linked like the published entry', () => {
    expect(md.startsWith('# April 2, 2026\n')).toBe(true);
    expect(md).toContain('Previous: [September 17, 2025](./2025-09-17.md)');
  });

  it('adds kind to ApiToken with both values, as a required property', () => {
    expect(subjectBlock(md, 'Added', 'Schemas', 'ApiToken')).toMatch(/- `kind` \(string\): .*Options: `STANDARD`, `DIRECT_ACCESS`\..*Required\./);
  });

  it('adds kind to CreateApiTokenRequest with both values and the default STANDARD', () => {
    expect(subjectBlock(md, 'Added', 'Schemas', 'CreateApiTokenRequest')).toMatch(/- `kind` \(string\): .*Options: `STANDARD`, `DIRECT_ACCESS`\..*Default: `STANDARD`\./);
  });

  const permissions: Array<[string, string, string]> = [
    ['/organizations/{organizationId}/tokens', 'GET, POST', 'organization.apiTokens.access'],
    ['/organizations/{organizationId}/tokens/{tokenId}', 'GET, POST, DELETE', 'organization.apiTokens.access'],
    ['/organizations/{organizationId}/tokens/{tokenId}/roles', 'POST', 'organization.apiTokens.access'],
    ['/organizations/{organizationId}/tokens/{tokenId}/rotate', 'POST', 'organization.apiTokens.access'],
    ['/organizations/{organizationId}/users/{userId}/roles', 'POST', 'organization.userRoles.access'],
  ];
  it.each(permissions)('adds the permission on %s for %s', (pathKey, methods, permission) => {
    const block = subjectBlock(md, 'Added', 'Permissions', pathKey);
    // A marked (warning) change has its own line per method; unmarked ones may share a line.
    const listed = [...block.matchAll(/^ {2}- (?:\*\*\[\w+\]\*\* )?([A-Z, ]+): Requires `([^`]+)`\.$/gm)];
    expect(listed.flatMap((m) => m[1]!.split(', ')).sort()).toEqual(methods.split(', ').sort());
    for (const m of listed) expect(m[2]).toBe(permission);
  });

  it('adds the kind query parameter to ListApiTokens', () => {
    expect(subjectBlock(md, 'Added', 'Query Parameters', 'GET /organizations/{organizationId}/tokens')).toMatch(/- `kind` \(query, string\): .*`STANDARD`, `DIRECT_ACCESS`/);
  });

  it('summarises for callers: kind and the new filter before DagRole, one bullet for the three new query parameters', () => {
    const bullets = (sectionBody(md, 'Summary') ?? '').split('\n');
    const kind = bullets.findIndex((b) => /Added `kind`/.test(b));
    const filter = bullets.filter((b) => b.includes('`GET /organizations/{organizationId}/tokens`'));
    expect(filter).toHaveLength(1);
    expect(filter[0]).toMatch(/`dagId`, `dagTags` and `kind`/);
    const dagRole = bullets.findIndex((b) => b.includes('`DagRole`'));
    expect(kind).toBeGreaterThan(-1);
    expect(kind).toBeLessThan(dagRole);
    expect(bullets.indexOf(filter[0]!)).toBeLessThan(dagRole);
  });

  it('reports no positional renames of offset, limit or sorts', () => {
    expect(md).not.toMatch(/replaced|previously/i);
    const listTokens = json.changes.filter((change) => change.operation?.method.toUpperCase() === 'GET' && change.operation.path === '/organizations/{organizationId}/tokens');
    expect(listTokens.filter((change) => /\b(offset|limit|sorts)\b/.test(`${change.location} ${change.text}`))).toEqual([]);
    expect(listTokens.filter((change) => change.kind.startsWith('parameter:')).map((change) => change.kind)).not.toContain('parameter:renamed');
  });
});

describe('the seeds still state the facts the golden tests check', () => {
  const seeds = path.resolve(repoRoot, '../shared/seeds');
  describe.skipIf(!existsSync(seeds))('(needs ../shared)', () => {
    const seed = (prefix: string) => readFileSync(path.join(seeds, readdirSync(seeds).find((name) => name.startsWith(prefix))!), 'utf8');
    it('Sep 2025 names the agent-token defaults and range; Apr 2026 shows the positional artefact we must not repeat', () => {
      expect(seed('000_')).toMatch(/Default: 20, Max: 1000/);
      expect(seed('000_')).toMatch(/Range: 1 to 3650/);
      expect(seed('002_')).toMatch(/Replaced offset/);
      expect(seed('002_')).toMatch(/Requires organization\.userRoles\.access/);
    });
  });
});

describe('migration guide over the real specs', () => {
  const guide = generateMigrationFiles(repoRoot).get(MIGRATION_GUIDE)!;

  it('has a row for every v1beta1 operation', () => {
    const predecessors = listApis(repoRoot).filter((api) => api.successor === 'v1');
    expect(predecessors.map((api) => api.id).sort()).toEqual(['v1beta1-iam', 'v1beta1-platform']);
    let count = 0;
    for (const api of predecessors) {
      for (const op of listOperations(loadSpec(currentRevision(api.id, repoRoot).file))) {
        count++;
        expect(guide).toContain(`| ${op.method} | \`${op.path}\` | \`${op.operationId}\` | `);
      }
    }
    expect(count).toBeGreaterThan(40);
  });

  it('reports ApiToken.type → scope and CreateApiTokenRequest.type → scope as renames, saying why', () => {
    for (const schema of ['ApiToken', 'CreateApiTokenRequest']) {
      const section = sectionBody(guide, schema) ?? '';
      expect(section).toMatch(/^- \*\*Renamed\*\* `type` → `scope` \((proven by the engine|declared in `packages\/docs-pipeline\/migration\/renames\.json`)/m);
    }
  });
});

describe('committed docs', () => {
  it('equal freshly generated output (run `pnpm docs` after changing specs)', () => {
    expect(docsDrift(repoRoot, generateDocsFiles(repoRoot))).toEqual([]);
  });
});

describe('migration guide over the real specs: shared components and action levels', () => {
  const guideParts = buildGuideParts(repoRoot);
  const guide = renderGuide(guideParts);
  const organisational = distinctChanges(guideParts.inputs.result.changes).filter(
    (c) => (c.kind === 'component:removed' || c.kind === 'component:added') && c.schemaName === undefined && (c.affects ?? []).length === 0,
  );

  it('groups schemas by the engine schemaName only, never a shared response or parameter', () => {
    const schemaNames = new Set(guideParts.inputs.result.changes.map((c) => c.schemaName).filter((n): n is string => n !== undefined));
    for (const group of guideParts.schemas) expect(schemaNames.has(group.schema)).toBe(true);
    const componentNames = organisational.map((c) => c.component!.split('/').slice(1).join('/'));
    expect(componentNames.length).toBeGreaterThan(0);
    for (const name of componentNames) {
      expect(guideParts.schemas.some((group) => group.schema === name)).toBe(false);
      expect(guide).not.toContain(`Removed the component components/`);
    }
  });

  it('counts as changed only schemas both versions define, or with more than their addition to say', () => {
    const changed = guideParts.schemas.filter((group) => group.renames.length > 0 || group.changes.some((c) => c.kind !== 'schema:added') || (group.changes.length > 0 && group.documentation > 0));
    const added = guideParts.schemas.filter((group) => !changed.includes(group) && group.changes.some((c) => c.kind === 'schema:added'));
    expect(added.length).toBeGreaterThan(0);
    expect(guide).toContain(`- ${changed.length} schemas change beyond documentation`);
    expect(guide).toContain(`${added.length} schemas are new in v1 (Appendix B)`);
    for (const group of added) expect(guide).not.toContain(`### ${group.schema}\n`);
  });

  it('says once, in the Shared components appendix, that unfelt component moves are organisation only', () => {
    const section = sectionBody(guide, 'Shared components') ?? '';
    const bullets = section.split('\n').filter((line) => line.includes('no call changes'));
    expect(bullets).toHaveLength(1);
    for (const change of organisational) expect(bullets[0]).toContain(`\`${change.component!.split('/').slice(1).join('/')}\``);
    expect(guide.split('no call changes').length - 1).toBe(1);
  });

  it('orders the Action table by the engine levels; response values added and removed response properties are actions', () => {
    const rank = (level?: string) => (level === undefined ? 0 : ({ breaking: 1, warning: 2, info: 3 } as Record<string, number>)[level]!);
    const levels = guideParts.actions.map((action) => rank(action.level));
    expect(levels).toEqual([...levels].sort((a, b) => a - b));
    const enumAction = guideParts.actions.findIndex((action) => action.title === 'Accept new values in responses');
    const removedResponseProperty = guideParts.actions.findIndex((action) => /instead of|Stop sending and reading/.test(action.title));
    expect(enumAction).toBeGreaterThan(-1);
    expect(removedResponseProperty).toBeGreaterThan(-1);
    // Since oasdiff v1.37 a removed optional response property is info and a new response enum value is
    // breaking, so the order between the two follows the levels above; both stay actions.
    const enumLevel = distinctChanges(guideParts.inputs.result.changes)
      .filter((change) => change.kind === 'enum-value-added' && change.direction === 'response' && change.level !== 'info')
      .map((change) => change.level)
      .reduce((a, b) => moreSevere(a, b), 'info');
    expect(guideParts.actions[enumAction]!.level).toBe(enumLevel);
  });
});
