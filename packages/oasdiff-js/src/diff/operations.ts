import { refsWithin as refStringsWithin } from '@astro-api/spec-loader';
import { child, deref, hopOf, sameText, sameTextSameTargets, showPointer, subtreeSkipOn, type Hop, type Located } from '../load/located.js';
import { definitionKey, type Side } from '../load/side.js';
import { headerKey, httpMethods, mediaTypeKey, normalisePathTemplate, parameterKey, valueKey, sameValue } from '../match/keys.js';
import { pairBy, pairKeys, type Pairing } from '../match/pair.js';
import { asObject, effectiveStyle, parameterDetails, typeText } from './details.js';
import { operationExtensionFacts } from './extensions.js';
import type { RenameHint, SchemaDiffer } from './schema.js';
import type { EndpointDetails, OperationDiff, OperationFact, OpRef, Pointers, SchemaDelta, SchemaScope } from './tree.js';

/** An operation of one side, with its effective parameters (path-level ones merged in, OpenAPI 3.1 §4.8.9.1). */
export interface SideOperation {
  key: string;
  method: string;
  path: string;
  at: Located;
  /** `ref`: the identity the parameter list names it by, when it is a `$ref` (`parameters/limit`); `pathLevel`: declared on the path item. */
  parameters: Array<{ key: string; at: Located; ref?: string; use: Located; pathLevel?: boolean }>;
}

const operationLists = new WeakMap<Side, SideOperation[]>();

/** The operations of a side, listed once per side (`history` diffs each revision twice). */
export function listOperations(side: Side): SideOperation[] {
  let list = operationLists.get(side);
  if (!list) operationLists.set(side, (list = listSideOperations(side)));
  return list;
}

const operationKey = (o: SideOperation): string => o.key;

/** `httpMethods` as operation keys spell them. */
const upperMethods = httpMethods.map((method) => method.toUpperCase());

function listSideOperations(side: Side): SideOperation[] {
  const list: SideOperation[] = [];
  for (const entry of side.paths) {
    const item = asObject(entry.item.value);
    const pathLevel = item.parameters === undefined ? [] : parameterList(child(entry.item, 'parameters'));
    // `operationKey(method, template)`, with the template normalised once per path.
    let normalised: string | undefined;
    for (let m = 0; m < httpMethods.length; m++) {
      const method = httpMethods[m]!;
      if (item[method] === undefined) continue;
      const at = deref(child(entry.item, method)).node;
      const own = parameterList(child(at, 'parameters'));
      let parameters: SideOperation['parameters'] = own;
      if (pathLevel.length > 0) {
        const ownKeys = new Set(own.map((p) => p.key));
        parameters = [...pathLevel.filter((p) => !ownKeys.has(p.key)).map((p) => ({ ...p, pathLevel: true })), ...own];
      }
      normalised ??= normalisePathTemplate(entry.template);
      const upper = upperMethods[m]!;
      list.push({ key: `${upper} ${normalised}`, method: upper, path: entry.template, at, parameters });
    }
  }
  return list;
}

function parameterList(at: Located): Array<{ key: string; at: Located; ref?: string; use: Located }> {
  const list = at.value;
  if (!Array.isArray(list)) return [];
  const out: Array<{ key: string; at: Located; ref?: string; use: Located }> = [];
  for (let i = 0; i < list.length; i++) {
    const use = child(at, i);
    const { node: resolved, identity } = deref(use);
    const parameter: { key: string; at: Located; ref?: string; use: Located } = { key: parameterKey(asObject(resolved.value)), at: resolved, use };
    if (identity !== undefined) parameter.ref = identity;
    out.push(parameter);
  }
  return out;
}

/** Marks the facts pushed since `start` as found inside the shared component `identity` (the outermost component wins). */
function markShared(differ: SchemaDiffer, facts: OperationFact[], start: number, identity: string | undefined, otherIdentity: string | undefined, place: string, label: string): void {
  if (identity === undefined || identity !== otherIdentity) return;
  differ.comparedObjects.add(identity);
  for (let i = start; i < facts.length; i++) facts[i]!.via = { identity, place, label };
}

/**
 * The facts found inside a response or request body that both sides name by the same identity, per
 * differ (one comparison), by place and identity. Every operation that names the component compares the
 * same two nodes and finds the same facts (all marked as the component's, by `markShared`), so the
 * comparison is made at the first operation and the others take copies: a changed shared response of a
 * spec with hundreds of operations was compared hundreds of times.
 */
const sharedFacts = new WeakMap<SchemaDiffer, Map<string, OperationFact[]>>();

function knownSharedFacts(differ: SchemaDiffer, key: string): OperationFact[] | undefined {
  return sharedFacts.get(differ)?.get(key);
}

function rememberSharedFacts(differ: SchemaDiffer, key: string, found: OperationFact[]): void {
  let byKey = sharedFacts.get(differ);
  if (!byKey) sharedFacts.set(differ, (byKey = new Map()));
  byKey.set(key, found);
}

/** Copies of remembered facts for another operation: each gets its own `via` (the reach of the component is written into it later). */
function pushSharedFacts(facts: OperationFact[], known: readonly OperationFact[]): void {
  for (const fact of known) facts.push({ ...fact, via: { ...fact.via! } });
}

function pointers(b: Located | undefined, r: Located | undefined): Pointers {
  const result: Pointers = {};
  if (b) result.base = showPointer(b);
  if (r) result.revision = showPointer(r);
  return result;
}

export function opRef(op: SideOperation): OpRef {
  const id = asObject(op.at.value).operationId;
  return typeof id === 'string' ? { method: op.method, path: op.path, operationId: id } : { method: op.method, path: op.path };
}

