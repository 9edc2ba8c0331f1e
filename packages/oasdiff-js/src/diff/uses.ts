import { child } from '../load/located.js';
import { containerOf, refPaths, type Reachability } from './reachability.js';

/**
 * How the operations use a referenced node in one direction (issue 20): whether its uses are found
 * under an `allOf`, as oasdiff v1.37 reads them, and the media types of the bodies it is reached
 * through (`header` for a response header, `parameter` for a parameter's schema). A component is
 * diffed once; these facts let classify read its change as oasdiff reads it at each use.
 *
 * oasdiff walks each body from its root schema and marks a change found there with its
 * all-of-not-flattened disclaimer (which caps it at warning) when (a) the walk went through an allOf
 * member on the way, or (b) the body's root schema composes with allOf (its media type walker adds
 * the disclaimer of the root to every change of the body). Most of its checks read both; its check of
 * request properties that became required or optional reads (b) only. So each use is read for both.
 */
export interface DirectionUses {
  /** Some use has neither (a) nor (b). */
  clean: boolean;
  /** Some use has (a) or (b). */
  underAllOf: boolean;
  /** Some use has no (b): the body's root schema does not compose with allOf. */
  rootClean: boolean;
  /** Some use has (b). */
  rootAllOf: boolean;
  mediaTypes: ReadonlySet<string>;
}

export interface NodeUses {
  request?: DirectionUses;
  response?: DirectionUses;
}

type Direction = 'request' | 'response';

/** Both directions, in the order states are read (one array for every loop over them). */
const directions = ['request', 'response'] as const;

/** One way a parent refers to a node: the direction it is known in (operation roots), the path inside the parent, and what the path says. */
interface Edge {
  parent: string;
  /** Set when the parent is an operation root: the use starts here, in this direction. */
  root?: Direction;
  /**
   * `enter`: the node is a request body, response, parameter or header an operation (or another such
   * component) names by reference; `start`: the parent is one of those (or an operation) and the path
   * goes to or into the schema of its body; `schema`: the parent is a schema.
   */
  kind: 'enter' | 'start' | 'schema';
  /** The path takes an allOf member step (after the body's root schema, for `start`). */
  allOf: boolean;
  /** The path ends at the body's root schema (`start`), or is empty (`schema`: the parent is an alias of the node). */
  atBodyRoot: boolean;
  /** For `start`, when the path goes on below the body's root schema: that schema composes with allOf. */
  bodyRootAllOf: boolean;
  /** Set when the place inside the parent names what carries the schema (a body's media type, `header`, `parameter`); otherwise the parent's own media types pass down. */
  mediaType?: string;
}

/** What is known of a node's uses in one direction while the fixed point is sought (see `DirectionUses`). */
interface State {
  /** Some use enters here: the node is a container reached from an operation (its paths start bodies). */
  entry: boolean;
  /** Some use has the node as the body's root schema (reached only through aliases from it). */
  atRoot: boolean;
  clean: boolean;
  underAllOf: boolean;
  rootClean: boolean;
  rootAllOf: boolean;
  mediaTypes: Set<string>;
}

const flags = ['entry', 'atRoot', 'clean', 'underAllOf', 'rootClean', 'rootAllOf'] as const;

function emptyState(): State {
  return { entry: false, atRoot: false, clean: false, underAllOf: false, rootClean: false, rootAllOf: false, mediaTypes: new Set() };
}

/** Whether the path takes an `allOf` member step (`…/allOf/0/…`), not a property that happens to be named `allOf`. */
function hasAllOfStep(path: readonly string[]): boolean {
  for (let i = 0; i < path.length; i++) {
    if (path[i] === 'allOf' && /^\d+$/.test(path[i + 1] ?? '') && path[i - 1] !== 'properties' && path[i - 1] !== 'patternProperties') return true;
  }
  return false;
}

/** Whether a schema value composes with allOf. */
function composesWithAllOf(value: unknown): boolean {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && Array.isArray((value as Record<string, unknown>).allOf);
}

