/**
 * The opt-in cache (`cacheDir`, src/load/cache.ts): hits, misses on a changed `$ref` target or a new
 * engine, corrupt and crafted entries ignored and rewritten, the size bound, and output byte-identical
 * with and without it (our specs; the bench corpus when ../shared is present).
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import { serialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, loadSpec } from '@astro-api/spec-loader';
import { diffSpecs } from '../src/api.js';
import { history, renderHistoryJson, renderHistoryMarkdown } from '../src/history.js';
import { cacheFor, MIN_CACHED_CHARS, SpecCache } from '../src/load/cache.js';
import { loadSide } from '../src/load/side.js';
import { tempDirs } from './temp-dirs.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../../..');
const shared = path.resolve(repo, '../shared/corpus');

const temp = tempDirs();

const entries = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((n) => n.endsWith('.entry')) : []);

/** YAML comments that make a file large enough to be cached (smaller files are always parsed: MIN_CACHED_CHARS). */
const padding = `\n${'# padding: only files of at least MIN_CACHED_CHARS are cached\n'.repeat(Math.ceil(MIN_CACHED_CHARS / 60))}`;

/** A two-file YAML spec: the root refers to a schema in `schemas.yaml`; both are large enough to be cached. */
function twoFileSpec(dir: string): string {
  writeFileSync(path.join(dir, 'api.yaml'), [
    'openapi: 3.0.3',
    'info: { title: T, version: "1" }',
    'paths:',
    '  /pets:',
    '    get:',
    '      responses:',
    '        "200":',
    '          description: ok',
    '          content:',
    '            application/json:',
    '              schema: { $ref: "schemas.yaml#/Pet" }',
    '',
  ].join('\n') + padding);
  writeFileSync(path.join(dir, 'schemas.yaml'), `Pet:\n  type: object\n  properties:\n    name: { type: string }\n    age: { type: integer }\n${padding}`);
  return path.join(dir, 'api.yaml');
}

const documents = (spec: ReturnType<typeof loadSpec>) => [...spec.files.values()].map((f) => JSON.stringify(f.document));
const statsOf = (dir: string) => ({ ...cacheFor(dir).stats });