/** `x-permission: [{action: organization.get}]` (Astro) → `['organization.get']`; strings and objects are accepted too. */
export function permissionsOf(operation: Record<string, unknown>): string[] {
  const raw = operation['x-permission'] ?? operation['x-permissions'];
  if (raw === undefined) return [];
  const list = Array.isArray(raw) ? raw : [raw];
  return list.map((p) => (typeof p === 'string' ? p : typeof asObject(p).action === 'string' ? String(asObject(p).action) : valueKey(p)));
}

export function endpointDetails(op: SideOperation): EndpointDetails {
  const o = asObject(op.at.value);
  const details: EndpointDetails = {
    method: op.method,
    path: op.path,
    deprecated: o.deprecated === true,
    tags: Array.isArray(o.tags) ? o.tags.map(String) : [],
    parameters: op.parameters.map((p) => parameterDetails(p.at)),
    responses: Object.keys(asObject(o.responses)).filter((k) => !k.startsWith('x-')),
    permissions: permissionsOf(o),
  };
  if (typeof o.operationId === 'string') details.operationId = o.operationId;
  if (typeof o.summary === 'string') details.summary = o.summary;
  if (typeof o.description === 'string') details.description = o.description;
  if (o.requestBody !== undefined) {
    const body = deref(child(op.at, 'requestBody')).node;
    const content = asObject(asObject(body.value).content);
    const mediaTypes = Object.keys(content);
    const first = mediaTypes[0];
    details.requestBody = { required: asObject(body.value).required === true, mediaTypes };
    if (first !== undefined) details.requestBody.schema = typeText(child(body, 'content', first, 'schema'));
  }
  return details;
}

/** Pairs the operations of both sides by method and normalised path, and diffs the pairs. */
export function diffOperations(base: Side, revision: Side, differ: SchemaDiffer, renames: readonly RenameHint[]): { diffs: OperationDiff[]; base: SideOperation[]; revision: SideOperation[] } {
  const bOps = listOperations(base);
  const rOps = listOperations(revision);
  // count: two templates of one side that differ only in variable names (Cloudflare 2024-07-12 has
  // `…/phases/{phase}/entrypoint` and `…/phases/{ruleset_phase}/entrypoint`) are paired by their exact
  // template first, then the rest by normalised template; otherwise the first duplicate is compared with
  // the other side's namesake and the one removed is reported as every difference between two operations.
  const exact = (o: SideOperation) => `${o.method} ${o.path}`;
  // Keys that two operations of one side share (counted once per side).
  const duplicated = new Set<string>();
  for (const ops of [bOps, rOps]) {
    const once = new Set<string>();
    for (const o of ops) {
      if (once.has(o.key)) duplicated.add(o.key);
      else once.add(o.key);
    }
  }
  const ambiguous = (o: SideOperation) => duplicated.has(o.key);
  let pairing: Pairing<SideOperation>;
  if (duplicated.size === 0) {
    // The usual case: no key is shared, so every operation pairs by its key alone.
    pairing = pairBy(bOps, rOps, operationKey, operationKey);
  } else {
    const bExact = new Set(bOps.filter(ambiguous).map(exact));
    const rExact = new Set(rOps.filter(ambiguous).map(exact));
    const keyOf = (o: SideOperation, other: Set<string>) => (ambiguous(o) && other.has(exact(o)) ? `= ${exact(o)}` : o.key);
    pairing = pairBy(bOps, rOps, (o) => keyOf(o, rExact), (o) => keyOf(o, bExact));
  }
  const diffs: OperationDiff[] = [];
  // Read only for removed operations: built on the first one.
  let revisionTemplates: Set<string> | undefined;
  let revisionPaths: Set<string> | undefined;
  for (const { revision: op } of pairing.added) {
    diffs.push({ op: opRef(op), change: 'added', pointers: pointers(undefined, op.at), details: endpointDetails(op), facts: [] });
  }
  for (const { base: op } of pairing.removed) {
    const details = endpointDetails(op);
    diffs.push({
      op: opRef(op),
      change: 'removed',
      pointers: pointers(op.at, undefined),
      details,
      pathRemoved: !(revisionTemplates ??= new Set(revision.paths.map((p) => p.template))).has(op.path) && (ambiguous(op) || !(revisionPaths ??= new Set(revision.paths.map((p) => normalisePathTemplate(p.template)))).has(normalisePathTemplate(op.path))),
      wasDeprecated: details.deprecated,
      facts: [],
    });
  }
  const verified = new Map<string, Array<[string, Located, Located]> | null>();
  const verifiedParameters = new Map<string, Array<[string, Located, Located]> | null>();
  for (const { base: b, revision: r } of pairing.matched) {
    // Most operations of adjacent revisions are identical: no facts, only their schema references to queue.
    const shares = subtreeSkipOn() ? identicalOperation(b, r, verified, verifiedParameters) : undefined;
    if (shares) {
      for (const [identity, bs, rs] of shares) differ.share(identity, bs, rs);
      continue;
    }
    const facts = diffOperation(b, r, differ, renames);
    if (facts.length > 0) diffs.push(changedOperation(r, pointers(b.at, r.at), facts));
  }
  return { diffs, base: bOps, revision: rOps };
}

/**
 * The diff of an operation that changed. Its `details` (every parameter summarised, the body's type
 * text) are read only by the few rules about the endpoint itself (a deprecation), while most changed
 * operations only carry schema or parameter facts: they are worked out on first read and then kept as
 * a plain value. The property keeps its place among the others, as a plain field would.
 */
function changedOperation(r: SideOperation, at: Pointers, facts: OperationFact[]): OperationDiff {
  const diff = { op: opRef(r), change: 'changed', pointers: at } as OperationDiff;
  Object.defineProperty(diff, 'details', {
    enumerable: true,
    configurable: true,
    get(): EndpointDetails {
      const details = endpointDetails(r);
      Object.defineProperty(diff, 'details', { value: details, enumerable: true, configurable: true, writable: true });
      return details;
    },
    set(value: EndpointDetails) {
      Object.defineProperty(diff, 'details', { value, enumerable: true, configurable: true, writable: true });
    },
  });
  diff.facts = facts;
  return diff;
}

