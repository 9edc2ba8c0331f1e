import { refsWithin } from '@astro-api/spec-loader';
import { child, hopOf, type Hop, type Located } from '../load/located.js';
import { opRef, type SideOperation } from './operations.js';
import type { OpRef } from './tree.js';

/**
 * Which operations reach each referenced node, through their request or their response. Built once
 * per side as a reverse graph over `$ref` identities, so that a change to a shared component is
 * reported once with the operations it affects instead of being repeated at every use.
 */
export class Reachability {
  /** identity → nodes (identities or operation roots) that refer to it. */
  private readonly parents = new Map<string, Set<string>>();
  private readonly roots = new Map<string, { op: OpRef; direction: 'request' | 'response' }>();

  private operations: readonly SideOperation[] | undefined;
  /** identity → where it lives (read by `roles`: the places its parents refer to it from). */
  private readonly nodes = new Map<string, Located>();
  /** operation root (`#request …`, `#response …`) → the operation. */
  private readonly rootOps = new Map<string, SideOperation>();

  /** The graph is built on the first question: a comparison whose changes name no component never needs it. */
  constructor(operations: readonly SideOperation[]) {
    this.operations = operations;
  }

  private build(operations: readonly SideOperation[]): void {
    // Each reached identity is queued once with its hop (which holds where it lives); `nodes` doubles
    // as the set of identities already queued.
    const queue: Hop[] = [];
    // `value` lives in `file` of `part` (all a reference needs to be resolved: no pointer is built).
    const link = (from: string, part: Located['part'], file: Located['file'], value: unknown) => {
      if (value === null || typeof value !== 'object') return;
      // The loader remembers each node's references; a repeated ref text leads to the same target,
      // and the parent set keeps each parent once, so repeats need no check of their own.
      for (const ref of refsWithin(value, file.hashes)) {
        let target: Hop;
        try {
          target = hopOf(part, file, ref);
        } catch {
          // The loader already reported dangling references; a spec built in memory may skip that check.
          continue;
        }
        linkTarget(from, target);
      }
    };
    // A parameter named by reference (`parameters/limit`) is the same node for every operation that
    // names it: its targets are resolved at the first and kept, by identity (GitHub names most of its
    // parameters so). Parameters written inline are linked as any other node.
    const parameterTargets = new Map<string, { at: Located; targets: Hop[] }>();
    const linkParameter = (from: string, ref: string, at: Located) => {
      let known = parameterTargets.get(ref);
      if (!known || known.at.part !== at.part || known.at.file !== at.file || known.at.value !== at.value) {
        const targets: Hop[] = [];
        const value = at.value;
        if (value !== null && typeof value === 'object') {
          for (const text of refsWithin(value, at.file.hashes)) {
            try {
              targets.push(hopOf(at.part, at.file, text));
            } catch {
              // Dangling: see `link`.
            }
          }
        }
        parameterTargets.set(ref, (known = { at, targets }));
      }
      for (let i = 0; i < known.targets.length; i++) linkTarget(from, known.targets[i]!);
    };
    const linkTarget = (from: string, target: Hop) => {
      const identity = target.identity;
      const set = this.parents.get(identity);
      if (set) set.add(from);
      // `add` rather than a one-item array: no array and no iterator per new identity.
      else this.parents.set(identity, new Set<string>().add(from));
      if (!this.nodes.has(identity)) {
        this.nodes.set(identity, target.at);
        queue.push(target);
      }
    };
    for (const op of operations) {
      const request = `#request ${op.key}`;
      const response = `#response ${op.key}`;
      const ref = opRef(op);
      this.roots.set(request, { op: ref, direction: 'request' });
      this.roots.set(response, { op: ref, direction: 'response' });
      this.rootOps.set(request, op);
      this.rootOps.set(response, op);
      for (const p of op.parameters) {
        // A parameter given by `$ref` arrives here resolved; its own identity is reached too.
        if (p.ref !== undefined) {
          const set = this.parents.get(p.ref);
          if (set) set.add(request);
          else this.parents.set(p.ref, new Set<string>().add(request));
          linkParameter(request, p.ref, p.at);
        } else link(request, p.at.part, p.at.file, p.at.value);
      }
      const operation = op.at.value as Record<string, unknown> | null;
      if (operation !== null && typeof operation === 'object') {
        if (operation.requestBody !== undefined) link(request, op.at.part, op.at.file, operation.requestBody);
        if (operation.responses !== undefined) link(response, op.at.part, op.at.file, operation.responses);
      }
    }
    while (queue.length > 0) {
      const { identity, at } = queue.pop()!;
      link(identity, at.part, at.file, at.value);
    }
  }

