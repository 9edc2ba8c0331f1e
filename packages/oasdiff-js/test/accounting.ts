/**
 * Ground-truth accounting: every real structural change that ../shared/tools/groundtruth lists for a
 * pair (not documentation, not component-rename noise) is either reported by the engine, mapped by
 * JSON pointer, or falls in one of the documented classes below that the engine deliberately does not
 * report. Used by test/accounting.test.ts (needs ../shared).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadSpec } from '@astro-api/spec-loader';
import { diffSpecs, type DiffResult } from '../src/index.js';

export interface GroundTruthChange {
  op: 'add' | 'remove' | 'replace';
  path: string[];
  before?: unknown;
  after?: unknown;
  docOnly: boolean;
  renameNoise?: boolean;
}

/** Why a real change is not reported. Each class has an engine test that shows the behaviour. */
export const explanations = {
  'same-after-refs':
    'No change once references are followed: a `$ref` re-pointed to a definition identical to the old one (ignoring documentation), an inline schema replaced by a reference to an identical one, or a parameter reference swapped for one with the same in, name and definition.',
  'default-spelled-out': 'A keyword added or removed with its default value (`nullable: false`, `deprecated: false`, `required: false`, `additionalProperties: true`, `minLength: 0`, an empty `parameters` list, …): the meaning is the same either way.',
  'parameters-moved': 'Parameters moved between a path item and its operations, or given through another `$ref` (or inline instead of by reference): every operation of the path has the same effective parameters by in + name, which is how the engine pairs them; differences between the two definitions are compared and reported on their own.',
  'composition-by-title': 'Inside allOf/oneOf/anyOf the ground truth pairs changed members by position; the engine pairs them by reference or title, so one member removed (or added) before others is one removal, not a change to every later member.',
  'top-level-tags': 'The top-level `tags` list (names and grouping for documentation); operation tags are reported.',
} as const;
export type Explanation = keyof typeof explanations;

export interface Accounting {
  groundTruth: number;
  reported: number;
  explained: Record<Explanation, number>;
  missed: GroundTruthChange[];
  /** Distinct non-documentation changes of the engine (a component change in both directions counts once; extension-derived changes left out, as the ground truth leaves out `x-` keys). */
  engineChanges: number;
  /** The ground truth's real changes, in its order, and what became of each. */
  truth: GroundTruthChange[];
  status: Array<'reported' | 'missed' | Explanation>;
  /** The engine's counted changes (`engineChanges` of them) with the ground-truth changes each maps to. */
  units: EngineUnit[];
}

const DOC_KEYS = new Set(['description', 'summary', 'title', 'example', 'examples', 'externalDocs']);
/** Keywords a change to which the engine reports at the node that carries them (schema, parameter, header, body, encoding entry). */
const LEAF_KEYWORDS = new Set([
  'type', 'format', 'enum', 'const', 'default', 'nullable', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'minLength', 'maxLength',
  'minItems', 'maxItems', 'minProperties', 'maxProperties', 'pattern', 'readOnly', 'writeOnly', 'deprecated', 'additionalProperties', 'discriminator',
  'mapping', 'propertyName', 'required', 'style', 'explode', 'not', 'allowReserved', 'multipleOf', 'uniqueItems', 'contentType', 'operationId', 'items',
]);

