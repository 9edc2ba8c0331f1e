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

export function runGroundTruth(script: string, cwd: string, a: string, b: string): GroundTruthChange[] {
  const dir = mkdtempSync(path.join(tmpdir(), 'groundtruth-'));
  try {
    const out = path.join(dir, 'gt.json');
    execFileSync(process.execPath, [script, a, b, '--json', out], { cwd, stdio: ['ignore', 'ignore', 'inherit'], maxBuffer: 1 << 30 });
    return (JSON.parse(readFileSync(out, 'utf8')) as { changes: GroundTruthChange[] }).changes;
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
  for (const c of result.changes) {
    // Like with like: the ground truth counts `x-` extensions with documentation, so changes the engine
    // reads from extensions (generic ones, x-permission, x-stability-level) are left out of this count.
    if (c.documentation || /^(extension|permission|stability):/.test(c.kind)) continue;
    seen.add(c.component !== undefined ? `${c.component}|${c.location.replace(/^[^ ]+ /, '')}|${c.kind}|${JSON.stringify(c.new ?? c.old)}` : c.fingerprint);
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
function refSwap(a: Json, b: Json, gtPath: string[]): { base: string; revision: string } | undefined {
  for (let n = gtPath.length - 1; n >= 2; n--) {
    const pa = resolvePath(a, gtPath.slice(0, n)).tokens;
    const pb = resolvePath(b, gtPath.slice(0, n)).tokens;
    const x = nodeAt(a, pa);
    const y = nodeAt(b, pb);
    const refX = isObj(x) && typeof x.$ref === 'string' ? x.$ref : undefined;
    const refY = isObj(y) && typeof y.$ref === 'string' ? y.$ref : undefined;
    if ((refX === undefined) === (refY === undefined)) continue;
    const where = (tokens: string[], ref: string | undefined) => (ref ? ref.slice(1) : '/' + tokens.map(esc).join('/'));
    return { base: where(pa, refX), revision: where(pb, refY) };
  }
  return undefined;
}

export function account(script: string, cwd: string, a: string, b: string): Accounting {
  const truth = runGroundTruth(script, cwd, a, b).filter((c) => !c.docOnly && !c.renameNoise);
  const result = diffSpecs(a, b);
  const base = new Set<string>();
  const revision = new Set<string>();
  const real = result.changes.filter((c) => !c.documentation);
  for (const c of real) {
    if (c.pointers.base) base.add(c.pointers.base);
    if (c.pointers.revision) revision.add(c.pointers.revision);
  }
  const docA = loadSpec(a).document as Json;
  const docB = loadSpec(b).document as Json;
  const hit = (pointers: Set<string>, at: { tokens: string[]; value?: Json }, whole: boolean, value: Json) => {
    const nodes = reportNodes(at);
    // A whole `required` list added or removed is reported at each property it names.
    if (at.tokens.at(-1) === 'required' && Array.isArray(value)) for (const name of value) nodes.push('/' + [...at.tokens.slice(0, -1), 'properties', String(name)].map(esc).join('/'));
    if (nodes.some((n) => pointers.has(n))) return true;
    // An added or removed subtree is reported by what it holds (an operation inside a path item).
    if (whole) {
      const prefix = nodes[0]! + '/';
      for (const p of pointers) if (p.startsWith(prefix)) return true;
    }
    return false;
  };
  const accounting: Accounting = { groundTruth: truth.length, reported: 0, explained: { 'same-after-refs': 0, 'default-spelled-out': 0, 'parameters-moved': 0, 'composition-by-title': 0, 'top-level-tags': 0 }, missed: [], engineChanges: engineDistinct(result) };
  const pairs = real.map((c) => c.pointers);
  const members = real.filter((c) => /^(all|one|any)-of-(added|removed)$/.test(c.kind)).flatMap((c) => [c.pointers.base, c.pointers.revision]).filter((p): p is string => p !== undefined);
  const under = (p: string | undefined, prefix: string | undefined) => p !== undefined && prefix !== undefined && (p === prefix || p.startsWith(prefix + '/'));
  for (const change of truth) {
    const whole = change.op !== 'replace';
    // A `$ref` re-pointed (or an inline schema replaced by one): the engine compares the old and the new
    // definition and reports what differs where each is defined, so a report under the new target (or,
    // for a replaced inline schema, under the old node) maps it.
    // A change below a node that is a `$ref` on one side and inline on the other: the engine compares
    // the referenced definition with the inline one and reports the differences where each is written.
    const swap = refSwap(docA, docB, change.path);
    if (swap && pairs.some((p) => under(p.base, swap.base) || under(p.revision, swap.revision))) {
      accounting.reported++;
      continue;
    }
    if (change.path.at(-1) === '$ref') {
      const oldNode = change.op === 'add' ? '/' + resolvePath(docA, change.path.slice(0, -1)).tokens.map(esc).join('/') : refPointer(change.before);
      const newNode = refPointer(change.after);
      if (pairs.some((p) => (change.op === 'remove' ? under(p.base, oldNode) : under(p.revision, newNode) || under(p.base, oldNode)))) {
        accounting.reported++;
        continue;
      }
    }
    // Positional indexes inside paired arrays are the base's, so both sides are tried whatever the op.
    const atBase = resolvePath(docA, change.path);
    const atRevision = resolvePath(docB, change.path);
    const reported =
      hit(base, atBase, whole, change.before ?? change.after) ||
      hit(revision, atRevision, whole, change.after ?? change.before) ||
      // A composition member the engine reports as added or removed (members pair by reference or title) holds the change.
      [atBase, atRevision].some((at) => {
        const p = '/' + at.tokens.map(esc).join('/');
        return members.some((m) => p === m || p.startsWith(m + '/'));
      });
    if (reported) {
      accounting.reported++;
      continue;
    }
    const why = explain(docA, docB, change, members);
    if (why) accounting.explained[why]++;
    else accounting.missed.push(change);
  }
  return accounting;
}