  /**
   * Operations whose request or response reaches `identity`, in a stable order: the order a
   * depth-first search up the parents finds them (an identity's parents in the order they were linked).
   *
   * Linear over a chain (issue 19). An identity whose only parent is another identity (not an
   * operation) reaches exactly what that parent reaches, in the same order: the search from it takes
   * that one step and then is the parent's search, except that it already counts itself as seen, and
   * a search that met it again would find only that parent, seen already. So each question is asked of
   * the top of such a run (`representative`), found once per identity, and each top's answer is kept.
   * A chain of 10,000 components, each changed, asks one search instead of 10,000 of growing length.
   */
  reach(identity: string): { request: OpRef[]; response: OpRef[] } {
    this.ensureBuilt();
    const top = this.representative(identity);
    let result = this.answers.get(top);
    if (!result) this.answers.set(top, (result = this.search(top)));
    // Callers keep and merge these lists: each gets its own copy.
    return { request: [...result.request], response: [...result.response] };
  }

  private ensureBuilt(): void {
    if (this.operations) {
      const operations = this.operations;
      this.operations = undefined;
      this.build(operations);
    }
  }

  /**
   * Read-only views of the graph for modules that walk it their own way (`uses.ts`): the nodes that
   * refer to `identity` (identities or operation roots), where an identity lives, and the operation
   * and direction of an operation root (`#request …`, `#response …`). Stable API: keep these.
   */
  parentsOf(identity: string): ReadonlySet<string> {
    this.ensureBuilt();
    return this.parents.get(identity) ?? new Set<string>();
  }

  nodeOf(identity: string): Located | undefined {
    this.ensureBuilt();
    return this.nodes.get(identity);
  }

  rootOf(parent: string): { op: SideOperation; direction: 'request' | 'response' } | undefined {
    this.ensureBuilt();
    const op = this.rootOps.get(parent);
    return op ? { op, direction: this.roots.get(parent)!.direction } : undefined;
  }

  private readonly roleAnswers = new Map<string, Set<SchemaRole>>();

  /**
   * The places a schema identity is used as (issue 20): the schema of a request or response body, of
   * a parameter, of a header, or a property (any place below another schema's root: a property, items,
   * additionalProperties, …). A schema that another schema names at its root (an alias, an allOf,
   * oneOf or anyOf member) is used as whatever that schema is used as. A component is diffed once, at
   * its own root: these roles say which rule prefix its root changes read under (`Status`, named by a
   * property, changes as a property, not as a body). Found by walking the nodes that refer to it.
   */
  roles(identity: string): ReadonlySet<SchemaRole> {
    this.ensureBuilt();
    const known = this.roleAnswers.get(identity);
    if (known) return known;
    const result = new Set<SchemaRole>();
    // Up through the schemas that name it at their root (iterative: alias chains may be 10,000 long).
    const seen = new Set<string>([identity]);
    const stack = [identity];
    while (stack.length > 0) {
      const id = stack.pop()!;
      for (const parent of this.parents.get(id) ?? []) {
        for (const place of this.placesOf(parent, id)) {
          if (place === 'root') {
            if (!seen.has(parent)) {
              seen.add(parent);
              stack.push(parent);
            }
          } else result.add(place);
        }
      }
    }
    this.roleAnswers.set(identity, result);
    return result;
  }

  /** How `parent` (an operation root or a component) refers to `target`: a role, or `root` (at a schema's root: the parent's roles). */
  private placesOf(parent: string, target: string): Set<SchemaRole | 'root'> {
    const places = new Set<SchemaRole | 'root'>();
    const op = this.rootOps.get(parent);
    if (op) {
      if (this.roots.get(parent)!.direction === 'request') {
        for (const p of op.parameters) if (p.ref !== target) refPaths(p.at, target, (path) => addPlace(places, containerRole('parameter', path)));
        refPaths(child(op.at, 'requestBody'), target, (path) => addPlace(places, containerRole('request-body', path)));
      } else {
        refPaths(child(op.at, 'responses'), target, (path) => addPlace(places, containerRole('responses', path)));
      }
      return places;
    }
    const at = this.nodes.get(parent);
    if (!at) return places;
    const container = containerOf(parent);
    refPaths(at, target, (path) => addPlace(places, container ? containerRole(container, path) : path.every(isCompositionStep) ? 'root' : 'property'));
    return places;
  }

