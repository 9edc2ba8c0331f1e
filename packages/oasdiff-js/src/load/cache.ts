/**
 * The opt-in on-disk cache (`cacheDir`, like ESLint's and Prettier's `--cache`): content-addressed
 * entries of what loading a spec file produces (its parsed document) and of whole comparisons (pair
 * results, see load/pair-cache.ts: `diff`, `breaking`, `changelog`, `semver`, `history` and the
 * library's `diffSpecs`). A document's key is a SHA-256 of the exact text read (each file of a spec is
 * its own entry, so a changed `$ref` target misses on that file), the limits it was checked against and
 * the engine's identity (its version and a digest of its own code), so an edited file or a rebuilt
 * engine never reads an old entry. A pair result is keyed by the engine, the options and the root
 * files' digests, and lists the digest of every file it depends on, checked on each read.
 *
 * An entry is data, never code: one header line (JSON: format, key, kind, SHA-256 of the payload)
 * and a JSON payload, read with `JSON.parse` only. An entry that is not a regular file, is larger than
 * the bound, has a header that does not match (checked as own properties), a payload whose digest
 * differs, or a payload holding `__proto__`, `constructor` or `prototype` (or a `\u` escape that
 * could spell one) is ignored as a miss and rewritten; a value that would need such a key is never
 * written, so those specs simply load without the cache. The folder is bounded (256 MiB by default):
 * after each write the entries least recently used (by modification time, refreshed on a hit) are
 * removed until the total fits. Writes go through `writeFileSafely` (temporary file + rename); a
 * failure to read or write the cache never fails a load, it only costs the time a miss costs.
 */
import { createHash } from 'node:crypto';
import { deserialize, serialize } from 'node:v8';
import { lstatSync, readdirSync, readFileSync, unlinkSync, utimesSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Limits, ParseCache } from '@astro-api/spec-loader';
import { writeFileSafely } from '@astro-api/safe-write';
import { PACKAGE_VERSION } from '../meta/version.js';

const FORMAT = 'oasdiff-js-cache/1';
const SUFFIX = '.entry';
export const DEFAULT_CACHE_BYTES = 256 * 1024 * 1024;

export interface CacheOptions {
  /** The engine identity entries are keyed by; default `engineId()`. Tests pass their own. */
  engine?: string;
  /** Bound of the folder's total size in bytes; default 256 MiB. */
  maxBytes?: number;
}

export function sha256(text: string | Uint8Array): string {
  return createHash('sha256').update(text).digest('hex');
}

let engine: string | undefined;

/**
 * The engine's identity: its package version and a digest of its code. Run from the package (`dist/`
 * or `src/`), every module file of the package and of the spec loader is digested; run as a lone
 * bundle, the bundle itself (which holds them all).
 */
export function engineId(): string {
  if (engine !== undefined) return engine;
  const hash = createHash('sha256').update(`${FORMAT}\u0000oasdiff-js@${PACKAGE_VERSION}\u0000node ${process.versions.node}\u0000`);
  const here = fileURLToPath(import.meta.url);
  const roots: string[] = [];
  const root = path.dirname(path.dirname(here));
  if (/^(dist|src)$/.test(path.basename(root)) && isPackage(path.dirname(root), 'oasdiff-js')) roots.push(root);
  try {
    const loader = path.dirname(fileURLToPath(import.meta.resolve('@astro-api/spec-loader')));
    if (/^(dist|src)$/.test(path.basename(loader)) && isPackage(path.dirname(loader), '@astro-api/spec-loader')) roots.push(loader);
  } catch {
    // A lone bundle: the loader is inside it.
  }
  if (roots.length === 0) hash.update(readFileSync(here));
  for (const dir of roots) {
    for (const file of codeFiles(dir)) hash.update(`${path.relative(dir, file)}\u0000`).update(readFileSync(file)).update('\u0000');
  }
  return (engine = hash.digest('hex'));
}

function isPackage(dir: string, name: string): boolean {
  try {
    return (JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: unknown }).name === name;
  } catch {
    return false;
  }
}

function codeFiles(dir: string, depth = 0): string[] {
  if (depth > 6) return [];
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== 'node_modules') out.push(...codeFiles(full, depth + 1));
    else if (entry.isFile() && /\.(c?m?js|ts|json)$/.test(entry.name) && !entry.name.endsWith('.map')) out.push(full);
  }
  return out;
}

