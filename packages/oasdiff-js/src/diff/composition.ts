/**
 * Composition read for what it means, not how it is spelled: nullability in its five spellings, the
 * wrappers that add nothing (an allOf of one member, a union of one schema and null), allOf groups
 * read as the one object they describe, and the identity of a union branch.
 *
 * JSON Schema 2020-12 §10.2.1 (allOf, anyOf, oneOf) and OpenAPI 3.0.3 §4.7.24 (`nullable`) give the
 * equivalences used here: `{anyOf: [S, {type: 'null'}]}`, `S` with `nullable: true` (3.0), `S` with
 * `type: [T, 'null']` (3.1) and `S` with `null` in its enum accept the same values; `{allOf: [S]}`
 * accepts what `S` accepts.
 */
import { child, deref, displayIdentity, hopOf, isRef, type Located } from '../load/located.js';
import { valueKeyOf } from './memo.js';
import { asObject, typesOf } from './details.js';

type Obj = Record<string, unknown>;

/** Keywords a wrapper may carry beside its one member and still add no constraint of its own. */
const wrapperKeywords = new Set(['title', 'description', 'default', 'example', 'examples', 'externalDocs', '$comment', 'deprecated', 'readOnly', 'writeOnly', 'nullable']);

function isWrapperKey(key: string): boolean {
  return wrapperKeywords.has(key) || key.startsWith('x-');
}

/** A branch that accepts only `null`: `{type: 'null'}`, `{type: ['null']}`, `{const: null}`, `{enum: [null]}`. */
export function isNullSchema(value: unknown): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || isRef(value)) return false;
  const s = value as Obj;
  if (s.type === 'null' || (Array.isArray(s.type) && s.type.length === 1 && s.type[0] === 'null')) return true;
  if ('const' in s && s.const === null) return true;
  return Array.isArray(s.enum) && s.enum.length === 1 && s.enum[0] === null;
}

/** Whether a schema accepts `null`, in any of its spellings. */
export function acceptsNull(s: Obj): boolean {
  if (s.nullable === true) return true;
  if (Array.isArray(s.type) && s.type.includes('null')) return true;
  // null in an enum is accepted only where the type lets it through (no type, or one that includes null:
  // `type: string` with `enum: [a, null]` still refuses null; OpenAPI 3.0.3 needs `nullable: true` too).
  if (Array.isArray(s.enum) && s.enum.includes(null) && s.type === undefined) return true;
  for (const keyword of ['anyOf', 'oneOf'] as const) {
    const list = s[keyword];
    if (Array.isArray(list) && list.some(isNullSchema)) return true;
  }
  return false;
}

/**
 * Values built here (merged wrappers, flattened allOf groups) rather than read from a file. They have
 * no subtree hash and must not be memoised by pointer: two of them may share a pointer and differ.
 */
const built = new WeakSet<object>();
/** For a flattened allOf group: where each property really lives (its own member), for pointers. */
const propertyHomes = new WeakMap<object, Map<string, Located>>();

export function isBuilt(at: Located): boolean {
  return at.value !== null && typeof at.value === 'object' && built.has(at.value);
}

function build(at: Located, value: Obj, homes?: Map<string, Located>): Located {
  built.add(value);
  if (homes) propertyHomes.set(value, homes);
  return { part: at.part, file: at.file, pointer: at.pointer, value };
}

/** The location of property `name` of a schema (its real home when the schema is a flattened allOf group). */
export function propertyAt(at: Located, name: string): Located {
  const homes = at.value !== null && typeof at.value === 'object' ? propertyHomes.get(at.value) : undefined;
  return homes?.get(name) ?? child(at, 'properties', name);
}

/** A schema with its wrappers taken off: the `core` that constrains, and the wrappers' own keywords. */
export interface Unwrapped {
  core: Located;
  /** Keywords of the wrappers taken off (annotations; `nullable: true` when a null branch was dropped). */
  wrapper: Obj;
  unwrapped: boolean;
}

/**
 * Takes off wrappers that add nothing but annotations: an allOf of one member, an anyOf/oneOf of one
 * schema and `null` branches (read as nullability). Up to four levels; a reference is never followed.
 * A keyword the other side (`other`, its raw value) also uses is left on: members are then compared one by one.
 */
