import { realpathSync } from 'node:fs';
import path from 'node:path';
import { quoteForMessage, SpecError } from './errors.js';
import { resolveLimits, type Limits } from './limits.js';
import { parseJsonAgainst, type EarlierJson } from './delta.js';
import { parseDocument } from './parse.js';
import { appendPointer, getAtPointer } from './pointer.js';
import { recordAndVisitRefs, isExamplesMap, type SubtreeTable } from './hash.js';
import {
  confineSource,
  displayName,
  parseSourceArgument,
  readConfined,
  readSource,
  relativeSource,
  sourceKey,
  type AllowedFolder,
  type ConfineCache,
  type Confinement,
  type Source,
} from './source.js';

/** One parsed file of a (possibly multi-file) spec. */
export interface SpecFile {
  /** Stable key: absolute path, or `REV:repo/relative/path`. */
  readonly key: string;
  /** Name used in messages. */
  readonly shownAs: string;
  readonly source: Source;
  readonly document: unknown;
  /**
   * Content hash of every larger object and array of `document` (see `subtreeHash`) and the `$ref`
   * strings inside each, filled by `loadSpec` in the walk that finds references. Absent for files
   * built in memory.
   */
  readonly hashes?: SubtreeTable;
}

/** A loaded OpenAPI document: the root file plus every file its `$ref`s reach. */
export interface LoadedSpec {
  readonly shownAs: string;
  readonly root: SpecFile;
  readonly files: ReadonlyMap<string, SpecFile>;
  /** The `openapi` field, e.g. `3.0.3`. */
  readonly openapi: string;
  /** `3.0` or `3.1`. */
  readonly major: '3.0' | '3.1';
  /** The root document. */
  readonly document: OpenApiRoot;
}

/** The parts of an OpenAPI root object that the loader itself relies on. */
export interface OpenApiRoot {
  openapi: string;
  info?: { title?: string; version?: string; [k: string]: unknown };
  servers?: Array<{ url: string; [k: string]: unknown }>;
  paths?: Record<string, unknown>;
  components?: Record<string, Record<string, unknown> | undefined>;
  [k: string]: unknown;
}

/** Where a `$ref` leads. */
export interface RefTarget {
  readonly file: SpecFile;
  /** JSON pointer inside `file` (the fragment of the reference). */
  readonly pointer: string;
  readonly value: unknown;
}

export interface LoadOptions {
  cwd?: string;
  /** Skip the dangling-reference check (it walks every node once). Default: check. */
  checkRefs?: boolean;
  /**
   * Folders (besides the root document's own folder) that file `$ref`s may read from. Without
   * it a `$ref` may only reach regular files inside the root document's folder, after symlinks
   * are resolved; anything else (`../../etc/passwd`, `/dev/zero`, `/proc/…`) is refused.
   */
  allowExternalRefs?: readonly string[];
  /** Tighter (or looser) bounds than `DEFAULT_LIMITS`; tests use small ones. */
  limits?: Partial<Limits>;
  /**
   * A store of parsed documents (e.g. oasdiff-js's on-disk cache), asked before each file is parsed.
   * What it returns for a text is used as what `parseText(text, …, limits)` would give; it is told about
   * every document parsed here. The loader's own checks of references and hashes still run on it.
   */
  parseCache?: ParseCache;
  /**
   * An earlier revision of the same spec, loaded before (the base of a comparison, the revision before
   * in a history). Each JSON file of this load whose counterpart there (the root, or the file at the
   * same path relative to the root's folder) was JSON too and loaded under the same limits is parsed
   * against it (see delta.ts): every member whose text is the same at the same place is the earlier
   * document's own object, and the walk records this file in the earlier file's `hashes` table without
   * walking those parts again. The document is the value an ordinary parse gives; it only shares
   * objects with the earlier one, so comparing the two finds the unchanged parts at once.
   */
  shareWith?: LoadedSpec;
}