  /** identity → the top of its run of single-parent identities (see `reach`). */
  private readonly tops = new Map<string, string>();
  /** top → what its search found. */
  private readonly answers = new Map<string, { request: OpRef[]; response: OpRef[] }>();

  /** The identity whose search answers for `identity`: up through identities with one parent each, an identity. */
  private representative(identity: string): string {
    const run: string[] = [];
    const onRun = new Set<string>();
    let id = identity;
    let top: string | undefined;
    for (;;) {
      top = this.tops.get(id);
      if (top !== undefined) break;
      const parents = this.parents.get(id);
      const only = parents?.size === 1 ? parents.values().next().value! : undefined;
      if (only === undefined || this.roots.has(only) || onRun.has(only)) {
        // Several parents, none, an operation, or a loop of single parents (nothing outside reaches
        // it, so it reaches no operation: any of its members answers for all).
        top = id;
        break;
      }
      run.push(id);
      onRun.add(id);
      id = only;
    }
    this.tops.set(id, top);
    for (const member of run) this.tops.set(member, top);
    return top;
  }

  /** The depth-first search up the parents of `identity`. */
  private search(identity: string): { request: OpRef[]; response: OpRef[] } {
    const result = { request: [] as OpRef[], response: [] as OpRef[] };
    const seen = new Set<string>([identity]);
    const stack = [identity];
    while (stack.length > 0) {
      const id = stack.pop()!;
      for (const parent of this.parents.get(id) ?? []) {
        if (seen.has(parent)) continue;
        seen.add(parent);
        const root = this.roots.get(parent);
        if (root) result[root.direction].push(root.op);
        else stack.push(parent);
      }
    }
    return result;
  }
}

/** The kind of object a component identity names when it holds a schema rather than being one (`parameters/…`, `requestBodies/…`, `responses/…`, `headers/…`). */
export function containerOf(identity: string): 'parameter' | 'request-body' | 'response' | 'header' | undefined {
  const section = /^(parameters|requestBodies|responses|headers)\//.exec(identity)?.[1];
  return section === 'parameters' ? 'parameter' : section === 'requestBodies' ? 'request-body' : section === 'responses' ? 'response' : section === 'headers' ? 'header' : undefined;
}

/** What a schema is used as (see `Reachability.roles`). */
export type SchemaRole = 'request-body' | 'response-body' | 'parameter' | 'header' | 'property';

/** Steps that keep a referenced schema at its referrer's root: a composition member is the referrer's schema too. */
function isCompositionStep(token: string): boolean {
  return token === 'allOf' || token === 'oneOf' || token === 'anyOf' || /^\d+$/.test(token);
}

function addPlace(places: Set<SchemaRole | 'root'>, role: SchemaRole | 'root' | undefined): void {
  if (role) places.add(role);
}

/**
 * The role of a reference found at `path` inside a parameter, request body, response (or an
 * operation's `responses` map) or header object: the schema of that object when only composition steps
 * follow its `schema` keyword, a property otherwise. A reference outside any schema (an example, a
 * link) gives no role.
 */
function containerRole(container: 'parameter' | 'request-body' | 'response' | 'responses' | 'header', path: readonly string[]): SchemaRole | undefined {
  const at = path.indexOf('schema');
  if (at < 0) return undefined;
  if (!path.slice(at + 1).every(isCompositionStep)) return 'property';
  if (container === 'parameter') return 'parameter';
  if (container === 'request-body') return 'request-body';
  if (container === 'header' || path.slice(0, at).includes('headers')) return 'header';
  return 'response-body';
}

/**
 * Calls `found` with the path (inside `at`) of every `$ref` in `at` that names `target`, in document
 * order (keys as listed, array items first to last). Every `$ref` counts, in examples and extensions
 * too. The references of a node are listed once, with their paths, and kept (`roles` asks about the
 * same parents for many targets); each question then resolves only those.
 */
