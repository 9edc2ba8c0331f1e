/**
 * Each limit of docs/limits.md, at its default value: a document exactly at the limit loads, one
 * just past it is refused with a SpecError. No timing is asserted; the cost of each case is bounded
 * by the limit itself.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, loadSpec, parseText, SpecError } from '../src/index.js';
import { errorOf, tempFolder } from './support/scratch.js';

const dir = tempFolder('spec-loader-limits-');

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

const head = '"openapi":"3.0.3","info":{"title":"t","version":"1"},"paths":{}';
/** Nodes in `{${head}}`: the root, openapi, info, title, version, paths. */
const headNodes = 6;

it('documents the defaults this file tests', () => {
  expect(DEFAULT_LIMITS).toEqual({ maxFileBytes: 16 * 1024 * 1024, maxNodes: 2_000_000, maxDepth: 256 });
});

describe('file size', () => {
  const padded = (bytes: number) => {
    const shell = `{${head},"x-pad":""}`;
    return `{${head},"x-pad":"${'a'.repeat(bytes - shell.length)}"}`;
  };
  it('loads a file of exactly maxFileBytes', () => {
    const text = padded(DEFAULT_LIMITS.maxFileBytes);
    expect(Buffer.byteLength(text)).toBe(DEFAULT_LIMITS.maxFileBytes);
    expect(loadSpec(write('at.json', text)).openapi).toBe('3.0.3');
  });
  it('refuses one byte more before parsing it', () => {
    const error = errorOf(() => loadSpec(write('past.json', padded(DEFAULT_LIMITS.maxFileBytes + 1))));
    expect(error.message).toContain(`is ${DEFAULT_LIMITS.maxFileBytes + 1} bytes, larger than the ${DEFAULT_LIMITS.maxFileBytes}-byte limit`);
  });
  it('limits.maxFileBytes raises it (issue 20.5: Microsoft Graph is about 20 MB): at the raised limit loads, one byte more is refused', () => {
    const raised = DEFAULT_LIMITS.maxFileBytes + 1;
    const file = write('raised.json', padded(raised));
    expect(errorOf(() => loadSpec(file)).message).toContain(`larger than the ${DEFAULT_LIMITS.maxFileBytes}-byte limit`);
    expect(loadSpec(file, { limits: { maxFileBytes: raised } }).openapi).toBe('3.0.3');
    expect(errorOf(() => loadSpec(write('raised-past.json', padded(raised + 1)), { limits: { maxFileBytes: raised } })).message).toContain(`is ${raised + 1} bytes, larger than the ${raised}-byte limit`);
  });
  it('holds $ref targets and git revisions to the limit in force, not the default', () => {
    const small = 400;
    const root = `{${head.replace('"paths":{}', '"paths":{"/a":{"get":{"responses":{"200":{"$ref":"big.json#/R"}}}}}')}}`;
    const big = JSON.stringify({ R: { description: 'x'.repeat(small) } });
    write('ref-root.json', root);
    write('big.json', big);
    expect(loadSpec(path.join(dir, 'ref-root.json'), { limits: { maxFileBytes: Buffer.byteLength(big) } }).files.size).toBe(2);
    const refused = errorOf(() => loadSpec(path.join(dir, 'ref-root.json'), { cwd: dir, limits: { maxFileBytes: Buffer.byteLength(big) - 1 } }));
    expect(refused.message).toContain(`$ref "big.json#/R" cannot be followed: is ${Buffer.byteLength(big)} bytes, larger than the ${Buffer.byteLength(big) - 1}-byte limit`);
    // git show output: before, git's buffer stayed at the default (+ 1 byte), so a raised limit did not reach revisions.
    const raised = DEFAULT_LIMITS.maxFileBytes + 1024;
    const repo = tempFolder('spec-loader-limits-git-');
    writeFileSync(path.join(repo, 'spec.json'), padded(raised));
    const gitIn = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd: repo, stdio: 'ignore' });
    gitIn('init', '-q');
    gitIn('add', '.');
    gitIn('commit', '-qm', 'one');
    expect(loadSpec('HEAD:spec.json', { cwd: repo, limits: { maxFileBytes: raised } }).openapi).toBe('3.0.3');
    expect(errorOf(() => loadSpec('HEAD:spec.json', { cwd: repo })).message).toBe(`HEAD:spec.json: is larger than the ${DEFAULT_LIMITS.maxFileBytes}-byte limit`);
  });
  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '16' as unknown as number])('refuses a limit of %s as a programming error', (value) => {
    expect(() => loadSpec(write('tiny.json', `{${head}}`), { limits: { maxFileBytes: value } })).toThrow(RangeError);
    expect(() => loadSpec(write('tiny.json', `{${head}}`), { limits: { maxNodes: value } })).toThrow(/limits\.maxNodes must be a whole number of 1 or more/);
  });
});

