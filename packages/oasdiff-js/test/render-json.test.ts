/**
 * `renderJson` with a bound writes what `JSON.stringify(result, null, 2)` writes, and refuses before
 * building it only a text that would be longer than the bound; and the `affects` lists of one component's changes are
 * one shared list (what kept Microsoft Graph's v1.0-to-beta result, 39,000 changes each naming up to
 * 14,301 operations, from holding a copy per change).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { OutputPastBound, renderJson } from '../src/render/json.js';
import { diffSpecs } from '../src/index.js';
import type { DiffResult } from '../src/result.js';
import { runCaptured } from './run-cli.js';

const result = fc.record({
  schemaVersion: fc.string(),
  base: fc.dictionary(fc.string(), fc.jsonValue()),
  revision: fc.jsonValue(),
  changes: fc.array(
    fc.oneof(
      fc.dictionary(fc.string(), fc.jsonValue()),
      fc.jsonValue(),
      fc.record({ id: fc.string(), affects: fc.array(fc.oneof(fc.record({ method: fc.string(), path: fc.string({ unit: 'binary' }) }), fc.jsonValue()), { maxLength: 30 }) }),
    ),
    { maxLength: 8 },
  ),
  notes: fc.array(fc.string({ unit: 'binary' })),
  extra: fc.option(fc.jsonValue(), { nil: undefined }),
}) as unknown as fc.Arbitrary<DiffResult>;

const dir = mkdtempSync(path.join(tmpdir(), 'oasdiff-js-render-json-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('renderJson', () => {
  it('with a bound: the text JSON.stringify writes, or a refusal only past the bound (property)', () => {
    fc.assert(
      fc.property(result, fc.nat({ max: 4000 }), (r, bound) => {
        const full = JSON.stringify(r, null, 2) + '\n';
        expect(renderJson(r)).toBe(full);
        expect(renderJson(r, Number.MAX_SAFE_INTEGER)).toBe(full);
        let text: string | undefined;
        try {
          text = renderJson(r, bound);
        } catch (error) {
          expect(error).toBeInstanceOf(OutputPastBound);
          expect(full.length).toBeGreaterThan(bound);
          return;
        }
        expect(text).toBe(full);
      }),
      { numRuns: 400 },
    );
    // The refusal is not vacuous: a result whose affects lists alone pass the bound is refused.
    const big = { schemaVersion: '1', changes: Array.from({ length: 50 }, () => ({ affects: Array.from({ length: 100 }, (_, i) => ({ method: 'GET', path: `/p${i}` })) })) } as unknown as DiffResult;
    expect(() => renderJson(big, 100_000)).toThrow(OutputPastBound);
    expect(renderJson(big, JSON.stringify(big, null, 2).length + 1)).toBe(JSON.stringify(big, null, 2) + '\n');
  });

  it('shares one affects list among the changes of one component', () => {
    const ops = Array.from({ length: 40 }, (_, i) => `  /r${i}:\n    get:\n      responses:\n        "200":\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: "#/components/schemas/Base"}\n`).join('');
    const spec = (props: string) => `openapi: 3.0.3\ninfo: {title: t, version: "1"}\npaths:\n${ops}components:\n  schemas:\n    Base:\n      type: object\n      properties:\n${props}`;
    const base = spec('        a: {type: string, description: one}\n        b: {type: string, description: one}\n        c: {type: string}\n');
    const revision = spec('        a: {type: string, description: two}\n        b: {type: string, description: two}\n        c: {type: integer}\n');
    writeFileSync(path.join(dir, 'base.yaml'), base);
    writeFileSync(path.join(dir, 'revision.yaml'), revision);
    const { changes } = diffSpecs(path.join(dir, 'base.yaml'), path.join(dir, 'revision.yaml'));
    const inBase = changes.filter((c) => c.component === 'schemas/Base');
    expect(inBase.length).toBeGreaterThanOrEqual(3);
    expect(inBase[0]!.affects).toHaveLength(40);
    for (const c of inBase) expect(c.affects).toBe(inBase[0]!.affects);
    // The CLI refuses such a result before writing its JSON when the lists alone pass the bound.
    const refused = runCaptured(['diff', 'base.yaml', 'revision.yaml', '--format', 'json', '--max-output-bytes', '2000'], { cwd: dir });
    expect(refused.code).toBe(2);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toBe('oasdiff-js: the output would be more than --max-output-bytes 2000; narrow it with --level or --match-path, or raise the limit\n');
  });
});
