import { child, deref, displayIdentity, hopOf, isRef, sameTextSameTargets, showPointer, type Hop, type Located } from '../load/located.js';
import { definitionKeyOf } from './memo.js';
import { pairBy, pairKeys } from '../match/pair.js';
import { valueKey, sameValue } from '../match/keys.js';
import { asObject, propertyDetails, typesOf } from './details.js';
import { acceptsNull, branchValue, describeBranches, discriminatorProperty, flattenAllOf, isBuilt, isNullSchema, memberLocs, mergedNode, propertyAt, tagProperty, unionKeyword, unwrap, wrapperNode, type Branch, type Unwrapped } from './composition.js';
import { diffExtensions } from './extensions.js';
import { compositions, exclusiveFlags, flagFacets, numericFacets, subschemaKeywords } from './schema-facets.js';
import { schemaLifecycleDeltas } from './lifecycle.js';
import type { Pointers, SchemaDelta } from './tree.js';

export interface RenameHint {
  /** Schema (display name) the property belongs to; omit for component and parameter renames. */
  schema?: string;
  from: string;
  to: string;
}

/** A schema both sides refer to by the same identity; diffed once, on its own, by the component stage. */
export interface SharedSchema {
  identity: string;
  base: Located;
  revision: Located;
}

function pointers(b: Located | undefined, r: Located | undefined): Pointers {
  const result: Pointers = {};
  if (b) result.base = showPointer(b);
  if (r) result.revision = showPointer(r);
  return result;
}

/**
 * Compares schemas. Where both sides use `$ref` to the same identity it does not descend: it queues
 * the identity so that the component is diffed exactly once, however many places use it. Where the
 * references differ it compares the targets structurally, memoised per pair and safe on cycles.
 */
export class SchemaDiffer {
  /** Identities to diff on their own, with where each lives on both sides. */
  readonly shared = new Map<string, SharedSchema>();
  /** Schemas queued by `share`, in order; `next` is the first not handed out yet (no `shift`, which copies a long queue). */
  private readonly queue: SharedSchema[] = [];
  private next = 0;
  private readonly memo = new Map<string, SchemaDelta[]>();
  private readonly active = new Set<string>();

  private readonly renames: readonly RenameHint[];
  /** Shared non-schema components (responses, parameters, request bodies, headers) compared through an operation. */
  readonly comparedObjects = new Set<string>();

  /** How many built nodes (merged wrappers, flattened groups) deep the comparison is: a bound against pathological self-wrapping. */
  private depth = 0;
  /** The union branch being compared, as a reader knows it (named in the changes found inside it that say where). */
  private branch: string | undefined;

  constructor(renames: readonly RenameHint[] = []) {
    this.renames = renames;
  }

  private nested(run: () => void): void {
    this.depth++;
    try {
      run();
    } finally {
      this.depth--;
    }
  }

  /**
   * A union on one side, a single schema on the other: the single schema is a union of one branch.
   * Branches are matched by identity; what is left is what a caller can no longer, or can now, send or
   * receive. Nullability (null branches, `nullable`) is compared once, on its own.
   */
  private unionAgainstOne(bu: Unwrapped, ru: Unwrapped, keyword: 'anyOf' | 'oneOf', path: string[], out: SchemaDelta[], owner?: string): void {
    const kind = keyword === 'anyOf' ? 'any-of' : 'one-of';
    const nullable = (u: Unwrapped) => {
      if (u.wrapper.nullable === true) return true;
      try {
        return acceptsNull(asObject((isRef(u.core.value) ? deref(u.core).node : u.core).value));
      } catch {
        return false;
      }
    };
    const bNull = nullable(bu);
    const rNull = nullable(ru);
    if (bNull !== rNull) out.push({ change: rNull ? 'became-nullable' : 'became-not-nullable', path, pointers: pointers(bu.core, ru.core) });
    // The single side may still be spelled as a union of one branch (and null) where the other side's keyword kept it on.
    // A reference to a union is followed to its members.
    const node = (u: Unwrapped) => {
      try {
        return isRef(u.core.value) ? deref(u.core).node : u.core;
      } catch {
        return u.core;
      }
    };
    const locs = (u: Unwrapped) => (Array.isArray(asObject(node(u).value)[keyword]) ? memberLocs(node(u), keyword) : [u.core]);
    const bLocs = locs(bu);
    const rLocs = locs(ru);
    const property = discriminatorProperty(node(bu)) ?? discriminatorProperty(node(ru)) ?? tagProperty([...bLocs, ...rLocs]);
    // A branch added or removed is also a change of the single schema on the other side (it became, or
    // stopped being, a union): its changes point there too.
    const single: Pointers = {};
    if (!unionKeyword(bu.core)) single.base = showPointer(bu.core);
    if (!unionKeyword(ru.core)) single.revision = showPointer(ru.core);
    this.compareBranches(keyword, kind, describeBranches(bLocs, true, property), describeBranches(rLocs, true, property), path, out, owner, false, single);
  }

  /** Queues an identity for its own diff (once). */
  share(identity: string, base: Located, revision: Located): void {
    if (this.shared.has(identity)) return;
    const entry = { identity, base, revision };
    this.shared.set(identity, entry);
    this.queue.push(entry);
  }

  nextShared(): SharedSchema | undefined {
    return this.next < this.queue.length ? this.queue[this.next++] : undefined;
  }

  /**
   * Diffs two schemas at a use site (either may be missing), appending deltas with `path` prefixed.
   * A delta at this schema's own path when either side composes with `allOf` is marked `allOf`
   * (compared member by member, so a sibling member may still say what changed: see `SchemaDelta.allOf`).
   */
  diff(base: Located, revision: Located, path: string[], out: SchemaDelta[], owner?: string): void {
    const from = out.length;
    this.diffSchemas(base, revision, path, out, owner);
    if (out.length === from || !(composesAllOf(base) || composesAllOf(revision))) return;
    for (let i = from; i < out.length; i++) if (out[i]!.path.length === path.length) out[i]!.allOf = true;
  }

