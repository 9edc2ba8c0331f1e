// "The facts match the real API": our specs against the files Astronomer published, which live in
// ../shared/corpus/astro/ (see ../shared/corpus/README.md). Needs ../shared: skipped when it is absent
// (a fresh clone); CI always has it.
//
// For every operation of our revision: same operationId, path and method; parameter names in the same
// order (and their `in`, `required` and schema facts); same response codes and response schemas; same
// x-permission; and the same named schemas reached, each with the same required list, property names,
// types, formats, enums and bounds. Descriptions and examples are ours and are not compared.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundle, currentRevision, getRevision, loadSpec, type OpenApiRoot, type Revision } from '../src/index.js';
import { differences, namedSchemaFacts, operationFacts } from './support/facts.js';
import { operations, reachedSchemas, schema } from './support/openapi.js';
import { documentOf, hasShared, repoRoot, sharedDir } from './support/revisions.js';


/**
 * Differences between our newest v1 and the published 2026-07-23 file that the facts explain
 * (`<operationId or schema name><fact path>` → reason). Empty: the facts record no change to the
 * in-scope operations between 2026-07-16 and 2026-07-23 (facts §6.3).
 */
const KNOWN_V1_LAG: Record<string, string> = {};

interface Pair {
  readonly name: string;
  readonly ours: () => Revision;
  readonly realFile: string;
  /** Which of the real file's operations we must have. */
  readonly mustHave: (real: OpenApiRoot) => string[];
  readonly allowed: Record<string, string>;
}

const PAIRS: Pair[] = [
  {
    name: 'v1beta1 IAM 2024-07-31 (whole spec)',
    ours: () => getRevision('v1beta1-iam', '2024-07-31', repoRoot),
    realFile: 'v1beta1-iam/2024-07-31.yaml',
    mustHave: (real) => [...operations(real).keys()],
    allowed: {},
  },
  {
    name: 'v1beta1 Platform 2024-07-31 (whole spec)',
    ours: () => getRevision('v1beta1-platform', '2024-07-31', repoRoot),
    realFile: 'v1beta1-platform/2024-07-31.yaml',
    mustHave: (real) => [...operations(real).keys()],
    allowed: {},
  },
  {
    name: 'v1 newest revision against the 2026-07-23 file',
    ours: () => currentRevision('v1', repoRoot),
    realFile: 'v1/2026-07-23.yaml',
    // All 75 published operations (facts §4.1).
    mustHave: (real) => [...operations(real).keys()],
    allowed: KNOWN_V1_LAG,
  },
];

const realDocs = new Map<string, OpenApiRoot>();
function realDocument(relative: string): OpenApiRoot {
  let doc = realDocs.get(relative);
  if (!doc) {
    doc = bundle(loadSpec(path.join(sharedDir, 'corpus', 'astro', relative)));
    realDocs.set(relative, doc);
  }
  return doc;
}

/** Drops the difference lines that a documented lag explains. */
function withoutAllowed(lines: string[], allowed: Record<string, string>): string[] {
  return lines.filter((line) => !Object.keys(allowed).some((key) => line.startsWith(key)));
}

describe.skipIf(!hasShared)('our specs match the published Astro specs (needs ../shared)', () => {
  describe.each(PAIRS.map((pair) => [pair.name, pair] as const))('%s', (_name, pair) => {
    const realPath = path.join(sharedDir, 'corpus', 'astro', pair.realFile);

    it('the published file is there', () => {
      expect(existsSync(realPath), realPath).toBe(true);
    });

    const ours = () => documentOf(pair.ours());
    const real = () => realDocument(pair.realFile);

    it('has the same server, title and security scheme', () => {
      expect(ours().servers?.[0]?.url).toBe(real().servers?.[0]?.url);
      expect(ours().info?.title).toBe(real().info?.title);
      expect(ours().components?.securitySchemes?.JWT).toMatchObject(real().components?.securitySchemes?.JWT as object);
    });

    it('has every in-scope operation, and no operation the real API lacks', () => {
      const oursIds = [...operations(ours()).keys()];
      const realIds = new Set(operations(real()).keys());
      expect(pair.mustHave(real()).filter((id) => !oursIds.includes(id)), 'missing operations').toEqual([]);
      expect(oursIds.filter((id) => !realIds.has(id)), 'operations the real file does not have').toEqual([]);
    });

    it('each operation has the real path, parameters (in order), request body, responses and x-permission', () => {
      const realOps = operations(real());
      const problems: string[] = [];
      for (const [id, view] of operations(ours())) {
        const realView = realOps.get(id);
        if (!realView) continue; // reported by the test above
        const lines = differences(operationFacts(ours(), view), operationFacts(real(), realView)).map((line) => `${id}${line}`);
        problems.push(...withoutAllowed(lines, pair.allowed));
      }
      expect(problems).toEqual([]);
    });

    it('the schemas the operations reach have the real required lists, properties, types, enums and bounds', () => {
      const oursDoc = ours();
      const realDoc = real();
      const realOps = operations(realDoc);
      const problems: string[] = [];
      const compared = new Set<string>();
      for (const [id, view] of operations(oursDoc)) {
        const realView = realOps.get(id);
        if (!realView) continue;
        const mine = reachedSchemas(oursDoc, view.operation);
        const theirs = reachedSchemas(realDoc, realView.operation);
        const only = (a: Set<string>, b: Set<string>) => [...a].filter((n) => !b.has(n)).sort();
        if (only(mine, theirs).length > 0) problems.push(`${id} reaches schemas the real one does not: ${only(mine, theirs).join(', ')}`);
        if (only(theirs, mine).length > 0) problems.push(`${id} does not reach: ${only(theirs, mine).join(', ')}`);
        for (const name of mine) {
          if (compared.has(name) || !theirs.has(name)) continue;
          compared.add(name);
          const lines = differences(namedSchemaFacts(oursDoc, schema(oursDoc, name)), namedSchemaFacts(realDoc, schema(realDoc, name)));
          problems.push(...withoutAllowed(lines.map((line) => `${name}${line}`), pair.allowed));
        }
      }
      expect(problems).toEqual([]);
      expect(compared.size, 'no schema was compared').toBeGreaterThan(0);
    });
  });

  it('the comparison notices a changed fact', () => {
    // Guard against a comparison that cannot fail: change one enum in a copy of our Platform spec.
    const doc = structuredClone(documentOf(getRevision('v1beta1-platform', '2024-07-31', repoRoot)));
    const org = schema(doc, 'Organization') as { properties: { status: { enum: string[] } } };
    org.properties.status.enum = ['ACTIVE', 'INACTIVE'];
    const realDoc = realDocument('v1beta1-platform/2024-07-31.yaml');
    expect(differences(namedSchemaFacts(doc, schema(doc, 'Organization')), namedSchemaFacts(realDoc, schema(realDoc, 'Organization')))).toEqual([
      '.properties.status.enum: ours ["ACTIVE","INACTIVE"] ≠ real ["ACTIVE","INACTIVE","SUSPENDED"]',
    ]);
    const view = operations(doc).get('ListWorkspaces')!;
    view.parameters.reverse();
    expect(differences(operationFacts(doc, view), operationFacts(realDoc, operations(realDoc).get('ListWorkspaces')!)).some((line) => line.startsWith('.parameterNames'))).toBe(true);
  });
});