/** Keys that change what a plain object does when a consumer copies it (`Object.assign`, `obj[key] = …`). */
const UNSAFE = ['"__proto__"', '"constructor"', '"prototype"'];
/** `JSON.stringify` escapes only control characters and lone surrogates; any other `\u` escape is foreign. */
const FOREIGN_ESCAPE = /\\u(?![0][0][01][0-9a-fA-F]|[dD][89a-fA-F][0-9a-fA-F]{2})/;

/** The same keys as V8 stores them: Latin-1 or UTF-16 (little-endian) code units, never escaped. */
const UNSAFE_BYTES = ['__proto__', 'constructor', 'prototype'].flatMap((k) => [Buffer.from(k, 'latin1'), Buffer.from(k, 'utf16le')]);

function safeBytes(payload: Buffer): boolean {
  return UNSAFE_BYTES.every((token) => payload.indexOf(token) < 0);
}

/** Whether a payload text may be stored and read: no key that could reach a prototype, however spelled. */
function safePayload(text: string): boolean {
  for (const token of UNSAFE) if (text.includes(token)) return false;
  return !FOREIGN_ESCAPE.test(text);
}

export class SpecCache {
  readonly dir: string;
  readonly engine: string;
  readonly maxBytes: number;
  /** Counters, for tests and the bench. */
  readonly stats = { hits: 0, misses: 0, rejected: 0, stale: 0, writes: 0, removed: 0 };

  constructor(dir: string, options: CacheOptions = {}) {
    this.dir = path.resolve(dir);
    this.engine = options.engine ?? engineId();
    this.maxBytes = options.maxBytes ?? DEFAULT_CACHE_BYTES;
  }

  /** The entry key of `parts` (joined unambiguously) under this engine, for entries of `kind`. */
  key(kind: string, ...parts: string[]): string {
    const hash = createHash('sha256').update(`${FORMAT}\u0000${kind}\u0000${this.engine}\u0000`);
    for (const part of parts) hash.update(`${part.length}:`).update(part);
    return hash.digest('hex');
  }

  file(key: string): string {
    return path.join(this.dir, `${key}${SUFFIX}`);
  }

  /**
   * The value stored under `key` (as a payload of `kind`), or undefined: absent, foreign or corrupt.
   * Payloads are JSON text, or V8's serialisation (`v8: true`) where JSON would not round-trip (a YAML
   * document may hold dates, `.inf`, `.nan` and aliases shared by two places).
   */
  read(kind: string, key: string, v8 = false): { value: unknown } | undefined {
    const file = this.file(key);
    let bytes: Buffer;
    try {
      const stat = lstatSync(file);
      if (!stat.isFile() || stat.size > this.maxBytes) return this.#reject();
      bytes = readFileSync(file);
    } catch {
      this.stats.misses++;
      return undefined;
    }
    const newline = bytes.indexOf(10);
    if (newline < 0 || newline > 1024) return this.#reject();
    let header: unknown;
    try {
      header = JSON.parse(bytes.toString('utf8', 0, newline));
    } catch {
      return this.#reject();
    }
    const payload = bytes.subarray(newline + 1);
    if (!isRecord(header) || own(header, 'format') !== FORMAT || own(header, 'kind') !== kind || own(header, 'key') !== key || own(header, 'encoding') !== (v8 ? 'v8' : 'json') || own(header, 'sha256') !== sha256(payload)) return this.#reject();
    let value: unknown;
    try {
      if (v8) {
        if (!safeBytes(payload)) return this.#reject();
        value = deserialize(payload);
      } else {
        const text = payload.toString('utf8');
        if (!safePayload(text)) return this.#reject();
        value = JSON.parse(text);
      }
    } catch {
      return this.#reject();
    }
    try {
      const now = new Date();
      utimesSync(file, now, now); // least recently used goes first
    } catch {
      // a read-only cache still serves hits
    }
    this.stats.hits++;
    return { value };
  }

  /**
   * Turns the last hit into a miss: the caller found the value foreign (`rejected`: wrong shape) or
   * out of date (`stale`: a file it depends on changed). Either way it recomputes and rewrites it.
   */
  demote(reason: 'rejected' | 'stale'): undefined {
    this.stats.hits--;
    this.stats.misses++;
    this.stats[reason]++;
    return undefined;
  }

