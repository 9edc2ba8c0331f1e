#!/usr/bin/env node
/**
 * Scaling of every output format in the number of changes (issue 19: `changelog` was quadratic).
 * Synthetic spec pairs with n, 2n and 4n changes (default n = 25,000, so up to 100,000): half of them
 * enum values added to one response enum (the issue's case), a quarter values removed from a request
 * enum, a quarter properties added across many schemas reached by many operations. Each pair is diffed
 * once; each format is rendered RUNS times (default 3) and the median kept. A format is linear (or
 * n log n) when its time per doubling grows by less than 2.5×; the table shows both ratios and marks
 * a format that exceeds it. Memory: the heap the diff's result holds (heap used after a collection,
 * with the result kept, minus before the diff), with the same ratios (needs --expose-gc; without it the
 * row is left out). Nothing is asserted (exit 0 unless STRICT=1); it is a measurement.
 *
 *   pnpm --filter oasdiff-js build && node --expose-gc packages/oasdiff-js/bench/scaling-changes.mjs
 *   N=10000 RUNS=5 node --expose-gc packages/oasdiff-js/bench/scaling-changes.mjs
 */
import { performance } from 'node:perf_hooks';
import { diffSpecs, loadSide, renderEntry, renderGithub, renderHtml, renderJson, renderJunit, renderMarkdown, renderPrComment, renderSarif, renderText, specFromDocument } from '../dist/index.js';

const N = Number(process.env.N ?? 25_000);
const RUNS = Number(process.env.RUNS ?? 3);
const LIMIT = 2.5;

/** A pair of specs whose comparison has about `n` changes. */
function pair(n) {
  const added = Math.floor(n / 2);
  const removed = Math.floor(n / 4);
  const props = n - added - removed;
  const schemasCount = Math.max(1, Math.floor(props / 10));
  const base = (values, extra) => {
    const schemas = {
      Status: { type: 'object', properties: { state: { type: 'string', enum: values.state } } },
      Filter: { type: 'object', properties: { kind: { type: 'string', enum: values.kind } } },
    };
    const paths = {};
    for (let s = 0; s < schemasCount; s++) {
      schemas[`Item${s}`] = { type: 'object', properties: { id: { type: 'string' }, ...(extra ? Object.fromEntries(Array.from({ length: 10 }, (_, p) => [`field${p}`, { type: 'string', description: `Field ${p} of item ${s}.` }])) : {}) } };
      paths[`/items${s}`] = { get: { responses: { '200': { description: 'ok', content: { 'application/json': { schema: { $ref: `#/components/schemas/Item${s}` } } } } } } };
    }
    paths['/status'] = {
      post: {
        requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Filter' } } } },
        responses: { '200': { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Status' } } } } },
      },
    };
    return { openapi: '3.0.3', info: { title: 'scaling', version: '1' }, paths, components: { schemas } };
  };
  const kind = Array.from({ length: removed + 1 }, (_, i) => `K${i}`);
  const before = base({ state: ['S'], kind }, false);
  const after = base({ state: ['S', ...Array.from({ length: added }, (_, i) => `NEW_${i}`)], kind: ['K0'] }, true);
  return [loadSide([specFromDocument(before, 'old.json')]), loadSide([specFromDocument(after, 'new.json')])];
}

const formats = {
  text: (r) => renderText(r),
  json: (r) => renderJson(r),
  markdown: (r) => renderMarkdown(r),
  changelog: (r) => renderEntry(r, { title: 'Changelog' }),
  github: (r) => renderGithub(r),
  junit: (r) => renderJunit(r),
  sarif: (r) => renderSarif(r),
  html: (r) => renderHtml(r),
  'pr-comment': (r) => renderPrComment(r),
};

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
function time(fn) {
  const samples = [];
  for (let i = 0; i < RUNS; i++) {
    globalThis.gc?.(); // run with --expose-gc (the line below the usage does) so a collection of the last run is not timed
    const start = performance.now();
    fn();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

const sizes = [N, 2 * N, 4 * N];
const rows = { diff: [] };
for (const name of Object.keys(formats)) rows[name] = [];
const counts = [];
const heldMB = [];
for (const n of sizes) {
  const [base, revision] = pair(n);
  let result;
  rows.diff.push(time(() => (result = diffSpecs(base, revision, { today: '2026-01-01' }))));
  counts.push(result.changes.length);
  if (globalThis.gc) {
    // What one result holds: measured apart from the timed runs, with both sides already loaded.
    result = undefined;
    globalThis.gc();
    const before = process.memoryUsage().heapUsed;
    result = diffSpecs(base, revision, { today: '2026-01-01' });
    globalThis.gc();
    heldMB.push((process.memoryUsage().heapUsed - before) / 1048576);
  }
  for (const [name, render] of Object.entries(formats)) rows[name].push(time(() => render(result)));
}

const ms = (t) => `${t.toFixed(0)} ms`.padStart(9);
const ratio = (a, b) => (b / Math.max(a, 0.5)).toFixed(2).padStart(6);
console.log(`changes: ${counts.join(' / ')} (n = ${N}; median of ${RUNS} runs; limit ${LIMIT}× per doubling)\n`);
console.log(`${'format'.padEnd(11)}${sizes.map((n) => `${n / 1000}k`.padStart(9)).join('')}  2n/n  4n/2n`);
let over = 0;
for (const [name, times] of Object.entries(rows)) {
  const r1 = times[1] / Math.max(times[0], 0.5);
  const r2 = times[2] / Math.max(times[1], 0.5);
  const flag = r1 > LIMIT || r2 > LIMIT ? '  over the limit' : '';
  if (flag) over++;
  console.log(`${name.padEnd(11)}${times.map(ms).join('')}${ratio(times[0], times[1])}${ratio(times[1], times[2])}${flag}`);
}
if (heldMB.length === sizes.length) {
  const r1 = heldMB[1] / heldMB[0];
  const r2 = heldMB[2] / heldMB[1];
  const flag = r1 > LIMIT || r2 > LIMIT ? '  over the limit' : '';
  if (flag) over++;
  console.log(`${'diff heap'.padEnd(11)}${heldMB.map((mb) => `${mb.toFixed(1)} MB`.padStart(9)).join('')}${r1.toFixed(2).padStart(6)}${r2.toFixed(2).padStart(6)}${flag}`);
}
if (over > 0 && process.env.STRICT === '1') process.exitCode = 1;