/** What a JSON file of a load keeps for a later revision parsed against it (see `LoadOptions.shareWith`). */
const jsonFiles = new WeakMap<SpecFile, { earlier: EarlierJson; limits: Limits }>();

const sameLimits = (a: Limits, b: Limits) => a.maxFileBytes === b.maxFileBytes && a.maxNodes === b.maxNodes && a.maxDepth === b.maxDepth;

/** The file of `earlier` at the place `key` has in a spec whose root is `rootKey` (same path relative to the root's folder). */
function counterpart(earlier: LoadedSpec, rootKey: string, key: string): SpecFile | undefined {
  if (key === rootKey) return earlier.root;
  const relative = relativeToRoot(rootKey, key);
  return relative === undefined ? undefined : earlier.files.get(rootFolder(earlier.root.key) + relative);
}

/** The folder part of a file key (a path or `REV:path`), separator included. */
const rootFolder = (rootKey: string): string => rootKey.replace(/[^/\\]*$/, '');

/** `key` relative to the folder of the root file `rootKey`; undefined for a file outside it. */
function relativeToRoot(rootKey: string, key: string): string | undefined {
  const folder = rootFolder(rootKey);
  return key.startsWith(folder) ? key.slice(folder.length) : undefined;
}

/** See `LoadOptions.parseCache`. */
export interface ParseCache {
  /** `{ document }` parsed earlier from exactly this text under these limits, or undefined. */
  get(text: string, limits: Limits, shownAs: string): { document: unknown } | undefined;
  /** Called after `text` was parsed and passed the shape checks of `limits`. */
  set(text: string, limits: Limits, document: unknown): void;
}

/** Splits `other.yaml#/components/schemas/A` into file part and fragment. */
export function splitRef(ref: string): { file: string; fragment: string } {
  const hash = ref.indexOf('#');
  if (hash === -1) return { file: ref, fragment: '' };
  const fragment = ref.slice(hash + 1);
  return { file: ref.slice(0, hash), fragment: fragment.includes('%') ? decodeURIComponentSafe(fragment) : fragment };
}

function decodeURIComponentSafe(fragment: string): string {
  try {
    return decodeURIComponent(fragment);
  } catch {
    return fragment;
  }
}

/**
 * Calls `visit` for every `$ref` string in a document, with the pointer of the object that holds it.
 * `example`/`examples` values and vendor extensions are data, not schema, so `$ref`s inside them are ignored.
 */
export function forEachRef(document: unknown, visit: (ref: string, at: string) => void): void {
  forEachRefLazy(document, (ref, at) => visit(ref, at()));
}

/** `forEachRef` with the pointer built only when the visitor asks for it (most visitors skip repeats). */
export function forEachRefLazy(document: unknown, visit: (ref: string, at: () => string) => void): void {
  // Every object node gets an id in three parallel arrays (node, key, parent id): no object per node,
  // and a pointer is built (by walking parent ids) only for the objects that hold a `$ref`.
  const nodes: object[] = [];
  const keys: Array<string | number> = [];
  const ups: number[] = [];
  const todo: number[] = [];
  const add = (node: unknown, key: string | number, up: number) => {
    if (node === null || typeof node !== 'object') return; // scalars hold no references
    todo.push(nodes.length);
    nodes.push(node);
    keys.push(key);
    ups.push(up);
  };
  const pointerOf = (id: number): string => {
    const tokens: Array<string | number> = [];
    for (let i = id; i > 0; i = ups[i]!) tokens.push(keys[i]!);
    return appendPointer('', ...tokens.reverse());
  };
  add(document, '', -1);
  while (todo.length > 0) {
    const id = todo.pop()!;
    const node = nodes[id]!;
    if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--) add(node[i], i, id);
      continue;
    }
    const record = node as Record<string, unknown>;
    if (typeof record.$ref === 'string') visit(record.$ref, () => pointerOf(id));
    const parentKey = id === 0 ? '' : String(keys[id]);
    // An Example Object (a member of an `examples` map that is not a schema property) holds data in `value`.
    const up = ups[id]!;
    const isExampleObject = up > 0 && keys[up] === 'examples' && !(ups[up]! > 0 && keys[ups[up]!] === 'properties');
    for (const key in record) {
      if (key === '$ref') continue;
      if (isExampleObject && key === 'value') continue;
      const isData = parentKey !== 'properties' && (key === 'example' || key === 'examples' || key.startsWith('x-'));
      if (isData && !(key === 'examples' && isExamplesMap(record[key]))) continue;
      add(record[key], key, id);
    }
  }
}

