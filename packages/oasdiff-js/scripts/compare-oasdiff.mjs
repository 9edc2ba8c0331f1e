#!/usr/bin/env node
// Dev script (not CI): runs oasdiff (Go) and oasdiff-js over every rule fixture pair under
// test/fixtures/rules/* and prints each id/level disagreement, then a summary.
// OASDIFF=/path/to/oasdiff overrides the binary (default: oasdiff on PATH, else /tmp/difftools/oasdiff/bin/oasdiff).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
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
