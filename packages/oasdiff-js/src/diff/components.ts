import { refsWithin } from '@astro-api/spec-loader';
import { displayIdentity, hopOf, isRef, sameText, showPointer, type Located } from '../load/located.js';
import { definitionKey, type Side } from '../load/side.js';
import { sameJson, valueKey } from '../match/keys.js';
import { pairBy } from '../match/pair.js';
import { asObject, schemaDetails } from './details.js';
import { mergeReach, type Reachability, type SchemaRole } from './reachability.js';
import type { RenameHint, SchemaDiffer } from './schema.js';
import type { ComponentDiff, ComponentUse, DocumentFact, OpRef, Pointers, SchemaDelta } from './tree.js';
import { mergeUses, usesOf, type DirectionUses } from './uses.js';

function pointers(b: Located | undefined, r: Located | undefined): Pointers {
  const result: Pointers = {};
  if (b) result.base = showPointer(b);
  if (r) result.revision = showPointer(r);
  return result;
}

function schemaEntries(side: Side): Array<[string, Located]> {
  return [...side.components].filter(([key]) => key.startsWith('schemas/'));
}

/**
 * Queues the schemas referenced from two textually identical nodes: the n-th reference of each names
 * the same text, so where both lead to the same identity that identity is diffed on its own. Only the
 * reference text and the file matter for resolving, so no pointer is built.
 */
function shareReferences(differ: SchemaDiffer, base: Located, revision: Located): void {
  const b = refsWithin(base.value, base.file.hashes);
  const r = refsWithin(revision.value, revision.file.hashes);
  for (let i = 0; i < b.length && i < r.length; i++) {
    const bt = hopOf(base.part, base.file, b[i]!);
    const rt = hopOf(revision.part, revision.file, r[i]!);
    if (bt.identity === rt.identity) differ.share(bt.identity, bt.at, rt.at);
  }
}

/**
 * Diffs schemas once each: every component schema, and every other schema that both sides reach
 * through the same `$ref` identity (the schema differ queues those as it meets them).
 */
export function diffComponents(base: Side, revision: Side, differ: SchemaDiffer, renames: readonly RenameHint[], reach: { base: Reachability; revision: Reachability }): ComponentDiff[] {
  const result: ComponentDiff[] = [];
  const pairing = pairBy(schemaEntries(base), schemaEntries(revision), ([k]) => k, ([k]) => k);
  const removed = new Map(pairing.removed.map(({ base: [key, at] }) => [key, at]));
  const added = new Map(pairing.added.map(({ revision: [key, at] }) => [key, at]));

  const pushRename = (from: string, to: string, inferred: boolean) => {
    const b = removed.get(from)!;
    const r = added.get(to)!;
    removed.delete(from);
    added.delete(to);
    const diff: ComponentDiff = {
      identity: to,
      name: displayIdentity(to),
      change: 'renamed',
      from: displayIdentity(from),
      inferred,
      details: schemaDetails(r, displayIdentity(to)),
      deltas: [],
      pointers: pointers(b, r),
      reach: mergeReach(reach.base.reach(from), reach.revision.reach(to)),
      roles: mergeRoles(reach.base.roles(from), reach.revision.roles(to)),
      uses: componentUses(reach, from, to),
    };
    result.push(diff);
    differ.share(to, b, r);
  };
  // Declared renames first (`x-renamed-from: OldName` on the new schema, or a hint without `schema`).
  for (const [key, at] of [...added]) {
    const declared = asObject(at.value)['x-renamed-from'];
    const from = typeof declared === 'string' ? declared : renames.find((h) => h.schema === undefined && h.to === displayIdentity(key))?.from;
    if (from !== undefined && removed.has(`schemas/${from}`)) pushRename(`schemas/${from}`, key, false);
  }
  // Inferred: exactly one schema gone and one new, with identical definitions.
  if (removed.size === 1 && added.size === 1) {
    const [from, b] = [...removed][0]!;
    const [to, r] = [...added][0]!;
    if (definitionKey(b.value) === definitionKey(r.value)) pushRename(from, to, true);
  }
  // Inferred among several: a respelling of the same name (`auto_merge` → `auto-merge`, `autoMerge`)
  // with an identical definition. Name and definition both have to agree: an identical definition under
  // another name may be a split (one schema replaced by two) and stays an addition and a removal.
  const spelling = (key: string) => displayIdentity(key).toLowerCase().replace(/[^a-z0-9]/g, '');
  for (const [from, b] of [...removed]) {
    const candidates = [...added].filter(([to, r]) => spelling(to) === spelling(from) && definitionKey(r.value) === definitionKey(b.value));
    if (candidates.length === 1) pushRename(from, candidates[0]![0], true);
  }
  for (const [key, at] of added) {
    result.push({ identity: key, name: displayIdentity(key), change: 'added', details: schemaDetails(at, displayIdentity(key)), deltas: [], pointers: pointers(undefined, at), reach: reach.revision.reach(key) });
  }
  for (const [key, at] of removed) {
    result.push({ identity: key, name: displayIdentity(key), change: 'removed', details: schemaDetails(at, displayIdentity(key)), deltas: [], pointers: pointers(at, undefined), reach: reach.base.reach(key) });
  }
  for (const { base: [key, b], revision: [, r] } of pairing.matched) differ.share(key, b, r);

  const renamedTo = new Map(result.filter((c) => c.change === 'renamed').map((c) => [c.identity, c]));
  for (let shared = differ.nextShared(); shared; shared = differ.nextShared()) {
    const { identity, base: b, revision: r } = shared;
    if (sameText(b, r) || sameJson(b.value, r.value)) {
      shareReferences(differ, b, r);
      continue;
    }
    const deltas: SchemaDelta[] = [];
    const name = displayIdentity(identity);
    if (isRef(b.value) || isRef(r.value)) differ.diff(b, r, [], deltas, name);
    else differ.body(b, r, [], deltas, name);
    if (deltas.length === 0) continue;
    const rename = renamedTo.get(identity);
    if (rename) {
      rename.deltas = deltas;
      continue;
    }
    result.push({
      identity,
      name: nameOf(identity),
      change: 'changed',
      deltas,
      pointers: pointers(b, r),
      reach: mergeReach(reach.base.reach(identity), reach.revision.reach(identity)),
      roles: mergeRoles(reach.base.roles(identity), reach.revision.roles(identity)),
      uses: componentUses(reach, identity, identity),
    });
  }
  return result;
}