const refLists = new WeakMap<object, readonly string[]>();

function collectRefs(node: object): string[] {
  const found: string[] = [];
  if (collectInto(node, '', undefined, undefined, found, 0)) return found;
  // Deeper than the recursion goes (a node inside an example or an extension, a document built in
  // memory): the iterative walk, which needs no stack.
  const all: string[] = [];
  forEachRefLazy(node, (ref) => all.push(ref));
  return all;
}

/** How deep `collectInto` recurses before it gives up (the nodes it is meant for are a few levels deep). */
const COLLECT_DEPTH = 200;

/**
 * `forEachRefLazy(node, …)` gathering the reference strings only, as a recursion (nodes asked about
 * here are small: no stack of ids, no pointers): the node's own `$ref`, then its members last key
 * first, array items first to last, with the same exclusions. `key` is the node's own key (`''` for
 * the node asked about), `parentKey` and `grandKey` those of the two nodes above it (undefined above
 * the node asked about). False when the node is deeper than `COLLECT_DEPTH` (then `found` is incomplete).
 */
function collectInto(node: object, key: string, parentKey: string | undefined, grandKey: string | undefined, found: string[], depth: number): boolean {
  if (depth > COLLECT_DEPTH) return false;
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) {
      const item: unknown = node[i];
      if (item !== null && typeof item === 'object' && !collectInto(item, String(i), key, parentKey, found, depth + 1)) return false;
    }
    return true;
  }
  const record = node as Record<string, unknown>;
  if (typeof record.$ref === 'string') found.push(record.$ref);
  // An Example Object (a member of an `examples` map that is not a schema property) holds data in `value`.
  const isExampleObject = parentKey === 'examples' && grandKey !== 'properties';
  const names = Object.keys(record);
  for (let i = names.length - 1; i >= 0; i--) {
    const name = names[i]!;
    const value = record[name];
    if (value === null || typeof value !== 'object') continue; // scalars hold no references
    if (name === '$ref') continue;
    if (isExampleObject && name === 'value') continue;
    const isData = key !== 'properties' && (name === 'example' || name === 'examples' || name.startsWith('x-'));
    if (isData && !(name === 'examples' && isExamplesMap(value))) continue;
    if (!collectInto(value, name, key, parentKey, found, depth + 1)) return false;
  }
  return true;
}

/**
 * The `$ref` strings inside `node`, in `forEachRefLazy`'s order, repeats included. For a node of a
 * loaded file (pass its `hashes` table) the loader's walk already recorded them, so nothing is walked
 * again; small nodes (not remembered) are walked now, and nodes of documents without a table are
 * walked once and remembered.
 */
export function refsWithin(node: unknown, table?: SubtreeTable): readonly string[] {
  if (node === null || typeof node !== 'object') return [];
  if (table) return table.refs(node) ?? collectRefs(node);
  let list = refLists.get(node);
  if (!list) refLists.set(node, (list = collectRefs(node)));
  return list;
}

