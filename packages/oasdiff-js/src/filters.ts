/**
 * Narrowing a result: by path (regex), tag, extension flag (`x-internal: true` on an operation, a
 * component or any node a change's pointer passes through) and level. Filters read the sides, since
 * tags and extensions are not part of a change.
 */
import { parsePointer } from '@astro-api/spec-loader';
import type { Side } from './load/side.js';
import type { Change, DiffResult, IgnoredChange } from './result.js';
import type { Level } from './classify/types.js';

export interface FilterOptions {
  /** Keep changes whose path matches (for component changes: any operation they affect). */
  matchPath?: RegExp;
  /** Drop changes whose path matches (component changes: when every affected operation matches). */
  excludePath?: RegExp;
  /** Keep changes of operations carrying this tag (component changes: any affected operation). */
  matchTag?: string;
  /** Drop changes under an operation, component or node flagged with this extension (`x-internal`). */
  excludeExtension?: string;
  /** Keep changes of this level or higher. */
  level?: Level;
}

const rank: Record<Level, number> = { info: 0, warning: 1, breaking: 2 };
const normalise = (p: string) => p.replace(/\{[^}]*\}/g, '{}');

interface OperationIndex {
  tags(method: string, path: string): string[];
}

function operationIndex(sides: Side[]): OperationIndex {
  const byKey = new Map<string, string[]>();
  for (const side of sides) {
    for (const entry of side.paths) {
      const item = entry.item.value as Record<string, unknown> | undefined;
      if (!item || typeof item !== 'object') continue;
      for (const [method, op] of Object.entries(item)) {
        if (!op || typeof op !== 'object' || !Array.isArray((op as { tags?: unknown }).tags)) continue;
        const key = `${method.toUpperCase()} ${normalise(entry.template)}`;
        byKey.set(key, [...new Set([...(byKey.get(key) ?? []), ...((op as { tags: unknown[] }).tags.filter((t) => typeof t === 'string') as string[])])]);
      }
    }
  }
  return { tags: (method, path) => byKey.get(`${method.toUpperCase()} ${normalise(path)}`) ?? [] };
}

/** True when a node on the way from the document root to `shown` (a change pointer) carries `extension: true`. */
function flaggedOnPath(side: Side, shown: string | undefined, extension: string): boolean {
  if (shown === undefined) return false;
  const hash = shown.indexOf('#');
  const prefix = hash === -1 ? '' : shown.slice(0, hash);
  const part = side.parts.find((p) => (p.index === 0 ? '' : p.spec.shownAs) === prefix);
  const files = part ? [part.spec.root] : side.parts.flatMap((p) => [...p.spec.files.values()].filter((f) => f.key.endsWith(prefix)));
  const file = files[0];
  if (!file) return false;
  let node: unknown = file.document;
  let tokens: string[];
  try {
    tokens = parsePointer(hash === -1 ? shown : shown.slice(hash + 1));
  } catch {
    return false;
  }
  for (const token of ['', ...tokens]) {
    if (token !== '') node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[token] : undefined;
    if (node === null || typeof node !== 'object') return false;
    if ((node as Record<string, unknown>)[extension] === true) return true;
  }
  return false;
}

function componentFlagged(sides: Side[], component: string | undefined, extension: string): boolean {
  if (!component) return false;
  return sides.some((s) => {
    const value = s.components.get(component)?.value;
    return value !== null && typeof value === 'object' && (value as Record<string, unknown>)[extension] === true;
  });
}

/** Returns a copy of the result with only the changes that pass every filter given (ignored ones too). */
export function filterResult(result: DiffResult, base: Side, revision: Side, options: FilterOptions): DiffResult {
  const index = options.matchTag !== undefined ? operationIndex([base, revision]) : undefined;
  const keep = (c: Change): boolean => {
    if (options.level && rank[c.level] < rank[options.level]) return false;
    const ops = c.operation ? [c.operation] : (c.affects ?? []);
    if (options.matchPath && !ops.some((o) => options.matchPath!.test(o.path))) return false;
    if (options.excludePath && ops.length > 0 && ops.every((o) => options.excludePath!.test(o.path))) return false;
    if (index && !ops.some((o) => index.tags(o.method, o.path).includes(options.matchTag!))) return false;
    if (options.excludeExtension) {
      const ext = options.excludeExtension;
      if (componentFlagged([base, revision], c.component, ext)) return false;
      if (flaggedOnPath(base, c.pointers.base, ext) || flaggedOnPath(revision, c.pointers.revision, ext)) return false;
      // A change to a component only reaches flagged operations: leave it out too.
      if (!c.operation && c.affects && c.affects.length > 0 && c.affects.every((o) => operationFlagged([base, revision], o, ext))) return false;
    }
    return true;
  };
  const out: DiffResult = { ...result, changes: result.changes.filter(keep) };
  if (result.ignored) out.ignored = result.ignored.filter(keep) as IgnoredChange[];
  return out;
}

function operationFlagged(sides: Side[], op: { method: string; path: string }, extension: string): boolean {
  return sides.some((side) =>
    side.paths.some((entry) => {
      if (normalise(entry.template) !== normalise(op.path)) return false;
      const item = entry.item.value as Record<string, unknown> | undefined;
      const operation = item?.[op.method.toLowerCase()] as Record<string, unknown> | undefined;
      return item?.[extension] === true || operation?.[extension] === true;
    }),
  );
}
