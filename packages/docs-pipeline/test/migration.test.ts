import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadSpec } from '@astro-api/spec-loader';
import { describe, expect, it } from 'vitest';
import { buildGuideParts } from '../src/migration/generate.js';
import { renderGuide } from '../src/migration/render.js';
import { listOperations } from '../src/operations.js';
import { fixtureRepo, tempFolder } from './scratch-repo.js';

const parts = buildGuideParts(fixtureRepo);
const guide = renderGuide(parts);

describe('migration guide for the fixture repository', () => {
  it('has a row for every operation of both predecessor specs', () => {
    for (const [api, file] of [['v1beta1-iam', 'v1beta1/iam/2025-06-01.yaml'], ['v1beta1-platform', 'v1beta1/platform/2025-01-01.yaml']] as const) {
      const operations = listOperations(loadSpec(path.join(fixtureRepo, 'specs', file)));
      expect(operations.length).toBeGreaterThan(0);
      for (const op of operations) {
        expect(parts.map.rows.some((row) => row.api === api && row.from.method === op.method && row.from.path === op.path)).toBe(true);
        expect(guide).toContain(`| ${op.method} | \`${op.path}\` | \`${op.operationId}\` |`);
      }
    }
    expect(parts.map.rows).toHaveLength(5);
  });

  it('marks operations missing from v1, and lists v1-only operations', () => {
    expect(guide).toContain('| GET | `/organizations/{organizationId}/alerts` | `ListAlerts` | **not available in v1** |');
    expect(guide).toContain('| GET | `/organizations/{organizationId}/tokens` | `ListApiTokens` | GET `/organizations/{organizationId}/tokens` (`ListApiTokens`) |');
    expect(parts.map.onlyInSuccessor.map((op) => op.operationId)).toEqual(['GetSelfUser']);
  });

  it('shows the base URLs of both specs and the one v1 base URL', () => {
    expect(guide).toContain('## Base URLs: 2 specs become one');
    for (const url of ['https://api.example.test/iam/v1beta1', 'https://api.example.test/platform/v1beta1', 'https://api.example.test/v1']) {
      expect(guide).toContain(`\`${url}\``);
    }
  });

  it('reports type → scope as a rename because the engine proves it', () => {
    const renames = parts.schemas.flatMap((group) => group.renames);
    expect(renames).toEqual([
      { schema: 'ApiToken', from: 'type', to: 'scope', provenance: 'proven' },
      { schema: 'CreateApiTokenRequest', from: 'type', to: 'scope', provenance: 'proven' },
    ]);
    expect(guide).toContain('- **Renamed** `type` → `scope` (proven by the engine');
  });

  it('computes what stays the same', () => {
    expect(parts.invariants.pagination).toEqual({ operations: 1, unchanged: 1, exceptions: [] });
    expect(parts.invariants.errorSchemas).toEqual([{ schema: 'Error', apis: ['v1beta1-iam', 'v1beta1-platform'], same: true, properties: ['message (required)', 'requestId (required)', 'statusCode (required)'] }]);
    expect(parts.invariants.unchangedSchemas).toEqual(['ApiTokensPaginated', 'Error']);
    expect(parts.invariants.securitySchemes).toEqual({ names: [], same: true });
    expect(guide).toContain('- **Operations**: 1 of 5 operations map to v1 with no change beyond documentation');
  });

  it('shows TypeScript before and after with the rename applied', () => {
    expect(parts.example.before).toContain("import { createIamClient, createPlatformClient } from '@astro-api/client/v1beta1';");
    expect(parts.example.before).toContain("body: { name: 'My token', type: 'DEPLOYMENT' },");
    expect(parts.example.after).toContain("import { createAstroClient } from '@astro-api/client/v1';");
    expect(parts.example.after).toContain("body: { name: 'My token', scope: 'DEPLOYMENT' },");
    expect(parts.example.after).not.toMatch(/createIamClient|createPlatformClient/);
  });

  it('ends with a checklist and the hand-written context, kept apart', () => {
    expect(guide).toContain('- [ ] Rename `type` to `scope` (action ');
    expect(guide).toMatch(/- \[ \] Replace `ListAlerts` \(action \d+\)\./);
    const context = guide.indexOf('## Context (hand-written)');
    expect(context).toBeGreaterThan(guide.indexOf('## Checklist'));
    expect(guide.slice(context)).toContain('January 2027');
    expect(guide).not.toContain('<!--');
  });
});

describe('declared renames', () => {

  /**
   * A copy of the fixture repository where v1's `scope` differs from v1beta1's `type` beyond
   * documentation (a `minLength`), so the engine cannot prove the rename. (A description alone no
   * longer suffices: the engine compares definitions beyond documentation.)
   */
  function repoWithDifferentScope(renames?: unknown): string {
    const root = tempFolder('docs-pipeline-renames-');
    cpSync(fixtureRepo, root, { recursive: true });
    const v1 = path.join(root, 'specs/v1/2026-01-01.yaml');
    const text = readFileSync(v1, 'utf8');
    const edited = text.replaceAll('        scope: { type: string, enum: [DEPLOYMENT, WORKSPACE, ORGANIZATION] }', '        scope: { type: string, minLength: 1, enum: [DEPLOYMENT, WORKSPACE, ORGANIZATION] }');
    expect(edited).not.toBe(text);
    writeFileSync(v1, edited);
    if (renames) {
      mkdirSync(path.join(root, 'packages/docs-pipeline/migration'), { recursive: true });
      writeFileSync(path.join(root, 'packages/docs-pipeline/migration/renames.json'), JSON.stringify(renames));
    }
    return root;
  }

  it('does not call an unproven change a rename', () => {
    const unproven = buildGuideParts(repoWithDifferentScope());
    expect(unproven.schemas.flatMap((group) => group.renames)).toEqual([]);
    expect(renderGuide(unproven)).not.toContain('**Renamed**');
  });

  it('reports a declared rename and says it was declared', () => {
    const declared = buildGuideParts(repoWithDifferentScope({ renames: [{ schema: 'ApiToken', from: 'type', to: 'scope' }, { schema: 'CreateApiTokenRequest', from: 'type', to: 'scope' }] }));
    const renames = declared.schemas.flatMap((group) => group.renames);
    expect(renames.map((rename) => [rename.schema, rename.provenance])).toEqual([['ApiToken', 'declared'], ['CreateApiTokenRequest', 'declared']]);
    expect(renderGuide(declared)).toContain('(declared in `packages/docs-pipeline/migration/renames.json`)');
  });
});