function checkRoot(document: unknown, shownAs: string): { openapi: string; major: '3.0' | '3.1' } {
  if (document === null || typeof document !== 'object' || Array.isArray(document)) {
    throw new SpecError(shownAs, 'not an OpenAPI document: the top level must be an object');
  }
  const root = document as Record<string, unknown>;
  if (typeof root.swagger === 'string') {
    throw new SpecError(shownAs, `Swagger ${root.swagger} is not supported; convert it to OpenAPI 3.0 or 3.1`, { pointer: '/swagger' });
  }
  if (typeof root.openapi !== 'string') {
    throw new SpecError(shownAs, 'not an OpenAPI document: the "openapi" field is missing', { pointer: '/openapi' });
  }
  const match = /^3\.([01])\.\d+/.exec(root.openapi);
  if (!match) {
    throw new SpecError(shownAs, `OpenAPI ${root.openapi} is not supported (3.0.x and 3.1.x are)`, { pointer: '/openapi' });
  }
  if (root.paths !== undefined && (root.paths === null || typeof root.paths !== 'object' || Array.isArray(root.paths))) {
    throw new SpecError(shownAs, '"paths" must be an object', { pointer: '/paths' });
  }
  checkRootShape(root, shownAs);
  return { openapi: root.openapi, major: match[1] === '0' ? '3.0' : '3.1' };
}

/**
 * The path items of a Paths object as `[template, item]` entries. The Paths object may also carry
 * `x-` extensions, which are not path items; every consumer lists paths through this.
 */
export function pathEntries(paths: unknown): Array<[string, unknown]> {
  if (paths === null || typeof paths !== 'object' || Array.isArray(paths)) return [];
  return Object.entries(paths).filter(([template]) => !template.startsWith('x-'));
}

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * The root-level shapes every consumer relies on (`servers[].url`, `info`, `components.<section>`,
 * path items). A spec that gets them wrong is a user mistake, reported with its pointer, rather
 * than a TypeError deep inside a consumer.
 */
function checkRootShape(root: Record<string, unknown>, shownAs: string): void {
  if (root.info !== undefined && !isObject(root.info)) throw new SpecError(shownAs, '"info" must be an object', { pointer: '/info' });
  if (root.servers !== undefined) {
    if (!Array.isArray(root.servers)) throw new SpecError(shownAs, '"servers" must be an array of Server Objects', { pointer: '/servers' });
    root.servers.forEach((server: unknown, i) => {
      if (!isObject(server)) throw new SpecError(shownAs, 'each server must be an object with a "url"', { pointer: `/servers/${i}` });
      if (typeof server.url !== 'string') throw new SpecError(shownAs, 'a server\'s "url" must be a string', { pointer: `/servers/${i}/url` });
    });
  }
  if (root.components !== undefined) {
    if (!isObject(root.components)) throw new SpecError(shownAs, '"components" must be an object', { pointer: '/components' });
    for (const [section, value] of Object.entries(root.components)) {
      if (section.startsWith('x-')) continue;
      if (!isObject(value)) throw new SpecError(shownAs, `"components.${section}" must be an object`, { pointer: appendPointer('/components', section) });
    }
  }
  if (isObject(root.paths)) {
    for (const [template, item] of pathEntries(root.paths)) {
      if (!isObject(item)) throw new SpecError(shownAs, 'a path item must be an object', { pointer: appendPointer('/paths', template) });
    }
  }
}

/**
 * Loads an OpenAPI 3.0/3.1 document from a path or `REV:path`, plus every file its relative `$ref`s
 * reach. `$ref`s are not expanded: consumers compare and follow them lazily, which keeps 4 MB specs
 * with thousands of schemas cheap and makes circular references harmless.
 */