/** `SubtreeTable.refsInSchemaPosition` for a located node, when its file's table recorded it. */
function schemaPositions(at: Located): readonly boolean[] | undefined {
  return at.value !== null && typeof at.value === 'object' ? at.file.hashes?.refsInSchemaPosition(at.value) : undefined;
}

/**
 * When two operations are equal as values (key order aside), their effective parameters too, and every
 * other target they reference is equal (responses, parameters, …, followed transitively), the
 * operation has no facts of its own: returns the schemas it reaches, component schemas (`schemas/…`)
 * and any target referenced where a schema goes (a schema file, a schema inside a response), to be
 * queued by identity as the full diff would; else undefined. A target that differs, or cannot be
 * followed, sends the operation to the full diff.
 */
function identicalOperation(b: SideOperation, r: SideOperation, verified: Map<string, Array<[string, Located, Located]> | null>, verifiedParameters: Map<string, Array<[string, Located, Located]> | null>): Array<[string, Located, Located]> | undefined {
  if (b.parameters.length !== r.parameters.length) return undefined;
  const same = (bl: Located, rl: Located, shares: Array<[string, Located, Located]>, depth = 0): boolean => {
    // A chain of shared components deeper than this is not proven identical here: the full diff compares it.
    if (depth > maxSharedDepth) throw tooDeep;
    if (!sameText(bl, rl) && !sameValue(bl.value, rl.value)) return false;
    const bRefs = refStringsWithin(bl.value, bl.file.hashes);
    const rRefs = refStringsWithin(rl.value, rl.file.hashes);
    if (bRefs.length !== rRefs.length) return false;
    // Where a reference stands in a schema's place, the full diff queues its target by identity (it
    // is compared once, by the component pass) whatever it is: a component schema, a schema file.
    const inSchema = schemaPositions(bl);
    for (let i = 0; i < bRefs.length; i++) {
      let bh: Hop;
      let rh: Hop;
      try {
        bh = hopOf(bl.part, bl.file, bRefs[i]!);
        rh = hopOf(rl.part, rl.file, rRefs[i]!);
      } catch {
        return false;
      }
      if (bh.identity !== rh.identity) return false;
      if (bh.identity.startsWith('schemas/') || inSchema?.[i] === true) {
        shares.push([bh.identity, bh.at, rh.at]);
        continue;
      }
      // Shared responses and parameters are checked once per comparison, not once per operation.
      let known = verified.get(bh.identity);
      if (known === undefined) {
        const inner: Array<[string, Located, Located]> = [];
        verified.set(bh.identity, inner); // provisional: a cycle back to it adds nothing new
        try {
          known = same(bh.at, rh.at, inner, depth + 1) ? inner : null;
        } catch (error) {
          verified.delete(bh.identity); // the provisional entry was never completed
          throw error;
        }
        verified.set(bh.identity, known);
      }
      if (known === null) return false;
      shares.push(...known);
    }
    return true;
  };
  const shares: Array<[string, Located, Located]> = [];
  try {
    if (!same(b.at, r.at, shares)) return undefined;
    // The two operations have the same text (not only equal values): a parameter written inline in
    // both is the same node of that text, at the same place (both lists are as long, and the operations'
    // own lists are the same), whose references the check above followed already and whose schemas it
    // queued. Checking it again finds nothing new.
    const sameOwnText = sameText(b.at, r.at);
    for (let i = 0; i < b.parameters.length; i++) {
      const bp = b.parameters[i]!;
      const rp = r.parameters[i]!;
      if (bp.key !== rp.key) return undefined;
      if (sameOwnText && bp.ref === undefined && rp.ref === undefined && !bp.pathLevel && !rp.pathLevel) continue;
      if (bp.ref === undefined || bp.ref !== rp.ref) {
        if (!same(bp.at, rp.at, shares)) return undefined;
        continue;
      }
      // A parameter both sides name by the same reference (GitHub names most of its parameters so):
      // the same two nodes for every operation that names it, checked at the first and the answer kept.
      let known = verifiedParameters.get(bp.ref);
      if (known === undefined) {
        const inner: Array<[string, Located, Located]> = [];
        known = same(bp.at, rp.at, inner) ? inner : null;
        verifiedParameters.set(bp.ref, known);
      }
      if (known === null) return undefined;
      for (let k = 0; k < known.length; k++) shares.push(known[k]!);
    }
  } catch (error) {
    if (error === tooDeep) return undefined;
    throw error;
  }
  return shares;
}

/** How many shared responses, parameters, … deep `identicalOperation` follows a chain of references (far below the stack's limit). */
const maxSharedDepth = 200;
const tooDeep = new Error('shared component chain deeper than the identical-operation shortcut follows');