export function unwrap(at: Located, other?: unknown): Unwrapped {
  // Where the other side uses the same keyword, its members are compared one by one instead.
  const theirs = asObject(other);
  let core = at;
  let wrapper: Obj = {};
  let unwrapped = false;
  for (let depth = 0; depth < 4; depth++) {
    const value = core.value;
    if (value === null || typeof value !== 'object' || Array.isArray(value) || isRef(value)) break;
    const s = value as Obj;
    let next: { member: Located; rest: Obj } | undefined;
    for (const keyword of ['allOf', 'anyOf', 'oneOf'] as const) {
      const list = s[keyword];
      if (!Array.isArray(list) || Array.isArray(theirs[keyword])) continue;
      const keys = Object.keys(s);
      if (!keys.every((k) => k === keyword || isWrapperKey(k))) break;
      const kept = list.map((_m, i) => i).filter((i) => keyword === 'allOf' || !isNullSchema(list[i]));
      if (kept.length !== 1) break;
      const rest: Obj = {};
      for (const k of keys) if (k !== keyword) rest[k] = s[k];
      if (kept.length < list.length) rest.nullable = true;
      next = { member: child(core, keyword, kept[0]!), rest };
      break;
    }
    if (!next) break;
    // The outer wrapper's annotations win over the inner one's (Pydantic puts them outside).
    wrapper = { ...next.rest, ...wrapper, ...(next.rest.nullable === true || wrapper.nullable === true ? { nullable: true } : {}) };
    core = next.member;
    unwrapped = true;
  }
  // A reference's own siblings (3.1 allows annotations beside `$ref`) belong to the wrapper, under the outer ones.
  if (isRef(core.value)) {
    const siblings: Obj = {};
    for (const [k, v] of Object.entries(core.value as Obj)) if (k !== '$ref' && isWrapperKey(k)) siblings[k] = v;
    wrapper = { ...siblings, ...wrapper };
  }
  return { core, wrapper, unwrapped };
}

/** The unwrapped schema as one inline node: a reference is followed and the wrapper's keywords laid over it. */
export function mergedNode(u: Unwrapped): Located {
  if (!u.unwrapped) return u.core;
  const target = isRef(u.core.value) ? deref(u.core).node : u.core;
  return build(target, { ...asObject(target.value), ...u.wrapper });
}

/** The wrapper's keywords alone, as a node (compared when both cores are the same reference). */
export function wrapperNode(at: Located, u: Unwrapped): Located {
  return build(at, { ...u.wrapper });
}

/** A union with at least two non-null branches and nothing else that constrains: `anyOf` or `oneOf`. */
export function unionKeyword(at: Located): 'anyOf' | 'oneOf' | undefined {
  if (isRef(at.value)) {
    // A reference to a union is that union (compared by its members once the target is followed).
    try {
      at = deref(at).node;
    } catch {
      return undefined;
    }
  }
  const s = asObject(at.value);
  for (const keyword of ['anyOf', 'oneOf'] as const) {
    const list = s[keyword];
    if (!Array.isArray(list)) continue;
    if (!Object.keys(s).every((k) => k === keyword || k === 'discriminator' || isWrapperKey(k))) return undefined;
    if (list.filter((m) => !isNullSchema(m)).length >= 2) return keyword;
  }
  return undefined;
}

/**
 * An allOf group read as the one object it describes: the members' properties and required names
 * together (each property keeps its own pointer), the group's own keywords over them. Only when every
 * member is an object schema without alternatives of its own; otherwise undefined.
 */
export function flattenAllOf(at: Located): Located | undefined {
  const s = asObject(at.value);
  if (!Array.isArray(s.allOf) || s.allOf.length === 0 || Array.isArray(s.anyOf) || Array.isArray(s.oneOf)) return undefined;
  const properties: Obj = {};
  const homes = new Map<string, Located>();
  const required = new Set<string>();
  let object = typesOf(s).includes('object');
  const visit = (node: Located, depth: number): boolean => {
    let target: Located;
    try {
      target = isRef(node.value) ? deref(node).node : node;
    } catch {
      return false;
    }
    const m = asObject(target.value);
    if (Array.isArray(m.anyOf) || Array.isArray(m.oneOf) || m.not !== undefined) return false;
    const types = typesOf(m);
    if (types.length > 0 && !(types.length === 1 && types[0] === 'object')) return false;
    if (types.includes('object')) object = true;
    for (const name of Object.keys(asObject(m.properties))) {
      if (homes.has(name)) continue;
      properties[name] = asObject(m.properties)[name];
      homes.set(name, child(target, 'properties', name));
    }
    if (Array.isArray(m.required)) for (const name of m.required) required.add(String(name));
    if (Array.isArray(m.allOf)) {
      if (depth > 3) return false;
      for (let i = 0; i < m.allOf.length; i++) if (!visit(child(target, 'allOf', i), depth + 1)) return false;
    }
    return true;
  };
  for (let i = 0; i < s.allOf.length; i++) if (!visit(child(at, 'allOf', i), 0)) return undefined;
  for (const name of Object.keys(asObject(s.properties))) {
    properties[name] = asObject(s.properties)[name];
    homes.set(name, child(at, 'properties', name));
  }
  if (Array.isArray(s.required)) for (const name of s.required) required.add(String(name));
  const value: Obj = {};
  for (const key of Object.keys(s)) if (key !== 'allOf' && key !== 'properties' && key !== 'required') value[key] = s[key];
  if (object && value.type === undefined) value.type = 'object';
  value.properties = properties;
  if (required.size > 0) value.required = [...required];
  return build(at, value, homes);
}

/** How a branch is known: by the schema it names, its discriminating value, its title, its type, or its place. */
export type BranchForm = 'ref' | 'tag' | 'title' | 'type' | 'position';

