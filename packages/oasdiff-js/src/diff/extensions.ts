/**
 * Specification extensions (`x-…`). Every extension is compared generically, by value, wherever it
 * sits (operations, schemas and properties, parameters, headers, responses, request bodies, media
 * types, path items, tags, servers, `info` and the document root), except the known ones below: each
 * of those has its own rules, and reporting it generically as well would report one change twice.
 */
import type { SpecFile } from '@astro-api/spec-loader';
import { child, showPointer, type Located } from '../load/located.js';
import type { Side } from '../load/side.js';
import { normalisePathTemplate, valueKey } from '../match/keys.js';
import { asObject } from './details.js';
import type { DocumentFact, OperationFact, Pointers } from './tree.js';

/**
 * THE list of extensions with rules of their own, shared by every part of the engine that compares
 * extensions. Add a name here when you give an extension its own rules.
 */
export const knownExtensions: ReadonlySet<string> = new Set([
  // Astro's permission model: api-permission-* (operations).
  'x-permission',
  'x-permissions',
  // oasdiff's stability levels: api-stability-* (operations).
  'x-stability-level',
  // oasdiff's sunset dates: the lifecycle rules.
  'x-sunset',
  // oasdiff's open enums: the x-extensible-enum rules.
  'x-extensible-enum',
  // Declares a rename (properties, parameters, schemas): consumed by the rename logic, not a change.
  'x-renamed-from',
]);

export interface ExtensionChange {
  name: string;
  change: 'added' | 'removed' | 'changed';
  old?: unknown;
  new?: unknown;
  pointers: Pointers;
}

/** The generic extension changes between two nodes (either may be missing: then nothing is compared). */
export function diffExtensions(base: Located | undefined, revision: Located | undefined, alsoCompare?: ReadonlySet<string>): ExtensionChange[] {
  if (!base || !revision) return [];
  const b = asObject(base.value);
  const r = asObject(revision.value);
  const out: ExtensionChange[] = [];
  // The base's keys in order, then the revision's that the base lacks (the order a set of both gives),
  // without building that set: this runs for every node of every changed operation, most with no extension.
  const bKeys = Object.keys(b);
  for (let i = 0; i < bKeys.length; i++) compareExtension(bKeys[i]!, base, revision, b, r, alsoCompare, out);
  const rKeys = Object.keys(r);
  for (let i = 0; i < rKeys.length; i++) if (!Object.prototype.hasOwnProperty.call(b, rKeys[i]!)) compareExtension(rKeys[i]!, base, revision, b, r, alsoCompare, out);
  return out;
}

/** One name of `diffExtensions`: nothing unless it is an extension compared generically whose values differ. */
function compareExtension(name: string, base: Located, revision: Located, b: Record<string, unknown>, r: Record<string, unknown>, alsoCompare: ReadonlySet<string> | undefined, out: ExtensionChange[]): void {
  if (!name.startsWith('x-') || (knownExtensions.has(name) && !alsoCompare?.has(name))) return;
  const o = b[name];
  const n = r[name];
  if (o !== undefined && n !== undefined && valueKey(o) === valueKey(n)) return;
  const pointers: Pointers = {};
  if (o !== undefined) pointers.base = showPointer(child(base, name));
  if (n !== undefined) pointers.revision = showPointer(child(revision, name));
  out.push({ name, change: o === undefined ? 'added' : n === undefined ? 'removed' : 'changed', ...(o !== undefined ? { old: o } : {}), ...(n !== undefined ? { new: n } : {}), pointers });
}

type OperationExtensionFact = Extract<OperationFact, { kind: 'extension' }>;

/**
 * An operation's own `x-sunset` is still compared here: the lifecycle pass (`lifecycle.ts`) takes the
 * change over when its date matters (a deprecated operation's sunset deleted or moved earlier) and
 * leaves the plain extension change otherwise (moved later, or on an operation that is not deprecated).
 */
const operationAlsoCompares: ReadonlySet<string> = new Set(['x-sunset']);

/** Extension facts of a node inside an operation (`node` undefined: the operation itself). */
export function operationExtensionFacts(base: Located | undefined, revision: Located | undefined, node?: OperationExtensionFact['node'], place?: string): OperationExtensionFact[] {
  return diffExtensions(base, revision, node === undefined ? operationAlsoCompares : undefined).map((e) => ({ kind: 'extension', ...e, ...(node !== undefined ? { node } : {}), ...(place !== undefined ? { place } : {}) }));
}

type DocumentExtensionFact = Extract<DocumentFact, { kind: 'extension' }>;

/**
 * Extension facts of the document root, `info`, path items, tag definitions and servers. Parts of a
 * composed side pair by position; path items by template (`{id}` ≡ `{x}`), tags by name, servers by URL.
 */
export function documentExtensionFacts(base: Side, revision: Side): DocumentExtensionFact[] {
  const facts: DocumentExtensionFact[] = [];
  const add = (b: Located | undefined, r: Located | undefined, node: DocumentExtensionFact['node'], place?: string) => {
    for (const e of diffExtensions(b, r)) facts.push({ kind: 'extension', node, ...(place !== undefined ? { place } : {}), ...e });
  };
  const root = (side: Side, i: number): Located | undefined => {
    const part = side.parts[i];
    return part ? { part, file: part.spec.root as SpecFile, pointer: '', value: part.spec.document } : undefined;
  };
  for (let i = 0; i < Math.min(base.parts.length, revision.parts.length); i++) {
    const b = root(base, i)!;
    const r = root(revision, i)!;
    add(b, r, 'document');
    add(child(b, 'info'), child(r, 'info'), 'info');
    add(child(b, 'paths'), child(r, 'paths'), 'paths');
    add(child(b, 'components'), child(r, 'components'), 'components');
    // Security schemes pair by name; their flows and scopes are compared by the OAuth rules.
    const bSchemes = asObject(asObject(asObject(b.value).components).securitySchemes);
    const rSchemes = asObject(asObject(asObject(r.value).components).securitySchemes);
    for (const name of Object.keys(rSchemes)) if (name in bSchemes) add(child(b, 'components', 'securitySchemes', name), child(r, 'components', 'securitySchemes', name), 'security-scheme', name);
    const named = (at: Located, list: string, field: string) => {
      const map = new Map<string, Located>();
      const value = asObject(at.value)[list];
      if (Array.isArray(value)) value.forEach((entry, j) => {
        const key = asObject(entry)[field];
        if (typeof key === 'string' && !map.has(key)) map.set(key, child(at, list, j));
      });
      return map;
    };
    for (const [list, field, node] of [['tags', 'name', 'tag'], ['servers', 'url', 'server']] as const) {
      const bs = named(b, list, field);
      for (const [key, rAt] of named(r, list, field)) if (bs.has(key)) add(bs.get(key), rAt, node, key);
    }
  }
  const bPaths = new Map(base.paths.map((p) => [normalisePathTemplate(p.template), p]));
  for (const p of revision.paths) {
    const b = bPaths.get(normalisePathTemplate(p.template));
    if (b) add(b.item, p.item, 'path', p.template);
  }
  return facts;
}