function diffOperation(b: SideOperation, r: SideOperation, differ: SchemaDiffer, renames: readonly RenameHint[]): OperationFact[] {
  const facts: OperationFact[] = [];
  const bo = asObject(b.at.value);
  const ro = asObject(r.at.value);
  const at = pointers(b.at, r.at);

  if ((bo.deprecated === true) !== (ro.deprecated === true)) facts.push({ kind: 'deprecation', change: ro.deprecated === true ? 'deprecated' : 'reactivated', pointers: at });
  for (const field of ['operationId', 'summary', 'description'] as const) {
    const o = typeof bo[field] === 'string' ? (bo[field] as string) : undefined;
    const n = typeof ro[field] === 'string' ? (ro[field] as string) : undefined;
    if (o === n) continue;
    const fact: OperationFact = { kind: 'field', field, change: o === undefined ? 'added' : n === undefined ? 'removed' : 'changed', pointers: pointers(child(b.at, field), child(r.at, field)) };
    if (o !== undefined) fact.old = o;
    if (n !== undefined) fact.new = n;
    facts.push(fact);
  }
  const tags = pairBy(Array.isArray(bo.tags) ? bo.tags.map(String) : [], Array.isArray(ro.tags) ? ro.tags.map(String) : [], String, String);
  for (const { key } of tags.added) facts.push({ kind: 'tag', change: 'added', tag: key, pointers: at });
  for (const { key } of tags.removed) facts.push({ kind: 'tag', change: 'removed', tag: key, pointers: at });

  // x-stability-level: an operation may move towards stable, not away from it. Absent reads as stable.
  const levels = ['draft', 'alpha', 'beta', 'stable'];
  const bStab = bo['x-stability-level'];
  const rStab = ro['x-stability-level'];
  if (bStab !== rStab) {
    const stabilityAt = pointers(child(b.at, 'x-stability-level'), child(r.at, 'x-stability-level'));
    const rank = (v: unknown) => (v === undefined ? levels.length - 1 : levels.indexOf(String(v)));
    const values = { ...(bStab !== undefined ? { old: String(bStab) } : {}), ...(rStab !== undefined ? { new: String(rStab) } : {}) };
    // An unknown value on either side is reported as such (oasdiff checks both sides); a move between
    // known levels counts only from beta or stable, the level being left (oasdiff's default threshold:
    // a draft or alpha operation promised nothing, so leaving it says nothing).
    if ((rStab !== undefined && rank(rStab) < 0) || (bStab !== undefined && rank(bStab) < 0)) facts.push({ kind: 'stability', change: 'invalid', ...values, pointers: stabilityAt });
    else if (rank(bStab) >= levels.indexOf('beta') && rank(rStab) !== rank(bStab)) facts.push({ kind: 'stability', change: rank(rStab) < rank(bStab) ? 'decreased' : 'increased', ...values, pointers: stabilityAt });
  }

  // Other extensions: compared generically, by value (the known ones have their own rules; see extensions.ts).
  facts.push(...operationExtensionFacts(b.at, r.at));

  const bPerm = permissionsOf(bo);
  const rPerm = permissionsOf(ro);
  if (bPerm.join('\n') !== rPerm.join('\n')) {
    const change = bPerm.length === 0 ? 'added' : rPerm.length === 0 ? 'removed' : 'changed';
    facts.push({ kind: 'permission', change, old: bPerm, new: rPerm, pointers: pointers(child(b.at, 'x-permission'), child(r.at, 'x-permission')) });
  }

  diffParameters(b, r, differ, renames, facts);
  diffRequestBody(b.at, r.at, differ, facts);
  diffResponses(b.at, r.at, differ, facts);
  diffSecurity(b.at, r.at, facts);
  return facts;
}

function schemaFacts(scope: SchemaScope, deltas: SchemaDelta[], facts: OperationFact[]): void {
  for (const delta of deltas) facts.push({ kind: 'schema', scope, delta });
}

function parameterDefinitionKey(at: Located): string {
  const { name: _name, ...rest } = asObject(at.value);
  return definitionKey(rest);
}

function pathVariables(template: string): string[] {
  return [...template.matchAll(/\{([^}]*)\}/g)].map((m) => m[1]!);
}

type SideParameter = SideOperation['parameters'][number];

/** Compares two parameters known to be the same one (same key, or a rename). */
function compareParameter(bp: SideParameter, rp: SideParameter, differ: SchemaDiffer, facts: OperationFact[]): void {
  if (sameTextSameTargets(bp.at, rp.at)) return; // perf: equal text, references only to component schemas
  const o = asObject(bp.at.value);
  const n = asObject(rp.at.value);
  const at = pointers(bp.at, rp.at);
  // Details (type text, enum, ranges) are built only for parameters that changed: most pairs are equal.
  let details: [ReturnType<typeof parameterDetails>, ReturnType<typeof parameterDetails>] | undefined;
  const fact = (change: Extract<OperationFact, { kind: 'parameter' }>['change']) => {
    details ??= [parameterDetails(bp.at), parameterDetails(rp.at)];
    facts.push({ kind: 'parameter', change, old: details[0], new: details[1], pointers: at });
  };
  const styleInput = (p: Record<string, unknown>) => ({ in: String(p.in ?? ''), ...(typeof p.style === 'string' ? { style: p.style } : {}), ...(typeof p.explode === 'boolean' ? { explode: p.explode } : {}) });
  const oldDetails = styleInput(o);
  const newDetails = { ...styleInput(n), name: String(n.name ?? '') };
  if ((o.required === true) !== (n.required === true)) fact(n.required === true ? 'became-required' : 'became-optional');
  if ((o.deprecated === true) !== (n.deprecated === true)) fact(n.deprecated === true ? 'deprecated' : 'reactivated');
  if (o.description !== n.description) fact('description-changed');
  // A client serialises the value the old way; a server parsing it the new way reads something else.
  const oldStyle = effectiveStyle(oldDetails);
  const newStyle = effectiveStyle(newDetails);
  if (oldStyle.style !== newStyle.style) fact('style-changed');
  if (oldStyle.explode !== newStyle.explode) fact('explode-changed');
  if (examplesDiffer(o, n)) fact('examples-changed');
  facts.push(...operationExtensionFacts(bp.at, rp.at, 'parameter', `${newDetails.in} ${newDetails.name}`));
  const deltas: SchemaDelta[] = [];
  if (o.schema !== undefined && n.schema !== undefined) differ.diff(child(bp.at, 'schema'), child(rp.at, 'schema'), [], deltas);
  schemaFacts({ at: 'parameter', name: newDetails.name, in: newDetails.in }, deltas, facts);
}