export function loadSpec(input: string | Source, options: LoadOptions = {}): LoadedSpec {
  const cwd = options.cwd ?? process.cwd();
  const rootSource = typeof input === 'string' ? parseSourceArgument(input, cwd) : input;
  const files = new Map<string, SpecFile>();
  const limits = resolveLimits(options.limits);
  /** Files parsed here, to be handed to the parse cache once their walk has checked their shape. */
  const toCache = new Map<SpecFile, string>();

  /** Files parsed against a file of `options.shareWith`, with that file's table (their walk records into it). */
  const sharedTables = new Map<SpecFile, SubtreeTable>();
  /** The root's key: the first file loaded. */
  let rootKey: string | undefined;
  /** `real`: the confined real path of a file `$ref` target (see `confineTarget`), read instead of `source.file`. */
  const load = (source: Source, real?: string): SpecFile => {
    const key = sourceKey(source);
    const known = files.get(key);
    if (known) return known;
    rootKey ??= key;
    const shownAs = displayName(source, cwd);
    const text = real === undefined ? readSource(source, shownAs, limits.maxFileBytes) : readConfined(real, shownAs, limits.maxFileBytes);
    const cached = options.parseCache?.get(text, limits, shownAs);
    // The shape check of `parseText` is made by the file's walk below (one walk instead of two); the
    // parse cache is told about the document once that walk has passed it.
    let document: unknown;
    let json: EarlierJson | undefined;
    let table: SubtreeTable | undefined;
    if (cached) document = cached.document;
    else {
      const other = options.shareWith && counterpart(options.shareWith, rootKey, key);
      const kept = other && jsonFiles.get(other);
      if (kept && other.hashes?.mayGrow && sameLimits(kept.limits, limits)) {
        const shared = parseJsonAgainst(text, kept.earlier);
        if (shared) {
          document = shared.document;
          json = shared.next;
          table = other.hashes;
        }
      }
      if (json === undefined) {
        const parsed = parseDocument(text, shownAs, limits);
        document = parsed.document;
        if (parsed.json) json = { text, document };
      }
    }
    const file: SpecFile = { key, shownAs, source, document };
    files.set(key, file);
    if (json) jsonFiles.set(file, { earlier: json, limits });
    if (table) sharedTables.set(file, table);
    if (!cached && options.parseCache) toCache.set(file, text);
    return file;
  };

  const root = load(rootSource);
  const sharedWalk = (file: SpecFile) => {
    const into = sharedTables.get(file);
    if (into === undefined) return undefined;
    // Where a walk would report a failing reference: the first object holding it, in the walk's order.
    const locate = (ref: string): string => {
      let at: string | undefined;
      forEachRefLazy(file.document, (found, pointer) => {
        if (at === undefined && found === ref) at = pointer();
      });
      return at ?? '';
    };
    return { into, locate };
  };
  const roots = rootSource.kind === 'fs' ? allowedFolders(rootSource.file, options.allowExternalRefs ?? [], cwd) : [];
  const { openapi, major } = checkRoot(root.document, root.shownAs);

  // Breadth-first over files, so that every file a reference reaches is parsed exactly once.
  const queue: SpecFile[] = [root];
  const checkRefs = options.checkRefs ?? true;
  // Most references name a few hundred components many times over: check each target once.
  const checked = new Map<string, unknown>();
  /** Each reference text of each file with its target, handed to `resolveRef`'s memory once the spec exists. */
  const found: Array<{ from: SpecFile; ref: string; target: RefTarget }> = [];
  const targets = new Map<string, { source: Source; confined: Confinement }>();
  /** Resolved target → where it leads (see `confineTarget`). */
  const confinements = new Map<string, Confinement>();
  const lookUps: ConfineCache = new Map();
  while (queue.length > 0) {
    const file = queue.shift()!;
    const seenRefs = new Set<string>();
    // One walk per file finds its references, checks its shape and records its larger subtrees (see hash.ts).
    const hashes = recordAndVisitRefs(file.document, (ref, pointer) => {
      // The same ref text in the same file always leads to the same place: check it once.
      if (seenRefs.has(ref)) return;
      seenRefs.add(ref);
      // The holder's pointer is built only for an error (most references are fine).
      const at = pointer;
      const { file: filePart, fragment } = splitRef(ref);
      if (fragment !== '' && !fragment.startsWith('/')) {
        throw new SpecError(file.shownAs, `$ref ${quoteForMessage(ref)}: the part after "#" must be a JSON pointer (empty or starting with "/")`, { pointer: at() + '/$ref' });
      }
      let target = file;
      if (filePart !== '') {
        const before = files.size;
        // Many ref texts of a file name the same few files: each file part is resolved once per
        // referring file, and each resolved file is checked once (realpath costs a system call per
        // path component; a spec of a thousand files names the same targets from many of them).
        const targetKey = `${file.key}\u0000${filePart}`;
        let known = targets.get(targetKey);
        if (!known) {
          const resolved = relativeSource(file.source, filePart);
          const resolvedKey = sourceKey(resolved);
          let confined = confinements.get(resolvedKey);
          if (confined === undefined) confinements.set(resolvedKey, (confined = confineSource(resolved, roots, lookUps)));
          targets.set(targetKey, (known = { source: resolved, confined }));
        }
        const { source, confined } = known;
        // The refusal is decided before anything at the target is looked at, and its text names only
        // the ref and the allowed folders: a missing file outside gets the same answer as an existing one.
        if (confined.kind === 'refused') throw new SpecError(file.shownAs, `$ref ${quoteForMessage(ref)} is refused: ${confined.reason}`, { pointer: at() + '/$ref' });
        if (confined.kind === 'failed' && !files.has(sourceKey(source))) {
          if (confined.code === 'ENOENT') throw new SpecError(file.shownAs, `$ref ${quoteForMessage(ref)} points to a file that does not exist`, { pointer: at() });
          throw new SpecError(file.shownAs, `$ref ${quoteForMessage(ref)} cannot be followed: cannot be read (${confined.code})`, { pointer: at() + '/$ref' });
        }
        try {
          target = load(source, confined.kind === 'read' ? confined.real : undefined);
        } catch (error) {
          if (error instanceof SpecError && error.detail === 'no such file') {
            throw new SpecError(file.shownAs, `$ref ${quoteForMessage(ref)} points to a file that does not exist`, { pointer: at() });
          }
          // A target that cannot be read (not a regular file, too large, a name too long) is reported
          // where the $ref is; a target that was read but does not parse keeps its own file and line.
          if (error instanceof SpecError && error.file === displayName(source, cwd) && error.line === undefined && error.pointer === undefined) {
            throw new SpecError(file.shownAs, `$ref ${quoteForMessage(ref)} cannot be followed: ${error.detail}`, { pointer: at() + '/$ref' });
          }
          throw error;
        }
        if (files.size > before) queue.push(target);
      }
      if (checkRefs) {
        const id = `${target.key}#${fragment}`;
        let value = checked.get(id);
        if (value === undefined) {
          value = getAtPointer(target.document, fragment);
          if (value === undefined) throw new SpecError(file.shownAs, `$ref ${quoteForMessage(ref)} points to nothing`, { pointer: at() + '/$ref' });
          checked.set(id, value);
        }
        found.push({ from: file, ref, target: { file: target, pointer: fragment, value } });
      }
    }, { shownAs: file.shownAs, limits }, sharedWalk(file));
    (file as { hashes?: SubtreeTable }).hashes = hashes;
    const text = toCache.get(file);
    if (text !== undefined) {
      toCache.delete(file);
      options.parseCache!.set(text, limits, file.document);
    }
  }

  const spec: LoadedSpec = { shownAs: root.shownAs, root, files, openapi, major, document: root.document as OpenApiRoot };
  // The walk found where every reference leads: `resolveRef` answers those without looking again.
  for (const { from, ref, target } of found) {
    let cache = resolved.get(from);
    if (!cache) resolved.set(from, (cache = new Map()));
    cache.set(ref, { spec, target });
  }
  return spec;
}

