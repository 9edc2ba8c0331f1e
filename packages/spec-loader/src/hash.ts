/**
 * Content hashes of subtrees (Merkle style): an object or array hashes its whole text (keys in their
 * order, `$ref` strings as written, examples and `x-` extensions included) into 53 bits. Two nodes with
 * the same hash hold the same JSON text (up to a hash collision, about 2^-53 per comparison). What
 * their `$ref`s lead to is not part of the hash: a consumer that follows references decides itself
 * whether equal text means equal meaning. Strings enter the hash through a number given to each
 * distinct string in this process, so hashes are comparable only within one process; they are never
 * written out.
 *
 * The loader's walk (`recordAndVisitRefs`) does not hash: it records, for every node large enough to be
 * worth it, its size class and the `$ref`s inside it, and a hash is computed the first time one is
 * asked for (`SubtreeTable.get`). The differ asks for none: it compares two such nodes directly
 * (`equalSubtrees`), which stops at the first difference and costs nothing for the nodes it never
 * compares. Hashing every node of a 4 MB document in the walk cost more than its parse.
 */
import { checkShape, isPlainData, type Limits } from './limits.js';
import { appendPointer } from './pointer.js';

/**
 * What the loader's walk remembers of one document: every object and array of `MIN_HASHED_NODES` nodes
 * or more ("large" nodes), their hashes once asked for, and, for those the reference walk passes
 * through, the `$ref` strings inside them. A pre-order walk meets the references of a subtree one after
 * the other, so each node keeps only the first and last index of its run in one list per document.
 */
export class SubtreeTable {
  /** Node → slot; a slot is a small integer, which a Map holds without allocating. */
  readonly #slots = new Map<object, number>();
  /** NaN until the node's hash is asked for. */
  readonly #hashes: number[] = [];
  /** The run of a node's references in `#refs`: [start, end), or -1 when the walk did not record it. */
  readonly #starts: number[] = [];
  readonly #ends: number[] = [];
  readonly #lists: Array<readonly string[] | undefined> = [];
  readonly #refs: string[] = [];
  /** Per entry of `#refs`: 1 when the reference stands where a Schema Object goes (see `schemaSlot`). */
  readonly #inSchema: number[] = [];
  /** Per slot: the node of another document it was last compared with by `equalSubtrees`, and the answer. */
  readonly #partners: Array<object | undefined> = [];
  readonly #partnerSame: boolean[] = [];
  /** Per slot: how many nodes the subtree holds (as the walk counts them). */
  readonly #counts: number[] = [];
  /** How many nodes the table held after the walk of the first document recorded in it. */
  #firstSize = -1;

  get size(): number {
    return this.#slots.size;
  }

  /**
   * Whether a later revision of the document may be recorded in this table too (see
   * `recordAndVisitRefs`'s `into`): while the table holds less than three times what its first
   * document brought, so a history of many revisions does not keep every older one alive.
   */
  get mayGrow(): boolean {
    return this.#firstSize >= 0 && this.#slots.size < 3 * this.#firstSize;
  }

