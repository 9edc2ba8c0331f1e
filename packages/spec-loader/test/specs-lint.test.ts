// Issue 2, "must show": `redocly lint` reports zero errors on every revision.
// One Redocly process lints every revision (it is slow to start); the rules are in specs/redocly.yaml.
import { beforeAll, describe, expect, it } from 'vitest';
import { lintFiles, reportKey, type LintReport } from './support/lint.js';
import { allRevisions, apis, label, revisionsOf } from './support/revisions.js';
import { scratchSpec, validSpecText } from './support/scratch.js';

describe('redocly lint over every revision', () => {
  it('every API in the manifest has at least one revision', () => {
    for (const api of apis) expect(revisionsOf(api.id).map((r) => r.date), `specs/${api.dir} holds no revision`).not.toEqual([]);
  });

  // One Redocly run for all revisions, shared by the per-file tests below.
  let report: LintReport | undefined;
  beforeAll(() => {
    if (allRevisions.length > 0) report = lintFiles(allRevisions.map((revision) => revision.file));
  }, 120_000);

  it('the lint ran and produced a report', () => {
    expect(report?.stderr ?? 'no revisions', 'lint-specs.mjs could not run').not.toMatch(/lint-specs:/);
    expect(report?.status).not.toBe(2);
  });

  it.each(allRevisions.map((revision) => [label(revision), revision] as const))('%s has zero lint errors', (_name, revision) => {
    const entry = report?.files[reportKey(revision.file)];
    expect(entry, `no lint result for ${revision.repoPath}`).toBeDefined();
    const errors = entry!.problems.filter((problem) => problem.severity === 'error');
    expect(errors.map((e) => `${revision.repoPath}:${e.line ?? '?'} ${e.ruleId}: ${e.message} (${e.pointer})`)).toEqual([]);
  });
});

describe('the lint fails on a broken spec', () => {
  it('passes the scratch spec as written (so the failures below come from the breakage)', () => {
    const file = scratchSpec('ok.yaml', validSpecText);
    const report = lintFiles([file]);
    expect(report.status).toBe(0);
    expect(report.files[reportKey(file)]?.errors).toBe(0);
  });

  it.each([
    ['a dangling $ref', validSpecText.replace("$ref: '#/components/schemas/Thing'", "$ref: '#/components/schemas/Nothing'"), 'no-unresolved-refs'],
    ['an undeclared path parameter', validSpecText.replace('/things/{thingId}:', '/things/{thingId}/{partId}:'), 'path-parameters-defined'],
    ['an example that breaks its schema', validSpecText.replace('          example: 3', '          example: three'), 'no-invalid-schema-examples'],
    ['no 2xx response', validSpecText.replace("        '200':", "        '409':"), 'operation-2xx-response'],
  ])('reports %s as an error and exits 1', (_name, text, ruleId) => {
    const file = scratchSpec('broken.yaml', text);
    const report = lintFiles([file]);
    expect(report.status).toBe(1);
    const errors = report.files[reportKey(file)]?.problems.filter((p) => p.severity === 'error') ?? [];
    expect(errors.map((e) => e.ruleId)).toContain(ruleId);
  });

  it('names the file when Redocly cannot parse it, and exits 2', () => {
    const file = scratchSpec('unparsable.yaml', 'openapi: 3.0.3\ninfo:\n  title: [unclosed\n');
    const report = lintFiles([file]);
    expect(report.status).toBe(2);
    expect(report.stderr).toContain('unparsable.yaml');
  });
});