function diffParameters(b: SideOperation, r: SideOperation, differ: SchemaDiffer, renames: readonly RenameHint[], facts: OperationFact[]): void {
  const pairing = pairBy(b.parameters, r.parameters, (p) => p.key, (p) => p.key);
  for (const { base: bp, revision: rp } of pairing.matched) {
    const start = facts.length;
    compareParameter(bp, rp, differ, facts);
    const p = asObject(rp.at.value);
    markShared(differ, facts, start, bp.ref, rp.ref, `${String(p.in)} ${String(p.name)}`, `${String(p.in)} ${String(p.name)}`);
  }

  // Renames are reported only when declared or unambiguous; otherwise a removal and an addition.
  const removed = [...pairing.removed.map((p) => p.base)];
  const added = [...pairing.added.map((p) => p.revision)];
  const takeRename = (bp: SideOperation['parameters'][number], rp: SideOperation['parameters'][number], inferred: boolean) => {
    // A rename is the operation's (its parameter list changed), so it points at the use sites.
    facts.push({ kind: 'parameter', change: 'renamed', old: parameterDetails(bp.at), new: parameterDetails(rp.at), inferred, pointers: pointers(bp.use, rp.use) });
    removed.splice(removed.indexOf(bp), 1);
    added.splice(added.indexOf(rp), 1);
  };
  // Path variables: operations are paired by their template with variable names blanked, so the n-th
  // variable of both templates is the same URL segment. Another name there is a rename of the variable
  // (the URL a caller sends is unchanged), proven by the template whatever the definitions say.
  const bVars = pathVariables(b.path);
  const rVars = pathVariables(r.path);
  for (let i = 0; i < bVars.length && i < rVars.length; i++) {
    if (bVars[i] === rVars[i]) continue;
    const bp = removed.find((p) => p.key === parameterKey({ in: 'path', name: bVars[i] }));
    const rp = added.find((p) => p.key === parameterKey({ in: 'path', name: rVars[i] }));
    if (!bp || !rp) continue;
    takeRename(bp, rp, false);
    compareParameter(bp, rp, differ, facts);
  }
  for (const rp of [...added]) {
    const n = asObject(rp.at.value);
    const declared = typeof n['x-renamed-from'] === 'string' ? (n['x-renamed-from'] as string) : renames.find((h) => h.schema === undefined && h.to === n.name)?.from;
    const bp = declared === undefined ? undefined : removed.find((p) => asObject(p.at.value).name === declared && asObject(p.at.value).in === n.in);
    if (bp) takeRename(bp, rp, false);
  }
  if (removed.length === 1 && added.length === 1) {
    const bp = removed[0]!;
    const rp = added[0]!;
    const sameIn = asObject(bp.at.value).in === asObject(rp.at.value).in;
    const samePlace = b.parameters.indexOf(bp) === r.parameters.indexOf(rp);
    if (sameIn && samePlace && parameterDefinitionKey(bp.at) === parameterDefinitionKey(rp.at)) takeRename(bp, rp, true);
  }
  for (const rp of added) facts.push({ kind: 'parameter', change: 'added', new: parameterDetails(rp.at), ...(rp.pathLevel ? { pathLevel: true } : {}), pointers: pointers(undefined, rp.use) });
  for (const bp of removed) facts.push({ kind: 'parameter', change: 'removed', old: parameterDetails(bp.at), pointers: pointers(bp.use, undefined) });

  // Order of the parameters both sides have. An insertion does not change it; only a reordering does.
  const common = new Set(pairing.matched.map((m) => m.key));
  const bOrder = b.parameters.filter((p) => common.has(p.key)).map((p) => p.key);
  const rOrder = r.parameters.filter((p) => common.has(p.key)).map((p) => p.key);
  if (bOrder.join('\n') !== rOrder.join('\n')) {
    const names = (list: string[]) => list.map((k) => k.slice(k.indexOf(':') + 1));
    facts.push({ kind: 'parameter-order', old: names(bOrder), new: names(rOrder), pointers: pointers(child(b.at, 'parameters'), child(r.at, 'parameters')) });
  }
}

function diffContent(b: Located, r: Located, where: 'request' | 'response', status: string | undefined, differ: SchemaDiffer, facts: OperationFact[]): void {
  const pairing = pairKeys(asObject(b.value).content, asObject(r.value).content, mediaTypeKey);
  const bKeys = new Map(Object.keys(asObject(asObject(b.value).content)).map((k) => [mediaTypeKey(k), k]));
  const rKeys = new Map(Object.keys(asObject(asObject(r.value).content)).map((k) => [mediaTypeKey(k), k]));
  // A response media type replaced by a related one (`application/json` → `application/problem+json`,
  // a parameter added): one change of name, and the two are compared like a matched pair.
  const renamed = where === 'response' ? pairRelatedMediaTypes(pairing.removed.map((p) => bKeys.get(p.key)!), pairing.added.map((p) => rKeys.get(p.key)!)) : [];
  const pairedOld = new Set(renamed.map(([o]) => mediaTypeKey(o)));
  const pairedNew = new Set(renamed.map(([, n]) => mediaTypeKey(n)));
  pairing.added = pairing.added.filter((p) => !pairedNew.has(p.key));
  pairing.removed = pairing.removed.filter((p) => !pairedOld.has(p.key));
  for (const [oldName, newName] of renamed) {
    for (const change of mediaTypeNameChanges(oldName, newName)) {
      const fact: OperationFact = { kind: 'media-type', where, mediaType: newName, ...change, pointers: pointers(child(b, 'content', oldName), child(r, 'content', newName)) };
      if (status !== undefined) fact.status = status;
      facts.push(fact);
    }
    compareMediaType(b, r, oldName, newName, where, status, differ, facts);
  }
  for (const { key } of pairing.added) {
    const fact: OperationFact = { kind: 'media-type', where, mediaType: rKeys.get(key)!, change: 'added', pointers: pointers(undefined, child(r, 'content', rKeys.get(key)!)) };
    if (status !== undefined) fact.status = status;
    facts.push(fact);
  }
  for (const { key } of pairing.removed) {
    const fact: OperationFact = { kind: 'media-type', where, mediaType: bKeys.get(key)!, change: 'removed', pointers: pointers(child(b, 'content', bKeys.get(key)!), undefined) };
    if (status !== undefined) fact.status = status;
    facts.push(fact);
  }
  for (const { key } of pairing.matched) compareMediaType(b, r, bKeys.get(key)!, rKeys.get(key)!, where, status, differ, facts);
}

