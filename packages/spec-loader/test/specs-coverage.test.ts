// The coverage table of specs/README.md ("operations modelled / published") is checked, not trusted:
// the modelled count is recomputed from our files; the published count, where a published file gives
// it, from ../shared/corpus/astro (skipped without ../shared).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundle, getRevision, loadSpec } from '../src/index.js';
import { operations } from './support/openapi.js';
import { documentOf, hasShared, repoRoot, sharedDir } from './support/revisions.js';

interface Row {
  readonly api: string;
  readonly revision: string;
  readonly modelled: number;
  readonly published: number;
}

const API_IDS: Record<string, string> = { v1: 'v1', 'v1beta1 Platform': 'v1beta1-platform', 'v1beta1 IAM': 'v1beta1-iam' };

function coverageRows(): Row[] {
  const readme = readFileSync(path.join(repoRoot, 'specs', 'README.md'), 'utf8');
  const rows: Row[] = [];
  for (const line of readme.split('\n')) {
    const match = /^\| (v1[^|]*?) \| (\d{4}-\d{2}-\d{2}) \| \*\*(\d+) \/ (\d+)\*\*/.exec(line);
    if (!match) continue;
    const api = API_IDS[match[1]!.trim()];
    if (!api) throw new Error(`specs/README.md: unknown API "${match[1]}" in the coverage table`);
    rows.push({ api, revision: match[2]!, modelled: Number(match[3]), published: Number(match[4]) });
  }
  return rows;
}

/** Published operation counts that a published file states (the others come from the facts' prose). */
function publishedCount(row: Row): number | undefined {
  const count = (relative: string) => operations(bundle(loadSpec(path.join(sharedDir, 'corpus', 'astro', relative)))).size;
  if (row.api === 'v1') return count('v1/2026-07-23.yaml');
  if (row.api === 'v1beta1-platform' && row.revision === '2024-07-31') return count('v1beta1-platform/2024-07-31.yaml');
  if (row.api === 'v1beta1-iam') return count('v1beta1-iam/2024-07-31.yaml') + 4; // + the four agent-token operations (facts §2.2)
  return undefined;
}

describe('specs/README.md coverage table', () => {
  const rows = coverageRows();

  it('has a row for each API', () => {
    expect(new Set(rows.map((row) => row.api))).toEqual(new Set(Object.values(API_IDS)));
  });

  it.each(rows.map((row) => [`${row.api}@${row.revision}`, row] as const))('%s: the modelled count is the number of operations in the file', (_name, row) => {
    expect(operations(documentOf(getRevision(row.api, row.revision, repoRoot))).size).toBe(row.modelled);
    expect(row.modelled).toBeLessThanOrEqual(row.published);
  });

  it.skipIf(!hasShared).each(rows.map((row) => [`${row.api}@${row.revision}`, row] as const))('%s: the published count matches the published file (needs ../shared)', (_name, row) => {
    const expected = publishedCount(row);
    if (expected !== undefined) expect(row.published).toBe(expected);
  });
});
