// Issue 9, "must show": our specs say the same thing as the files Astronomer published, judged by this
// project's own diff engine (oasdiff-js). Every change the engine finds between the published file and
// ours must be documentation only (descriptions, summaries, examples: our own words), or one of the
// deliberate deviations listed below, each with its reason (the same list is in specs/README.md).
//
// Needs ../shared (the published files live in ../shared/corpus/astro/); skipped with a message when it
// is absent (a fresh clone). CI always has it.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { currentRevision, findRepoRoot, getRevision, loadSpec } from '@astro-api/spec-loader';
import { diffSpecs, loadSide, specFromDocument, type Change } from 'oasdiff-js';
import { describe, expect, it } from 'vitest';
import { isDocumentationOnly } from '../src/change-filters.js';

const repoRoot = findRepoRoot(path.dirname(new URL(import.meta.url).pathname));
const corpus = path.resolve(repoRoot, '../shared/corpus/astro');
const hasShared = existsSync(corpus);
if (!hasShared) console.warn(`specs-vs-published: skipped, ${corpus} is absent (a fresh clone); CI has it.`);

interface Deviation {
  /** Rule id of the engine's change. */
  readonly rule: string;
  /** The change's `location`, exactly. */
  readonly location: string;
  readonly reason: string;
  /** The deviation holds only while the change affects no operation. */
  readonly unreferencedOnly?: boolean;
}

interface Pair {
  readonly name: string;
  readonly published: string;
  readonly ours: () => string;
  /** Deliberate deviations; keep in step with the table in specs/README.md. */
  readonly deviations: readonly Deviation[];
}

/**
 * Our v1beta1 Platform spec names parameters and responses that several operations share, where the
 * published file writes the same definition out at each operation. The engine reports each such component
 * as added, with no operation affected (`affects` is empty, checked below): the contract is identical, only
 * the spec's organisation differs.
 */
function sharedComponent(location: string): Deviation {
  return {
    rule: 'api-component-added',
    location,
    reason: 'a shared component of ours that the published file inlines at each use; no operation changes',
    unreferencedOnly: true,
  };
}

const PAIRS: Pair[] = [
  {
    name: 'v1: our newest revision against the published 2026-07-23 file',
    published: 'v1/2026-07-23.yaml',
    ours: () => currentRevision('v1', repoRoot).file,
    deviations: [],
  },
  {
    name: 'v1beta1 Platform: our 2024-07-31 revision against the published file of that date',
    published: 'v1beta1-platform/2024-07-31.yaml',
    ours: () => getRevision('v1beta1-platform', '2024-07-31', repoRoot).file,
    deviations: [
      ...['DeploymentId', 'DeploymentOrganizationId', 'LimitMax1000', 'Offset', 'WorkspaceId', 'WorkspaceOrganizationId'].map((name) =>
        sharedComponent(`components/parameters/${name}`),
      ),
      ...['BadRequest', 'Forbidden', 'InternalServerError', 'NotFound', 'Unauthorized'].map((name) => sharedComponent(`components/responses/${name}`)),
    ],
  },
];

const describeChange = (change: Change) => `${change.id} at ${change.location}: ${change.text}`;

/** The changes that are neither documentation nor a listed deviation, and the deviations that did not occur. */
function judge(changes: readonly Change[], deviations: readonly Deviation[]) {
  const listed = (change: Change) =>
    deviations.some((d) => d.rule === change.id && d.location === change.location && (!d.unreferencedOnly || (change.affects ?? []).length === 0));
  const unexplained = changes.filter((change) => !isDocumentationOnly(change) && !listed(change)).map(describeChange);
  const unused = deviations.filter((d) => !changes.some((change) => change.id === d.rule && change.location === d.location));
  return { unexplained, unused };
}

describe.skipIf(!hasShared)('our specs against the published Astro specs, by oasdiff-js (needs ../shared)', () => {
  describe.each(PAIRS.map((pair) => [pair.name, pair] as const))('%s', (_name, pair) => {
    const published = path.join(corpus, pair.published);

    it('differs only in documentation and the listed deviations', () => {
      expect(existsSync(published), published).toBe(true);
      const result = diffSpecs(published, pair.ours(), { cwd: repoRoot });
      // The engine did compare something: our prose differs everywhere, so there must be documentation changes.
      expect(result.changes.filter(isDocumentationOnly).length).toBeGreaterThan(0);
      const { unexplained, unused } = judge(result.changes, pair.deviations);
      expect(unexplained, 'changes that are not documentation and not a listed deviation').toEqual([]);
      expect(unused, 'listed deviations that no longer occur (remove them here and in specs/README.md)').toEqual([]);
      for (const deviation of pair.deviations) expect(deviation.reason.length, deviation.location).toBeGreaterThan(20);
    });

    it('also matches in what the engine does not compare: declared tags, operation tags, x-originalParamName', () => {
      type Doc = { tags?: { name: string }[]; paths: Record<string, Record<string, { operationId?: string; tags?: string[]; requestBody?: Record<string, unknown> }>> };
      const facts = (file: string) => {
        const doc = loadSpec(file, { cwd: repoRoot }).document as unknown as Doc;
        const ops = Object.values(doc.paths).flatMap((item) => Object.values(item)).filter((op) => typeof op.operationId === 'string');
        return {
          declaredTags: (doc.tags ?? []).map((tag) => tag.name).sort(),
          operationTags: Object.fromEntries(ops.map((op) => [op.operationId, op.tags ?? []])),
          bodies: Object.fromEntries(ops.filter((op) => op.requestBody).map((op) => [op.operationId, [op.requestBody!['x-originalParamName'], op.requestBody!.required]])),
        };
      };
      expect(facts(pair.ours())).toEqual(facts(published));
    });

    it('notices a structural difference (the check can fail)', () => {
      // Change one fact in a copy of our file: the published `Error.statusCode` minimum is 400.
      const doc = structuredClone(loadSpec(pair.ours(), { cwd: repoRoot }).document);
      const error = doc.components?.schemas?.Error as { properties: { statusCode: { minimum?: number } } };
      error.properties.statusCode.minimum = 399;
      const result = diffSpecs(published, loadSide([specFromDocument(doc, path.basename(pair.ours()))]), { cwd: repoRoot });
      const { unexplained } = judge(result.changes, pair.deviations);
      expect(unexplained.some((line) => line.includes('statusCode'))).toBe(true);
    });
  });
});
