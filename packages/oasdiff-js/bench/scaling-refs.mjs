#!/usr/bin/env node
/**
 * Scaling of `$ref` chains (issue 19): a chain A0 → A1 → … → A(n-1) of component schemas, each a pure
 * `{$ref}` to the next, the last one an object; one operation returns A0. The revision changes the
 * last schema (a property's type, a new required property), so the diff must follow the whole chain
 * to report it on the operation. Each n is loaded and diffed (`loadSide` ×2, `diffSpecs`, `renderJson`)
 * in a fresh process, RUNS times (default 3), median shown; the time ratio per doubling of n should
 * stay near 2 (linear); at 2.5 or more it is flagged (exit code 1). A second shape nests the chain
 * in properties and changes every link, so that each link's affected operations are asked for.
 *
 *   pnpm --filter oasdiff-js build && node packages/oasdiff-js/bench/scaling-refs.mjs
 *   N=2500 RUNS=3 SHAPES=alias,nested node packages/oasdiff-js/bench/scaling-refs.mjs
 *
 * The chain files are written to a temp folder, removed at the end. Nothing here asserts a time.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const pkg = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The chain spec of `n` schemas; the revision (`changed`) alters the end of the chain. Shapes:
 * - `alias`: A_i = {$ref: A_{i+1}}, only the last schema changes;
 * - `nested`: A_i = {type: object, description, properties: {next: {$ref: A_{i+1}}}}, and the revision
 *   changes every link's description too, so every link is a changed component whose affected
 *   operations are asked for (reachability).
 */
function chainSpec(n, shape, changed) {
  const schemas = {};
  for (let i = 0; i < n - 1; i++) {
    const next = { $ref: `#/components/schemas/A${i + 1}` };
    schemas[`A${i}`] = shape === 'nested' ? { type: 'object', description: changed ? `link ${i}, revised` : `link ${i}`, properties: { next } } : next;
  }
  schemas[`A${n - 1}`] = changed
    ? { type: 'object', required: ['id', 'added'], properties: { id: { type: 'integer' }, added: { type: 'string' } } }
    : { type: 'object', required: ['id'], properties: { id: { type: 'string' } } };
  return {
    openapi: '3.0.3',
    info: { title: 'chain', version: '1' },
    paths: {
      '/start': {
        get: {
          operationId: 'start',
          responses: { 200: { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/A0' } } } } },
          requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/A0' } } } },
        },
      },
    },
    components: { schemas },
  };
}

if (process.argv[2] === '--one') {
  // Child: load and diff one pair, print the milliseconds and the number of changes.
  const [base, revision] = process.argv.slice(3);
  const { diffSpecs, renderJson } = await import(path.join(pkg, 'dist/index.js'));
  const started = performance.now();
  const result = diffSpecs(base, revision);
  const json = renderJson(result);
  const ms = performance.now() - started;
  console.log(JSON.stringify({ ms, changes: result.changes.length, bytes: json.length }));
  process.exit(0);
}

const base = Number(process.env.N ?? 2500);
const runs = Number(process.env.RUNS ?? 3);
const shapes = (process.env.SHAPES ?? 'alias,nested').split(',');
const sizes = [base, base * 2, base * 4];
const dir = mkdtempSync(path.join(tmpdir(), 'oasdiff-scaling-'));
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
let flagged = false;
try {
  for (const shape of shapes) {
    console.log(`\n$ref chain, ${shape}: load both sides + diff + JSON, median of ${runs} fresh processes`);
    console.log('| n | time | changes | ratio to n/2 |');
    console.log('|---|---|---|---|');
    let previous;
    for (const n of sizes) {
      const files = [false, true].map((changed) => {
        const file = path.join(dir, `${shape}-${n}-${changed ? 'new' : 'old'}.json`);
        writeFileSync(file, JSON.stringify(chainSpec(n, shape, changed)));
        return file;
      });
      const times = [];
      let changes;
      for (let r = 0; r < runs; r++) {
        const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--one', ...files], { encoding: 'utf8', maxBuffer: 1 << 26 });
        if (child.status !== 0) throw new Error(`n=${n}: ${child.stderr.trim().split('\n').slice(-3).join(' | ')}`);
        const out = JSON.parse(child.stdout.trim().split('\n').pop());
        times.push(out.ms);
        changes = out.changes;
      }
      const ms = median(times);
      const ratio = previous === undefined ? '' : (ms / previous).toFixed(2) + (ms / previous >= 2.5 ? ' (over 2.5)' : '');
      if (previous !== undefined && ms / previous >= 2.5) flagged = true;
      console.log(`| ${n.toLocaleString('en')} | ${(ms / 1000).toFixed(2)} s | ${changes} | ${ratio} |`);
      previous = ms;
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
if (flagged) {
  console.log('\nA doubling cost 2.5 times or more: not linear.');
  process.exitCode = 1;
}