  #reject(): undefined {
    this.stats.rejected++;
    this.stats.misses++;
    return undefined;
  }

  /** Stores `value` under `key`; false when it was not stored (an unsafe key, too large, cannot write). */
  write(kind: string, key: string, value: unknown, v8 = false): boolean {
    let payload: Buffer;
    if (v8) {
      try {
        payload = serialize(value);
      } catch {
        return false; // a value V8 cannot serialise (a function): not stored
      }
      if (!safeBytes(payload)) return false;
    } else {
      const text = JSON.stringify(value);
      if (text === undefined || !safePayload(text)) return false;
      payload = Buffer.from(text, 'utf8');
    }
    const header = Buffer.from(`${JSON.stringify({ format: FORMAT, kind, key, encoding: v8 ? 'v8' : 'json', sha256: sha256(payload) })}\n`, 'utf8');
    if (header.length + payload.length > this.maxBytes) return false;
    try {
      writeFileSafely(this.file(key), Buffer.concat([header, payload]), { createFolders: true });
    } catch {
      return false;
    }
    this.stats.writes++;
    // The folder is listed once per process, then its size is tracked here (a spec of a thousand
    // files would otherwise list it a thousand times); listed again when the bound is passed.
    if (this.#total === undefined) this.prune();
    else if ((this.#total += header.length + payload.length) > this.maxBytes) this.prune();
    return true;
  }

  /** The folder's total size as of the last listing plus what this process wrote since. */
  #total: number | undefined;

  /** Removes the least recently used entries until the folder's entries fit in `maxBytes`. */
  prune(): void {
    let names: string[];
    try {
      names = readdirSync(this.dir).filter((n) => n.endsWith(SUFFIX));
    } catch {
      return;
    }
    const entries: Array<{ file: string; size: number; time: number }> = [];
    let total = 0;
    for (const name of names) {
      try {
        const stat = lstatSync(path.join(this.dir, name));
        if (!stat.isFile()) continue;
        entries.push({ file: path.join(this.dir, name), size: stat.size, time: stat.mtimeMs });
        total += stat.size;
      } catch {
        // removed meanwhile
      }
    }
    this.#total = total;
    if (total <= this.maxBytes) return;
    entries.sort((a, b) => a.time - b.time || (a.file < b.file ? -1 : 1));
    for (const entry of entries) {
      if (total <= this.maxBytes) break;
      try {
        unlinkSync(entry.file);
        total -= entry.size;
        this.#total = total;
        this.stats.removed++;
      } catch {
        // another process removed it
      }
    }
  }

  /** The loader's hook: parsed documents keyed by the text read and the limits it was checked against. */
  parseCache(): ParseCache {
    // A JSON file is parsed by JSON.parse whatever the cache holds: its own text is the fastest form.
    // A small YAML file is parsed faster than its entry is read, checked and deserialised (DigitalOcean's
    // ~1,000 files of a few KB each took 2.0 s without the cache and 2.5 s warm), so only larger ones are kept.
    const skip = (text: string) => text.length < MIN_CACHED_CHARS || (/^\s*[[{]/.test(text.slice(0, 64)) && jsonOnly(text));
    return {
      get: (text, limits) => {
        if (skip(text)) return undefined;
        const hit = this.read('document', this.key('document', limitsKey(limits), text), true);
        return hit ? { document: hit.value } : undefined;
      },
      set: (text, limits, document) => {
        if (!skip(text)) this.write('document', this.key('document', limitsKey(limits), text), document, true);
      },
    };
  }
}

/** Files shorter than this (in UTF-16 units) are parsed, never cached. */
export const MIN_CACHED_CHARS = 64 * 1024;

/** Whether the text is JSON that the loader parses with JSON.parse (checked by its last character: cheap, and a miss only costs a write). */
function jsonOnly(text: string): boolean {
  const end = text.trimEnd();
  return end.endsWith('}') || end.endsWith(']');
}

function limitsKey(limits: Limits): string {
  return JSON.stringify(Object.keys(limits).sort().map((k) => [k, (limits as unknown as Record<string, unknown>)[k]]));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function own(record: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

const caches = new Map<string, SpecCache>();

/**
 * One cache object per folder per process. With `options` (tests: another engine identity, a smaller
 * bound), the folder's object is replaced by one made with them, and later calls without options get it.
 */
export function cacheFor(dir: string, options?: CacheOptions): SpecCache {
  const resolved = path.resolve(dir);
  let cache = caches.get(resolved);
  if (!cache || options) caches.set(resolved, (cache = new SpecCache(resolved, options)));
  return cache;
}
