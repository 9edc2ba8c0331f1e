/**
 * The migration guide over the real specs, read the way a migrating team reads it: action first,
 * every v1beta1 operation the facts know of accounted for, and no claim of "not in v1" that the v1
 * spec contradicts. The declared facts files are checked against ../shared/reference/astro-api-facts.md
 * when ../shared is present (skipped, saying so, when it is not).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { currentRevision, findRepoRoot, loadSpec } from '@astro-api/spec-loader';
import { describe, expect, it } from 'vitest';
import { sectionBody } from '../src/markdown-sections.js';
import { buildGuideParts } from '../src/migration/generate.js';
import { areaOf, readKnownOperations } from '../src/migration/known-operations.js';
import { renderGuide } from '../src/migration/render.js';
import { listOperations, operationKey } from '../src/operations.js';

const repoRoot = findRepoRoot(path.dirname(new URL(import.meta.url).pathname));
const parts = buildGuideParts(repoRoot);
const guide = renderGuide(parts);
const v1Ops = listOperations(loadSpec(currentRevision('v1', repoRoot).file));
const known = readKnownOperations(repoRoot);

describe('areaOf', () => {
  it.each([
    ['/organizations', '/organizations'],
    ['/organizations/{organizationId}', '/organizations/{id}'],
    ['/organizations/{organizationId}/teams/{teamId}/roles', 'teams'],
    ['/organizations/{organizationId}/tokens/{tokenId}/roles', 'tokens'],
    ['/organizations/{organizationId}/deployments/{deploymentId}', 'deployments'],
    ['/organizations/{organizationId}/deployments/{deploymentId}/deploys/{deployId}/finalize', 'deploys'],
    ['/organizations/{organizationId}/deployments/{deploymentId}/agent-tokens', 'agent-tokens'],
    ['/authorization/permission-groups', '/authorization/permission-groups'],
  ])('%s → %s', (pathKey, area) => expect(areaOf(pathKey)).toBe(area));
});

describe('the migration guide opens with what to do', () => {
  it('has "Action required" as its first section, with JSON and curl examples', () => {
    const headings = [...guide.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
    expect(headings[0]).toBe('Action required');
    const body = sectionBody(guide, 'Action required') ?? '';
    expect(body).toMatch(/^\| # \| Change \| Level \| Differences \| Affects \| What to do \|$/m);
    expect(body).toContain('```json');
    expect(body).toMatch(/```sh\ncurl -sS/);
    for (const block of body.matchAll(/```json\n([\s\S]*?)```/g)) expect(() => JSON.parse(block[1]!)).not.toThrow();
    // The three changes every client makes, and how to find and stage them.
    expect(body).toMatch(/Change the base URL/);
    expect(body).toMatch(/Rename `type` to `scope`/);
    expect(body).toMatch(/X-API-Version: 1\.0/);
    expect(body).toMatch(/### Find the calls to change/);
    expect(body).toMatch(/### Run both versions side by side/);
  });

  it('lists the operation matrix and the schema listing once, in appendices after the hand-written context', () => {
    const headings = [...guide.matchAll(/^## (.+)$/gm)].map((m) => m[1]!);
    const context = headings.indexOf('Context (hand-written)');
    expect(headings.filter((h) => h.startsWith('Appendix'))).toEqual(['Appendix A: Operations', 'Appendix B: Schema changes']);
    expect(headings.indexOf('Appendix A: Operations')).toBeGreaterThan(context);
    expect(guide.match(/^\| Method \| v1beta1 path \|/gm)).toHaveLength(parts.inputs.from.length);
  });
});

describe('every v1beta1 operation the facts know of', () => {
  it('appears in the guide: each area with the facts\' count, each modelled operation on its own row', () => {
    expect(known.areas.length).toBeGreaterThan(0);
    for (const area of known.areas) {
      const label = area.area.startsWith('/') ? `\`${area.area}\`` : area.area;
      expect(guide).toContain(`| \`${area.api}\` | ${label} | ${area.operations} | `);
    }
    for (const part of parts.inputs.from) {
      for (const op of listOperations(part.spec)) expect(guide).toContain(`| ${op.method} | \`${op.path}\` | \`${op.operationId}\` | `);
    }
  });

  it('counts the modelled operations from the specs, so new spec operations show at once', () => {
    for (const area of parts.coverage.areas) {
      const part = parts.inputs.from.find((p) => p.api.id === area.api)!;
      expect(area.modelled.length).toBe(listOperations(part.spec).filter((op) => areaOf(op.path) === area.area).length);
    }
    const modelled = parts.inputs.from.reduce((n, p) => n + listOperations(p.spec).length, 0);
    expect(guide).toContain(`of the ${modelled} modelled operations`);
  });

  it('calls nothing unavailable in v1 that the v1 spec has', () => {
    const v1Keys = new Set(v1Ops.map(operationKey));
    const v1Areas = new Set(v1Ops.map((op) => areaOf(op.path)));
    let claims = 0;
    for (const line of guide.split('\n').filter((l) => /not available in v1/.test(l))) {
      const op = /^\| ([A-Z]+) \| `([^`]+)` \|/.exec(line);
      const area = /^\| `[^`]+` \| `?([^|`]+)`? \| \d+ \|/.exec(line);
      if (op) {
        claims++;
        expect(v1Keys.has(`${op[1]} ${op[2]}`), line).toBe(false);
      } else if (area) {
        claims++;
        expect(v1Areas.has(area[1]!.trim()), line).toBe(false);
      }
    }
    for (const area of known.areas.filter((a) => a.notInV1)) {
      expect(v1Areas.has(area.area), area.area).toBe(false);
      expect(guide).toContain(`Keep ${area.area.replace(/-/g, ' ')} on v1beta1`);
    }
    expect(claims).toBeGreaterThanOrEqual(known.areas.filter((a) => a.notInV1).length);
  });
});

describe('no misleading claims', () => {
  it('explains the kind default as an annotation difference, and says "v1beta1 declares none" where v1beta1 declares no permission', () => {
    expect(guide).not.toMatch(/lost its default/);
    expect(guide).toMatch(/`CreateApiTokenRequest\.kind`: v1 no longer declares `default: STANDARD`, but its v1 description still says so/);
    expect(guide).not.toMatch(/now requires `deployment\.agentTokens/);
    expect(guide).toMatch(/`ListAgentTokens` needs `deployment\.agentTokens\.get` \(v1beta1 declares none\)/);
  });

  it('states the coverage of each v1beta1 spec', () => {
    expect(guide).toMatch(/\*\*Coverage\.\*\* The project's facts know of \d+ v1beta1 operations/);
  });
});

describe('the declared facts match ../shared/reference/astro-api-facts.md', () => {
  const factsFile = path.resolve(repoRoot, '../shared/reference/astro-api-facts.md');
  describe.skipIf(!existsSync(factsFile))('(needs ../shared; skipped when it is absent)', () => {
    const facts = existsSync(factsFile) ? readFileSync(factsFile, 'utf8') : '';
    /** `name count` pairs of a §4.x paragraph, parenthesised remarks dropped. */
    const areasOf = (heading: string) => {
      const start = facts.indexOf(heading);
      const body = facts.slice(facts.indexOf('\n', start) + 1, facts.indexOf('\n### ', start + 1)).replace(/\([^)]*\)/g, '');
      return [...body.matchAll(/(?<![A-Za-z-])(`[^`]+`|[a-z][a-z-]*) (\d+)\b/g)].map((m) => ({ area: m[1]!.replace(/`/g, ''), operations: Number(m[2]) }));
    };

    it('every area and count of §4.2 (IAM) and §4.3 (Platform), nothing more', () => {
      const expected = [
        ...areasOf('### 4.2 v1beta1 IAM').map((a) => ({ api: 'v1beta1-iam', ...a })),
        ...areasOf('### 4.3 v1beta1 Platform').map((a) => ({ api: 'v1beta1-platform', ...a })),
      ];
      expect(expected.length).toBeGreaterThan(15);
      expect(known.areas.map(({ api, area, operations }) => ({ api, area, operations }))).toEqual(expected);
    });

    it('the areas v1 does not support (§4.4), and the version header (§1)', () => {
      const line = facts.split('\n').find((l) => /not supported in v1/.test(l)) ?? '';
      const named = [...line.matchAll(/([a-z-]+) ×(\d+)/g)].map((m) => m[1]);
      expect(known.areas.filter((a) => a.notInV1).map((a) => a.area)).toEqual(named);
      const versioning = JSON.parse(readFileSync(path.join(repoRoot, 'packages/docs-pipeline/migration/versioning.json'), 'utf8')) as { header: string; value: string };
      expect(facts).toContain(`${versioning.header}: ${versioning.value}`);
    });
  });
});