type Json = unknown;
/** The node a local `$ref` (`#/paths/~1tags/get/parameters/0`) names; arrays are indexed. */
function refTarget(doc: Json, ref: string): Json {
  return ref
    .slice(2)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<Json>((n, k) => (Array.isArray(n) ? n[Number(k)] : n !== null && typeof n === 'object' ? (n as Record<string, Json>)[k] : undefined), doc);
}
const isObj = (v: Json): v is Record<string, Json> => v !== null && typeof v === 'object' && !Array.isArray(v);
const esc = (t: string) => t.replace(/~/g, '~0').replace(/\//g, '~1');

const truthCache = new Map<string, GroundTruthChange[]>();

export function runGroundTruth(script: string, cwd: string, a: string, b: string): GroundTruthChange[] {
  const cached = truthCache.get(`${a}\n${b}`);
  if (cached) return cached;
  const dir = mkdtempSync(path.join(tmpdir(), 'groundtruth-'));
  try {
    const out = path.join(dir, 'gt.json');
    execFileSync(process.execPath, [script, a, b, '--json', out], { cwd, stdio: ['ignore', 'ignore', 'inherit'], maxBuffer: 1 << 30 });
    const changes = (JSON.parse(readFileSync(out, 'utf8')) as { changes: GroundTruthChange[] }).changes;
    truthCache.set(`${a}\n${b}`, changes);
    return changes;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Resolves the groundtruth path (identity tokens `[in:name]`, `[$ref:…]`, `[index]`) to JSON-pointer
 * tokens on one side. A value token of a set-like array (`enum`, `required`, `type`) ends the path and
 * is returned as `value`.
 */
function resolvePath(doc: Json, gtPath: string[]): { tokens: string[]; value?: Json } {
  const tokens: string[] = [];
  let node: Json = doc;
  for (const t of gtPath) {
    if (Array.isArray(node) && /^\[.*\]$/s.test(t)) {
      const key = t.slice(1, -1);
      let index = -1;
      if (/^\d+$/.test(key) && !node.every((x) => x === null || typeof x !== 'object')) index = Number(key);
      else if (key.startsWith('$ref:')) index = node.findIndex((x) => isObj(x) && x.$ref === key.slice(5));
      else if (tokens.at(-1) === 'parameters') index = node.findIndex((x) => isObj(x) && `${String(x.in)}:${String(x.name)}` === key);
      else if (tokens.at(-1) === 'servers') index = node.findIndex((x) => isObj(x) && x.url === key);
      else if (tokens.length === 1 && tokens[0] === 'tags') index = node.findIndex((x) => isObj(x) && x.name === key);
      else {
        try {
          return { tokens, value: JSON.parse(key) as Json };
        } catch {
          return { tokens };
        }
      }
      if (index < 0 || index >= node.length) return { tokens };
      tokens.push(String(index));
      node = node[index];
      continue;
    }
    tokens.push(t);
    node = isObj(node) ? node[t] : undefined;
  }
  return { tokens };
}

/** Where the engine reports a change at `at`: the node itself, or the node that carries the changed keyword. */
function reportNodes(at: { tokens: string[]; value?: Json }): string[] {
  const pointer = (t: string[]) => '/' + t.map(esc).join('/');
  const out = [pointer(at.tokens)];
  // `required: [x]` of an object schema is reported at the property x.
  if (at.tokens.at(-1) === 'required' && typeof at.value === 'string') out.push(pointer([...at.tokens.slice(0, -1), 'properties', at.value]));
  let t = [...at.tokens];
  while (t.length > 0 && (LEAF_KEYWORDS.has(t.at(-1)!) || t.at(-2) === 'mapping')) {
    t = t.slice(0, -1);
    out.push(pointer(t));
  }
  // Security requirements and tags of an operation are reported at the operation's `security` list and at the operation.
  const method = at.tokens[0] === 'paths' ? at.tokens[2] : undefined;
  if (method !== undefined && at.tokens[3] === 'security') out.push(pointer(at.tokens.slice(0, 4)));
  if (method !== undefined && at.tokens[3] === 'tags') out.push(pointer(at.tokens.slice(0, 3)));
  return out;
}

/** `#/components/schemas/X` → `/components/schemas/X`. */
function refPointer(ref: Json): string | undefined {
  return typeof ref === 'string' && ref.startsWith('#/') ? ref.slice(1) : undefined;
}

function engineDistinct(result: DiffResult): number {
  const seen = new Set<string>();
  // Like with like: the ground truth counts `x-` extensions with documentation, so changes the engine
  // reads from extensions (generic ones, x-permission, x-stability-level) are left out of this count.
  for (const c of result.changes) {
    const key = unitKey(c);
    if (key !== undefined) seen.add(key);
  }
  return seen.size;
}

/** A value with every `$ref` followed (up to a depth) and documentation keys dropped, as canonical text. */
function resolvedText(doc: Json, value: Json, depth = 0, stack: string[] = []): string {
  if (Array.isArray(value)) return `[${value.map((v) => resolvedText(doc, v, depth, stack)).join(',')}]`;
  if (!isObj(value)) return JSON.stringify(value);
  if (typeof value.$ref === 'string' && value.$ref.startsWith('#/')) {
    if (stack.includes(value.$ref) || depth > 12) return `{"$cycle":${JSON.stringify(value.$ref.replace(/^.*\//, ''))}}`;
    const target = refTarget(doc, value.$ref);
    return resolvedText(doc, target, depth + 1, [...stack, value.$ref]);
  }
  const keys = Object.keys(value).filter((k) => !DOC_KEYS.has(k) && !k.startsWith('x-')).sort();
  const items = keys.map((k) => `${JSON.stringify(k)}:${k === 'parameters' && Array.isArray(value[k]) ? sortedParams(doc, value[k] as Json[], depth, stack) : resolvedText(doc, value[k], depth, stack)}`);
  return `{${items.join(',')}}`;
}

/** Canonical text without documentation keys, references kept as names. */
function shallowText(value: Json): string {
  if (Array.isArray(value)) return `[${value.map(shallowText).join(',')}]`;
  if (!isObj(value)) return JSON.stringify(value);
  return `{${Object.keys(value).filter((k) => !DOC_KEYS.has(k) && !k.startsWith('x-')).sort().map((k) => `${JSON.stringify(k)}:${shallowText(value[k])}`).join(',')}}`;
}

function sortedParams(doc: Json, list: Json[], depth: number, stack: string[]): string {
  return `[${list.map((p) => resolvedText(doc, p, depth, stack)).sort().join(',')}]`;
}

function nodeAt(doc: Json, tokens: string[]): Json {
  return tokens.reduce<Json>((n, k) => (Array.isArray(n) ? n[Number(k)] : isObj(n) ? n[k] : undefined), doc);
}

/** Walks a groundtruth path following `$ref`s at every step (identity tokens as in `resolvePath`). */
function follow(doc: Json, gtPath: string[]): Json {
  let node: Json = doc;
  for (let i = 0; i < gtPath.length; i++) {
    const t = gtPath[i]!;
    for (let hops = 0; isObj(node) && typeof node.$ref === 'string' && node.$ref.startsWith('#/') && t !== '$ref' && hops < 20; hops++) {
      node = refTarget(doc, node.$ref);
    }
    if (Array.isArray(node)) {
      const at = resolvePath(node, [t]);
      node = at.tokens.length === 1 ? node[Number(at.tokens[0])] : undefined;
    } else node = isObj(node) ? node[t] : undefined;
  }
  return node;
}

/** True when some ancestor of the change (below the operation) is the same on both sides once references are followed. */
function sameAfterRefs(a: Json, b: Json, change: GroundTruthChange): boolean {
  // The changed keyword itself, reached through references on both sides, holds the same value.
  if (change.path.at(-1) !== '$ref' && !/^\[/.test(change.path.at(-1)!)) {
    const x = follow(a, change.path);
    const y = follow(b, change.path);
    // References below the keyword name components, compared where they are defined: compare them by name here.
    if (x !== undefined && y !== undefined && shallowText(x) === shallowText(y)) return true;
  }
  const pa = resolvePath(a, change.path).tokens;
  const pb = resolvePath(b, change.path).tokens;
  const limit = change.path[0] === 'paths' ? 3 : 2;
  for (let n = Math.min(pa.length, pb.length); n >= limit; n--) {
    const x = nodeAt(a, pa.slice(0, n));
    const y = nodeAt(b, pb.slice(0, n));
    if (x === undefined || y === undefined) continue;
    if (resolvedText(a, x) === resolvedText(b, y)) return true;
  }
  return false;
}

/** OpenAPI / JSON Schema defaults: writing them out, or dropping them, changes nothing. */
const DEFAULTS: Record<string, Json> = {
  nullable: false, deprecated: false, readOnly: false, writeOnly: false, required: false, uniqueItems: false, allowReserved: false, allowEmptyValue: false,
  exclusiveMinimum: false, exclusiveMaximum: false, additionalProperties: true, minLength: 0, minItems: 0, minProperties: 0,
};

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** Effective parameters of each operation of a path item (OpenAPI: operation-level overrides path-level by in + name), resolved, as text. */
function effectiveParameters(doc: Json, item: Json): string {
  if (!isObj(item)) return '';
  const target = (p: Json) => {
    const ref = isObj(p) && typeof p.$ref === 'string' ? p.$ref : undefined;
    return ref ? refTarget(doc, ref) : p;
  };
  // A reference stays a reference (its target is compared where it is defined); the key comes from the target.
  const resolve = (p: Json) => p;
  const keyOf = (p: Json) => {
    const t = target(p);
    return isObj(t) ? `${String(t.in)}:${String(t.name)}` : '';
  };
  const pathLevel = (Array.isArray(item.parameters) ? item.parameters : []).map(resolve);
  return METHODS.filter((m) => isObj(item[m]))
    .map((m) => {
      const own = (Array.isArray((item[m] as Record<string, Json>).parameters) ? ((item[m] as Record<string, Json>).parameters as Json[]) : []).map(resolve);
      const keys = new Set(own.map(keyOf));
      const all = [...pathLevel.filter((p) => !keys.has(keyOf(p))), ...own];
      return `${m}:${all.map((p) => (isObj(p) && typeof p.$ref === 'string' ? p.$ref : resolvedText(doc, p))).sort().join(',')}`;
    })
    .join('|');
}

function deref(doc: Json, p: Json): Json {
  for (let hops = 0; isObj(p) && typeof p.$ref === 'string' && p.$ref.startsWith('#/') && hops < 20; hops++) {
    p = refTarget(doc, p.$ref);
  }
  return p;
}

/** `in:name` of a parameter (header names case-insensitive), through references. */
function parameterKeyOf(doc: Json, p: Json): string {
  const t = deref(doc, p);
  if (!isObj(t)) return '';
  return `${String(t.in)}:${t.in === 'header' ? String(t.name).toLowerCase() : String(t.name)}`;
}

/** Per method of a path item: the `in:name` keys of its effective parameters. */
function effectiveKeys(doc: Json, item: Json): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  if (!isObj(item)) return out;
  const pathLevel = (Array.isArray(item.parameters) ? item.parameters : []).map((p) => parameterKeyOf(doc, p));
  for (const m of METHODS) {
    const op = item[m];
    if (!isObj(op)) continue;
    out.set(m, new Set([...pathLevel, ...(Array.isArray(op.parameters) ? op.parameters : []).map((p) => parameterKeyOf(doc, p))]));
  }
  return out;
}

function explain(a: Json, b: Json, change: GroundTruthChange, members: string[]): Explanation | undefined {
  const [first] = change.path;
  const key = change.path.at(-1)!;
  const value = change.op === 'add' ? change.after : change.before;
  if (change.op !== 'replace' && ['parameters', 'tags', 'required', 'properties', 'callbacks'].includes(key) && ((Array.isArray(value) && value.length === 0) || (isObj(value) && Object.keys(value).length === 0))) return 'default-spelled-out';
  if (change.op !== 'replace' && key in DEFAULTS && change.path.at(-2) !== 'properties' && (change.op === 'add' ? change.after : change.before) === DEFAULTS[key]) return 'default-spelled-out';
  if (first === 'tags') return 'top-level-tags';
  if (sameAfterRefs(a, b, change)) return 'same-after-refs';
  if (first === 'paths' && change.path.includes('parameters') && !change.path.includes('schema')) {
    const item = (d: Json) => (isObj(d) && isObj(d.paths) ? d.paths[change.path[1]!] : undefined);
    if (effectiveParameters(a, item(a)) === effectiveParameters(b, item(b))) return 'parameters-moved';
    // Or: every parameter the change moves or re-references is, by in + name (how the engine pairs
    // parameters), in effect on both sides for exactly the same operations of the path.
    const doc = change.op === 'add' ? b : a;
    const moved = [change.before ?? change.after].flat().filter((p): p is Record<string, Json> => isObj(p)).map((p) => parameterKeyOf(doc, p));
    const keysA = effectiveKeys(a, item(a));
    const keysB = effectiveKeys(b, item(b));
    const methods = [...keysA.keys()].filter((m) => keysB.has(m));
    const kept = moved.every((k) => methods.every((m) => keysA.get(m)!.has(k) === keysB.get(m)!.has(k)));
    if (moved.length > 0 && kept && methods.some((m) => moved.some((k) => keysA.get(m)!.has(k)))) return 'parameters-moved';
  }
  const ci = change.path.findLastIndex((t, i) => /^(allOf|oneOf|anyOf)$/.test(t) && /^\[\d+\]$/.test(change.path[i + 1] ?? ''));
  if (ci >= 0) {
    const list = '/' + resolvePath(a, change.path.slice(0, ci + 1)).tokens.map(esc).join('/');
    const listB = '/' + resolvePath(b, change.path.slice(0, ci + 1)).tokens.map(esc).join('/');
    if (members.some((m) => m.startsWith(list + '/') || m.startsWith(listB + '/'))) return 'composition-by-title';
  }
  return undefined;
}

/** The nearest ancestor of a groundtruth path that is a `$ref` on exactly one side: where each definition lives. */
function refSwap(a: Json, b: Json, gtPath: string[]): { base: string; revision: string; depth: number } | undefined {
  for (let n = gtPath.length - 1; n >= 2; n--) {
    const pa = resolvePath(a, gtPath.slice(0, n)).tokens;
    const pb = resolvePath(b, gtPath.slice(0, n)).tokens;
    const x = nodeAt(a, pa);
    const y = nodeAt(b, pb);
    const refX = isObj(x) && typeof x.$ref === 'string' ? x.$ref : undefined;
    const refY = isObj(y) && typeof y.$ref === 'string' ? y.$ref : undefined;
    if ((refX === undefined) === (refY === undefined)) continue;
    const where = (tokens: string[], ref: string | undefined) => (ref ? ref.slice(1) : '/' + tokens.map(esc).join('/'));
    return { base: where(pa, refX), revision: where(pb, refY), depth: n };
  }
  return undefined;
}

/** One distinct non-documentation engine change (as `engineDistinct` counts them) and the ground-truth changes it maps to. */
export interface EngineUnit {
  key: string;
  ids: string[];
  kind: string;
  location: string;
  pointer: string;
  /** `JSON.stringify` of the old and new values the engine's changes carry (an enum value, a required name). */
  values: Set<string>;
  /** The property name its location ends with (`CustomFieldsFieldWithOptions.created_at` → `created_at`), as JSON. */
  name: string;
  /** Indexes into `Accounting.truth` of the ground-truth changes this engine change maps to. */
  truth: number[];
  /** Those of `truth` that are an added or removed subtree this change is reported strictly inside (by pointer, not through a `$ref`). */
  inside: number[];
  /** Those of `truth` it maps to at the node itself (the changed node or the node carrying the changed keyword). */
  exact: number[];
  /** Those of `truth` it maps to only through a reference: a difference between the old and the new definition of a re-pointed `$ref` (or of an inline schema swapped for one). */
  through: number[];
}

/** Distinct-change key, as `engineDistinct` counts (undefined for changes left out of the count). */
function unitKey(c: DiffResult['changes'][number]): string | undefined {
  if (c.documentation || /^(extension|permission|stability):/.test(c.kind)) return undefined;
  return c.component !== undefined ? `${c.component}|${c.location.replace(/^[^ ]+ /, '')}|${c.kind}|${JSON.stringify(c.new ?? c.old)}` : c.fingerprint;
}

export function account(script: string, cwd: string, a: string, b: string, mutate?: (r: DiffResult) => DiffResult): Accounting {
  const truth = runGroundTruth(script, cwd, a, b).filter((c) => !c.docOnly && !c.renameNoise);
  const result = mutate ? mutate(diffSpecs(a, b)) : diffSpecs(a, b);
  const real = result.changes.filter((c) => !c.documentation);
  // Engine changes by pointer (each side), as indexes into `units`.
  const units: EngineUnit[] = [];
  const unitOf = new Map<string, EngineUnit>();
  const byBase = new Map<string, Set<EngineUnit>>();
  const byRevision = new Map<string, Set<EngineUnit>>();
  const put = (m: Map<string, Set<EngineUnit>>, p: string, u: EngineUnit) => (m.get(p) ?? m.set(p, new Set()).get(p)!).add(u);
  // Changes left out of the count (extensions) still map ground-truth changes, through a unit that is not counted.
  const uncounted: EngineUnit[] = [];
  for (const c of real) {
    const key = unitKey(c);
    let u = key !== undefined ? unitOf.get(key) : undefined;
    if (!u) {
      u = { key: key ?? c.fingerprint, ids: [], kind: c.kind, location: c.location, pointer: c.pointers.base ?? c.pointers.revision ?? '', values: new Set(), name: JSON.stringify(c.location.split(/[.\s]/).pop()), truth: [], inside: [], exact: [], through: [] };
      if (key !== undefined) {
        unitOf.set(key, u);
        units.push(u);
      } else uncounted.push(u);
    }
    if (!u.ids.includes(c.id)) u.ids.push(c.id);
    for (const v of [c.old, c.new]) if (v !== undefined) u.values.add(JSON.stringify(v));
    if (c.pointers.base) put(byBase, c.pointers.base, u);
    if (c.pointers.revision) put(byRevision, c.pointers.revision, u);
  }
  const docA = loadSpec(a).document as Json;
  const docB = loadSpec(b).document as Json;
  /** Engine changes whose pointer on that side is `p` or (with `deep`) below it. */
  const at = (m: Map<string, Set<EngineUnit>>, p: string | undefined, deep: boolean, into: Set<EngineUnit>) => {
    if (p === undefined) return;
    for (const u of m.get(p) ?? []) into.add(u);
    if (!deep) return;
    for (const [q, us] of m) if (q.startsWith(p + '/')) for (const u of us) into.add(u);
  };
  const hit = (m: Map<string, Set<EngineUnit>>, where: { tokens: string[]; value?: Json }, whole: boolean, value: Json, into: Set<EngineUnit>, inside?: Set<EngineUnit>, exactOut?: Set<EngineUnit>) => {
    const nodes = reportNodes(where);
    // A whole `required` list added or removed is reported at each property it names.
    if (where.tokens.at(-1) === 'required' && Array.isArray(value)) for (const name of value) nodes.push('/' + [...where.tokens.slice(0, -1), 'properties', String(name)].map(esc).join('/'));
    const exact = new Set<EngineUnit>();
    for (const n of nodes) at(m, n, false, exact);
    // One item of a set-like array (an enum value, a required name): the engine change carrying that value, when there is one.
    const item = where.value !== undefined ? JSON.stringify(where.value) : undefined;
    let same = item !== undefined ? [...exact].filter((u) => u.values.has(item)) : [];
    // A keyword of the node (`maxLength`, `type`): the engine changes named after it (`…-max-length-…`), when there are some.
    const keyword = where.tokens.at(-1);
    if (same.length === 0 && keyword !== undefined && LEAF_KEYWORDS.has(keyword)) {
      const word = keyword.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());
      same = [...exact].filter((u) => u.kind.includes(word) || u.ids.some((id) => id.includes(word)));
    }
    // A whole set-like list added or removed (`required: [a, b, c]` where there was none): the engine
    // reports each item it holds; those are its parts, as the properties of an added `properties` map.
    const list = whole && Array.isArray(value) && ['required', 'enum', 'type'].includes(keyword ?? '') ? new Set(value.map((v) => JSON.stringify(v))) : undefined;
    for (const u of same.length > 0 ? same : exact) {
      into.add(u);
      if (list && ([...u.values].some((v) => list.has(v)) || list.has(u.name))) inside?.add(u);
      else exactOut?.add(u);
    }
    // An added or removed subtree is reported by what it holds (an operation inside a path item).
    if (whole && into.size === 0) {
      at(m, nodes[0]!, true, into);
      if (inside) for (const u of into) inside.add(u);
    }
  };
  const accounting: Accounting = { groundTruth: truth.length, reported: 0, explained: { 'same-after-refs': 0, 'default-spelled-out': 0, 'parameters-moved': 0, 'composition-by-title': 0, 'top-level-tags': 0 }, missed: [], engineChanges: engineDistinct(result), truth, units, status: [] };
  const memberUnits = [...byBase, ...byRevision].filter(([, us]) => [...us].some((u) => /^(all|one|any)-of-(added|removed)$/.test(u.kind)));
  const members = memberUnits.map(([p]) => p);
  truth.forEach((change, index) => {
    const whole = change.op !== 'replace';
    const found = new Set<EngineUnit>();
    const inside = new Set<EngineUnit>();
    const exact = new Set<EngineUnit>();
    const through = new Set<EngineUnit>();
    // A change below a node that is a `$ref` on one side and inline on the other: the engine compares
    // the referenced definition with the inline one and reports the differences where each is written.
    const swap = refSwap(docA, docB, change.path);
    if (swap) {
      // Precisely: the same place below each definition; else anything the engine reports under either.
      const tail = change.path.slice(swap.depth);
      const below = (doc: Json, def: string) => {
        const r = resolvePath(nodeAt(doc, def.slice(1).split('/').map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'))), tail);
        return { tokens: [...def.slice(1).split('/').map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~')), ...r.tokens], ...(r.value !== undefined ? { value: r.value } : {}) };
      };
      hit(byBase, below(docA, swap.base), change.op !== 'replace', change.before ?? change.after, found, inside, exact);
      hit(byRevision, below(docB, swap.revision), change.op !== 'replace', change.after ?? change.before, found, inside, exact);
      if (found.size === 0) {
        at(byBase, swap.base, true, through);
        at(byRevision, swap.revision, true, through);
        for (const u of through) found.add(u);
      }
    }
    // A `$ref` re-pointed (or an inline schema replaced by one): the engine compares the old and the new
    // definition and reports what differs where each is defined, so a report under the new target (or,
    // for a replaced inline schema, under the old node) maps it.
    if (found.size === 0 && change.path.at(-1) === '$ref') {
      const oldNode = change.op === 'add' ? '/' + resolvePath(docA, change.path.slice(0, -1)).tokens.map(esc).join('/') : refPointer(change.before);
      const newNode = refPointer(change.after);
      at(byBase, oldNode, true, through);
      if (change.op !== 'remove') at(byRevision, newNode, true, through);
      for (const u of through) found.add(u);
    }
    if (found.size === 0) {
      // Positional indexes inside paired arrays are the base's, so both sides are tried whatever the op.
      const atBase = resolvePath(docA, change.path);
      const atRevision = resolvePath(docB, change.path);
      hit(byBase, atBase, whole, change.before ?? change.after, found, inside, exact);
      hit(byRevision, atRevision, whole, change.after ?? change.before, found, inside, exact);
      // A composition member the engine reports as added or removed (members pair by reference or title) holds the change.
      if (found.size === 0)
        for (const where of [atBase, atRevision]) {
          const p = '/' + where.tokens.map(esc).join('/');
          for (const [m, us] of memberUnits) if (p === m || p.startsWith(m + '/')) for (const u of us) if (/^(all|one|any)-of-(added|removed)$/.test(u.kind)) found.add(u);
        }
    }
    if (found.size > 0) {
      accounting.reported++;
      accounting.status.push('reported');
      for (const u of found) u.truth.push(index);
      for (const u of inside) u.inside.push(index);
      for (const u of exact) u.exact.push(index);
      for (const u of through) u.through.push(index);
      return;
    }
    const why = explain(docA, docB, change, members);
    accounting.status.push(why ?? 'missed');
    if (why) accounting.explained[why]++;
    else accounting.missed.push(change);
  });
  return accounting;
}

/**
 * The engine's count in the common unit (documented in docs/benchmarks.md): an engine change that maps to
 * no ground-truth change counts 1; so does one that maps to a ground-truth change at the node itself (the
 * changed node, or the node carrying the changed keyword), however many ground-truth changes it maps to.
 * The engine changes reported strictly inside one added or removed subtree of the ground truth (the
 * operations of a new path item, the properties of a new `properties` map, the members of a new `anyOf`
 * list), where nothing reports the subtree's node itself, count 1 together, plus 1 for every further
 * change at a place (pointer) inside it that already has one: the same part reported twice still counts twice.
 */
export function commonUnit(r: Accounting, viaReferences = true): number {
  let count = 0;
  const groups = new Map<string, Map<string, number>>();
  for (const u of r.units) {
    const key =
      u.truth.length === 0 || u.exact.length > 0
        ? undefined
        : u.inside.length > 0
          ? `inside ${Math.min(...u.inside)}`
          : viaReferences && u.through.length > 0
            ? `through ${[...u.through].sort((x, y) => x - y).join(',')}`
            : undefined;
    if (key === undefined) {
      count++;
      continue;
    }
    const places = groups.get(key) ?? groups.set(key, new Map()).get(key)!;
    const place = `${u.pointer} ${[...u.values].sort().join(' ')}`;
    places.set(place, (places.get(place) ?? 0) + 1);
  }
  for (const places of groups.values()) count += 1 + [...places.values()].reduce((n, k) => n + k - 1, 0);
  return count;
}

const gtText = (c: GroundTruthChange) => `${c.op} ${c.path.join(' › ')}`;

/** Text breakdown of the engine's count against the ground truth (`ACCOUNTING_BREAKDOWN=1`). */
export function breakdown(name: string, r: Accounting, top = 15): string {
  const out: string[] = [`## ${name}: ground truth ${r.groundTruth}, engine ${r.engineChanges}`];
  const perTruth = new Map<number, EngineUnit[]>();
  for (const u of r.units) for (const t of u.truth) (perTruth.get(t) ?? perTruth.set(t, []).get(t)!).push(u);
  const unmapped = r.units.filter((u) => u.truth.length === 0);
  const multi = [...perTruth].filter(([, us]) => us.length > 1).sort((x, y) => y[1].length - x[1].length);
  const shared = r.units.filter((u) => u.truth.length > 1);
  const noUnit = r.truth.filter((_, i) => !perTruth.has(i));
  out.push(`ground-truth changes with engine changes: ${perTruth.size}; with more than one: ${multi.length} (${multi.reduce((n, [, us]) => n + us.length - 1, 0)} beyond the first); with none: ${noUnit.length} (${r.status.filter((s) => s !== 'reported').length} explained or missed, the rest reported only by changes that map to several)`);
  out.push(`engine changes mapping to no ground-truth change: ${unmapped.length}; to more than one: ${shared.length}`);
  const common = commonUnit(r);
  const grouped = (u: EngineUnit) => u.truth.length > 0 && u.exact.length === 0 && (u.inside.length > 0 || u.through.length > 0);
  const kinds = { inside: 0, through: 0 };
  for (const u of r.units) if (grouped(u)) kinds[u.inside.length > 0 ? 'inside' : 'through']++;
  out.push(`engine changes grouped: ${kinds.inside} inside added/removed subtrees, ${kinds.through} differences through re-pointed references; counted one by one: ${r.units.length - kinds.inside - kinds.through} (of which ${unmapped.length} unmapped)`);
  const strict = commonUnit(r, false);
  out.push(`common unit: ${common} (${r.groundTruth === 0 ? '–' : (common / r.groundTruth).toFixed(3)}×); without grouping differences through references ${strict} (${(strict / r.groundTruth).toFixed(3)}×); raw ${r.groundTruth === 0 ? '–' : (r.engineChanges / r.groundTruth).toFixed(3)}×`);
  const byId = new Map<string, { units: number; beyondFirst: number; grouped: number; unmapped: number }>();
  const row = (id: string) => byId.get(id) ?? byId.set(id, { units: 0, beyondFirst: 0, grouped: 0, unmapped: 0 }).get(id)!;
  for (const u of r.units) {
    const id = u.ids.join('+');
    row(id).units++;
    if (u.truth.length === 0) row(id).unmapped++;
  }
  // Beyond the first: engine changes, counted one by one, that map to a ground-truth change an earlier such change maps to.
  const seen = new Set<number>();
  const beyond: EngineUnit[] = [];
  for (const u of r.units) {
    if (u.truth.length === 0) continue;
    if (grouped(u)) {
      row(u.ids.join('+')).grouped++;
      continue;
    }
    if (u.truth.some((t) => seen.has(t))) {
      row(u.ids.join('+')).beyondFirst++;
      beyond.push(u);
    }
    for (const t of u.truth) seen.add(t);
  }
  out.push('rule id | engine changes | counted one by one beyond the first of a ground-truth change | inside an added/removed subtree (grouped) | unmapped');
  for (const [id, v] of [...byId].sort((x, y) => y[1].beyondFirst + y[1].unmapped + y[1].grouped - (x[1].beyondFirst + x[1].unmapped + x[1].grouped))) {
    if (v.beyondFirst + v.unmapped + v.grouped > 0) out.push(`${id} | ${v.units} | ${v.beyondFirst} | ${v.grouped} | ${v.unmapped}`);
  }
  out.push('examples of changes counted one by one beyond the first, per rule id (with the ground-truth changes they map to):');
  for (const [id] of [...byId].sort((x, y) => y[1].beyondFirst - x[1].beyondFirst).slice(0, 6)) {
    const examples = beyond.filter((u) => u.ids.join('+') === id).slice(0, 3);
    for (const u of examples) {
      out.push(`  ${id} ${u.pointer} → ${u.truth.length} ground-truth change(s) (${u.exact.length} at the node, ${u.inside.length} inside, ${u.through.length} through a reference):`);
      for (const t of u.truth.slice(0, 3)) out.push(`      ${gtText(r.truth[t]!).slice(0, 200)}`);
    }
  }
  out.push(`ground-truth changes with the most engine changes (top ${top}):`);
  const oneByOne = multi.filter(([, us]) => us.filter((u) => !grouped(u)).length > 1);
  out.push(`  (of which ${oneByOne.length} with more than one engine change counted one by one)`);
  for (const [t, us] of [...oneByOne, ...multi.filter((x) => !oneByOne.includes(x))].slice(0, top)) {
    out.push(`  ${us.length}× ${gtText(r.truth[t]!).slice(0, 160)}`);
    for (const u of us.slice(0, 6)) out.push(`      ${u.ids.join('+')} ${u.pointer} (maps to ${u.truth.length}, ${u.exact.length} at the node, ${u.inside.length} inside)`);
  }
  out.push(`unmapped engine changes (first ${top}):`);
  for (const u of unmapped.slice(0, Number(process.env.ACCOUNTING_TOP ?? top))) out.push(`  ${u.ids.join('+')} ${u.kind} ${u.pointer} (${u.location.slice(0, 100)})`);
  return out.join('\n');
}
