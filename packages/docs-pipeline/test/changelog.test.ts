import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateChangelogFiles } from '../src/changelog/generate.js';
import { runGenerateDocs } from '../src/cli/generate-docs.js';
import { listRevisions, loadSpec } from '@astro-api/spec-loader';
import { listOperations } from '../src/operations.js';
import { fixtureRepo, recordingIo, tempFolder } from './scratch-repo.js';

const files = generateChangelogFiles(fixtureRepo);
const file = (name: string) => {
  const text = files.get(`docs/changelog/${name}`);
  if (text === undefined) throw new Error(`not generated: ${name}`);
  return text;
};

describe('changelog files for the fixture repository', () => {
  it('writes one Markdown and one JSON file per revision, an index per API and a root index', () => {
    const expected = ['README.md'];
    for (const api of ['v1', 'v1beta1-iam', 'v1beta1-platform']) {
      expected.push(`${api}/README.md`);
      for (const { date } of listRevisions(api, fixtureRepo)) expected.push(`${api}/${date}.md`, `${api}/${date}.json`);
    }
    expect([...files.keys()].sort()).toEqual(expected.map((name) => `docs/changelog/${name}`).sort());
  });

  it('describes the first revision as the baseline, with its operations counted', () => {
    const baseline = file('v1beta1-iam/2025-01-01.md');
    const count = listOperations(loadSpec(path.join(fixtureRepo, 'specs/v1beta1/iam/2025-01-01.yaml'))).length;
    expect(count).toBe(2);
    expect(baseline).toContain('# January 1, 2025');
    expect(baseline).toContain('Baseline: the first revision of this API in the repository, with 2 operations on 1 path and 4 schemas.');
    expect(baseline).toContain('[June 1, 2025](./2025-06-01.md)');
    expect(JSON.parse(file('v1beta1-iam/2025-01-01.json'))).toEqual({ api: 'v1beta1-iam', date: '2025-01-01', baseline: true, paths: 1, operations: 2, schemas: 4 });
  });

  it('titles later entries with the long date and links the previous entry', () => {
    const entry = file('v1beta1-iam/2025-06-01.md');
    expect(entry).toContain('June 1, 2025');
    expect(entry).toContain('[January 1, 2025](./2025-01-01.md)');
    expect(entry).not.toMatch(/\]\(\.\/2025-06-01\.md\)/);
  });

  it('reports the inserted query parameter as added, with no positional renames', () => {
    const entry = file('v1beta1-iam/2025-06-01.md');
    expect(entry).toMatch(/kind/);
    expect(entry).toMatch(/GET \/organizations\/\{organizationId\}\/tokens\/\{tokenId\}/);
    expect(entry).not.toMatch(/replaced|previously/i);
    const { changes } = JSON.parse(file('v1beta1-iam/2025-06-01.json')) as { changes: Array<{ kind: string; location: string; text: string }> };
    const aboutPaging = changes.filter((change) => /\b(offset|limit|sorts)\b/.test(`${change.location} ${change.text}`));
    expect(aboutPaging).toEqual([]);
    expect(changes.filter((change) => change.kind.startsWith('parameter:')).map((change) => [change.kind, change.location])).toEqual([
      ['parameter:added', 'GET /organizations/{organizationId}/tokens query kind'],
    ]);
  });

  it('lists entries newest first in the API index, and every API in the root index', () => {
    const index = file('v1beta1-iam/README.md');
    expect(index.indexOf('(./2025-06-01.md)')).toBeGreaterThan(-1);
    expect(index.indexOf('(./2025-06-01.md)')).toBeLessThan(index.indexOf('(./2025-01-01.md)'));
    const root = file('README.md');
    for (const api of ['v1', 'v1beta1-iam', 'v1beta1-platform']) expect(root).toContain(`[${api}](./${api}/README.md)`);
  });

  it('is deterministic, and a relative repository root gives the same output', () => {
    expect(generateChangelogFiles(fixtureRepo)).toEqual(files);
    expect(generateChangelogFiles(path.relative(process.cwd(), fixtureRepo))).toEqual(files);
  });
});

describe('pnpm docs', () => {
  function copyOfFixture(): string {
    const root = tempFolder('docs-pipeline-docs-');
    cpSync(fixtureRepo, root, { recursive: true });
    return root;
  }

  it('writes the docs, and --check passes until a file drifts', () => {
    const root = copyOfFixture();
    const check = recordingIo(root);
    expect(runGenerateDocs(['--check'], check)).toBe(1);
    expect(check.err()).toContain('docs/changelog/README.md (missing)');
    expect(runGenerateDocs([], recordingIo(root))).toBe(0);
    expect(runGenerateDocs(['--check'], recordingIo(root))).toBe(0);
    // A file a person adds is theirs, not drift; a generated file whose revision is gone is stale.
    writeFileSync(path.join(root, 'docs/changelog/v1/notes.md'), 'mine');
    expect(runGenerateDocs(['--check'], recordingIo(root))).toBe(0);
    rmSync(path.join(root, 'specs/v1beta1/iam/2025-06-01.yaml'));
    const drift = recordingIo(root);
    expect(runGenerateDocs(['--check'], drift)).toBe(1);
    expect(drift.err()).toContain('docs/changelog/v1beta1-iam/2025-06-01.md (stale: no longer generated)');
    expect(drift.err()).not.toContain('notes.md');
  });

  it('leaves the existing docs untouched when a spec is broken', () => {
    const root = copyOfFixture();
    expect(runGenerateDocs([], recordingIo(root))).toBe(0);
    const before = readFileSync(path.join(root, 'docs/changelog/README.md'), 'utf8');
    writeFileSync(path.join(root, 'specs/v1beta1/iam/2025-06-01.yaml'), 'openapi: 3.0.3\npaths: [unclosed\n');
    const io = recordingIo(root);
    expect(runGenerateDocs([], io)).toBe(2);
    expect(io.err()).toMatch(/^docs: specs\/v1beta1\/iam\/2025-06-01\.yaml:\d+: /);
    expect(io.err().trim().split('\n')).toHaveLength(1);
    expect(readFileSync(path.join(root, 'docs/changelog/README.md'), 'utf8')).toBe(before);
  });
});