/**
 * A component's name as a location shows it. A reference into a component schema of the root file
 * (`#/components/schemas/DomainRecord/properties/tag`) reads as the property it names (`DomainRecord.tag`),
 * not as the pointer's last token.
 */
function nameOf(identity: string): string {
  const inside = /^#\/components\/schemas\/([^/]+)\/(.+)$/.exec(identity);
  if (!inside) return displayIdentity(identity);
  const decode = (t: string) => t.replace(/~1/g, '/').replace(/~0/g, '~');
  const tokens = inside[2]!.split('/').map(decode);
  let text = decode(inside[1]!);
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token === 'properties' && i + 1 < tokens.length) text += `.${tokens[++i]}`;
    else if (token === 'items') text += '[]';
    else text += `.${token}`;
  }
  return text;
}

/** How the operations of both sides reach a component (`base` names it in the base, `revision` in the revision), per direction. */
function componentUses(reach: { base: Reachability; revision: Reachability }, base: string, revision: string): NonNullable<ComponentDiff['uses']> {
  const b = usesOf(reach.base).of(base);
  const r = usesOf(reach.revision).of(revision);
  const out: NonNullable<ComponentDiff['uses']> = {};
  const plain = (u: DirectionUses): ComponentUse => ({ underAllOf: u.underAllOf && !u.clean, bodyRootAllOf: u.rootAllOf && !u.rootClean, mediaTypes: [...u.mediaTypes].sort() });
  const request = mergeUses(b.request, r.request);
  const response = mergeUses(b.response, r.response);
  if (request) out.request = plain(request);
  if (response) out.response = plain(response);
  return out;
}

function mergeRoles(a: ReadonlySet<SchemaRole>, b: ReadonlySet<SchemaRole>): SchemaRole[] {
  return [...new Set([...a, ...b])].sort();
}

/** Component sections compared here; schemas and security schemes have their own passes. */
const otherSections = ['responses', 'parameters', 'requestBodies', 'headers', 'examples', 'links', 'callbacks', 'pathItems'];

/**
 * Components other than schemas: added and removed ones, and changed ones that no operation compared
 * (an unreferenced component is still part of the published contract; a named example is compared
 * here because use sites compare examples by reference). Shared components that operations reach are
 * compared there, once, through `Via`.
 */
export function diffOtherComponents(base: Side, revision: Side, differ: SchemaDiffer, reach: { base: Reachability; revision: Reachability }): DocumentFact[] {
  const facts: DocumentFact[] = [];
  const entries = (side: Side) => [...side.components].filter(([key]) => otherSections.includes(key.slice(0, key.indexOf('/'))));
  const pairing = pairBy(entries(base), entries(revision), ([k]) => k, ([k]) => k);
  const split = (key: string) => ({ section: key.slice(0, key.indexOf('/')), name: key.slice(key.indexOf('/') + 1) });
  const affects = (r: { request: OpRef[]; response: OpRef[] }) => mergeReach(r, { request: r.response, response: [] }).request;
  // Added and removed components affect no operation by themselves: an operation that starts or stops
  // using one reports its own change (an identical inline copy is no change at all).
  for (const { revision: [key, at] } of pairing.added) facts.push({ kind: 'component', change: 'added', ...split(key), affects: [], pointers: pointers(undefined, at) });
  for (const { base: [key, at] } of pairing.removed) facts.push({ kind: 'component', change: 'removed', ...split(key), affects: [], pointers: pointers(at, undefined) });
  for (const { base: [key, b], revision: [, r] } of pairing.matched) {
    // Equal subtree hashes mean equal text: the cheap test first, the canonical text only when they differ.
    if (differ.comparedObjects.has(key) || sameText(b, r) || valueKey(b.value) === valueKey(r.value)) continue;
    facts.push({ kind: 'component', change: 'changed', ...split(key), affects: affects(mergeReach(reach.base.reach(key), reach.revision.reach(key))), pointers: pointers(b, r) });
  }
  return facts;
}