/** A union or allOf member with its identity. `label` is what a reader knows it by. */
export interface Branch {
  loc: Located;
  key: string;
  form: BranchForm;
  label: string;
  /** The discriminating property and its value, when the branch has one (`type: response.error`). */
  tag?: { property: string; value: string };
  /** For a reference: the identity it names. */
  identity?: string;
  /** The display name of a reference, or an inline branch's title (for pairing a reference with the inline schema it replaced). */
  name?: string;
  /** Types of the branch (after following a reference), without null. */
  types: string[];
}

/** The value a branch gives its discriminating property (`const`, or an enum of one value). */
function tagOf(value: Obj, property: string): string | undefined {
  const p = asObject(asObject(value.properties)[property]);
  if (p.const !== undefined && p.const !== null && typeof p.const !== 'object') return String(p.const);
  if (Array.isArray(p.enum) && p.enum.length === 1 && p.enum[0] !== null && typeof p.enum[0] !== 'object') return String(p.enum[0]);
  return undefined;
}

/** Properties with a single value (const or one-value enum), also through one level of allOf. */
function singleValued(node: Located): Map<string, string> {
  const out = new Map<string, string>();
  const read = (at: Located, depth: number) => {
    let target: Located;
    try {
      target = isRef(at.value) ? deref(at).node : at;
    } catch {
      return;
    }
    const v = asObject(target.value);
    for (const name of Object.keys(asObject(v.properties))) {
      const tag = tagOf(v, name);
      if (tag !== undefined && !out.has(name)) out.set(name, tag);
    }
    if (depth < 2 && Array.isArray(v.allOf)) v.allOf.forEach((_m, i) => read(child(target, 'allOf', i), depth + 1));
  };
  read(node, 0);
  return out;
}

/** The members of a composition keyword, null branches of a union left out (nullability is compared on its own). */
export function memberLocs(at: Located, keyword: string): Located[] {
  const list = asObject(at.value)[keyword];
  if (!Array.isArray(list)) return [];
  const locs: Located[] = [];
  for (let i = 0; i < list.length; i++) if (keyword === 'allOf' || !isNullSchema(list[i])) locs.push(child(at, keyword, i));
  return locs;
}

/** The property most union branches give a single value (`type` in an event union), when any does. */
export function tagProperty(locs: readonly Located[]): string | undefined {
  const counts = new Map<string, number>();
  for (const loc of locs) for (const name of singleValued(loc).keys()) counts.set(name, (counts.get(name) ?? 0) + 1);
  let property: string | undefined;
  let best = 0;
  for (const [name, count] of counts) if (count > best) [property, best] = [name, count];
  return property;
}

export function discriminatorProperty(at: Located): string | undefined {
  const name = asObject(asObject(at.value).discriminator).propertyName;
  return typeof name === 'string' ? name : undefined;
}

/** Identities for a list of branches (see `Branch`). Union branches get tags (by `property`) and types; allOf members do not. */
export function describeBranches(locs: Located[], union: boolean, property: string | undefined): Branch[] {
  const values = locs.map((loc) => (union && property !== undefined ? singleValued(loc) : new Map<string, string>()));
  const typeCount = new Map<string, number>();
  const typed = locs.map((loc) => {
    let node = loc;
    try {
      if (isRef(loc.value)) node = deref(loc).node;
    } catch {
      /* a dangling reference keeps its own text */
    }
    const types = typesOf(asObject(node.value));
    if (!isRef(loc.value)) typeCount.set(types.join('|'), (typeCount.get(types.join('|')) ?? 0) + 1);
    return types;
  });
  return locs.map((loc, i) => {
    const types = typed[i]!;
    const tagValue = property !== undefined ? values[i]!.get(property) : undefined;
    const tag = property !== undefined && tagValue !== undefined ? { property, value: tagValue } : undefined;
    if (isRef(loc.value)) {
      const hop = hopOf(loc.part, loc.file, loc.value.$ref);
      const name = displayIdentity(hop.identity);
      return { loc, key: `ref:${hop.identity}`, form: 'ref', label: name, name, identity: hop.identity, types, ...(tag ? { tag } : {}) };
    }
    const v = asObject(loc.value);
    const title = typeof v.title === 'string' ? v.title : undefined;
    if (tag) return { loc, key: `tag:${tag.property}=${tag.value}`, form: 'tag', label: tag.value, tag, types, ...(title ? { name: title } : {}) };
    if (title !== undefined) return { loc, key: `title:${title}`, form: 'title', label: title, name: title, types };
    const typeText = types.join('|');
    if (typeText !== '' && typeCount.get(typeText) === 1 && union) return { loc, key: `type:${typeText}`, form: 'type', label: types.join(' or '), types };
    return { loc, key: `inline:${valueKeyOf(loc.value)}`, form: 'position', label: `#${Number(loc.pointer.slice(loc.pointer.lastIndexOf('/') + 1)) + 1}`, types };
  });
}

/** What an added or removed branch is reported as (`old`/`new` of the change): a reference by its name, an inline branch described. */
export function branchValue(b: Branch): string | { branch: string; form: BranchForm; property?: string; types?: string[] } {
  if (b.form === 'ref') return b.label;
  return { branch: b.label, form: b.form, ...(b.tag ? { property: b.tag.property } : {}), ...(b.types.length > 0 ? { types: b.types } : {}) };
}