/** The folders file `$ref`s may read from: the root document's folder, then each allowed one. */
function allowedFolders(rootFile: string, extra: readonly string[], cwd: string): AllowedFolder[] {
  const folder = (given: string, shownAs: string): AllowedFolder => {
    try {
      return { given, real: realpathSync.native(given) };
    } catch {
      throw new SpecError(shownAs, '--allow-external-refs names a folder that does not exist');
    }
  };
  return [folder(path.dirname(rootFile), rootFile), ...extra.map((dir) => folder(path.resolve(cwd, dir), dir))];
}


/** Resolves one `$ref` seen in `from`. Throws a `SpecError` naming the file when it points nowhere. */
export function resolveRef(spec: LoadedSpec, from: SpecFile, ref: string): RefTarget {
  // Documents do not change after loading, and differs resolve the same few hundred refs many times.
  let cache = resolved.get(from);
  if (!cache) resolved.set(from, (cache = new Map()));
  const known = cache.get(ref);
  if (known && known.spec === spec) return known.target;
  const { file: filePart, fragment } = splitRef(ref);
  if (fragment !== '' && !fragment.startsWith('/')) throw new SpecError(from.shownAs, `$ref ${quoteForMessage(ref)}: the part after "#" must be a JSON pointer`);
  const file = filePart === '' ? from : spec.files.get(sourceKey(relativeSource(from.source, filePart)));
  const value = file ? getAtPointer(file.document, fragment) : undefined;
  if (!file || value === undefined) throw new SpecError(from.shownAs, `$ref ${quoteForMessage(ref)} points to nothing`);
  const target = { file, pointer: fragment, value };
  cache.set(ref, { spec, target });
  return target;
}