/** The value at `path` inside `value` (no reference followed), or undefined. */
function valueAt(value: unknown, path: readonly string[]): unknown {
  let at = value;
  for (const token of path) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<string, unknown>)[token];
  }
  return at;
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
  /** Settled states (kept as they are: a child's question reads its parents' states). */
  private readonly known = new Map<string, { request?: State; response?: State }>();
  private readonly composing = new Map<string, boolean>();

  private readonly reach: Reachability;

  constructor(reach: Reachability) {
    this.reach = reach;
  }

  /** The uses of `identity`. A use at which it is the body's root schema reads (b) from its own allOf. */
  of(identity: string): NodeUses {
    const states = this.statesOf(identity);
    const out: NodeUses = {};
    for (const direction of directions) {
      const st = states[direction];
      if (!st || !(st.atRoot || st.clean || st.underAllOf || st.rootClean || st.rootAllOf || st.mediaTypes.size > 0)) continue;
      const own = st.atRoot && this.composes(identity);
      const rootOnly = st.atRoot && !own;
      out[direction] = {
        clean: st.clean || rootOnly,
        underAllOf: st.underAllOf || own,
        rootClean: st.rootClean || rootOnly,
        rootAllOf: st.rootAllOf || own,
        mediaTypes: st.mediaTypes,
      };
    }
    return out;
  }

  /** Whether the node's own schema composes with allOf on this side. */
  private composes(identity: string): boolean {
    let known = this.composing.get(identity);
    if (known === undefined) this.composing.set(identity, (known = composesWithAllOf(this.reach.nodeOf(identity)?.value)));
    return known;
  }

  private statesOf(identity: string): { request?: State; response?: State } {
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

    const working = new Map<string, { request: State; response: State }>();
    for (const id of order) working.set(id, { request: emptyState(), response: emptyState() });
    const stateOf = (id: string, direction: Direction): State | undefined => working.get(id)?.[direction] ?? this.known.get(id)?.[direction];
    for (let changed = true; changed; ) {
      changed = false;
      const add = (to: State, flag: (typeof flags)[number]) => {
        if (!to[flag]) changed = to[flag] = true;
      };
      for (const id of order) {
        const into = working.get(id)!;
        for (const edge of edges.get(id)!) {
          for (const direction of directions) {
            const to = into[direction];
            let from: State | undefined;
            if (edge.root !== undefined) {
              if (edge.root !== direction) continue;
            } else {
              from = stateOf(edge.parent, direction);
              if (!from || !flags.some((f) => from![f])) continue;
            }
            // From an operation, or from a request body, response, parameter or header one reaches.
            const entered = edge.root !== undefined || from!.entry;
            if (edge.kind === 'enter' && entered) add(to, 'entry');
            if (edge.kind === 'start' && entered) {
              if (edge.atBodyRoot) add(to, 'atRoot');
              else {
                add(to, edge.allOf || edge.bodyRootAllOf ? 'underAllOf' : 'clean');
                add(to, edge.bodyRootAllOf ? 'rootAllOf' : 'rootClean');
              }
            }
            if (edge.kind === 'schema' && from) {
              // Uses at which the parent is the body's root schema: it composes with allOf (b), is an alias (the node is the root), or is left here.
              if (from.atRoot) {
                const parentAllOf = this.composes(edge.parent);
                if (parentAllOf) {
                  add(to, 'underAllOf');
                  add(to, 'rootAllOf');
                } else if (edge.atBodyRoot) add(to, 'atRoot');
                else {
                  add(to, edge.allOf ? 'underAllOf' : 'clean');
                  add(to, 'rootClean');
                }
              }
              // Uses already below the body's root schema: (b) is decided; (a) holds from here on once an allOf step is taken.
              if (from.clean) add(to, edge.allOf ? 'underAllOf' : 'clean');
              if (from.underAllOf) add(to, 'underAllOf');
              if (from.rootClean) add(to, 'rootClean');
              if (from.rootAllOf) add(to, 'rootAllOf');
            }
            const mediaTypes = edge.mediaType !== undefined ? [edge.mediaType] : (from?.mediaTypes ?? []);
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
      const uses: NodeUses & { request?: State; response?: State } = {};
      for (const direction of directions) if (flags.some((f) => w[direction][f])) uses[direction] = w[direction];
      this.known.set(id, uses);
    }
    return this.known.get(identity)!;
  }

  /** How each parent of `identity` refers to it. */
  private edgesOf(identity: string): Edge[] {
    const edges: Edge[] = [];
    /** An edge from a container (an operation root, or a request body, response, parameter or header component): the path names the body's root schema. */
    const fromContainer = (parent: string, root: Direction | undefined, holder: unknown, container: 'parameter' | 'request-body' | 'response' | 'header', path: readonly string[], inMap = false) => {
      const mediaType = carrierOf(container, path, inMap);
      const at = path.indexOf('schema');
      const edge: Edge = { parent, kind: 'start', allOf: false, atBodyRoot: false, bodyRootAllOf: false, ...(root !== undefined ? { root } : {}), ...(mediaType !== undefined ? { mediaType } : {}) };
      if (at < 0) {
        // A reference to a shared response, parameter, request body or header (or a header of a response): that one starts the body.
        edge.kind = 'enter';
      } else if (at === path.length - 1) edge.atBodyRoot = true;
      else {
        edge.allOf = hasAllOfStep(path.slice(at + 1));
        edge.bodyRootAllOf = composesWithAllOf(valueAt(holder, path.slice(0, at + 1)));
      }
      edges.push(edge);
    };
    for (const parent of this.reach.parentsOf(identity)) {
      const root = this.reach.rootOf(parent);
      if (root) {
        if (root.direction === 'request') {
          for (const p of root.op.parameters) {
            // A parameter named by `$ref` is the node itself: a container its own paths start from.
            if (p.ref === identity) edges.push({ parent, root: 'request', kind: 'enter', allOf: false, atBodyRoot: false, bodyRootAllOf: false });
            else refPaths(p.at, identity, (path) => fromContainer(parent, 'request', p.at.value, 'parameter', path));
          }
          const body = child(root.op.at, 'requestBody');
          refPaths(body, identity, (path) => fromContainer(parent, 'request', body.value, 'request-body', path));
        } else {
          const responses = child(root.op.at, 'responses');
          refPaths(responses, identity, (path) => fromContainer(parent, 'response', responses.value, 'response', path, true));
        }
        continue;
      }
      const at = this.reach.nodeOf(parent);
      if (!at) continue;
      const container = containerOf(parent);
      refPaths(at, identity, (path) => {
        if (container) fromContainer(parent, undefined, at.value, container, path);
        else edges.push({ parent, kind: 'schema', allOf: hasAllOfStep(path), atBodyRoot: path.length === 0, bodyRootAllOf: false });
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
  return { clean: a.clean || b.clean, underAllOf: a.underAllOf || b.underAllOf, rootClean: a.rootClean || b.rootClean, rootAllOf: a.rootAllOf || b.rootAllOf, mediaTypes: new Set([...a.mediaTypes, ...b.mediaTypes]) };
}
