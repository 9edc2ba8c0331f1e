/**
 * Real specs from ../shared/corpus (needs ../shared; skipped when it is absent, CI always has it).
 * Every adjacent pair must run without a crash and with every change claimed by a rule. The bench
 * pairs are checked against the "real" change counts of ../shared/tools/peer-difftools/README.md
 * (a structural diff that keeps $refs): we must report the same order of magnitude, not thousands
 * of repeats of one component change.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffSpecs, type DiffResult } from '../src/index.js';

const repo = path.resolve(import.meta.dirname, '../../..');
const sharedDir = path.resolve(repo, '../shared');
const corpus = path.join(sharedDir, 'corpus');

/** `2024-04-11-early` < `2024-04-11` < `2021-11-04-2`: revisions of one day in publication order. */
function revisionOrder(name: string): string {
  const stem = name.replace(/\.(ya?ml|json)$/, '');
  const date = stem.slice(0, 10);
  const suffix = stem.slice(10);
  return `${date}${suffix === '-early' ? 0 : suffix === '' ? 1 : 2}${suffix}`;
}

function adjacent(dir: string): Array<[string, string]> {
  if (!existsSync(dir)) return [];
  const files = readdirSync(dir).filter((f) => /^\d{4}-\d{2}-\d{2}.*\.(ya?ml|json)$/.test(f)).sort((a, b) => (revisionOrder(a) < revisionOrder(b) ? -1 : 1));
  return files.slice(1).map((f, i) => [path.join(dir, files[i]!), path.join(dir, f)]);
}

function check(result: DiffResult): void {
  expect(result.notes.filter((n) => n.startsWith('internal:'))).toEqual([]);
  for (const c of result.changes) {
    expect(c.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(c.text.length).toBeGreaterThan(0);
  }
}

const history = existsSync(corpus) ? [...adjacent(path.join(corpus, 'astro/v1beta1-iam')), ...adjacent(path.join(corpus, 'astro/v1beta1-platform')), ...adjacent(path.join(corpus, 'pagerduty'))] : [];

describe.skipIf(!existsSync(corpus))('real specs: every adjacent revision (needs ../shared)', () => {
  it.each(history.map(([a, b]) => [path.relative(corpus, b), a, b]))('%s against its predecessor', (_name, a, b) => {
    check(diffSpecs(a, b));
  });

  it('composes v1beta1 IAM + Platform into one side', () => {
    const side = (date: string) => [`astro/v1beta1-iam/${date}.yaml`, `astro/v1beta1-platform/${date}.yaml`].map((f) => path.join(corpus, f));
    const result = diffSpecs(side('2024-05-23'), side('2024-06-12'), { basePath: 'prefix' });
    check(result);
    expect(result.base.sources).toHaveLength(2);
    // With --prefix-base every path carries its server's base path, so IAM and Platform paths stay apart.
    for (const c of result.changes) if (c.operation) expect(c.operation.path).toMatch(/^\/(iam|platform)\/v1beta1\//);
  });
});

/** Pair, and the "real" count the peer-tools README gives for it. */
const bench: Array<[string, string, string, number]> = [
  ['stripe adjacent', 'stripe/2023-09-11.yaml', 'stripe/2023-09-12.yaml', 4],
  ['stripe quarter', 'stripe/2023-06-08.yaml', 'stripe/2023-09-12.yaml', 861],
  ['cloudflare', 'cloudflare/2024-07-12.json', 'cloudflare/2024-08-06.json', 1144],
  ['github', 'github/2022-06-28.json', 'github/2022-07-18.json', 102],
  ['box', 'box/2026-02-11.json', 'box/2026-06-29.json', 141],
  ['digitalocean (multi-file)', 'digitalocean/2026-05-04/specification/DigitalOcean-public.v2.yaml', 'digitalocean/2026-08-07/specification/DigitalOcean-public.v2.yaml', 321],
];

describe.skipIf(!existsSync(corpus))('real specs: large bench pairs (needs ../shared)', () => {
  it('reports the handful of real changes on the Stripe adjacent pair, not thousands', () => {
    const result = diffSpecs(path.join(corpus, 'bench/stripe/2023-09-11.yaml'), path.join(corpus, 'bench/stripe/2023-09-12.yaml'));
    check(result);
    expect(result.changes.length).toBeGreaterThanOrEqual(1);
    expect(result.changes.length).toBeLessThanOrEqual(10);
    expect(result.changes.map((c) => `${c.id} ${c.location}`)).toContain('new-optional-request-property POST /v1/ephemeral_keys request body nonce');
  });

  it.each(bench.slice(1))('%s: runs and reports the same order of magnitude as the real count', (_name, a, b, real) => {
    const result = diffSpecs(path.join(corpus, 'bench', a), path.join(corpus, 'bench', b));
    check(result);
    console.log(`${_name}: ${result.changes.length} changes (real: ${real})`);
    expect(result.changes.length).toBeGreaterThan(real / 4);
    expect(result.changes.length).toBeLessThan(real * 2);
  });
});