  private diffSchemas(base: Located, revision: Located, path: string[], out: SchemaDelta[], owner?: string): void {
    if (base.value === undefined || revision.value === undefined) return;
    // Equal text whose references all name component schemas (queued by the component pass anyway): nothing to do.
    if (sameTextSameTargets(base, revision)) return;
    // Wrappers that add nothing (an allOf of one member, a union of one schema and null) come off
    // first, so that a schema compares with its other spellings by what it accepts (see composition.ts).
    const bu = unwrap(base, revision.value);
    const ru = unwrap(revision, base.value);
    const bUnion = unionKeyword(bu.core);
    const rUnion = unionKeyword(ru.core);
    // One type against a oneOf/anyOf of single types: oasdiff's list of types, read by body.
    if ((bUnion === undefined) !== (rUnion === undefined)) {
      const bNode = isRef(base.value) ? deref(base).node : base;
      const rNode = isRef(revision.value) ? deref(revision).node : revision;
      if (typeListPattern(bNode, rNode)) return this.body(bNode, rNode, path, out, owner);
    }
    // A union on one side only (a oneOf wrapping of an object is its own change, read by body):
    // the other side is read as a union of one branch.
    if ((bUnion === undefined) !== (rUnion === undefined) && this.depth < 8 && !oneOfWrapping(followed(bu.core), followed(ru.core))) return this.nested(() => this.unionAgainstOne(bu, ru, (bUnion ?? rUnion)!, path, out, owner));
    if ((bu.unwrapped || ru.unwrapped) && this.depth < 8) {
      const bCore = isRef(bu.core.value) ? firstHop(bu.core) : undefined;
      const rCore = isRef(ru.core.value) ? firstHop(ru.core) : undefined;
      if (bCore && rCore && bCore.identity === rCore.identity) {
        // The same schema on both sides: diffed once on its own; here only what the wrappers say (nullability, annotations).
        this.share(bCore.identity, bCore.at, rCore.at);
        const found: SchemaDelta[] = [];
        this.body(wrapperNode(base, bu), wrapperNode(revision, ru), path, found, owner);
        // Nothing else changed: the same reference under another spelling (`$ref` ↔ `allOf: [$ref]`), documentation only.
        if (found.length === 0) out.push({ change: 'composition-respelled', path, old: spelling(base), new: spelling(revision), pointers: respelledPointers(base, revision) });
        out.push(...found);
        return;
      }
      return this.nested(() => this.diff(mergedNode(bu), mergedNode(ru), path, out, owner));
    }
    const bRef = isRef(base.value) ? firstHop(base) : undefined;
    const rRef = isRef(revision.value) ? firstHop(revision) : undefined;
    if (bRef && rRef && bRef.identity === rRef.identity) {
      this.share(bRef.identity, bRef.at, rRef.at);
      return;
    }
    const b = bRef ? deref(base).node : base;
    const r = rRef ? deref(revision).node : revision;
    if ((bRef || rRef) && (isBuilt(b) || isBuilt(r))) {
      // A node built here (a merged wrapper) has no pointer of its own to memoise by.
      if (this.depth < 8) this.nested(() => this.body(b, r, path, out, rRef ? displayIdentity(rRef.identity) : owner));
      return;
    }
    if (bRef || rRef) {
      // Different targets (or a reference replaced by an inline schema): compare the targets.
      const key = `${bRef?.identity ?? base.file.key + '#' + base.pointer}|${rRef?.identity ?? revision.file.key + '#' + revision.pointer}`;
      let deltas = this.memo.get(key);
      if (!deltas) {
        if (this.active.has(key)) return;
        this.active.add(key);
        deltas = [];
        this.body(b, r, [], deltas, rRef ? displayIdentity(rRef.identity) : owner);
        this.active.delete(key);
        this.memo.set(key, deltas);
      }
      for (const d of deltas) {
        if (path.length === 0) out.push(d);
        else if (d.path.length === 0 && d.change.startsWith('wrapped-in-one-of')) {
          // Below the root a wrapping reads as the property gaining its oneOf members (oasdiff's reading).
          for (const name of d.new as string[]) out.push({ change: 'one-of-added', path, new: name, pointers: d.pointers, ...(d.access ? { access: d.access } : {}) });
        } else out.push({ ...d, path: [...path, ...d.path] });
      }
      return;
    }
    this.body(b, r, path, out, owner);
  }