const resolved = new WeakMap<SpecFile, Map<string, { spec: LoadedSpec; target: RefTarget }>>();

/**
 * Follows a chain of `$ref`s from `node` (which lives in `from`) to the first object that is not a
 * reference. Cycles of pure references (A → B → A) are reported as errors.
 */
export function followRefs(spec: LoadedSpec, from: SpecFile, node: unknown, pointer = ''): RefTarget {
  let current: RefTarget = { file: from, pointer, value: node };
  const seen = new Set<string>();
  while (current.value !== null && typeof current.value === 'object' && typeof (current.value as { $ref?: unknown }).$ref === 'string') {
    const ref = (current.value as { $ref: string }).$ref;
    const next = resolveRef(spec, current.file, ref);
    const id = `${next.file.key}#${next.pointer}`;
    if (seen.has(id)) throw new SpecError(current.file.shownAs, `$ref ${quoteForMessage(ref)} is part of a cycle of references`, { pointer: current.pointer });
    seen.add(id);
    current = next;
  }
  return current;
}

/** A stable identity for a reference target: `relative/file.yaml#/pointer`, relative to the root file. */
export function refIdentity(spec: LoadedSpec, target: { file: SpecFile; pointer: string }): string {
  if (target.file === spec.root) return `#${target.pointer}`;
  const relative = relativeToRoot(spec.root.key, target.file.key) ?? target.file.key;
  return `${relative.replace(/\\/g, '/')}#${target.pointer}`;
}

/**
 * Returns a single self-contained document. A one-file spec is returned as is. For a multi-file spec
 * each other file is embedded under `/x-bundled-files/<n>` and every `$ref` is rewritten to a local
 * pointer, so JSON Schema validators (Ajv) and generators can consume it.
 */
export function bundle(spec: LoadedSpec): OpenApiRoot {
  if (spec.files.size === 1) return spec.document;
  const index = new Map<string, number>();
  let n = 0;
  for (const key of spec.files.keys()) if (key !== spec.root.key) index.set(key, n++);
  const prefixOf = (file: SpecFile) => (file === spec.root ? '' : `/x-bundled-files/${index.get(file.key)}`);

  const rewrite = (file: SpecFile): unknown => {
    const copy = structuredClone(file.document);
    forEachRef(copy, (ref, at) => {
      const holder = getAtPointer(copy, at) as { $ref: string };
      const target = resolveRef(spec, file, ref);
      holder.$ref = '#' + prefixOf(target.file) + target.pointer;
    });
    return copy;
  };

  const root = rewrite(spec.root) as OpenApiRoot;
  const embedded: unknown[] = [];
  for (const [key, i] of index) embedded[i] = rewrite(spec.files.get(key)!);
  root['x-bundled-files'] = embedded;
  return root;
}