/** Compares the media type `bName` of `b` with `rName` of `r` (the same one, or a related one a response now names). */
function compareMediaType(b: Located, r: Located, bName: string, rName: string, where: 'request' | 'response', status: string | undefined, differ: SchemaDiffer, facts: OperationFact[]): void {
  const bs = child(b, 'content', bName, 'schema');
  const rs = child(r, 'content', rName, 'schema');
  const deltas: SchemaDelta[] = [];
  differ.diff(bs, rs, [], deltas);
  const mediaType = rName;
  const bm = child(b, 'content', bName);
  const rm = child(r, 'content', rName);
  if (examplesDiffer(asObject(bm.value), asObject(rm.value))) {
    const bo = asObject(bm.value);
    const ro = asObject(rm.value);
    const fact: OperationFact = { kind: 'media-type', where, mediaType, change: 'examples-changed', old: bo.example ?? bo.examples, new: ro.example ?? ro.examples, pointers: pointers(bm, rm) };
    if (status !== undefined) fact.status = status;
    facts.push(fact);
  }
  // A media type that declared no schema admits any body; gaining one constrains it, losing one frees it.
  if ((bs.value === undefined) !== (rs.value === undefined)) {
    const fact: OperationFact = { kind: 'media-type', where, mediaType, change: bs.value === undefined ? 'schema-added' : 'schema-removed', pointers: pointers(bs.value === undefined ? undefined : bs, rs.value === undefined ? undefined : rs) };
    if (status !== undefined) fact.status = status;
    facts.push(fact);
  }
  diffEncoding(bm, rm, where, status, mediaType, facts);
  facts.push(...operationExtensionFacts(bm, rm, `${where}-media-type`, `${where === 'request' ? 'request body' : `response ${status}`} ${mediaType}`));
  schemaFacts(where === 'request' ? { at: 'request-body', mediaType } : { at: 'response-body', status: status!, mediaType }, deltas, facts);
}

/** A media type name split as RFC 6838 spells it: `type/subtype+suffix; key=value`. Undefined when it is not one. */
function parseMediaType(name: string): { type: string; subtype: string; suffix: string; parameters: Map<string, string> } | undefined {
  const [bare = '', ...rest] = name.split(';');
  const slash = bare.trim().toLowerCase().split('/');
  if (slash.length !== 2 || !slash[0] || !slash[1]) return undefined;
  const plus = slash[1].split('+');
  if (plus.length > 2 || plus.some((p) => p === '')) return undefined;
  const parameters = new Map<string, string>();
  for (const part of rest) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    parameters.set(part.slice(0, eq).trim().toLowerCase(), part.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1'));
  }
  return { type: slash[0], subtype: plus[0]!, suffix: plus[1] ?? '', parameters };
}

/**
 * Whether `narrow` is a kind of `wide` (parameters aside): the same type and subtype and suffix, or
 * `wide` a base type whose subtype `narrow` carries as its suffix (`application/json` ⊇ `application/problem+json`).
 */
function mediaTypeContains(wide: string, narrow: string): boolean {
  const w = parseMediaType(wide);
  const n = parseMediaType(narrow);
  if (!w || !n || w.type !== n.type) return false;
  if (w.suffix === '' && n.suffix !== '' && n.suffix === w.subtype) return true;
  return w.subtype === n.subtype && w.suffix === n.suffix;
}

/** Pairs media types that left a response with related ones that arrived (either contains the other), in name order. */
function pairRelatedMediaTypes(removed: string[], added: string[]): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  const taken = new Set<string>();
  const sorted = (list: string[]) => [...list].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
  for (const newName of sorted(added)) {
    const oldName = sorted(removed).find((o) => !taken.has(o) && (mediaTypeContains(o, newName) || mediaTypeContains(newName, o)));
    if (oldName === undefined) continue;
    taken.add(oldName);
    pairs.push([oldName, newName]);
  }
  return pairs;
}

/**
 * What a change from one related media type name to another is. Parameters that only appeared, only
 * disappeared or only changed value are reported one by one; several kinds at once, or together with
 * a change of the name itself, cannot be ordered (`name-changed`). Otherwise the name became more
 * specific (`application/json` → `application/problem+json`) or more general.
 */
type MediaTypeNameChange = Pick<Extract<OperationFact, { kind: 'media-type' }>, 'change' | 'parameter' | 'old' | 'new'>;
function mediaTypeNameChanges(oldName: string, newName: string): MediaTypeNameChange[] {
  const o = parseMediaType(oldName)!;
  const n = parseMediaType(newName)!;
  const added = [...n.parameters.keys()].filter((k) => !o.parameters.has(k)).sort();
  const removed = [...o.parameters.keys()].filter((k) => !n.parameters.has(k)).sort();
  const changed = [...n.parameters.keys()].filter((k) => o.parameters.has(k) && o.parameters.get(k) !== n.parameters.get(k)).sort();
  const bareChanged = o.type !== n.type || o.subtype !== n.subtype || o.suffix !== n.suffix;
  const kinds = [added, removed, changed].filter((l) => l.length > 0).length;
  if (kinds === 0) return [{ change: mediaTypeContains(oldName, newName) ? 'name-specialized' : 'name-generalized', old: oldName, new: newName }];
  if (kinds > 1 || bareChanged) return [{ change: 'name-changed', old: oldName, new: newName }];
  return [
    ...added.map((parameter): MediaTypeNameChange => ({ change: 'parameter-added', parameter, old: oldName, new: newName })),
    ...removed.map((parameter): MediaTypeNameChange => ({ change: 'parameter-removed', parameter, old: oldName, new: newName })),
    ...changed.map((parameter): MediaTypeNameChange => ({ change: 'parameter-changed', parameter, old: oldName, new: newName })),
  ];
}