  /** Compares two schema objects that are not references. `owner` is the schema's display name (for rename hints). */
  body(base: Located, revision: Located, path: string[], out: SchemaDelta[], owner?: string): void {
    // An allOf group on one side only is read as the one object it describes (members regrouped,
    // extracted or inlined change nothing a caller sends or receives).
    const bAll = Array.isArray(asObject(base.value).allOf);
    // Only inside a union branch compared with its new spelling (an inline branch and the component that
    // replaced it): elsewhere an allOf regrouping is reported member by member, as before.
    if (this.branch !== undefined && bAll !== Array.isArray(asObject(revision.value).allOf) && this.depth < 8) {
      const flat = bAll ? flattenAllOf(base) : flattenAllOf(revision);
      const plain = asObject((bAll ? revision : base).value);
      // Only against an object that lists properties: elsewhere the members are the change (all-of-added/removed).
      if (flat && Object.keys(asObject(asObject(flat.value).properties)).length > 0 && plain.properties !== undefined) {
        return this.nested(() => (bAll ? this.body(flat, revision, path, out, owner) : this.body(base, flat, path, out, owner)));
      }
    }
    const b = asObject(base.value);
    const r = asObject(revision.value);
    const at = pointers(base, revision);
    const access = r.readOnly === true ? 'read-only' : r.writeOnly === true ? 'write-only' : undefined;
    const push = (delta: Omit<SchemaDelta, 'path' | 'pointers'> & { pointers?: Pointers }) => out.push({ pointers: at, ...delta, path, ...(access ? { access } : {}) });
    // A concrete object whose properties moved into the alternatives of a new oneOf: one restructuring,
    // not a lost type plus removed properties plus new members (oasdiff's `*-body-wrapped-in-one-of`).
    const wrapping = oneOfWrapping(base, revision);
    if (wrapping && path.length === 0) push({ change: wrapping.preserved ? 'wrapped-in-one-of-original-preserved' : 'wrapped-in-one-of', old: wrapping.moved, new: wrapping.alternatives });

    // oasdiff's list of types: one type on one side, a oneOf/anyOf of single-typed schemas on the other
    // (or two such lists): the accepted types widen or narrow, one change instead of a lost type plus
    // new members. Both directions are pushed when types both come and go (a swap): a request reads the
    // narrowing, a response the widening.
    const listOfTypes = typeListPattern(base, revision);
    if (listOfTypes) {
      const added = listOfTypes.revision.filter((t) => !listOfTypes.base.includes(t));
      const removed = listOfTypes.base.filter((t) => !listOfTypes.revision.includes(t));
      // Pointed at the union that holds the types (the list of members), on the side or sides that have one.
      const union = (at: Located, s: Record<string, unknown>) => (Array.isArray(s.oneOf) ? child(at, 'oneOf') : Array.isArray(s.anyOf) ? child(at, 'anyOf') : at);
      const where = pointers(union(base, b), union(revision, r));
      if (added.length > 0) push({ change: 'list-of-types-widened', old: listOfTypes.base, new: listOfTypes.revision, pointers: where });
      if (removed.length > 0) push({ change: 'list-of-types-narrowed', old: listOfTypes.base, new: listOfTypes.revision, pointers: where });
    }

    // Type (with format): generalising integer → number widens what is accepted.
    const bTypes = typesOf(b);
    const rTypes = typesOf(r);
    const bType = bTypes.join('|') + (typeof b.format === 'string' ? `/${b.format}` : '');
    const rType = rTypes.join('|') + (typeof r.format === 'string' ? `/${r.format}` : '');
    if (listOfTypes) {
      // Reported above, with the members that carry the types.
    } else if (bTypes.length > 0 && rTypes.length > 0 && bTypes.join('|') !== rTypes.join('|')) {
      // 3.1 type lists included: the rules judge the two sets (classify/rules/schema.ts), as oasdiff does.
      const change = bType === 'integer' && rTypes.join('|') === 'number' ? 'type-generalized' : bTypes.join('|') === 'number' && rType === 'integer' ? 'type-specialized' : 'type-changed';
      push({ change, old: bType, new: rType });
    } else if (bTypes.length === 0 && rTypes.length > 0) {
      // A schema without `type` admits any JSON value (or whatever its composition allows); adding one narrows it.
      push({ change: 'type-added', new: rType });
    } else if (bTypes.length > 0 && rTypes.length === 0) {
      if (!wrapping) push({ change: 'type-removed', old: bType });
    } else if (bTypes.join('|') === rTypes.join('|') && b.format !== r.format && bTypes.length > 0) {
      // Adding a format narrows the values (a request may now be refused; a response only gets more
      // precise); removing one widens them. Replacing one format with another is a change either way.
      const change = b.format === undefined ? 'format-added' : r.format === undefined ? 'format-removed' : 'format-changed';
      push({ change, old: b.format, new: r.format });
    }

    // Nullability in any spelling: `nullable`, a type list with null, a null branch, null in the enum.
    if (acceptsNull(b) !== acceptsNull(r)) push({ change: acceptsNull(r) ? 'became-nullable' : 'became-not-nullable' });

    this.enums(b, r, push);
    // props: x-extensible-enum lists the values known today of an open enum; compared value by value when both sides have one.
    if (Array.isArray(b['x-extensible-enum']) && Array.isArray(r['x-extensible-enum'])) {
      const values = pairBy(b['x-extensible-enum'], r['x-extensible-enum'], valueKey, valueKey);
      for (const { revision } of values.added) push({ change: 'x-extensible-enum-value-added', new: revision });
      for (const { base } of values.removed) push({ change: 'x-extensible-enum-value-removed', old: base });
    }
    if (b.const !== undefined || r.const !== undefined) {
      if (b.const === undefined) push({ change: 'const-added', new: r.const });
      else if (r.const === undefined) push({ change: 'const-removed', old: b.const });
      else if (!sameValue(b.const, r.const)) push({ change: 'const-changed', old: b.const, new: r.const });
    }
    if (b.default !== undefined || r.default !== undefined) {
      if (b.default === undefined) push({ change: 'default-value-added', new: r.default });
      else if (r.default === undefined) push({ change: 'default-value-removed', old: b.default });
      else if (!sameValue(b.default, r.default)) push({ change: 'default-value-changed', old: b.default, new: r.default });
    }
    for (const { keyword, facet } of numericFacets) {
      const o = b[keyword];
      const n = r[keyword];
      // OpenAPI 3.0 spells exclusive bounds as booleans next to minimum/maximum; only numbers compare here.
      const oNum = typeof o === 'number' ? o : undefined;
      const nNum = typeof n === 'number' ? n : undefined;
      if (oNum === nNum) continue;
      if (oNum === undefined) push({ change: `${facet}-set`, new: nNum });
      else if (nNum === undefined) push({ change: `${facet}-unset`, old: oNum });
      else push({ change: nNum > oNum ? `${facet}-increased` : `${facet}-decreased`, old: oNum, new: nNum });
    }
    {
      // multipleOf: whether a change widens or narrows depends on divisibility, which the rules read (classify/rules/schema.ts).
      const o = typeof b.multipleOf === 'number' ? b.multipleOf : undefined;
      const n = typeof r.multipleOf === 'number' ? r.multipleOf : undefined;
      if (o !== n) {
        if (o === undefined) push({ change: 'multiple-of-set', new: n });
        else if (n === undefined) push({ change: 'multiple-of-unset', old: o });
        else push({ change: 'multiple-of-changed', old: o, new: n });
      }
    }
    if (b.pattern !== r.pattern) {
      if (b.pattern === undefined) push({ change: 'pattern-added', new: r.pattern });
      else if (r.pattern === undefined) push({ change: 'pattern-removed', old: b.pattern });
      else push({ change: 'pattern-changed', old: b.pattern, new: r.pattern });
    }
    // JSON Schema 2020 keywords: subschemas compared whole, content keywords, dependencies.
    for (const [keyword, kind] of subschemaKeywords) {
      if (b[keyword] === undefined && r[keyword] === undefined) continue;
      if (b[keyword] === undefined) push({ change: `${kind}-added`, new: r[keyword] });
      else if (r[keyword] === undefined) push({ change: `${kind}-removed`, old: b[keyword] });
      else if (valueKey(b[keyword]) !== valueKey(r[keyword])) push({ change: `${kind}-changed`, old: b[keyword], new: r[keyword] });
    }
    for (const [keyword, kind] of [['contentEncoding', 'content-encoding-changed'], ['contentMediaType', 'content-media-type-changed']] as const) {
      if (b[keyword] !== r[keyword]) push({ change: kind, old: b[keyword], new: r[keyword] });
    }
    const dependent = (keyword: string, kind: 'dependent-required' | 'dependent-schema') => {
      const pairs = pairKeys(b[keyword], r[keyword]);
      for (const { key } of pairs.added) push({ change: `${kind}-added`, new: key });
      for (const { key } of pairs.removed) push({ change: `${kind}-removed`, old: key });
      for (const { key } of pairs.matched) {
        if (valueKey(asObject(b[keyword])[key]) !== valueKey(asObject(r[keyword])[key])) push({ change: `${kind}-changed`, old: key, new: key });
      }
    };
    dependent('dependentRequired', 'dependent-required');
    dependent('dependentSchemas', 'dependent-schema');
    if ((b.uniqueItems === true) !== (r.uniqueItems === true)) push({ change: r.uniqueItems === true ? 'unique-items-added' : 'unique-items-removed' });
    for (const [keyword, on, off] of flagFacets) {
      if ((b[keyword] === true) !== (r[keyword] === true)) push({ change: r[keyword] === true ? on : off });
    }
    schemaLifecycleDeltas(b, r, push); // lifecycle: deprecated (with its x-sunset) and x-stability-level
    // Descriptions are compared at every node, the root included; one added or removed counts as changed.
    if (b.description !== r.description && (typeof b.description === 'string' || typeof r.description === 'string')) {
      const delta: Omit<SchemaDelta, 'path' | 'pointers'> = { change: 'description-changed' };
      if (typeof b.description === 'string') delta.old = b.description;
      if (typeof r.description === 'string') delta.new = r.description;
      push(delta);
    }
    // OpenAPI 3.0 spells an exclusive bound as a boolean next to minimum/maximum (3.1 uses a number, compared above).
    for (const [keyword, facet, bound] of exclusiveFlags) {
      const o = b[keyword];
      const n = r[keyword];
      if (typeof o === 'number' || typeof n === 'number' || (o === true) === (n === true)) continue;
      push({ change: n === true ? `${facet}-became-exclusive` : `${facet}-became-inclusive`, old: b[bound], new: r[bound] });
    }
    // additionalProperties: false closes an object; anything else (absent, true, a schema) leaves it open.
    const open = (v: unknown) => v !== false;
    if (open(b.additionalProperties) !== open(r.additionalProperties)) {
      push({ change: open(r.additionalProperties) ? 'additional-properties-allowed' : 'additional-properties-forbidden', old: b.additionalProperties, new: r.additionalProperties });
    }
    this.discriminator(b, r, push);
    this.properties(base, revision, path, out, owner, wrapping?.moved);
    if (b.items !== undefined && r.items !== undefined) this.diff(child(base, 'items'), child(revision, 'items'), [...path, '[]'], out, owner);
    else if ((b.items === undefined) !== (r.items === undefined) && bTypes.join('|') === rTypes.join('|')) {
      // An items schema constrains every element; gaining one narrows the array, losing one widens it.
      push(b.items === undefined ? { change: 'items-added', pointers: pointers(undefined, child(revision, 'items')) } : { change: 'items-removed', pointers: pointers(child(base, 'items'), undefined) });
    }
    if (isSchemaObject(b.additionalProperties) && isSchemaObject(r.additionalProperties)) {
      this.diff(child(base, 'additionalProperties'), child(revision, 'additionalProperties'), [...path, '{}'], out, owner);
    } else if (open(b.additionalProperties) && open(r.additionalProperties) && isSchemaObject(b.additionalProperties) !== isSchemaObject(r.additionalProperties)) {
      // A schema for unlisted properties (absent or true means any value): gaining one narrows them, losing one widens them.
      push(isSchemaObject(r.additionalProperties) ? { change: 'additional-properties-schema-added', new: r.additionalProperties, pointers: pointers(undefined, child(revision, 'additionalProperties')) } : { change: 'additional-properties-schema-removed', old: b.additionalProperties, pointers: pointers(child(base, 'additionalProperties'), undefined) });
    }
    // Extensions other than the known ones, by value (see extensions.ts).
    for (const e of diffExtensions(base, revision)) push({ change: `extension-${e.change}`, extension: e.name, pointers: e.pointers, ...(e.old !== undefined ? { old: e.old } : {}), ...(e.new !== undefined ? { new: e.new } : {}) });
    // Examples (the 3.0 `example`, the 3.1 `examples` array): documentation only, one change per node.
    if (!sameValue(b.example, r.example) || !sameValue(b.examples, r.examples)) {
      push({ change: 'example-changed', old: b.example ?? b.examples, new: r.example ?? r.examples });
    }
    // patternProperties: entries are matched by their regular expression; matched ones are compared.
    const patterns = pairKeys(b.patternProperties, r.patternProperties);
    for (const { key } of patterns.added) push({ change: 'pattern-property-added', new: key, pointers: pointers(undefined, child(revision, 'patternProperties', key)) });
    for (const { key } of patterns.removed) push({ change: 'pattern-property-removed', old: key, pointers: pointers(child(base, 'patternProperties', key), undefined) });
    for (const { key } of patterns.matched) this.diff(child(base, 'patternProperties', key), child(revision, 'patternProperties', key), [...path, `{${key}}`], out, owner);
    // `not` excludes what its schema matches; a change inside it reverses direction, so it is compared whole.
    if (b.not !== undefined || r.not !== undefined) {
      if (b.not === undefined) push({ change: 'not-added', new: r.not });
      else if (r.not === undefined) push({ change: 'not-removed', old: b.not });
      else if (!sameValue(b.not, r.not)) push({ change: 'not-changed', old: b.not, new: r.not });
    }
    for (const [keyword, kind] of compositions) {
      if (listOfTypes && keyword !== 'allOf') continue;
      this.composition(base, revision, keyword, kind, path, out, owner, keyword === 'oneOf' && wrapping !== undefined && path.length === 0);
    }
  }

