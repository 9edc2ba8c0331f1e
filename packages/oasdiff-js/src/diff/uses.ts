import { child } from '../load/located.js';
import { refPaths, type Reachability } from './reachability.js';

/**
 * How the operations use a referenced node in one direction (issue 20): whether any use, and whether
 * every use, passes through an `allOf` member on the way from the operation's body to it, and the
 * media types of the bodies it is reached through (`header` for a response header, `parameter` for a
 * parameter's schema). A component is diffed once; these facts let classify read its change as oasdiff
 * reads it at each use (oasdiff caps a change found under an `allOf` member at warning, and reads a
 * type change in a body that is not JSON as compatible).
 */
export interface DirectionUses {
  /** Some use reaches the node without an `allOf` step. */
  clean: boolean;
  /** Some use reaches the node through an `allOf` step. */
  underAllOf: boolean;
  mediaTypes: ReadonlySet<string>;
}

export interface NodeUses {
  request?: DirectionUses;
  response?: DirectionUses;
}

type Direction = 'request' | 'response';

/** One way a parent refers to a node: the direction it is known in (operation roots), whether an `allOf` step lies between, and the media type the place names. */
interface Edge {
  parent: string;
  /** Set when the parent is an operation root: the use starts here, in this direction. */
  root?: Direction;
  allOf: boolean;
  /** Set when the place inside the parent names what carries the schema (a body's media type, `header`, `parameter`); otherwise the parent's own media types pass down. */
  mediaType?: string;
}

interface Working {
  request: { clean: boolean; underAllOf: boolean; mediaTypes: Set<string> };
  response: { clean: boolean; underAllOf: boolean; mediaTypes: Set<string> };
}

const containerSection = /^(parameters|requestBodies|responses|headers)\//;

/** Whether the path takes an `allOf` member step (`…/allOf/0/…`), not a property that happens to be named `allOf`. */
function hasAllOfStep(path: readonly string[]): boolean {
  for (let i = 0; i < path.length; i++) {
    if (path[i] === 'allOf' && /^\d+$/.test(path[i + 1] ?? '') && path[i - 1] !== 'properties' && path[i - 1] !== 'patternProperties') return true;
  }
  return false;
}

/** The carrier a path inside a request body, a parameter, a response (or a `responses` map, `inMap`) or a header names. */
function carrierOf(container: 'parameter' | 'request-body' | 'response' | 'header', path: readonly string[], inMap = false): string | undefined {
  const rest = inMap ? path.slice(1) : path;
  if (container === 'header') return 'header';
  if (rest[0] === 'content' && rest[1] !== undefined) return rest[1];
  if (container === 'parameter' && rest[0] === 'schema') return 'parameter';
  if (container === 'response' && rest[0] === 'headers') return 'header';
  return undefined;
}

/**
 * The uses of nodes of one side's graph, found lazily: the first question about a node computes it and
 * every ancestor not known yet, at once, and keeps them all. The values only grow (a flag set, a media
 * type added) as parents are read, so a fixed point over the ancestors gives them even through `$ref`
 * cycles; in parents-first order a graph without cycles settles in one pass (and one pass to confirm),
 * so a chain of 10,000 components costs two passes over it. No recursion: chains may be that long.
 */
export class Uses {
  private readonly known = new Map<string, NodeUses>();

  private readonly reach: Reachability;

  constructor(reach: Reachability) {
    this.reach = reach;
  }

  of(identity: string): NodeUses {
    const known = this.known.get(identity);
    if (known) return known;
    // Ancestors not known yet, parents before children (an iterative depth-first post-order).
    const order: string[] = [];
    const edges = new Map<string, Edge[]>();
    const visiting = new Set<string>([identity]);
    const stack: Array<{ id: string; parents: Iterator<string> }> = [{ id: identity, parents: this.reach.parentsOf(identity).values() }];
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const next = top.parents.next();
      if (next.done) {
        stack.pop();
        order.push(top.id);
        continue;
      }
      const parent = next.value;
      if (this.reach.rootOf(parent) || this.known.has(parent) || visiting.has(parent)) continue;
      visiting.add(parent);
      stack.push({ id: parent, parents: this.reach.parentsOf(parent).values() });
    }
    for (const id of order) edges.set(id, this.edgesOf(id));

