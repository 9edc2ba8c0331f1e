/**
 * Stored comparisons ("pair results") in the opt-in cache (load/cache.ts): what comparing two sides
 * produced, kept so that a second run on the same files neither parses nor diffs.
 *
 * Key: the engine identity (through `SpecCache.key`), every option that can change the result
 * (renames, the day lifecycle rules measure from, deprecation periods, limits, base-path mode,
 * allowed `$ref` folders, the working directory that display names are relative to, and the
 * side-dependent filters of the CLI), the names each side was given as, and the SHA-256 of each
 * root file. The files a root reaches through `$ref`s are only known after parsing, so the entry
 * lists every file each side loaded with the SHA-256 of its text; a hit hashes those files again
 * (hashing is far cheaper than parsing) and any file that is missing, unreadable or different makes
 * it a miss, which recomputes and rewrites the entry. Digests are recorded from the very text the
 * loader parsed (through its parse-cache hook), and an entry is written only when each file's bytes
 * on disk still hash to that digest, so a file edited during a run is never stored under the wrong
 * content.
 *
 * The entry also keeps what renderers would otherwise read from the sides: the table of files a
 * change's pointers name (enough for `placesOf`, which reads line numbers from the files
 * themselves), the success schemas of the new side (`returnsOf`, for the changelog entry) and,
 * when `--match-tag` or `--exclude-extension` is given, which changes those filters keep. Levels
 * set by a severity-levels file, ignore files and the side-free filters are applied after the
 * stored result, never stored.
 *
 * Entries are V8 serialisations (a YAML value such as a date survives as it was) read under the
 * checks of `SpecCache.read`; the payload is then checked for shape, and a git source may only name
 * the repository and revision its side's root was given with, so a crafted entry can at most make
 * the engine hash a file it names, never run git elsewhere or change the output.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_LIMITS, displayName, loadSpec, parseSourceArgument, readSource, type LoadedSpec, type ParseCache, type Source, type SpecFile } from '@astro-api/spec-loader';
import { filterResult, type FilterOptions } from '../filters.js';
import { returnsOf, successSchemas } from '../render/changelog/returns.js';
import { placesOf, type Places } from '../render/places.js';
import { schemaVersion, type Change, type DiffResult } from '../result.js';
import { cacheFor, sha256, type SpecCache } from './cache.js';
import { loadOptionsOf, loadSide, type LoadSideOptions, type Side } from './side.js';

/** The options a stored comparison depends on: loading options plus those of the comparison itself. */
export interface PairOptions extends LoadSideOptions {
  today?: string;
}

/** The CLI's filters that read the sides (tags, extension flags): their verdict is stored with the result. */
export interface SideFilters {
  matchTag?: string;
  excludeExtension?: string;
}

/** A side loaded with the digest of every file's text, by the name it was shown as. */
export interface RecordedSide {
  side: Side;
  /** Undefined when a file was read twice with different texts (then nothing is stored). */
  digests: Map<string, string> | undefined;
}

/** What renderers read besides the result: from the sides after a miss, from the entry after a hit. */
export interface PairView {
  /** `filterResult` with these sides. */
  filter(result: DiffResult, filters: FilterOptions): DiffResult;
  /** `placesOf` with these sides. */
  places(cwd: string, maxFileBytes?: number): Places;
  /** `returnsOf` of the new side. */
  returns(): (method: string, path: string) => string | undefined;
}

export interface PairOutcome extends PairView {
  result: DiffResult;
  /** Whether the result came from the cache. */
  hit: boolean;
}

export interface PairRequest<O extends PairOptions = PairOptions> {
  base: string | readonly string[];
  revision: string | readonly string[];
  options: O;
  sideFilters?: SideFilters;
}

export interface PairHooks {
  /** Loads a side (history shares one loaded revision between two comparisons); default `loadRecorded`. */
  loadBase?: () => RecordedSide;
  loadRevision?: () => RecordedSide;
  /** Digests already taken in this run, by source (history hashes each revision once). */
  memo?: Map<string, string>;
}