  private enums(b: Record<string, unknown>, r: Record<string, unknown>, push: (d: Omit<SchemaDelta, 'path' | 'pointers'>) => void): void {
    // null in the enum of a nullable schema is its nullability, compared on its own; elsewhere it is a value.
    const values = (s: Record<string, unknown>) => (Array.isArray(s.enum) ? (acceptsNull(s) ? s.enum.filter((v) => v !== null) : s.enum) : undefined);
    const bEnum = values(b);
    const rEnum = values(r);
    if (!bEnum && !rEnum) return;
    if (!bEnum) return push({ change: 'became-enum', new: rEnum });
    if (!rEnum) return push({ change: 'enum-removed', old: bEnum });
    const pairing = pairBy(bEnum, rEnum, valueKey, valueKey);
    for (const { revision } of pairing.added) push({ change: 'enum-value-added', new: revision });
    for (const { base } of pairing.removed) push({ change: 'enum-value-removed', old: base });
  }

  private discriminator(b: Record<string, unknown>, r: Record<string, unknown>, push: (d: Omit<SchemaDelta, 'path' | 'pointers'>) => void): void {
    const bd = b.discriminator === undefined ? undefined : asObject(b.discriminator);
    const rd = r.discriminator === undefined ? undefined : asObject(r.discriminator);
    if (!bd && !rd) return;
    if (!bd) return push({ change: 'discriminator-added', new: rd!.propertyName });
    if (!rd) return push({ change: 'discriminator-removed', old: bd.propertyName });
    if (bd.propertyName !== rd.propertyName) push({ change: 'discriminator-property-name-changed', old: bd.propertyName, new: rd.propertyName });
    // Mapping entries: added, deleted (oasdiff's word) or pointed elsewhere.
    const mapping = pairKeys(bd.mapping, rd.mapping);
    for (const { key } of mapping.added) push({ change: 'discriminator-mapping-added', new: key });
    for (const { key } of mapping.removed) push({ change: 'discriminator-mapping-deleted', old: key });
    const changed = mapping.matched.filter(({ key }) => asObject(bd.mapping)[key] !== asObject(rd.mapping)[key]);
    if (changed.length > 0) push({ change: 'discriminator-mapping-changed', old: bd.mapping, new: rd.mapping });
  }