/**
 * The `encoding` map of a form or multipart media type: per property, its content type, style,
 * explode, allowReserved and headers. Compared by effective value (OpenAPI 3.1 §4.8.15: style
 * defaults to form, explode to true for form, allowReserved to false), so spelling out a default is
 * no change and an entry added or removed reports only what it changes.
 */
function diffEncoding(bm: Located, rm: Located, where: 'request' | 'response', status: string | undefined, mediaType: string, facts: OperationFact[]): void {
  const bEnc = asObject(asObject(bm.value).encoding);
  const rEnc = asObject(asObject(rm.value).encoding);
  const names = [...new Set([...Object.keys(bEnc), ...Object.keys(rEnc)])];
  for (const property of names) {
    const o = asObject(bEnc[property]);
    const n = asObject(rEnc[property]);
    const effective = (e: Record<string, unknown>) => {
      const style = typeof e.style === 'string' ? e.style : 'form';
      return {
        'content-type-changed': typeof e.contentType === 'string' ? e.contentType : undefined,
        'style-changed': style,
        'explode-changed': typeof e.explode === 'boolean' ? e.explode : style === 'form',
        'allow-reserved-changed': e.allowReserved === true,
        'headers-changed': e.headers === undefined ? undefined : valueKey(e.headers),
      } as const;
    };
    const before = effective(o);
    const after = effective(n);
    for (const change of Object.keys(before) as Array<keyof typeof before>) {
      if (before[change] === after[change]) continue;
      const raw = (e: Record<string, unknown>) => (change === 'headers-changed' ? e.headers : effective(e)[change]);
      const fact: OperationFact = {
        kind: 'encoding',
        where,
        mediaType,
        property,
        change,
        pointers: pointers(bEnc[property] === undefined ? undefined : child(bm, 'encoding', property), rEnc[property] === undefined ? undefined : child(rm, 'encoding', property)),
      };
      if (raw(o) !== undefined) fact.old = raw(o);
      if (raw(n) !== undefined) fact.new = raw(n);
      if (status !== undefined) fact.status = status;
      facts.push(fact);
    }
  }
}

/** `example` / `examples` of a parameter or media type object (examples by reference compare by reference). */
function examplesDiffer(b: Record<string, unknown>, r: Record<string, unknown>): boolean {
  return !sameValue(b.example, r.example) || !sameValue(b.examples, r.examples);
}

function diffRequestBody(bOp: Located, rOp: Located, differ: SchemaDiffer, facts: OperationFact[]): void {
  const bHas = asObject(bOp.value).requestBody !== undefined;
  const rHas = asObject(rOp.value).requestBody !== undefined;
  if (!bHas && !rHas) return;
  const bRef = bHas ? deref(child(bOp, 'requestBody')) : undefined;
  const rRef = rHas ? deref(child(rOp, 'requestBody')) : undefined;
  const b = bRef?.node;
  const r = rRef?.node;
  const required = (at: Located | undefined) => asObject(at?.value).required === true;
  if (!b) return void facts.push({ kind: 'request-body', change: 'added', required: required(r), pointers: pointers(undefined, r) });
  if (!r) return void facts.push({ kind: 'request-body', change: 'removed', required: required(b), pointers: pointers(b, undefined) });
  const start = facts.length;
  if (sameTextSameTargets(b, r)) return markShared(differ, facts, start, bRef?.identity, rRef?.identity, 'request body', 'request body'); // perf: nothing to compare
  const sharedKey = bRef?.identity !== undefined && bRef.identity === rRef?.identity ? `request body\u0000${bRef.identity}` : undefined;
  const known = sharedKey === undefined ? undefined : knownSharedFacts(differ, sharedKey);
  if (known) return pushSharedFacts(facts, known);
  if (required(b) !== required(r)) facts.push({ kind: 'request-body', change: required(r) ? 'became-required' : 'became-optional', required: required(r), pointers: pointers(b, r) });
  facts.push(...operationExtensionFacts(b, r, 'request-body', 'request body'));
  diffContent(b, r, 'request', undefined, differ, facts);
  markShared(differ, facts, start, bRef?.identity, rRef?.identity, 'request body', 'request body');
  if (sharedKey !== undefined) rememberSharedFacts(differ, sharedKey, facts.slice(start));
}