  /** @internal marks the end of the walk that filled the table first */
  sealFirst(): void {
    if (this.#firstSize < 0) this.#firstSize = this.#slots.size;
  }

  /** @internal how many nodes the subtree in `slot` holds */
  countAt(slot: number): number {
    return this.#counts[slot]!;
  }

  /** @internal whether the walk recorded the run of references of the node in `slot` */
  hasRun(slot: number): boolean {
    return this.#starts[slot]! >= 0;
  }

  /**
   * @internal the run of references of the node in `slot`, once more: each is recorded again at the
   * end of the list (so the run of every node above it stays one stretch) and handed to `visit`
   */
  replayRun(slot: number, visit: (ref: string) => void): void {
    const end = this.#ends[slot]!;
    for (let i = this.#starts[slot]!; i < end; i++) {
      const ref = this.#refs[i]!;
      this.#refs.push(ref);
      this.#inSchema.push(this.#inSchema[i]!);
      visit(ref);
    }
  }

  /**
   * The hash of a large node of this table's document, computed now if it was not asked for before;
   * undefined for small nodes and nodes of other documents.
   */
  get(node: object): number | undefined {
    const slot = this.#slots.get(node);
    if (slot === undefined) return undefined;
    const known = this.#hashes[slot]!;
    return known === known ? known : hashInto(this, node);
  }

  /** Whether the node is a large node of this table's document (one `get` has a hash for). */
  has(node: object): boolean {
    return this.#slots.has(node);
  }

  /** @internal the hash when it has been computed; undefined for small or not yet hashed nodes */
  peek(node: object): number | undefined {
    const slot = this.#slots.get(node);
    if (slot === undefined) return undefined;
    const known = this.#hashes[slot]!;
    return known === known ? known : undefined;
  }

  /**
   * The `$ref` strings inside a remembered node, in the walk's order (the node's own, then its members
   * last key first, array items first to last), as `forEachRefLazy` finds them; undefined when the
   * reference walk did not record the node (a small node, or one inside an example or an extension).
   */
  refs(node: object): readonly string[] | undefined {
    const slot = this.#recorded(node);
    if (slot === undefined) return undefined;
    let list = this.#lists[slot];
    if (!list) this.#lists[slot] = list = this.#refs.slice(this.#starts[slot], this.#ends[slot]);
    return list;
  }

  /**
   * For each entry of `refs(node)`, whether that reference stands where a Schema Object goes (under
   * `schema`, `items`, `properties`, `allOf`, …), judged by the keys above it in the document; false
   * where it cannot tell. Undefined when `refs(node)` is.
   */
  refsInSchemaPosition(node: object): readonly boolean[] | undefined {
    const slot = this.#recorded(node);
    if (slot === undefined) return undefined;
    const out: boolean[] = [];
    for (let i = this.#starts[slot]!; i < this.#ends[slot]!; i++) out.push(this.#inSchema[i] === 1);
    return out;
  }

  /** The slot of a node whose run of references the walk recorded. */
  #recorded(node: object): number | undefined {
    const slot = this.#slots.get(node);
    return slot === undefined || this.#starts[slot]! < 0 ? undefined : slot;
  }

  /** @internal the slot of a large node, undefined for a small one */
  slotOf(node: object): number | undefined {
    return this.#slots.get(node);
  }

  /** @internal what `equalSubtrees` answered for the node in `slot` and `other`, if that was the last node it was compared with */
  answerFor(slot: number, other: object): boolean | undefined {
    return this.#partners[slot] === other ? this.#partnerSame[slot] : undefined;
  }

  /** @internal remembers `equalSubtrees`'s answer for the node in `slot` and `other` */
  remember(slot: number, other: object, same: boolean): void {
    this.#partners[slot] = other;
    this.#partnerSame[slot] = same;
  }

  /** @internal how many references the walk has recorded so far (where the next run starts) */
  get refCount(): number {
    return this.#refs.length;
  }

  /** @internal records one reference met by the walk */
  addRef(ref: string, inSchema: boolean): void {
    this.#refs.push(ref);
    this.#inSchema.push(inSchema ? 1 : 0);
  }

  /** @internal remembers a node (its hash, or NaN for "not computed yet"), its run of references and its node count (-1: unknown) */
  set(node: object, hash: number, start = -1, end = -1, count = -1): void {
    let slot = this.#slots.get(node);
    if (slot === undefined) {
      slot = this.#hashes.length;
      this.#slots.set(node, slot);
      this.#hashes.push(hash);
      this.#starts.push(start);
      this.#ends.push(end);
      this.#lists.push(undefined);
      this.#partners.push(undefined);
      this.#partnerSame.push(false);
      this.#counts.push(count);
      return;
    }
    this.#hashes[slot] = hash;
    if (count >= 0) this.#counts[slot] = count;
    // A shared node (a YAML alias) met again where references are not walked keeps the run recorded before.
    if (start < 0) return;
    this.#starts[slot] = start;
    this.#ends[slot] = end;
    this.#lists[slot] = undefined;
  }
}

/** The table of the document being hashed now (set for the duration of one walk). */
let hashes: SubtreeTable = new SubtreeTable();
/** Hashes of objects outside any loaded document (documents built in memory), computed on demand. */
const looseHashes = new WeakMap<object, SubtreeTable>();

/** A number per distinct string seen (see hashString); cleared when large, numbers never reused. */
let stringIds = new Map<string, number>();
/** The numbers of the generation before (see `startStringGeneration`); looked up, then carried over. */
let olderStringIds = new Map<string, number>();
let nextStringId = 1;
const STRING_CACHE_LIMIT = 1 << 20;

/**
 * Starts a new generation of string numbers: strings met from now on keep their numbers if the
 * current or the previous generation knew them; older ones are forgotten. A caller that loads many
 * documents one after another and compares each only with the one before (`history`) calls this
 * before each, so the table holds the strings of two documents instead of all of them. Without it,
 * every document of the process shares one table (bounded by STRING_CACHE_LIMIT).
 */
export function startStringGeneration(): void {
  olderStringIds = stringIds;
  stringIds = new Map();
}
/** The packed hash is `high * LOW + low`: 23 + 30 bits, an exact integer below 2^53. */
const LOW = 1 << 30;
const LOW_MASK = LOW - 1;

/**
 * The two lanes of the value hashed last. The walk hashes a child, then reads these before it hashes
 * the next one, so no hash is boxed as a double except the one stored per object.
 */
let outA = 0;
let outB = 0;
/** Nodes (objects, arrays and scalars) in the value hashed last. */
let outN = 1;

/**
 * Nodes smaller than this are not remembered: comparing them directly costs less than a table
 * entry, and most nodes of a spec are small (`{type: string}`). `subtreeHash` still hashes them.
 */
export const MIN_HASHED_NODES = 12;

function setPacked(value: number): void {
  outB = (value / LOW) | 0;
  outA = value - outB * LOW;
  outN = MIN_HASHED_NODES; // only remembered nodes are looked up; their size no longer matters
}

function hashString(text: string): void {
  outN = 1;
  // Every distinct string gets a number the first time it is seen; the lanes mix that number. The
  // lookup hashes and compares the text in V8's own code, several times faster than a loop over its
  // characters here, and equal texts (in both revisions of a diff) get the same number.
  let id = stringIds.get(text);
  if (id === undefined) {
    if (stringIds.size >= STRING_CACHE_LIMIT) stringIds.clear(); // numbers are never reused
    stringIds.set(text, (id = olderStringIds.get(text) ?? nextStringId++));
  }
  let a = Math.imul(id ^ 0x2545f491, 0x9e3779b1);
  a ^= a >>> 16;
  a = Math.imul(a, 0x85ebca6b);
  a ^= a >>> 13;
  outA = a & LOW_MASK;
  outB = Math.imul(id ^ 0x811c9dc5, 0x5bd1e995) >>> 9;
}

function hashScalar(value: unknown): void {
  if (typeof value === 'string') return hashString(value);
  if (typeof value === 'number') {
    if ((value | 0) === value) {
      const h = Math.imul(value ^ 0x7f4a7c15, 0x9e3779b1);
      outA = h & LOW_MASK;
      outB = (h ^ 0x165667b1) >>> 9;
      outN = 1;
      return;
    }
    return hashString(`\u0000n${value}`);
  }
  outA = value === true ? 0x1f3d5b79 : value === false ? 0x2e4c6a88 : value === null ? 0x3a5c7e91 : 0x0b6d8fa2; // the last: undefined (documents built in memory)
  outB = outA >>> 9;
  outN = 1;
}

/** Seeds that keep `[]` and `{}` (and an array and an object of the same members) apart. */
const OBJECT_SEED = 0x6a09e667;
const ARRAY_SEED = 0x3c6ef372;

/**
 * Returns the hash of a node whose lanes are `a`, `b` and which holds `n` nodes, remembering it when
 * the node is large enough; leaves lanes and size in `outA`/`outB`/`outN` for the parent.
 */
function finish(node: object, a: number, b: number, n: number): number {
  a &= LOW_MASK;
  b >>>= 9;
  const packed = b * LOW + a;
  // The hash only: a node's run of references is the loader's walk's to record.
  if (n >= MIN_HASHED_NODES || remembering) hashes.set(node, packed);
  outA = a;
  outB = b;
  outN = n;
  return packed;
}

/** Set while `subtreeHash` hashes a node of a document built in memory: every node is remembered then. */
let remembering = false;

/**
 * Hashes an object or array, children first (object keys last to first, the order the loader's walk
 * visits them; array items first to last). `child` hashes one child and leaves its lanes in outA/outB.
 */
function hashNode(node: object, child: (value: unknown, key: string | number) => void): number {
  let a: number;
  let b: number;
  if (Array.isArray(node)) {
    a = ARRAY_SEED ^ node.length;
    b = ~ARRAY_SEED ^ node.length;
    let n = 1;
    for (let i = 0; i < node.length; i++) {
      child(node[i], i);
      n += outN;
      a = Math.imul(a ^ outA, 0x01000193);
      a ^= a >>> 15;
      b = Math.imul(b ^ outB ^ Math.imul(outA, 0x27d4eb2d), 0x5bd1e995);
      b ^= b >>> 13;
    }
    return finish(node, a, b, n);
  }
  const record = node as Record<string, unknown>;
  const keys = Object.keys(record);
  a = OBJECT_SEED ^ keys.length;
  b = ~OBJECT_SEED ^ keys.length;
  let n = 1;
  for (let i = keys.length - 1; i >= 0; i--) {
    const key = keys[i]!;
    hashString(key);
    a = Math.imul(a ^ outA, 0x01000193);
    b = Math.imul(b ^ outB, 0x5bd1e995);
    child(record[key], key);
    n += outN;
    a = Math.imul(a ^ outA, 0x01000193);
    a ^= a >>> 15;
    b = Math.imul(b ^ outB ^ Math.imul(outA, 0x27d4eb2d), 0x5bd1e995);
    b ^= b >>> 13;
  }
  return finish(node, a, b, n);
}

function hashAny(value: unknown): void {
  if (value === null || typeof value !== 'object') return hashScalar(value);
  const known = hashes.peek(value);
  if (known !== undefined) return setPacked(known);
  hashNode(value, hashAny);
}

/** Hashes a large node of `table`'s document now; the large nodes inside it keep their hashes too. */
function hashInto(table: SubtreeTable, node: object): number {
  const saved = hashes;
  const wasRemembering = remembering;
  hashes = table;
  remembering = false;
  try {
    return hashNode(node, hashAny);
  } finally {
    hashes = saved;
    remembering = wasRemembering;
  }
}

/**
 * The content hash of a JSON value. `known` is the table of the document it belongs to (a loaded
 * file's `hashes`, filled when it was loaded); without one, or for a node not in it (a document built
 * in memory), the node is hashed now and remembered with it.
 */
export function subtreeHash(value: unknown, known?: SubtreeTable): number {
  if (value === null || typeof value !== 'object') {
    hashScalar(value);
    return outB * LOW + outA;
  }
  // A node of a loaded document: a large one keeps its hash, a small one is hashed now and not remembered.
  if (known) return known.get(value) ?? hashInto(known, value);
  let table = looseHashes.get(value);
  if (!table) looseHashes.set(value, (table = new SubtreeTable()));
  const saved = hashes;
  hashes = table;
  remembering = true;
  try {
    return table.peek(value) ?? hashNode(value, hashAny);
  } finally {
    hashes = saved;
    remembering = false;
  }
}

/**
 * Whether two JSON values have the same text (object keys in the same order), by their subtree
 * hashes: O(1) for nodes of loaded documents (pass each file's `hashes`). Equal text implies equal
 * value whatever the key order, so `false` only means "compare them yourself".
 */
export function sameSubtree(a: unknown, b: unknown, aHashes?: SubtreeTable, bHashes?: SubtreeTable): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (aHashes && bHashes) {
    // Small nodes of loaded documents have no entry: "unknown", the caller compares them itself.
    const x = aHashes.get(a);
    const y = bHashes.get(b);
    return x !== undefined && x === y;
  }
  return subtreeHash(a, aHashes) === subtreeHash(b, bHashes);
}

