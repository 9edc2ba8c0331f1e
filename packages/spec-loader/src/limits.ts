import { SpecError } from './errors.js';
import { appendPointer } from './pointer.js';

/**
 * The bounds every loaded file is held to. Real specs stay far below them (the largest of the
 * 5,760 specs in the shared corpus is 4.2 MB, 178,000 nodes and 31 levels deep); a hostile file
 * hits one of them and is refused with a `SpecError` before any consumer walks it.
 * `docs/limits.md` lists them with the tests at and just past each one.
 */
export interface Limits {
  /** Largest file read, in bytes. */
  maxFileBytes: number;
  /**
   * Most nodes per file, counting a YAML alias once per place it is used. This is what bounds an
   * alias bomb: js-yaml shares aliased nodes in memory, but every consumer that walks or prints
   * the document sees the expanded tree.
   */
  maxNodes: number;
  /** Deepest nesting of objects and arrays per file (the root is depth 1). */
  maxDepth: number;
}

export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze({
  maxFileBytes: 16 * 1024 * 1024,
  maxNodes: 2_000_000,
  maxDepth: 256,
});

/** How deep the node named in a nesting error is. */
const SHOWN_DEPTH = 8;

export function resolveLimits(overrides: Partial<Limits> | undefined): Limits {
  return { ...DEFAULT_LIMITS, ...overrides };
}

/**
 * Walks a parsed document once, without recursion, and throws when it is deeper or larger than
 * the limits allow. The walk stops at the first node past a limit, so its cost is bounded by the
 * limits themselves, whatever the document's expanded size.
 */
export function checkShape(document: unknown, shownAs: string, limits: Limits): void {
  interface Frame {
    node: unknown;
    depth: number;
    parent: Frame | undefined;
    key: string;
  }
  const stack: Frame[] = [{ node: document, depth: 1, parent: undefined, key: '' }];
  let nodes = 0;
  const tooMany = (frame: Frame) =>
    new SpecError(shownAs, `more than ${limits.maxNodes} nodes (YAML aliases count once per use); a spec this large is refused`, { pointer: pointerOf(frame) });
  // Scalars (most nodes) are counted where their parent is expanded; only objects and arrays get a frame.
  const visit = (value: unknown, parent: Frame, key: string) => {
    if (value !== null && typeof value === 'object') return void stack.push({ node: value, depth: parent.depth + 1, parent, key });
    nodes++;
    if (nodes > limits.maxNodes) throw tooMany({ node: value, depth: parent.depth + 1, parent, key });
  };
  while (stack.length > 0) {
    const frame = stack.pop()!;
    nodes++;
    if (nodes > limits.maxNodes) throw tooMany(frame);
    const { node } = frame;
    if (node === null || typeof node !== 'object') continue;
    if (frame.depth >= limits.maxDepth && hasChildren(node)) {
      // Name an ancestor near the top: the full pointer of the deep node would be the longest line of the report.
      let near = frame;
      while (near.depth > SHOWN_DEPTH && near.parent) near = near.parent;
      throw new SpecError(shownAs, `nested more than ${limits.maxDepth} levels deep below this node`, { pointer: pointerOf(near) });
    }
    if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--) visit(node[i], frame, String(i));
    } else {
      for (const key of Object.keys(node)) visit((node as Record<string, unknown>)[key], frame, key);
    }
  }

  function pointerOf(frame: Frame): string {
    const keys: string[] = [];
    for (let f: Frame | undefined = frame; f?.parent; f = f.parent) keys.push(f.key);
    return keys.reverse().reduce((at, key) => appendPointer(at, key), '');
  }
}

function hasChildren(node: object): boolean {
  return Array.isArray(node) ? node.length > 0 : Object.keys(node).length > 0;
}