function diffResponses(bOp: Located, rOp: Located, differ: SchemaDiffer, facts: OperationFact[]): void {
  const bResponses = child(bOp, 'responses');
  const rResponses = child(rOp, 'responses');
  // Status keys pair case-insensitively (`2xx` ≡ `2XX`); lookups use each side's own spelling (`default`).
  // `x-` keys of the responses map are extensions, not statuses.
  const statuses = (value: unknown) => Object.keys(asObject(value)).filter((k) => !k.startsWith('x-'));
  facts.push(...operationExtensionFacts(bResponses, rResponses, 'response', 'responses'));
  const bStatuses = statuses(bResponses.value);
  const rStatuses = statuses(rResponses.value);
  const upper = (k: string) => k.toUpperCase();
  const pairing = pairBy(bStatuses, rStatuses, upper, upper);
  const bKeys = new Map(bStatuses.map((k) => [k.toUpperCase(), k]));
  const rKeys = new Map(rStatuses.map((k) => [k.toUpperCase(), k]));
  for (const { key: upper } of pairing.added) {
    const key = rKeys.get(upper)!;
    const at = deref(child(rResponses, key)).node;
    const fact: OperationFact = { kind: 'response', status: key, change: 'added', pointers: pointers(undefined, child(rResponses, key)) };
    const description = asObject(at.value).description;
    if (typeof description === 'string') fact.description = description;
    facts.push(fact);
  }
  for (const { key: upper } of pairing.removed) {
    const key = bKeys.get(upper)!;
    facts.push({ kind: 'response', status: key, change: 'removed', pointers: pointers(child(bResponses, key), undefined) });
  }
  for (const { key: upper } of pairing.matched) {
    const key = rKeys.get(upper)!;
    const bRef = deref(child(bResponses, bKeys.get(upper)!));
    const rRef = deref(child(rResponses, key));
    const b = bRef.node;
    const r = rRef.node;
    const start = facts.length;
    if (sameTextSameTargets(b, r)) {
      markShared(differ, facts, start, bRef.identity, rRef.identity, `response ${key}`, 'response'); // perf: nothing to compare
      continue;
    }
    // The status as this operation spells it is part of every fact, so it is part of the key.
    const sharedKey = bRef.identity !== undefined && bRef.identity === rRef.identity ? `response ${key}\u0000${bRef.identity}` : undefined;
    const known = sharedKey === undefined ? undefined : knownSharedFacts(differ, sharedKey);
    if (known) {
      pushSharedFacts(facts, known);
      continue;
    }
    const bDescription = asObject(b.value).description;
    const rDescription = asObject(r.value).description;
    if (bDescription !== rDescription && (typeof bDescription === 'string' || typeof rDescription === 'string')) {
      const fact: OperationFact = { kind: 'response', status: key, change: 'description-changed', pointers: pointers(child(b, 'description'), child(r, 'description')) };
      if (typeof bDescription === 'string') fact.oldDescription = bDescription;
      if (typeof rDescription === 'string') fact.description = rDescription;
      facts.push(fact);
    }
    facts.push(...operationExtensionFacts(b, r, 'response', `response ${key}`));
    diffContent(b, r, 'response', key, differ, facts);
    diffHeaders(b, r, key, differ, facts);
    markShared(differ, facts, start, bRef.identity, rRef.identity, `response ${key}`, 'response');
    if (sharedKey !== undefined) rememberSharedFacts(differ, sharedKey, facts.slice(start));
  }
}

function diffHeaders(b: Located, r: Located, status: string, differ: SchemaDiffer, facts: OperationFact[]): void {
  const pairing = pairKeys(asObject(b.value).headers, asObject(r.value).headers, headerKey);
  const bNames = new Map(Object.keys(asObject(asObject(b.value).headers)).map((k) => [headerKey(k), k]));
  const rNames = new Map(Object.keys(asObject(asObject(r.value).headers)).map((k) => [headerKey(k), k]));
  const headerRef = (at: Located, name: string) => deref(child(at, 'headers', name));
  const header = (at: Located, name: string) => headerRef(at, name).node;
  for (const { key } of pairing.added) {
    const h = header(r, rNames.get(key)!);
    facts.push({ kind: 'response-header', status, header: rNames.get(key)!, change: 'added', required: asObject(h.value).required === true, pointers: pointers(undefined, h) });
  }
  for (const { key } of pairing.removed) {
    const h = header(b, bNames.get(key)!);
    facts.push({ kind: 'response-header', status, header: bNames.get(key)!, change: 'removed', required: asObject(h.value).required === true, pointers: pointers(h, undefined) });
  }
  for (const { key } of pairing.matched) {
    const bh = header(b, bNames.get(key)!);
    const rh = header(r, rNames.get(key)!);
    const name = rNames.get(key)!;
    const start = facts.length;
    const required = asObject(rh.value).required === true;
    if ((asObject(bh.value).required === true) !== required) {
      facts.push({ kind: 'response-header', status, header: name, change: required ? 'became-required' : 'became-optional', required, pointers: pointers(bh, rh) });
    }
    facts.push(...operationExtensionFacts(bh, rh, 'response-header', `response ${status} header ${name}`));
    const deltas: SchemaDelta[] = [];
    differ.diff(child(bh, 'schema'), child(rh, 'schema'), [], deltas);
    schemaFacts({ at: 'response-header', status, header: name }, deltas, facts);
    markShared(differ, facts, start, headerRef(b, bNames.get(key)!).identity, headerRef(r, name).identity, `response ${status} header ${name}`, `header ${name}`);
  }
}

/** Security requirements of an operation (OpenAPI 3.1 §4.8.30): scheme names and their scopes. */
export function securityRequirements(value: unknown): Map<string, Set<string>> {
  const result = new Map<string, Set<string>>();
  if (!Array.isArray(value)) return result;
  for (const requirement of value) {
    for (const [scheme, scopes] of Object.entries(asObject(requirement))) {
      const set = result.get(scheme) ?? new Set<string>();
      if (Array.isArray(scopes)) for (const s of scopes) set.add(String(s));
      result.set(scheme, set);
    }
  }
  return result;
}

function diffSecurity(bOp: Located, rOp: Located, facts: OperationFact[]): void {
  const b = securityRequirements(asObject(bOp.value).security);
  const r = securityRequirements(asObject(rOp.value).security);
  const at = pointers(child(bOp, 'security'), child(rOp, 'security'));
  const pairing = pairBy(b.keys(), r.keys(), String, String);
  for (const { key } of pairing.added) facts.push({ kind: 'security', change: 'added', scheme: key, pointers: at });
  for (const { key } of pairing.removed) facts.push({ kind: 'security', change: 'removed', scheme: key, pointers: at });
  for (const { key } of pairing.matched) {
    const scopes = pairBy(b.get(key)!, r.get(key)!, String, String);
    for (const { key: scope } of scopes.added) facts.push({ kind: 'security', change: 'scope-added', scheme: key, scope, pointers: at });
    for (const { key: scope } of scopes.removed) facts.push({ kind: 'security', change: 'scope-removed', scheme: key, scope, pointers: at });
  }
}