const KIND = 'pair';

/** The names a side was given as: each argument split at commas, as `loadSide` splits them. */
function namesOf(inputs: string | readonly string[]): string[] {
  return (typeof inputs === 'string' ? [inputs] : [...inputs]).flatMap((input) => input.split(',').map((s) => s.trim()).filter(Boolean));
}

/**
 * Loads a side as `loadSide` does, recording the SHA-256 of the text of every file the loader reads
 * (root and `$ref` targets) through its parse-cache hook; the parse cache of `cacheDir` still serves.
 */
export function loadRecorded(inputs: string | readonly string[], options: LoadSideOptions): RecordedSide {
  const names = namesOf(inputs);
  // No name at all: loadSide reports the error as it always does.
  if (names.length === 0) return { side: loadSide(inputs as string | string[], options), digests: undefined };
  const inner = options.cacheDir === undefined ? undefined : cacheFor(options.cacheDir).parseCache();
  const digests = new Map<string, string>();
  let consistent = true;
  const parseCache: ParseCache = {
    get: (text, limits, shownAs) => {
      const digest = sha256(text);
      const seen = digests.get(shownAs);
      if (seen !== undefined && seen !== digest) consistent = false;
      digests.set(shownAs, digest);
      return inner?.get(text, limits, shownAs);
    },
    set: (text, limits, document) => inner?.set(text, limits, document),
  };
  const specs: LoadedSpec[] = names.map((name, i) => loadSpec(name, loadOptionsOf(options, i, parseCache)));
  const { cacheDir: _cacheDir, shareWith: _shareWith, ...rest } = options;
  return { side: loadSide(specs, rest), digests: consistent ? digests : undefined };
}

/** The view of two loaded sides: the renderers' own functions. */
export function viewOfSides(base: Side, revision: Side): PairView {
  return {
    filter: (result, filters) => filterResult(result, base, revision, filters),
    places: (cwd, maxFileBytes) => placesOf(base, revision, cwd, maxFileBytes),
    returns: () => returnsOf(revision),
  };
}

/**
 * Compares two sides given by name, through the stored pair result of `options.cacheDir` when there
 * is one (see the header). `diff` compares two loaded sides; `options.today` is fixed to the day the
 * run started when unset, so the key and the comparison read the same day.
 */
export function comparePair<O extends PairOptions>(request: PairRequest<O>, diff: (base: Side, revision: Side, options: O) => DiffResult, hooks: PairHooks = {}): PairOutcome {
  const options: O = { ...request.options, today: request.options.today ?? new Date().toISOString().slice(0, 10) };
  let loadedBase: RecordedSide | undefined;
  const loadBase = hooks.loadBase ?? (() => (loadedBase = loadRecorded(request.base, options)));
  // The revision is parsed against the base (see `LoadSideOptions.shareWith`).
  const loadRevision = hooks.loadRevision ?? (() => loadRecorded(request.revision, loadedBase ? { ...options, shareWith: loadedBase.side } : options));
  const cache = options.cacheDir === undefined ? undefined : cacheFor(options.cacheDir);
  const memo = hooks.memo ?? new Map<string, string>();
  const lookup = cache ? keyOf(cache, request, options, memo) : undefined;
  if (cache && lookup) {
    const stored = readEntry(cache, lookup, request.sideFilters !== undefined, options, memo);
    if (stored) return { result: stored.result, hit: true, ...viewOfEntry(stored) };
  }
  const base = loadBase();
  const revision = loadRevision();
  const result = diff(base.side, revision.side, options);
  if (cache && lookup) writeEntry(cache, lookup, result, base, revision, request.sideFilters);
  return { result, hit: false, ...viewOfSides(base.side, revision.side) };
}