  /** `moved`: names that went into the alternatives of a oneOf wrapping, so they are not removed. */
  private properties(base: Located, revision: Located, path: string[], out: SchemaDelta[], owner?: string, moved: readonly string[] = []): void {
    const b = asObject(base.value);
    const r = asObject(revision.value);
    if (b.properties === undefined && r.properties === undefined && b.required === undefined && r.required === undefined) return;
    const bRequired = new Set(Array.isArray(b.required) ? b.required.map(String) : []);
    const rRequired = new Set(Array.isArray(r.required) ? r.required.map(String) : []);
    const pairing = pairKeys(b.properties, r.properties);
    const prop = (at: Located, name: string) => propertyAt(at, name);

    // A name required here whose property is defined elsewhere (in a oneOf/allOf member, or nowhere):
    // the requirement still binds, so it is compared by name and reported at the `required` list.
    const local = new Set([...Object.keys(asObject(b.properties)), ...Object.keys(asObject(r.properties))]);
    for (const name of new Set([...bRequired, ...rRequired])) {
      if (local.has(name) || bRequired.has(name) === rRequired.has(name)) continue;
      out.push({ change: rRequired.has(name) ? 'became-required' : 'became-optional', path: [...path, name], pointers: pointers(bRequired.has(name) ? child(base, 'required') : undefined, rRequired.has(name) ? child(revision, 'required') : undefined) });
    }
    for (const { key } of pairing.matched) {
      const bp = prop(base, key);
      const rp = prop(revision, key);
      const propPath = [...path, key];
      if (bRequired.has(key) !== rRequired.has(key)) {
        out.push({ change: rRequired.has(key) ? 'became-required' : 'became-optional', path: propPath, pointers: pointers(bp, rp), property: propertyDetails(rp, key, rRequired.has(key)) });
      }
      const before = out.length;
      this.diff(bp, rp, propPath, out, owner);
      // oasdiff splits read-only/write-only flips by whether the property is required on both sides.
      const both = bRequired.has(key) && rRequired.has(key);
      for (let i = before; i < out.length; i++) {
        const d = out[i]!;
        if (accessFlips.has(d.change) && d.path.length === propPath.length && d.path.every((t, j) => t === propPath[j])) d.requiredOnBothSides = both;
      }
    }

    // Renames: declared (`x-renamed-from` on the new property, or a hint) or unambiguous (one out, one in, same definition).
    const removed = new Map(pairing.removed.map(({ key }) => [key, prop(base, key)]));
    const added = new Map(pairing.added.map(({ key }) => [key, prop(revision, key)]));
    for (const [name, rp] of [...added]) {
      const declared = asObject(rp.value)['x-renamed-from'];
      const hinted = this.renames.find((h) => h.to === name && h.schema !== undefined && h.schema === owner)?.from;
      const from = typeof declared === 'string' ? declared : hinted;
      if (from !== undefined && removed.has(from)) {
        out.push(renamed(removed.get(from)!, rp, from, name, path, rRequired.has(name), false));
        this.diff(removed.get(from)!, rp, [...path, name], out, owner);
        removed.delete(from);
        added.delete(name);
      }
    }
    if (removed.size === 1 && added.size === 1) {
      const [from, bp] = [...removed][0]!;
      const [to, rp] = [...added][0]!;
      // Identical ignoring documentation (descriptions, examples, titles), as composition compares components.
      if (definitionKeyOf(bp.value) === definitionKeyOf(rp.value) && bRequired.has(from) === rRequired.has(to)) {
        out.push(renamed(bp, rp, from, to, path, rRequired.has(to), true));
        this.diff(bp, rp, [...path, to], out, owner);
        removed.clear();
        added.clear();
      }
    }
    // Properties that moved under a new object property (`code`, `message` → `error.code`, `error.message`),
    // or out of one that went away: one change, the moved properties compared at their new place.
    // Likewise only inside a union branch (see the allOf regrouping above).
    if (this.branch !== undefined && removed.size >= 2 && added.size > 0) this.moved(removed, added, path, out, owner, rRequired, 'properties-wrapped', pointers(base, undefined));
    if (this.branch !== undefined && added.size >= 2 && removed.size > 0) this.moved(added, removed, path, out, owner, bRequired, 'properties-unwrapped', pointers(undefined, revision));
    for (const [name, rp] of added) {
      out.push({ change: 'property-added', path: [...path, name], pointers: pointers(undefined, rp), property: propertyDetails(rp, name, rRequired.has(name)), new: name });
    }
    for (const [name, bp] of removed) {
      if (moved.includes(name)) continue;
      out.push({ change: 'property-removed', path: [...path, name], pointers: pointers(bp, undefined), property: propertyDetails(bp, name, bRequired.has(name)), old: name });
    }
  }

