import { SpecError } from './errors.js';
import { appendPointer } from './pointer.js';

/**
 * The bounds every loaded file is held to. Real specs stay far below them (the largest of the
 * 5,760 specs in the shared corpus is 4.2 MB, 178,000 nodes and 31 levels deep); a hostile file
 * hits one of them and is refused with a `SpecError` before any consumer walks it.
 * `docs/limits.md` lists them with the tests at and just past each one.
 */
export interface Limits {
  /**
   * Largest file read, in bytes: the root document, every `$ref` target, and `git show` output for a
   * revision. Raise it for specs past the default 16 MiB (Microsoft Graph's is about 20 MB):
   * `loadSpec(file, { limits: { maxFileBytes: 64 * 1024 * 1024 } })`, or `limits` in oasdiff-js's
   * `diffSpecs`/`loadSide`/`history` options.
   */
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

/**
 * The limits in force: `DEFAULT_LIMITS` with `overrides` (a library caller's `limits` option; the
 * CLIs' `--max-file-bytes N`) on top. Each override must be a whole number of 1 or more: a limit of
 * `NaN`, `0` or `-1` would silently refuse everything or nothing, so it is a programming error.
 */
export function resolveLimits(overrides: Partial<Limits> | undefined): Limits {
  const limits = { ...DEFAULT_LIMITS };
  for (const key of Object.keys(DEFAULT_LIMITS) as Array<keyof Limits>) {
    const value = overrides?.[key];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
      throw new RangeError(`limits.${key} must be a whole number of 1 or more (got ${String(value)})`);
    }
    limits[key] = value;
  }
  return limits;
}

/**
 * Walks a parsed document once and throws when it is deeper or larger than the limits allow. The
 * walk recurses, but never below `maxDepth` levels (a node that deep with children is refused before
 * its children are visited), and stops at the first node past `maxNodes`, so its cost is bounded by
 * the limits themselves, whatever the document's expanded size. Nothing is allocated per node: the
 * keys of the current path are kept in one array, for the pointer of an error.
 *
 * It also refuses any object that is not plain JSON data: an object whose prototype is not
 * `Object.prototype` (or null). A parser that sets a prototype from the input (js-yaml before 4.1.1
 * did, for a `__proto__` key merged in with `<<`) hides members from every walk that lists keys while
 * plain property reads still see them, so two parts of the engine would read two different documents.
 * js-yaml 4.1.1 keeps such a key as an ordinary member; this check keeps the guarantee whatever the
 * parser does. `isPlainData` is the test, shared with the loader's walk.
 */
export function checkShape(document: unknown, shownAs: string, limits: Limits): void {
  const { maxNodes, maxDepth } = limits;
  const keys: Array<string | number> = [];
  let nodes = 0;
  const pointerOf = (depth: number): string => appendPointer('', ...keys.slice(0, depth));
  // Object members last key first and array items first to last, the order of the loader's walks.
  const visit = (node: unknown, depth: number): void => {
    if (++nodes > maxNodes) {
      throw new SpecError(shownAs, `more than ${maxNodes} nodes (YAML aliases count once per use); a spec this large is refused`, { pointer: pointerOf(keys.length) });
    }
    if (node === null || typeof node !== 'object') return;
    if (!isPlainData(node)) {
      throw new SpecError(shownAs, `holds a value that is not JSON data (${Object.prototype.toString.call(node)} with its own prototype); specs are JSON data`, { pointer: pointerOf(keys.length) });
    }
    if (depth >= maxDepth && hasChildren(node)) {
      // Name an ancestor near the top: the full pointer of the deep node would be the longest line of the report.
      throw new SpecError(shownAs, `nested more than ${maxDepth} levels deep below this node`, { pointer: pointerOf(Math.min(keys.length, SHOWN_DEPTH - 1)) });
    }
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        keys.push(i);
        visit(node[i], depth + 1);
        keys.pop();
      }
      return;
    }
    const record = node as Record<string, unknown>;
    const names = Object.keys(record);
    for (let i = names.length - 1; i >= 0; i--) {
      const key = names[i]!;
      keys.push(key);
      visit(record[key], depth + 1);
      keys.pop();
    }
  };
  visit(document, 1);
}

/** Whether an object or array is plain JSON data: an array, or an object with `Object.prototype` or no prototype. */
export function isPlainData(node: object): boolean {
  if (Array.isArray(node)) return Object.getPrototypeOf(node) === Array.prototype;
  const proto = Object.getPrototypeOf(node);
  return proto === Object.prototype || proto === null;
}

function hasChildren(node: object): boolean {
  return Array.isArray(node) ? node.length > 0 : Object.keys(node).length > 0;
}