interface Lookup {
  key: string;
  /** The source of each root, by side, as the names resolve now. */
  roots: { base: Source[]; revision: Source[] };
}

/** The entry key, or undefined when a root cannot be read here or an option is not plain data (then nothing is cached). */
function keyOf(cache: SpecCache, request: PairRequest, options: PairOptions, memo: Map<string, string>): Lookup | undefined {
  const settings = optionsKey(options, request.sideFilters);
  if (settings === undefined) return undefined;
  const cwd = options.cwd ?? process.cwd();
  const maxBytes = options.limits?.maxFileBytes ?? DEFAULT_LIMITS.maxFileBytes;
  const roots: Lookup['roots'] = { base: [], revision: [] };
  const named: Array<Array<[string, string]>> = [];
  for (const side of ['base', 'revision'] as const) {
    const names = namesOf(request[side]);
    if (names.length === 0) return undefined;
    const list: Array<[string, string]> = [];
    for (const name of names) {
      let source: Source;
      try {
        source = parseSourceArgument(name, cwd);
      } catch {
        return undefined; // loading reports why
      }
      const digest = fileDigest(source, displayName(source, cwd), maxBytes, memo);
      if (digest === undefined) return undefined;
      roots[side].push(source);
      list.push([name, digest]);
    }
    named.push(list);
  }
  return { key: cache.key(KIND, settings, JSON.stringify(named)), roots };
}

