#!/usr/bin/env node
/**
 * The parse floor: what any differ must at least do. Reads each file given (for a multi-file spec,
 * every .yaml/.yml/.json file in the spec's folder tree), parses it with JSON.parse or js-yaml (the
 * spec loader's parser) and walks every node once. Prints {ms, rssMB, nodes} as JSON.
 * `floorOf(entry)` is that work for one entry, for scripts that repeat it in their own process
 * (bench/in-process.mjs); importing this file runs nothing.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.resolve('@astro-api/spec-loader'));
const yaml = require('js-yaml');

function filesOf(entry) {
  if (process.env.FLOOR_TREE !== '1') return [entry];
  const dir = path.dirname(entry);
  const out = [];
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const p = path.join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(ya?ml|json)$/i.test(name)) out.push(p);
    }
  };
  walk(dir);
  return out;
}

let nodes = 0;
function walk(value) {
  nodes++;
  if (Array.isArray(value)) for (const item of value) walk(item);
  else if (value !== null && typeof value === 'object') for (const key in value) walk(value[key]);
}

/** Reads, parses and walks every file of one entry (a file, or its folder tree with FLOOR_TREE=1). */
export function floorOf(entry) {
  for (const file of filesOf(entry)) {
    const text = readFileSync(file, 'utf8');
    const trimmed = text.trimStart();
    walk(trimmed.startsWith('{') ? JSON.parse(text) : yaml.load(text, { json: true }));
  }
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const t0 = performance.now();
  for (const entry of process.argv.slice(2)) floorOf(entry);
  console.log(JSON.stringify({ ms: performance.now() - t0, rssMB: process.resourceUsage().maxRSS / 1024, nodes }));
}