  /**
   * `loose`: properties gone from one side; `holders`: object properties new on the other, which may now
   * hold them (`properties-wrapped`); or the reverse (`properties-unwrapped`: `loose` are new, `holders` gone).
   * At least two must move. Both maps lose what is reported here.
   */
  private moved(loose: Map<string, Located>, holders: Map<string, Located>, path: string[], out: SchemaDelta[], owner: string | undefined, required: Set<string>, change: 'properties-wrapped' | 'properties-unwrapped', parent: Pointers): void {
    for (const [holder, at] of [...holders]) {
      let target: Located;
      try {
        target = isRef(at.value) ? deref(at).node : at;
      } catch {
        continue;
      }
      const inner = asObject(asObject(target.value).properties);
      const names = [...loose.keys()].filter((name) => Object.prototype.hasOwnProperty.call(inner, name));
      if (names.length < 2) continue;
      const wrapped = change === 'properties-wrapped';
      const moved = { properties: names, ...(this.branch !== undefined ? { branch: this.branch } : {}) };
      out.push({ change, path: [...path, holder], ...(wrapped ? { old: moved, new: holder } : { old: holder, new: moved }), pointers: wrapped ? { ...parent, ...pointers(undefined, at) } : { ...pointers(at, undefined), ...parent }, property: propertyDetails(at, holder, required.has(holder)) });
      for (const name of names) {
        if (wrapped) this.diff(loose.get(name)!, propertyAt(target, name), [...path, holder, name], out, owner);
        else this.diff(propertyAt(target, name), loose.get(name)!, [...path, name], out, owner);
        loose.delete(name);
      }
      holders.delete(holder);
    }
  }

  /**
   * allOf/oneOf/anyOf members are matched by identity: a reference by the schema it names; an inline
   * union branch by its discriminating value, else its title, else its type (when no other inline
   * branch has it); anything else by its whole text. Null branches are nullability, compared apart.
   */
  private composition(base: Located, revision: Located, keyword: string, kind: string, path: string[], out: SchemaDelta[], owner?: string, wrapped = false): void {
    const bList = asObject(base.value)[keyword];
    const rList = asObject(revision.value)[keyword];
    if (!Array.isArray(bList) && !Array.isArray(rList)) return;
    const union = keyword !== 'allOf';
    const bLocs = memberLocs(base, keyword);
    const rLocs = memberLocs(revision, keyword);
    const property = union ? (discriminatorProperty(revision) ?? discriminatorProperty(base) ?? tagProperty([...bLocs, ...rLocs])) : undefined;
    this.compareBranches(keyword, kind, describeBranches(bLocs, union, property), describeBranches(rLocs, union, property), path, out, owner, wrapped);
  }