/** Every option that can change a result, as text; undefined when one is not plain data. */
function optionsKey(options: PairOptions, sideFilters: SideFilters | undefined): string | undefined {
  let plain = true;
  const { onEntry: _onEntry, cacheDir: _cacheDir, cwd, limits, ...rest } = options as PairOptions & { onEntry?: unknown };
  const sorted = Object.fromEntries(Object.entries(rest).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const text = JSON.stringify({ cwd: path.resolve(cwd ?? process.cwd()), limits: { ...DEFAULT_LIMITS, ...limits }, options: sorted, sideFilters: sideFilters ?? null }, (_key, value: unknown) => {
    if (typeof value === 'function' || typeof value === 'bigint' || typeof value === 'symbol') plain = false;
    return value;
  });
  return plain ? text : undefined;
}

const sourceId = (source: Source) => (source.kind === 'fs' ? `fs\u0000${source.file}` : `git\u0000${source.repoRoot}\u0000${source.rev}\u0000${source.file}`);

/**
 * The SHA-256 of a file's content as the loader reads it, or undefined when it cannot be read here.
 * A file on disk is hashed as bytes (decoding costs more than hashing; a file whose bytes are not
 * the UTF-8 of its text never gets an entry, see `writeEntry`); a git file as its text.
 */
function fileDigest(source: Source, shownAs: string, maxBytes: number, memo: Map<string, string>): string | undefined {
  const id = sourceId(source);
  const known = memo.get(id);
  if (known !== undefined) return known;
  let digest: string;
  try {
    if (source.kind === 'fs') {
      const stat = statSync(source.file);
      if (!stat.isFile() || stat.size > maxBytes) return undefined;
      digest = sha256(readFileSync(source.file));
    } else {
      digest = sha256(readSource(source, shownAs, maxBytes));
    }
  } catch {
    return undefined;
  }
  memo.set(id, digest);
  return digest;
}

/** One file a side loaded: enough to hash it again and to find line numbers in it. */
interface FileRecord {
  key: string;
  shownAs: string;
  source: Source;
  sha256: string;
}

/** One spec of a side. */
interface PartRecord {
  index: number;
  shownAs: string;
  rootKey: string;
  files: FileRecord[];
}

interface Entry {
  sides: { base: PartRecord[]; revision: PartRecord[] };
  /** `successSchemas` of the new side, first spec first (see `returnsOf`). */
  returns: Array<[string, string]>;
  /** With side filters: `sideKey` of each change they keep. */
  sideKeep?: string[];
  result: DiffResult;
}

/** The fields of a change that the side-dependent filters read: two changes equal here get the same verdict. */
function sideKey(change: Change): string {
  return JSON.stringify([change.operation?.method, change.operation?.path, change.affects ?? null, change.component ?? null, change.pointers.base ?? null, change.pointers.revision ?? null]);
}

/** What `returnsOf` answers from, as a list: the first spec that answers for an operation wins. */
function returnsList(side: Side): Array<[string, string]> {
  const found = new Map<string, string>();
  for (const part of side.parts) for (const [key, name] of successSchemas(part.spec)) if (!found.has(key)) found.set(key, name);
  return [...found];
}

function returnsFrom(list: Array<[string, string]>): (method: string, path: string) => string | undefined {
  const found = new Map(list);
  return (method, p) => found.get(`${method.toUpperCase()} ${p}`);
}

/** The records of a side's files, or undefined when one was not recorded or changed on disk since it was read. */
function partRecords(recorded: RecordedSide): PartRecord[] | undefined {
  const digests = recorded.digests;
  if (!digests) return undefined;
  const parts: PartRecord[] = [];
  for (const part of recorded.side.parts) {
    const files: FileRecord[] = [];
    for (const file of part.spec.files.values()) {
      const digest = digests.get(file.shownAs);
      if (digest === undefined) return undefined;
      if (file.source.kind === 'fs') {
        try {
          if (sha256(readFileSync(file.source.file)) !== digest) return undefined;
        } catch {
          return undefined;
        }
      }
      files.push({ key: file.key, shownAs: file.shownAs, source: { ...file.source }, sha256: digest });
    }
    parts.push({ index: part.index, shownAs: part.spec.shownAs, rootKey: part.spec.root.key, files });
  }
  return parts;
}

function writeEntry(cache: SpecCache, lookup: Lookup, result: DiffResult, base: RecordedSide, revision: RecordedSide, sideFilters: SideFilters | undefined): void {
  const sides = { base: partRecords(base), revision: partRecords(revision) };
  if (!sides.base || !sides.revision) return;
  const entry: Entry = { sides: { base: sides.base, revision: sides.revision }, returns: returnsList(revision.side), result };
  if (sideFilters) {
    const kept = filterResult(result, base.side, revision.side, sideFilters);
    entry.sideKeep = kept.changes.map(sideKey);
  }
  cache.write(KIND, lookup.key, entry, true);
}

/** The stored entry when it is well formed and every file it lists still has the digest recorded. */
function readEntry(cache: SpecCache, lookup: Lookup, wantsSideKeep: boolean, options: PairOptions, memo: Map<string, string>): Entry | undefined {
  const hit = cache.read(KIND, lookup.key, true);
  if (!hit) return undefined;
  const entry = hit.value;
  if (!isEntry(entry) || (wantsSideKeep && entry.sideKeep === undefined)) return cache.demote('rejected');
  const maxBytes = options.limits?.maxFileBytes ?? DEFAULT_LIMITS.maxFileBytes;
  for (const side of ['base', 'revision'] as const) {
    const parts = entry.sides[side];
    const roots = lookup.roots[side];
    if (parts.length !== roots.length) return stale(cache);
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i]!;
      const root = part.files.find((f) => f.key === part.rootKey);
      // The root must be the file its name resolves to now; a git file must come from the root's repository and revision.
      if (part.index !== i || !root || sourceId(root.source) !== sourceId(roots[i]!)) return stale(cache);
      for (const file of part.files) {
        if (file.source.kind === 'git' && (roots[i]!.kind !== 'git' || file.source.repoRoot !== (roots[i] as { repoRoot: string }).repoRoot || file.source.rev !== (roots[i] as { rev: string }).rev)) return stale(cache);
        if (fileDigest(file.source, file.shownAs, maxBytes, memo) !== file.sha256) return stale(cache);
      }
    }
  }
  return entry;
}