    const working = new Map<string, Working>();
    for (const id of order) working.set(id, { request: { clean: false, underAllOf: false, mediaTypes: new Set() }, response: { clean: false, underAllOf: false, mediaTypes: new Set() } });
    for (let changed = true; changed; ) {
      changed = false;
      for (const id of order) {
        const into = working.get(id)!;
        for (const edge of edges.get(id)!) {
          for (const direction of ['request', 'response'] as const) {
            const to = into[direction];
            let clean: boolean;
            let underAllOf: boolean;
            let mediaTypes: Iterable<string>;
            if (edge.root !== undefined) {
              if (edge.root !== direction) continue;
              clean = !edge.allOf;
              underAllOf = edge.allOf;
              mediaTypes = edge.mediaType !== undefined ? [edge.mediaType] : [];
            } else {
              const from = working.get(edge.parent)?.[direction] ?? this.known.get(edge.parent)?.[direction];
              if (!from || (!from.clean && !from.underAllOf)) continue;
              clean = !edge.allOf && from.clean;
              underAllOf = edge.allOf || from.underAllOf;
              mediaTypes = edge.mediaType !== undefined ? [edge.mediaType] : from.mediaTypes;
            }
            if (clean && !to.clean) changed = to.clean = true;
            if (underAllOf && !to.underAllOf) changed = to.underAllOf = true;
            for (const m of mediaTypes) {
              if (!to.mediaTypes.has(m)) {
                to.mediaTypes.add(m);
                changed = true;
              }
            }
          }
        }
      }
    }
    for (const id of order) {
      const w = working.get(id)!;
      const uses: NodeUses = {};
      for (const direction of ['request', 'response'] as const) if (w[direction].clean || w[direction].underAllOf) uses[direction] = w[direction];
      this.known.set(id, uses);
    }
    return this.known.get(identity)!;
  }

  /** How each parent of `identity` refers to it. */
  private edgesOf(identity: string): Edge[] {
    const edges: Edge[] = [];
    for (const parent of this.reach.parentsOf(identity)) {
      const root = this.reach.rootOf(parent);
      if (root) {
        const add = (mediaType: string | undefined) => (path: readonly string[]) => edges.push({ parent, root: root.direction, allOf: hasAllOfStep(path), ...(mediaType !== undefined ? { mediaType } : {}) });
        if (root.direction === 'request') {
          for (const p of root.op.parameters) {
            // A parameter named by `$ref` is the node itself: its own schema's place says `parameter`.
            if (p.ref === identity) edges.push({ parent, root: 'request', allOf: false });
            else refPaths(p.at, identity, (path) => add(carrierOf('parameter', path))(path));
          }
          refPaths(child(root.op.at, 'requestBody'), identity, (path) => add(carrierOf('request-body', path))(path));
        } else {
          refPaths(child(root.op.at, 'responses'), identity, (path) => add(carrierOf('response', path, true))(path));
        }
        continue;
      }
      const at = this.reach.nodeOf(parent);
      if (!at) continue;
      const section = containerSection.exec(parent)?.[1];
      const container = section === 'parameters' ? 'parameter' : section === 'requestBodies' ? 'request-body' : section === 'responses' ? 'response' : section === 'headers' ? 'header' : undefined;
      refPaths(at, identity, (path) => {
        const mediaType = container ? carrierOf(container, path) : undefined;
        edges.push({ parent, allOf: hasAllOfStep(path), ...(mediaType !== undefined ? { mediaType } : {}) });
      });
    }
    return edges;
  }
}

const cache = new WeakMap<Reachability, Uses>();

/** The uses of a side's graph, one instance per reachability (so answers are kept across questions). */
export function usesOf(reach: Reachability): Uses {
  let uses = cache.get(reach);
  if (!uses) cache.set(reach, (uses = new Uses(reach)));
  return uses;
}

/** Both sides' uses of a node, in one direction: a use on either side counts. */
export function mergeUses(a: DirectionUses | undefined, b: DirectionUses | undefined): DirectionUses | undefined {
  if (!a) return b;
  if (!b) return a;
  return { clean: a.clean || b.clean, underAllOf: a.underAllOf || b.underAllOf, mediaTypes: new Set([...a.mediaTypes, ...b.mediaTypes]) };
}