/**
 * Whether two JSON values have the same text as `subtreeHash` sees it: object keys in the same order,
 * numbers equal (NaN to NaN, -0 to 0), everything else `===`. Compared directly, stopping at the first
 * difference: what the differ asks of two large nodes of loaded documents instead of hashing both.
 * With `table` (the document of `a`), each large node inside `a` remembers the node it was compared
 * with and the answer, so the differ's questions, which go down a changed subtree level by level,
 * compare each part once.
 */
export function equalSubtrees(a: unknown, b: unknown, table?: SubtreeTable): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return a !== a && b !== b; // NaN
  const slot = table?.slotOf(a);
  if (slot !== undefined) {
    const known = table!.answerFor(slot, b);
    if (known !== undefined) return known;
  }
  const same = equalMembers(a, b, table);
  if (slot !== undefined) table!.remember(slot, b, same);
  return same;
}

function equalMembers(a: object, b: object, table: SubtreeTable | undefined): boolean {
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) {
      const x = a[i];
      const y = b[i];
      if (x !== y && !equalSubtrees(x, y, table)) return false;
    }
    return true;
  }
  if (Array.isArray(b)) return false;
  const xKeys = Object.keys(a);
  const yKeys = Object.keys(b);
  if (xKeys.length !== yKeys.length) return false;
  for (let i = 0; i < xKeys.length; i++) {
    const key = xKeys[i]!;
    if (key !== yKeys[i]) return false;
    const x = (a as Record<string, unknown>)[key];
    const y = (b as Record<string, unknown>)[key];
    if (x !== y && !equalSubtrees(x, y, table)) return false;
  }
  return true;
}