/** A well-formed entry whose files changed: a miss. */
const stale = (cache: SpecCache) => cache.demote('stale');

/** The view of a stored entry: skeleton sides for `placesOf`, stored verdicts for the side filters. */
function viewOfEntry(entry: Entry): PairView {
  return {
    filter: (result, filters) => {
      const { matchTag, excludeExtension, ...plain } = filters;
      let out = result;
      if (matchTag !== undefined || excludeExtension !== undefined) {
        const keep = new Set(entry.sideKeep ?? []);
        out = { ...out, changes: out.changes.filter((c) => keep.has(sideKey(c))) };
        if (result.ignored) out.ignored = result.ignored.filter((c) => keep.has(sideKey(c)));
      }
      // The remaining filters read the changes only.
      return filterResult(out, EMPTY_SIDE, EMPTY_SIDE, plain);
    },
    places: (cwd, maxFileBytes) => placesOf(skeleton(entry.sides.base), skeleton(entry.sides.revision), cwd, maxFileBytes),
    returns: () => returnsFrom(entry.returns),
  };
}

const EMPTY_SIDE: Side = { info: { sources: [], servers: [] }, parts: [], paths: [], components: new Map(), notes: [], globalSecurity: [], webhooks: new Map() };

/**
 * A side that holds only what `placesOf` reads: each spec's name, root and files (key, name,
 * source), no documents. Never handed to anything else.
 */
function skeleton(parts: PartRecord[]): Side {
  const skeletonParts = parts.map((part) => {
    const files = new Map<string, SpecFile>();
    for (const f of part.files) files.set(f.key, { key: f.key, shownAs: f.shownAs, source: f.source, document: undefined });
    return { index: part.index, spec: { shownAs: part.shownAs, root: files.get(part.rootKey)!, files } };
  });
  return { ...EMPTY_SIDE, parts: skeletonParts as unknown as Side['parts'] };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

const isString = (value: unknown): value is string => typeof value === 'string';

function isSource(value: unknown): value is Source {
  if (!isRecord(value)) return false;
  if (value.kind === 'fs') return isString(value.file) && path.isAbsolute(value.file);
  return value.kind === 'git' && isString(value.rev) && isString(value.file) && isString(value.repoRoot);
}

function isPart(value: unknown): value is PartRecord {
  return isRecord(value) && Number.isInteger(value.index) && isString(value.shownAs) && isString(value.rootKey) && Array.isArray(value.files)
    && value.files.every((f) => isRecord(f) && isString(f.key) && isString(f.shownAs) && isString(f.sha256) && isSource(f.source));
}

/** The shape every renderer relies on; anything else in the cache is foreign and recomputed. */
export function isResult(value: unknown): value is DiffResult {
  if (!isRecord(value)) return false;
  return Object.hasOwn(value, 'schemaVersion') && value.schemaVersion === schemaVersion && Array.isArray(value.changes) && Array.isArray(value.notes)
    && value.notes.every(isString)
    && value.changes.every((c) => isRecord(c) && isString(c.id) && isString(c.level) && isString(c.text) && isRecord(c.pointers))
    && ['base', 'revision'].every((k) => isRecord(value[k]) && Array.isArray((value[k] as Record<string, unknown>).sources));
}

function isEntry(value: unknown): value is Entry {
  if (!isRecord(value) || !isRecord(value.sides) || !isResult(value.result)) return false;
  const { base, revision } = value.sides;
  if (!Array.isArray(base) || !Array.isArray(revision) || !base.every(isPart) || !revision.every(isPart)) return false;
  if (!Array.isArray(value.returns) || !value.returns.every((r) => Array.isArray(r) && r.length === 2 && isString(r[0]) && isString(r[1]))) return false;
  return value.sideKeep === undefined || (Array.isArray(value.sideKeep) && value.sideKeep.every(isString));
}