  private compareBranches(keyword: string, kind: string, bList: Branch[], rList: Branch[], path: string[], out: SchemaDelta[], owner?: string, wrapped = false, single: Pointers = {}): void {
    const union = keyword !== 'allOf';
    const pairing = pairBy(bList, rList, (m) => m.key, (m) => m.key);
    const inBranch = (label: string | undefined, run: () => void) => {
      const was = this.branch;
      this.branch = union ? label : was;
      try {
        run();
      } finally {
        this.branch = was;
      }
    };
    const compare = (bm: Branch, rm: Branch) =>
      inBranch(rm.label, () => {
        const found: SchemaDelta[] = [];
        this.diff(bm.loc, rm.loc, path, found, owner);
        // A reference inlined or an inline member extracted: the component's own prose (its description,
        // its examples) is not the member's, so only what constrains is compared.
        const respelled = (bm.identity === undefined) !== (rm.identity === undefined);
        const depth = path.length;
        for (const d of found) {
          if (respelled && d.path.length === depth && (d.change === 'description-changed' || d.change === 'example-changed')) continue;
          // Found inside an allOf member, compared without its siblings.
          if (!union) d.allOf = true;
          out.push(d);
        }
      });
    const take = (bm: Branch, find: (rm: Branch) => boolean): boolean => {
      const at = pairing.added.findIndex(({ revision: rm }) => find(rm));
      if (at < 0) return false;
      const rm = pairing.added.splice(at, 1)[0]!.revision;
      pairing.removed.splice(pairing.removed.findIndex((m) => m.base === bm), 1);
      compare(bm, rm);
      return true;
    };
    for (const { base: bm } of [...pairing.removed]) {
      // count: a member re-pointed to a definition identical to the old one, ignoring documentation (the
      // component renamed under it), is the same member, compared, not one member removed and another added.
      if (bm.identity !== undefined && take(bm, (rm) => rm.identity !== undefined && definitionKeyOf(firstHop(rm.loc)!.at.value) === definitionKeyOf(firstHop(bm.loc)!.at.value))) continue;
      if (!union) continue;
      // The same branch under another spelling: the same discriminating value, or an inline branch and
      // the component that replaced it under its title (their contents are compared: that is the change).
      if (bm.tag && take(bm, (rm) => rm.tag !== undefined && rm.tag.property === bm.tag!.property && rm.tag.value === bm.tag!.value)) continue;
      if (bm.name !== undefined && take(bm, (rm) => rm.name === bm.name && (rm.identity === undefined || bm.identity === undefined))) continue;
      // The same definition on both sides (a reference inlined, an inline branch extracted, a branch whose
      // identity reads differently because its neighbours changed).
      const text = definitionKeyOf(bm.identity !== undefined ? firstHop(bm.loc)!.at.value : bm.loc.value);
      take(bm, (rm) => !(rm.identity !== undefined && bm.identity !== undefined) && definitionKeyOf(rm.identity !== undefined ? firstHop(rm.loc)!.at.value : rm.loc.value) === text);
    }
    // An inline branch left on one side and inline branches of the same type on the other: the one that
    // shares most keywords with it is the same branch, changed.
    if (union) {
      for (const { base: bm } of [...pairing.removed]) {
        if (bm.identity !== undefined || bm.types.length === 0) continue;
        const b = asObject(bm.loc.value);
        let best: Branch | undefined;
        let score = 0;
        for (const { revision: rm } of pairing.added) {
          if (rm.identity !== undefined || rm.types.join('|') !== bm.types.join('|')) continue;
          const r = asObject(rm.loc.value);
          const shared = Object.keys(b).filter((k) => k !== 'type' && r[k] !== undefined && valueKey(b[k]) === valueKey(r[k])).length + 1;
          if (shared > score) [best, score] = [rm, shared];
        }
        if (best) take(bm, (m) => m === best);
      }
    }
    // One branch left on each side, one a reference and the other inline, of the same type: the same
    // branch, inlined or extracted, and changed; its content is the change.
    if (union && pairing.removed.length === 1 && pairing.added.length === 1) {
      const bm = pairing.removed[0]!.base;
      const rm = pairing.added[0]!.revision;
      if ((bm.identity === undefined) !== (rm.identity === undefined) && bm.types.join('|') === rm.types.join('|') && bm.types.length > 0) take(bm, (m) => m === rm);
    }
    for (const { base: bm, revision: rm } of pairing.matched) {
      if (bm.identity !== undefined && rm.identity !== undefined) this.share(bm.identity, firstHop(bm.loc)!.at, firstHop(rm.loc)!.at);
      else compare(bm, rm);
    }
    // Members without an identity of their own, as many changed on each side as on the other, are the
    // same members in the order the spec gives them, each changed. In an allOf, a member replaced by an
    // equivalent (a reference inlined, an inline member extracted) is paired the same way: its content
    // is the change, not the restructuring.
    const paired = new Set<Branch>();
    const pairInOrder = (bs: Branch[], rs: Branch[]) => {
      for (let i = 0; i < bs.length; i++) {
        compare(bs[i]!, rs[i]!);
        paired.add(bs[i]!).add(rs[i]!);
      }
    };
    const looseB = pairing.removed.map(({ base: m }) => m).filter((m) => m.form === 'position' || (!union && m.identity === undefined));
    const looseR = pairing.added.map(({ revision: m }) => m).filter((m) => m.form === 'position' || (!union && m.identity === undefined));
    if (looseB.length > 0 && looseB.length === looseR.length) pairInOrder(looseB, looseR);
    if (!union) {
      const restB = pairing.removed.map(({ base: m }) => m).filter((m) => !paired.has(m));
      const restR = pairing.added.map(({ revision: m }) => m).filter((m) => !paired.has(m));
      if (restB.length === 1 && restR.length === 1 && (restB[0]!.identity === undefined || restR[0]!.identity === undefined)) pairInOrder(restB, restR);
    }
    // An allOf member that only carries annotations (title, description, default, examples, …) adds or
    // removes no constraint: oasdiff's `*-all-of-added/removed-annotation-only`, info in both directions.
    const suffix = (m: Branch) => (keyword === 'allOf' && annotationOnly(m.loc) ? '-annotation-only' : '');
    for (const { base: m } of pairing.removed) {
      if (paired.has(m)) continue;
      out.push({ change: `${kind}-removed${suffix(m)}` as SchemaDelta['change'], path, old: branchValue(m), pointers: { ...single, ...pointers(m.loc, undefined) } });
    }
    for (const { revision: m } of pairing.added) {
      if (paired.has(m) || wrapped) continue;
      out.push({ change: `${kind}-added${suffix(m)}` as SchemaDelta['change'], path, new: branchValue(m), pointers: { ...single, ...pointers(undefined, m.loc) } });
    }
  }
}

/** Whether a schema (its reference followed) composes with `allOf`. */
function composesAllOf(at: Located): boolean {
  return at.value !== undefined && Array.isArray(asObject(followed(at).value).allOf);
}

/** A reference followed to its target (a dangling one stays as it is: the differ reports it elsewhere). */
function followed(at: Located): Located {
  try {
    return isRef(at.value) ? deref(at).node : at;
  } catch {
    return at;
  }
}

/** The keyword that spells a schema's composition (`$ref`, `allOf`, `anyOf`, `oneOf`), or `inline`. */
function spelling(at: Located): string {
  const v = asObject(at.value);
  if (isRef(at.value)) return '$ref';
  for (const keyword of ['allOf', 'anyOf', 'oneOf']) if (Array.isArray(v[keyword])) return keyword;
  return 'inline';
}