export function refPaths(at: Located, target: string, found: (path: readonly string[]) => void): void {
  const value = at.value;
  if (value === null || typeof value !== 'object') return;
  // `roles` and `uses.ts` ask of one parent about each of its targets in turn: its references are
  // resolved once and grouped by the identity they name, so each question is one look-up instead of
  // resolving every reference of the parent again.
  // Kept per part: a node whose text did not change is the same object on both sides (see the
  // loader's `shareWith`), and its references are resolved in each side's own documents.
  let byNode = refsByTarget.get(at.part);
  if (!byNode) refsByTarget.set(at.part, (byNode = new WeakMap()));
  let grouped = byNode.get(value);
  if (!grouped || grouped.file !== at.file) byNode.set(value, (grouped = groupRefs(at, value)));
  const paths = grouped.paths.get(target);
  if (paths) for (let i = 0; i < paths.length; i++) found(paths[i]!);
}

/** Part → node → the paths of its `$ref`s by the identity each names, in document order (see `refPaths`), with the file they were resolved in. */
const refsByTarget = new WeakMap<Located['part'], WeakMap<object, { file: Located['file']; paths: Map<string, Array<readonly string[]>> }>>();

function groupRefs(at: Located, value: object): { file: Located['file']; paths: Map<string, Array<readonly string[]>> } {
  const paths = new Map<string, Array<readonly string[]>>();
  for (const { ref, path } of listRefs(value)) {
    let identity: string;
    try {
      identity = hopOf(at.part, at.file, ref).identity;
    } catch {
      continue; // A dangling reference names nothing (the loader reported it).
    }
    const list = paths.get(identity);
    if (list) list.push(path);
    else paths.set(identity, [path]);
  }
  return { file: at.file, paths };
}

function listRefs(root: object): Array<{ ref: string; path: readonly string[] }> {
  const out: Array<{ ref: string; path: readonly string[] }> = [];
  const path: string[] = [];
  const walk = (value: unknown) => {
    if (value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        path.push(String(i));
        walk(value[i]);
        path.pop();
      }
      return;
    }
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      const item = record[key];
      if (key === '$ref' && typeof item === 'string') {
        out.push({ ref: item, path: [...path] });
        continue;
      }
      path.push(key);
      walk(item);
      path.pop();
    }
  };
  walk(root);
  return out;
}

const known = new WeakMap<readonly SideOperation[], Reachability>();

/** The reachability of a side's operations, built once per list (`history` diffs each revision twice). */
export function reachabilityOf(operations: readonly SideOperation[]): Reachability {
  let reach = known.get(operations);
  if (!reach) known.set(operations, (reach = new Reachability(operations)));
  return reach;
}

/** Merges the reach of both sides: an operation counts once, under the path the revision gives it. */
export function mergeReach(a: { request: OpRef[]; response: OpRef[] }, b: { request: OpRef[]; response: OpRef[] }): { request: OpRef[]; response: OpRef[] } {
  const merge = (x: OpRef[], y: OpRef[]) => {
    const byKey = new Map<string, OpRef>();
    for (const list of [y, x]) {
      for (const op of list) {
        const key = mergeKey(op);
        if (!byKey.has(key)) byKey.set(key, op);
      }
    }
    return [...byKey.values()].sort((p, q) => (p.path === q.path ? compareMethods(p.method, q.method) : p.path < q.path ? -1 : 1));
  };
  return { request: merge(a.request, b.request), response: merge(a.response, b.response) };
}

/** OpRef → its key in `mergeReach` (each side's reach hands out the same OpRef objects, merged again and again). */
const mergeKeys = new WeakMap<OpRef, string>();

function mergeKey(op: OpRef): string {
  let key = mergeKeys.get(op);
  if (key === undefined) mergeKeys.set(op, (key = `${op.method} ${op.path.replace(/\{[^}]*\}/g, '{}')}`));
  return key;
}

/** The methods operation keys spell (upper case): among them `localeCompare` orders as code units do. */
const upperCaseMethods: ReadonlySet<string> = new Set(['GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'TRACE']);

/**
 * `a.localeCompare(b)` for two methods, without the locale machinery for the usual ones: for words of
 * the letters A to Z the collation order is the alphabetical order of their code units. Anything else
 * (a method spelled otherwise by a caller) still goes through `localeCompare`.
 */
function compareMethods(a: string, b: string): number {
  if (a === b) return 0;
  if (upperCaseMethods.has(a) && upperCaseMethods.has(b)) return a < b ? -1 : 1;
  return a.localeCompare(b);
}