describe('cache of parsed documents', () => {
  it('hits on the second load and gives the same documents as no cache', () => {
    const dir = temp('cache-hit-');
    const cacheDir = path.join(dir, 'cache');
    const root = twoFileSpec(dir);
    const plain = loadSide(root);
    const first = loadSide(root, { cacheDir });
    expect(entries(cacheDir)).toHaveLength(2);
    const before = statsOf(cacheDir);
    const second = loadSide(root, { cacheDir });
    const after = statsOf(cacheDir);
    expect(after.hits - before.hits).toBe(2);
    expect(after.writes - before.writes).toBe(0);
    for (const side of [first, second]) expect(documents(side.parts[0]!.spec)).toEqual(documents(plain.parts[0]!.spec));
    expect(JSON.stringify(diffSpecs(first, second))).toBe(JSON.stringify(diffSpecs(plain, plain)));
  });

  it('misses on the file whose one byte changed (a $ref target) and keeps the other', () => {
    const dir = temp('cache-ref-');
    const cacheDir = path.join(dir, 'cache');
    const root = twoFileSpec(dir);
    const old = loadSide(root, { cacheDir });
    const target = path.join(dir, 'schemas.yaml');
    writeFileSync(target, readFileSync(target, 'utf8').replace('age: { type: integer }', 'age: { type: integeR }'));
    const before = statsOf(cacheDir);
    const changed = loadSide(root, { cacheDir });
    const after = statsOf(cacheDir);
    expect(after.hits - before.hits).toBe(1); // the root
    expect(after.misses - before.misses).toBe(1); // the target
    expect(after.writes - before.writes).toBe(1);
    expect(documents(changed.parts[0]!.spec)).toEqual(documents(loadSide(root).parts[0]!.spec));
    expect(JSON.stringify(diffSpecs(old, changed).changes)).toContain('integeR');
  });

  it('misses when the engine identity changes', () => {
    const dir = temp('cache-engine-');
    const text = `openapi: 3.0.3\ninfo: { title: T, version: "1" }\npaths: {}\n${padding}`;
    const limits = { ...DEFAULT_LIMITS };
    const a = new SpecCache(dir, { engine: 'engine-a' }).parseCache();
    a.set(text, limits, { openapi: '3.0.3', from: 'a' });
    expect(a.get(text, limits, 'x.yaml')).toEqual({ document: { openapi: '3.0.3', from: 'a' } });
    const b = new SpecCache(dir, { engine: 'engine-b' });
    expect(b.parseCache().get(text, limits, 'x.yaml')).toBeUndefined();
    expect(b.stats.misses).toBe(1);
    // Other limits are another key too.
    expect(a.get(text, { ...limits, maxDepth: limits.maxDepth - 1 }, 'x.yaml')).toBeUndefined();
  });

  it('ignores a corrupt entry, loads from the file and rewrites the entry', () => {
    const dir = temp('cache-corrupt-');
    const cacheDir = path.join(dir, 'cache');
    const root = twoFileSpec(dir);
    loadSide(root, { cacheDir });
    const plain = documents(loadSide(root).parts[0]!.spec);
    const names = entries(cacheDir);
    const corruptions = [
      (t: string) => t.slice(0, t.length - 5), // truncated payload: digest differs
      (t: string) => t.replace('"format"', '"forma"'), // foreign header
      () => 'not a cache entry at all',
      (t: string) => t.slice(0, -1) + String.fromCharCode(t.charCodeAt(t.length - 1) ^ 1), // one payload bit flipped, digest not
    ];
    for (const corrupt of corruptions) {
      for (const name of names) writeFileSync(path.join(cacheDir, name), corrupt(readFileSync(path.join(cacheDir, name), 'latin1')), 'latin1');
      const before = statsOf(cacheDir);
      expect(documents(loadSide(root, { cacheDir }).parts[0]!.spec)).toEqual(plain);
      const after = statsOf(cacheDir);
      expect(after.rejected - before.rejected).toBe(2);
      expect(after.writes - before.writes).toBe(2);
      // Rewritten: the next load hits.
      loadSide(root, { cacheDir });
      expect(statsOf(cacheDir).hits - after.hits).toBe(2);
    }
  });

  it('holds the folder under its size bound, least recently used out first', () => {
    const dir = temp('cache-bound-');
    const cache = new SpecCache(dir, { engine: 'e', maxBytes: 3600 });
    const payload = (i: number) => ({ i, text: 'x'.repeat(800) });
    const keys = [0, 1, 2].map((i) => cache.key('t', String(i)));
    keys.forEach((key, i) => {
      expect(cache.write('t', key, payload(i))).toBe(true);
      const t = new Date(Date.now() - (10 - i) * 60_000); // entry 0 oldest
      utimesSync(cache.file(key), t, t);
    });
    // Reading entry 0 makes it the most recently used.
    expect(cache.read('t', keys[0]!)).toEqual({ value: payload(0) });
    const fourth = cache.key('t', '3');
    expect(cache.write('t', fourth, payload(3))).toBe(true);
    const total = entries(dir).reduce((sum, n) => sum + statSync(path.join(dir, n)).size, 0);
    expect(total).toBeLessThanOrEqual(3600);
    expect(entries(dir)).toHaveLength(3);
    expect(existsSync(cache.file(keys[1]!))).toBe(false); // the least recently used went first
    expect(existsSync(cache.file(keys[0]!))).toBe(true);
    expect(existsSync(cache.file(fourth))).toBe(true);
    // A value larger than the bound is not stored at all.
    expect(cache.write('t', cache.key('t', 'big'), { text: 'y'.repeat(5000) })).toBe(false);
  });

  it('a crafted entry that tries prototype pollution has no effect: ignored, loaded from the file, rewritten', () => {
    const dir = temp('cache-proto-');
    const cacheDir = path.join(dir, 'cache');
    const root = twoFileSpec(dir);
    loadSide(root, { cacheDir });
    const plain = documents(loadSide(root).parts[0]!.spec);
    const payloads = [
      '{"__proto__":{"polluted":"yes"},"openapi":"3.0.3","info":{"title":"T","version":"1"},"paths":{}}',
      '{"constructor":{"prototype":{"polluted":"yes"}},"openapi":"3.0.3","info":{"title":"T","version":"1"},"paths":{}}',
      '{"\\u005f_proto__":{"polluted":"yes"},"openapi":"3.0.3","info":{"title":"T","version":"1"},"paths":{}}',
      '{"Pet":{"__proto__":{"polluted":"yes"},"type":"object"}}',
    ];
    for (const payload of payloads) {
      for (const name of entries(cacheDir)) {
        // A well-formed entry (right key, kind and digest): only its payload is hostile.
        const file = path.join(cacheDir, name);
        const header = JSON.parse(readFileSync(file, 'utf8').split('\n')[0]!) as Record<string, unknown>;
        // Document entries are V8 serialisations: store the crafted value as one (JSON.parse makes `__proto__` an own key).
        const bytes = serialize(JSON.parse(payload));
        header.sha256 = createHash('sha256').update(bytes).digest('hex');
        writeFileSync(file, Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`), bytes]));
      }
      const before = statsOf(cacheDir);
      const side = loadSide(root, { cacheDir });
      expect(documents(side.parts[0]!.spec)).toEqual(plain);
      expect(statsOf(cacheDir).rejected - before.rejected).toBe(2);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(Object.prototype).not.toHaveProperty('polluted');
      for (const name of entries(cacheDir)) expect(readFileSync(path.join(cacheDir, name), 'utf8')).not.toContain('polluted');
    }
  });

  it('a crafted JSON entry (a stored comparison) with an escaped __proto__ key is ignored', () => {
    const dir = temp('cache-proto-json-');
    const cache = new SpecCache(dir, { engine: 'e' });
    const key = cache.key('result', 'x');
    expect(cache.write('result', key, { ok: 1 })).toBe(true);
    for (const payload of ['{"\\u005f_proto__":{"polluted":"yes"}}', '{"a":{"__proto__":{"polluted":"yes"}}}', '{"constructor":{"prototype":{"polluted":"yes"}}}']) {
      const header = JSON.parse(readFileSync(cache.file(key), 'utf8').split('\n')[0]!) as Record<string, unknown>;
      header.sha256 = createHash('sha256').update(payload).digest('hex');
      writeFileSync(cache.file(key), `${JSON.stringify(header)}\n${payload}`);
      const before = cache.stats.rejected;
      expect(cache.read('result', key)).toBeUndefined();
      expect(cache.stats.rejected).toBe(before + 1);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    }
  });

  it('does not store a document that holds such a key, and loads it as without the cache', () => {
    const dir = temp('cache-protokey-');
    const cacheDir = path.join(dir, 'cache');
    const file = path.join(dir, 'api.yaml');
    writeFileSync(file, `openapi: 3.0.3\ninfo: { title: T, version: "1" }\npaths: {}\ncomponents:\n  schemas:\n    constructor: { type: string }\n${padding}`);
    const side = loadSide(file, { cacheDir });
    expect(entries(cacheDir)).toHaveLength(0);
    expect(documents(side.parts[0]!.spec)).toEqual(documents(loadSide(file).parts[0]!.spec));
  });
});

const render = (e: ReturnType<typeof history>) => renderHistoryJson(e) + renderHistoryMarkdown(e);

describe('history with the cache', () => {
  it('gives byte-identical output cold and warm on our specs (specs/v1), warm from stored comparisons', () => {
    const cacheDir = path.join(temp('cache-history-'), 'cache');
    const folder = path.join(repo, 'specs/v1');
    const plain = render(history({ folder }, { cwd: repo }));
    const cold = render(history({ folder }, { cwd: repo, cacheDir }));
    const before = statsOf(cacheDir);
    const warm = render(history({ folder }, { cwd: repo, cacheDir }));
    const after = statsOf(cacheDir);
    expect(cold).toBe(plain);
    expect(warm).toBe(plain);
    const pairs = readdirSync(folder).filter((n) => /^\d{4}-\d{2}-\d{2}\.yaml$/.test(n)).length - 1;
    expect(after.hits - before.hits).toBe(pairs); // every comparison read back, no spec loaded
    expect(after.misses - before.misses).toBe(0);
  });

  it('recomputes a comparison whose revision changed by one byte', () => {
    const dir = temp('cache-history-edit-');
    const cacheDir = path.join(dir, 'cache');
    const folder = path.join(dir, 'revs');
    const source = path.join(repo, 'specs/v1');
    const names = readdirSync(source).filter((n) => /^\d{4}-\d{2}-\d{2}\.yaml$/.test(n)).sort().slice(0, 3);
    mkdirSync(folder);
    for (const n of names) copyFileSync(path.join(source, n), path.join(folder, n));
    history({ folder }, { cwd: dir, cacheDir });
    const last = path.join(folder, names[2]!);
    writeFileSync(last, `${readFileSync(last, 'utf8')}#\n`); // one more byte pair: the text differs, the spec does not
    const before = statsOf(cacheDir);
    const warm = render(history({ folder }, { cwd: dir, cacheDir }));
    const after = statsOf(cacheDir);
    expect(after.hits - before.hits).toBeGreaterThanOrEqual(1); // the first pair (and unchanged files)
    expect(warm).toBe(render(history({ folder }, { cwd: dir })));
  });
});


const hasShared = existsSync(path.join(shared, 'bench'));
if (!hasShared) console.warn(`cache.test.ts: ${shared} is absent; the corpus checks (bench pairs, PagerDuty history) are skipped`);

describe.skipIf(!hasShared)('the cache on the bench corpus (../shared present)', () => {
  const pairs = [
    ['stripe/2023-09-11.yaml', 'stripe/2023-09-12.yaml'],
    ['box/2026-02-11.json', 'box/2026-06-29.json'],
    ['digitalocean/2026-05-04/specification/DigitalOcean-public.v2.yaml', 'digitalocean/2026-08-07/specification/DigitalOcean-public.v2.yaml'],
  ];
  it('diffs bench pairs byte-identically cold, warm and without the cache', () => {
    const cacheDir = path.join(temp('cache-bench-'), 'cache');
    for (const [a, b] of pairs) {
      const files = [path.join(shared, 'bench', a!), path.join(shared, 'bench', b!)] as const;
      const plain = JSON.stringify(diffSpecs(files[0], files[1]));
      expect(JSON.stringify(diffSpecs(files[0], files[1], { cacheDir }))).toBe(plain);
      const before = statsOf(cacheDir);
      expect(JSON.stringify(diffSpecs(files[0], files[1], { cacheDir }))).toBe(plain);
      if (!a!.endsWith('.json')) expect(statsOf(cacheDir).hits - before.hits).toBeGreaterThan(0);
    }
  }, 300_000);

  it('renders PagerDuty history byte-identically cold, warm and without the cache', () => {
    const cacheDir = path.join(temp('cache-pd-'), 'cache');
    const folder = path.join(shared, 'pagerduty');
    const plain = render(history({ folder }, { cwd: repo }));
    expect(render(history({ folder }, { cwd: repo, cacheDir }))).toBe(plain);
    expect(render(history({ folder }, { cwd: repo, cacheDir }))).toBe(plain);
  }, 300_000);
});