/** Pointers of a respelling: at the keyword that changed on each side (`…/$ref`, `…/allOf`). */
function respelledPointers(base: Located, revision: Located): Pointers {
  const at = (loc: Located) => {
    const word = spelling(loc);
    return showPointer(word === 'inline' ? loc : child(loc, word));
  };
  return { base: at(base), revision: at(revision) };
}

const accessFlips = new Set<SchemaDelta['change']>(['became-read-only', 'became-not-read-only', 'became-write-only', 'became-not-write-only']);

function renamed(bp: Located, rp: Located, from: string, to: string, path: string[], required: boolean, inferred: boolean): SchemaDelta {
  return { change: 'property-renamed', path: [...path, to], old: from, new: to, pointers: pointers(bp, rp), property: propertyDetails(rp, to, required), inferred };
}

function isSchemaObject(value: unknown): boolean {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The identity a `$ref` names and where its target lives (one hop; chains are followed later). */
export function firstHop(at: Located): Hop | undefined {
  if (!isRef(at.value)) return undefined;
  return hopOf(at.part, at.file, at.value.$ref);
}

/** Keywords that describe a value without constraining it (oasdiff's annotation keywords). */
const annotationKeywords = new Set(['title', 'description', 'default', 'example', 'examples', 'externalDocs', '$comment']);

/** True when a schema (a reference is followed) constrains nothing: every keyword is an annotation, or it is `true`. */
export function annotationOnly(at: Located): boolean {
  const node = isRef(at.value) ? deref(at).node : at;
  if (node.value === true) return true;
  if (node.value === null || typeof node.value !== 'object' || Array.isArray(node.value)) return false;
  return Object.keys(node.value).every((key) => annotationKeywords.has(key));
}

/**
 * Detects a oneOf wrapping: the base is a concrete object (properties, no oneOf of its own) and the
 * revision is a oneOf with no type and no properties of its own, with at least one base property in
 * some alternative. Returns the base properties that moved and the alternatives' names.
 */
export function oneOfWrapping(base: Located, revision: Located): { moved: string[]; alternatives: string[]; preserved: boolean } | undefined {
  const b = asObject(base.value);
  const r = asObject(revision.value);
  if (Array.isArray(b.oneOf) || Object.keys(asObject(b.properties)).length === 0) return undefined;
  if (!Array.isArray(r.oneOf) || r.oneOf.length === 0 || Object.keys(asObject(r.properties)).length > 0 || typesOf(r).length > 0) return undefined;
  const alternatives = r.oneOf.map((_m, i) => {
    const loc = child(revision, 'oneOf', i);
    const hop = isRef(loc.value) ? firstHop(loc) : undefined;
    const value = (hop ? deref(loc).node : loc).value;
    return { name: hop ? displayIdentity(hop.identity) : typeof asObject(loc.value).title === 'string' ? String(asObject(loc.value).title) : `inline #${i + 1}`, properties: asObject(asObject(value).properties), value };
  });
  const moved = Object.keys(asObject(b.properties)).filter((name) => alternatives.some((a) => name in a.properties));
  if (moved.length === 0) return undefined;
  // One alternative is the base itself (ignoring documentation): every payload valid before matches it.
  const original = definitionKeyOf(base.value);
  return { moved, alternatives: alternatives.map((a) => a.name), preserved: alternatives.some((a) => definitionKeyOf(a.value) === original) };
}

/** Annotation keywords: a schema with nothing else beside its type says only which type it accepts. */
const annotationKeys = new Set(['type', 'description', 'title', 'example', 'examples', 'deprecated', 'nullable', '$comment']);
/**
 * Only a type and annotations: a member with constraints (an enum, a bound, a format) is more than a
 * type, and its changes are compared member by member instead (narrower than oasdiff, which reads
 * any single-typed member as its type and so loses what its constraints say).
 */
const bare = (schema: Record<string, unknown>) => Object.keys(schema).every((k) => annotationKeys.has(k) || k.startsWith('x-'));

/**
 * The types a schema accepts when it is one bare type or a oneOf/anyOf of bare single-typed schemas
 * (oasdiff's list-of-types pattern, diff/list_of_types_diff.go): no properties, allOf or not beside
 * it, every member (followed through $ref) exactly one type and nothing but annotations.
 */
function typeListOf(at: Located): { types: string[]; list: boolean } | undefined {
  const schema = asObject(at.value);
  if (schema.not !== undefined || schema.allOf !== undefined || (schema.properties !== undefined && Object.keys(asObject(schema.properties)).length > 0)) return undefined;
  const own = typesOf(schema);
  if (own.length === 1 && schema.oneOf === undefined && schema.anyOf === undefined) return bare(schema) ? { types: own, list: false } : undefined;
  if (own.length > 0) return undefined;
  for (const keyword of ['oneOf', 'anyOf'] as const) {
    if (!Array.isArray(schema[keyword]) || (schema[keyword] as unknown[]).length === 0) continue;
    const types: string[] = [];
    for (const member of memberLocs(at, keyword)) {
      const node = asObject((isRef(member.value) ? deref(member).node : member).value);
      const memberTypes = typesOf(node);
      const simple = memberTypes.length === 1 && bare(node);
      if (!simple) return undefined;
      types.push(memberTypes[0]!);
    }
    return types.length > 0 ? { types, list: true } : undefined;
  }
  return undefined;
}

/** Both sides' types when at least one side is a list of types and the types differ, else undefined. */
function typeListPattern(base: Located, revision: Located): { base: string[]; revision: string[] } | undefined {
  const b = typeListOf(base);
  const r = typeListOf(revision);
  if (!b || !r || (!b.list && !r.list)) return undefined;
  const same = b.types.length === r.types.length && b.types.every((t) => r.types.includes(t)) && r.types.every((t) => b.types.includes(t));
  return same ? undefined : { base: [...new Set(b.types)], revision: [...new Set(r.types)] };
}