/** OpenAPI `examples` maps (name → Example Object or `$ref`) may hold references; JSON Schema `examples` arrays do not. */
export function isExamplesMap(value: unknown): boolean {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Keys whose value is a Schema Object (OpenAPI 3.0/3.1 and JSON Schema 2020-12). */
const SCHEMA_KEYS = new Set(['schema', 'items', 'additionalProperties', 'not', 'propertyNames', 'contains', 'if', 'then', 'else', 'additionalItems', 'unevaluatedItems', 'unevaluatedProperties', 'contentSchema']);
/** Keys whose value holds Schema Objects by name or by position. */
const SCHEMA_CONTAINERS = new Set(['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas', 'allOf', 'anyOf', 'oneOf', 'prefixItems', 'items', 'schemas']);

/** Whether an object found under `key` (itself under `parentKey`) stands where a Schema Object goes. */
function schemaSlot(key: string | number | undefined, parentKey: string | number | undefined): boolean {
  return (typeof key === 'string' && SCHEMA_KEYS.has(key)) || (typeof parentKey === 'string' && SCHEMA_CONTAINERS.has(parentKey));
}

/**
 * One walk of a parsed document that counts every node (the shape check), records every large object
 * and array (`MIN_HASHED_NODES` nodes or more) with the run of `$ref`s inside it, and calls `visit`
 * for every `$ref` string, in the order and with the exclusions of `forEachRefLazy` (`example`/`examples`
 * values and vendor extensions are data; an Example Object's `value` too). Nothing is hashed here
 * (see the top of this file). The pointer of the object holding a `$ref` is built only when the visitor
 * asks for it. Returns the document's table (Maps, not WeakMaps: they live as long as the document,
 * and a large WeakMap costs the garbage collector far more).
 */
export function recordAndVisitRefs(
  document: unknown,
  visit: (ref: string, at: () => string) => void,
  shape?: { shownAs: string; limits: Limits },
  shared?: { into: SubtreeTable; locate: (ref: string) => string },
): SubtreeTable {
  // `shared`: the document was parsed against an earlier one (see delta.ts) and shares objects with
  // it; `into` is the table of that earlier document, and this walk records into it too. A large node
  // the table already holds is one of those shared objects, at the same place in the same file: what
  // the earlier walk counted and recorded of it holds here as well, so it is not walked again. Its
  // node count is added, and its references are visited in the recorded order, which is the order a walk
  // would meet them in. A reference that fails is reported at the first object holding it (`locate`),
  // where this walk would have reported it. The earlier walk held the same subtree to the same limits
  // at the same depth (the caller shares only between loads with equal limits).
  const table = shared?.into ?? new SubtreeTable();
  const sharing = shared !== undefined;
  // keys[d] is the key of the node at depth d + 1 (the root has none); kept only where references are visited.
  const keys: Array<string | number> = [];
  const pointerHere = () => appendPointer('', ...keys);
  // The shape check (see `checkShape`) is made in this walk: every node is counted once per place it
  // is used (a YAML alias is walked again wherever it stands, never looked up) and no node with
  // children is entered at `maxDepth`, so the recursion stays bounded. On the first node past a limit
  // `checkShape` runs on the document and throws its own error (which names the node it finds first).
  const maxNodes = shape?.limits.maxNodes ?? Number.MAX_SAFE_INTEGER;
  const maxDepth = shape?.limits.maxDepth ?? Number.MAX_SAFE_INTEGER;
  let count = 0;
  // A loaded document (one with limits) must be plain JSON data (see `checkShape`); a document built
  // in memory by a caller is taken as it is.
  const plainOnly = shape !== undefined;
  const refuse = (): never => {
    if (shape) checkShape(document, shape.shownAs, shape.limits);
    throw new Error('recordAndVisitRefs: a limit was passed that checkShape does not see');
  };

  // A node under an example or an extension (no references visited): counted, and remembered when large.
  // Returns the number of nodes in it, counted as `hashNode` counts them.
  const plain = (node: unknown, depth: number): number => {
    if (sharing && node !== null && typeof node === 'object') {
      const slot = table.slotOf(node);
      if (slot !== undefined && table.countAt(slot) > 0) {
        count += table.countAt(slot);
        if (count > maxNodes) refuse();
        return table.countAt(slot);
      }
    }
    if (++count > maxNodes) refuse();
    if (node === null || typeof node !== 'object') return 1;
    let n = 1;
    if (Array.isArray(node)) {
      if (depth >= maxDepth && node.length > 0) refuse();
      if (plainOnly && !isPlainData(node)) refuse();
      for (let i = 0; i < node.length; i++) {
        const item = node[i];
        if (item === null || typeof item !== 'object') {
          if (++count > maxNodes) refuse();
          n++;
        } else n += plain(item, depth + 1);
      }
    } else {
      const record = node as Record<string, unknown>;
      const names = Object.keys(record);
      if (depth >= maxDepth && names.length > 0) refuse();
      if (plainOnly && !isPlainData(record)) refuse();
      for (let i = 0; i < names.length; i++) {
        const value = record[names[i]!];
        if (value === null || typeof value !== 'object') {
          if (++count > maxNodes) refuse();
          n++;
        } else n += plain(value, depth + 1);
      }
    }
    if (n >= MIN_HASHED_NODES) table.set(node, NaN, -1, -1, n);
    return n;
  };

  /** A shared node met where references are visited: its recorded references, visited and appended to the run of the nodes above. */
  const replay = (slot: number): number => {
    const n = table.countAt(slot);
    count += n;
    if (count > maxNodes) refuse();
    table.replayRun(slot, (ref) => visit(ref, () => shared!.locate(ref)));
    return n;
  };

  // One recursive function (the depth limit bounds the recursion): references visited in
  // forEachRefLazy's order (the node's own `$ref`, then its members last key first, array items first
  // to last), every node counted, large nodes remembered with their run of references.
  const walk = (node: object): number => {
    if (sharing) {
      const slot = table.slotOf(node);
      if (slot !== undefined && table.hasRun(slot) && table.countAt(slot) > 0) return replay(slot);
    }
    if (++count > maxNodes) refuse();
    let n = 1;
    const depth = keys.length + 1;
    const refStart = table.refCount;
    if (Array.isArray(node)) {
      if (depth >= maxDepth && node.length > 0) refuse();
      if (plainOnly && !isPlainData(node)) refuse();
      for (let i = 0; i < node.length; i++) {
        const item = node[i];
        if (item === null || typeof item !== 'object') {
          // A scalar item: counted here, without a call per value.
          if (++count > maxNodes) refuse();
          n++;
        } else {
          keys.push(i);
          n += walk(item);
          keys.pop();
        }
      }
      if (n >= MIN_HASHED_NODES) table.set(node, NaN, refStart, table.refCount, n);
      return n;
    }
    const record = node as Record<string, unknown>;
    const names = Object.keys(record);
    if (depth >= maxDepth && names.length > 0) refuse();
    // Not plain JSON data (a prototype set from the input): `checkShape` names it and refuses it.
    if (plainOnly && !isPlainData(record)) refuse();
    if (typeof record.$ref === 'string') {
      table.addRef(record.$ref, schemaSlot(depth > 1 ? keys[depth - 2] : undefined, depth > 2 ? keys[depth - 3] : undefined));
      visit(record.$ref, pointerHere);
    }
    const ownKey = depth === 1 ? '' : keys[depth - 2];
    const isExampleObject = depth >= 3 && keys[depth - 3] === 'examples' && !(depth >= 4 && keys[depth - 4] === 'properties');
    for (let i = names.length - 1; i >= 0; i--) {
      const key = names[i]!;
      const value = record[key];
      if (value === null || typeof value !== 'object') {
        // A scalar member (most of them): counted here, without a call per value.
        if (++count > maxNodes) refuse();
        n++;
        continue;
      }
      let childRefs = key !== '$ref' && !(isExampleObject && key === 'value');
      // `example`, `examples` and `x-…` members are data, except an OpenAPI `examples` map (and any name under `properties`).
      if (childRefs && ownKey !== 'properties' && (key === 'example' || key === 'examples' || (key.charCodeAt(0) === 120 && key.charCodeAt(1) === 45))) {
        childRefs = key === 'examples' && isExamplesMap(value);
      }
      if (childRefs) {
        keys.push(key);
        n += walk(value);
        keys.pop();
      } else n += plain(value, depth + 1);
    }
    if (n >= MIN_HASHED_NODES) table.set(record, NaN, refStart, table.refCount, n);
    return n;
  };

  if (document !== null && typeof document === 'object') walk(document);
  table.sealFirst();
  return table;
}

/** The hash table of a document that `loadSpec` did not load (one built in memory). */
export function hashDocument(document: unknown): SubtreeTable {
  return recordAndVisitRefs(document, () => {});
}
