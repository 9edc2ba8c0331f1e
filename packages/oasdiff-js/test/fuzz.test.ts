/**
 * Fuzzing the engine and CLI: real specs (this repository's, and from ../shared/corpus when it is
 * present) are mutated — nodes deleted, types swapped, keys duplicated, `$ref`s to missing, cyclic,
 * escaping and remote targets inserted, deep nesting, huge strings and numbers — and each variant is
 * diffed through the CLI. Every variant must end in exit 0/1 (a diff) or exit 2 with one line on
 * stderr; anything thrown out of `runCli` is a bug.
 *
 * The seed changes every run (so CI runs explore different variants) and is printed; replay a failure
 * with FUZZ_SEED=<seed>. FUZZ_RUNS sets the number of variants (default 50, 10–20 s here).
 * Wall time and heap are recorded per variant and checked against generous hang bounds only.
 */
import { mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import yaml from 'js-yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/run.js';
import { applyMutation, mutationArbitrary, type Mutation } from './fuzz-mutations.js';

const repo = fileURLToPath(new URL('../../..', import.meta.url));
const seed = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const numRuns = Number(process.env.FUZZ_RUNS ?? 50);
/** Hang bounds, not performance targets: far above what any variant takes. */
const HANG_MS = 20_000;
const HEAP_GROWTH_BYTES = 1024 ** 3;

const dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'oasdiff-js-fuzz-')));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function specFiles(folder: string, maxBytes: number): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(ya?ml|json)$/.test(entry.name) && statSync(full).size <= maxBytes) out.push(full);
    }
  };
  try {
    walk(folder);
  } catch {
    // ../shared is absent: the repository's own specs are fuzzed alone.
  }
  return out.sort();
}

// The repository's own specs, and a seed-chosen sample of small corpus specs (needs ../shared; skipped when absent).
const own = specFiles(path.join(repo, 'specs'), Infinity).filter((f) => /\d{4}-\d{2}-\d{2}\.yaml$/.test(f));
// Only whole OpenAPI 3 documents: the corpus also holds fragments (examples, shared responses) that multi-file specs refer to.
const corpus = specFiles(path.resolve(repo, '../shared/corpus'), 200_000).filter((file) => /(^|[{,])\s*["']?openapi["']?\s*:\s*["']?3\./m.test(readFileSync(file, 'utf8').slice(0, 4000)));
const sample = fc.sample(fc.shuffledSubarray(corpus, { minLength: Math.min(4, corpus.length), maxLength: Math.min(4, corpus.length) }), { seed, numRuns: 1 })[0] ?? [];
const bases = [...own, ...sample].map((file) => ({ file, document: yaml.load(readFileSync(file, 'utf8'), { json: true }) as unknown }));

describe('fuzz: mutated specs through the CLI', () => {
  it(`every variant diffs or ends in one exit-2 line (seed ${seed}, ${numRuns} variants)`, () => {
    console.log(`oasdiff-js fuzz: seed ${seed}, ${numRuns} variants over ${bases.length} specs (replay: FUZZ_SEED=${seed})`);
    let n = 0;
    const outcomes = { diffed: 0, refused: 0 };
    const reasons = new Map<string, number>();
    let slowest = 0;
    let mostHeap = 0;
    fc.assert(
      fc.property(fc.nat({ max: bases.length - 1 }), fc.array(mutationArbitrary, { minLength: 1, maxLength: 4 }), fc.boolean(), (which, mutations: Mutation[], asJson) => {
        const base = bases[which]!;
        const document = structuredClone(base.document);
        let text = '';
        let current: unknown = document;
        for (const mutation of mutations) current = applyMutation(current, mutation);
        text = asJson ? JSON.stringify(current) : yaml.dump(current, { noRefs: true, lineWidth: -1 });
        // Duplicate keys in the text itself: both parsers let the last one win, as JSON.parse does.
        if (mutations.some((m) => m.kind === 'duplicate-key')) text = asJson ? text.replace(/^\{/, '{"openapi":"9.9.9","info":5,') : `openapi: 9.9.9\ninfo: 5\n${text}`;
        const file = path.join(dir, `variant-${n++ % 8}.${asJson ? 'json' : 'yaml'}`);
        writeFileSync(file, text);
        const heapBefore = process.memoryUsage().heapUsed;
        const started = performance.now();
        let stdout = '';
        let stderr = '';
        const code = runCli(['changelog', base.file, file, '--format', asJson ? 'json' : 'markdown'], { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), cwd: dir });
        const took = performance.now() - started;
        slowest = Math.max(slowest, took);
        mostHeap = Math.max(mostHeap, process.memoryUsage().heapUsed - heapBefore);
        expect([0, 1, 2]).toContain(code);
        if (code === 2) {
          outcomes.refused++;
          expect(stdout).toBe('');
          expect(stderr.trimEnd().split('\n')).toHaveLength(1);
          expect(stderr).toMatch(/^oasdiff-js: /);
          const reason = stderr.replace(/^oasdiff-js: \S*: /, '').replace(/"[^"]*"/g, '"…"').replace(/\d+/g, 'N').trim().slice(0, 60);
          reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
        } else {
          outcomes.diffed++;
          expect(stdout.length).toBeGreaterThan(0);
          expect(stderr.split('\n').filter((line) => line !== '' && !line.startsWith('oasdiff-js: note: '))).toEqual([]);
        }
        expect(took).toBeLessThan(HANG_MS);
        expect(mostHeap).toBeLessThan(HEAP_GROWTH_BYTES);
      }),
      { seed, numRuns, endOnFailure: true },
    );
    console.log(`oasdiff-js fuzz: ${outcomes.diffed} diffed, ${outcomes.refused} refused with exit 2, 0 crashes; slowest ${Math.round(slowest)} ms, largest heap growth ${Math.round(mostHeap / 2 ** 20)} MB`);
    console.log([...reasons].sort((a, b) => b[1] - a[1]).map(([reason, count]) => `  ${count} × ${reason}`).join('\n'));
  });
});