describe('nesting depth', () => {
  /** A document whose deepest node is at `depth` (the root object is depth 1). */
  const nested = (depth: number) => {
    // root (1) → components (2) → schemas (3) → Deep (4) → items … ; the innermost `{}` is at `depth`.
    const levels = depth - 4;
    return `{${head},"components":{"schemas":{"Deep":${'{"items":'.repeat(levels)}{}${'}'.repeat(levels)}}}}`;
  };
  it('loads a document exactly maxDepth deep', () => {
    expect(loadSpec(write('deep-at.json', nested(DEFAULT_LIMITS.maxDepth))).openapi).toBe('3.0.3');
  });
  it('refuses one level more, naming a node near the top', () => {
    const error = errorOf(() => loadSpec(write('deep-past.json', nested(DEFAULT_LIMITS.maxDepth + 1)), { cwd: dir }));
    expect(error.message).toMatch(/^deep-past\.json#\/components\/schemas\/Deep\/items\/items\/items\/items: nested more than 256 levels deep/);
  });
  it('refuses 20,000 levels (JSON and YAML flow style) without overflowing the stack', () => {
    const json = `{${head},"x-deep":${'['.repeat(20_000)}${']'.repeat(20_000)}}`;
    expect(errorOf(() => parseText(json, 'deep.json')).message).toContain('nested');
    const yaml = `openapi: 3.0.3\ninfo: {title: t, version: "1"}\npaths: {}\nx-deep: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n`;
    expect(errorOf(() => parseText(yaml, 'deep.yaml')).message).toContain('nested');
  });
});

describe('node count and YAML alias expansion', () => {
  const zeros = (n: number) => Array(n).fill('0').join(',');
  it('loads exactly maxNodes nodes and refuses one more', () => {
    // root + head fields, the x-n key's array node, and its elements.
    const at = `{${head},"x-n":[${zeros(DEFAULT_LIMITS.maxNodes - headNodes - 1)}]}`;
    expect(loadSpec(write('nodes-at.json', at)).openapi).toBe('3.0.3');
    const past = `{${head},"x-n":[${zeros(DEFAULT_LIMITS.maxNodes - headNodes)}]}`;
    expect(errorOf(() => loadSpec(write('nodes-past.json', past))).message).toContain(`more than ${DEFAULT_LIMITS.maxNodes} nodes`);
  });

  it('counts an alias once per use: at the limit loads, one more use is refused', () => {
    // x-a: an anchored array of 999 zeros (1,000 nodes); x-b: m aliases of it (1 + 1,000·m nodes);
    // x-c: p zeros (1 + p nodes). With m = 1,998 and p = 992: 6 + 1,000 + 1,998,001 + 993 = 2,000,000.
    const doc = (m: number, p: number) =>
      `openapi: 3.0.3\ninfo: {title: t, version: "1"}\npaths: {}\nx-a: &a [${zeros(999)}]\nx-b: [${Array(m).fill('*a').join(',')}]\nx-c: [${zeros(p)}]\n`;
    expect(DEFAULT_LIMITS.maxNodes).toBe(headNodes + 1000 + 1 + 1000 * 1998 + 1 + 992);
    expect(loadSpec(write('alias-at.yaml', doc(1998, 992))).openapi).toBe('3.0.3');
    expect(errorOf(() => loadSpec(write('alias-past.yaml', doc(1998, 993)))).message).toContain('aliases count once per use');
  });

  it('refuses a 9 × 9 alias bomb (387 million nodes expanded) after walking at most maxNodes', () => {
    const lines = ['openapi: 3.0.3', 'info: {title: t, version: "1"}', 'paths: {}', 'x-bomb:', `  a0: &a0 [${Array(9).fill('lol').join(',')}]`];
    for (let i = 1; i <= 9; i++) lines.push(`  a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(',')}]`);
    expect(errorOf(() => loadSpec(write('bomb.yaml', lines.join('\n') + '\n'))).message).toContain('aliases count once per use');
  });
});
