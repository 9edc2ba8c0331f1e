import { equalSubtrees, refsWithin, resolveRef, refIdentity, sameSubtree, SpecError, type LoadedSpec, type SpecFile } from '@astro-api/spec-loader';
import { sameJson } from '../match/keys.js';

/** One spec of a side (v1beta1 has two: IAM and Platform), with the base path of its first server. */
export interface SpecPart {
  readonly index: number;
  readonly spec: LoadedSpec;
  /** Short label used to namespace clashing component names. */
  readonly label: string;
  /** Path of the first server URL, without a trailing slash ('' when none). */
  readonly basePath: string;
  /** Original component key (`schemas/Name`) → key in the composed side, when a clash renamed it. */
  readonly renamedComponents: ReadonlyMap<string, string>;
}

/** A node of a loaded document, with where it lives. Renderers never see these; only load/match/diff do. */
export interface Located {
  readonly part: SpecPart;
  readonly file: SpecFile;
  readonly pointer: string;
  readonly value: unknown;
}

const componentPointer = /^\/components\/([^/]+)\/([^/]+)$/;

/**
 * A stable name for the target of a `$ref`, equal on both sides when it names "the same thing":
 * `schemas/ApiToken` for a component of the root file, otherwise `relative/file.yaml#/pointer`.
 */
export function identityOf(part: SpecPart, target: { file: SpecFile; pointer: string }): string {
  // Differs ask for the same few thousand targets again and again: remembered per part, file and pointer.
  let byFile = identities.get(part);
  if (!byFile) identities.set(part, (byFile = new Map()));
  let byPointer = byFile.get(target.file);
  if (!byPointer) byFile.set(target.file, (byPointer = new Map()));
  let identity = byPointer.get(target.pointer);
  if (identity === undefined) byPointer.set(target.pointer, (identity = computeIdentity(part, target)));
  return identity;
}

const identities = new WeakMap<SpecPart, Map<SpecFile, Map<string, string>>>();

function computeIdentity(part: SpecPart, target: { file: SpecFile; pointer: string }): string {
  if (target.file === part.spec.root) {
    const match = componentPointer.exec(target.pointer);
    if (match) {
      const key = `${match[1]}/${match[2]!.replace(/~1/g, '/').replace(/~0/g, '~')}`;
      return part.renamedComponents.get(key) ?? key;
    }
  }
  return refIdentity(part.spec, target);
}

/** One hop of a `$ref`: the identity it names and where its target lives. */
export interface Hop {
  readonly identity: string;
  readonly at: Located;
}

const hops = new WeakMap<SpecPart, Map<SpecFile, Map<string, Hop>>>();

/**
 * The hop of the reference text `ref` written in `file` of `part`, remembered: the same few thousand
 * references are followed again and again (every operation that uses a shared response). Throws a
 * `SpecError` when it points nowhere (not remembered).
 */
export function hopOf(part: SpecPart, file: SpecFile, ref: string): Hop {
  let byFile = hops.get(part);
  if (!byFile) hops.set(part, (byFile = new Map())); // a part's files live as long as the part
  let byRef = byFile.get(file);
  if (!byRef) byFile.set(file, (byRef = new Map()));
  let hop = byRef.get(ref);
  if (!hop) {
    const target = resolveRef(part.spec, file, ref);
    hop = { identity: identityOf(part, target), at: { part, file: target.file, pointer: target.pointer, value: target.value } };
    byRef.set(ref, hop);
  }
  return hop;
}

export function isRef(value: unknown): value is { $ref: string } {
  return value !== null && typeof value === 'object' && typeof (value as { $ref?: unknown }).$ref === 'string';
}

export function child(at: Located, ...tokens: Array<string | number>): Located {
  let value: unknown = at.value;
  let pointer = at.pointer;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[token] : undefined;
    pointer += '/' + (typeof token === 'number' ? String(token) : escapedToken(token));
  }
  return { part: at.part, file: at.file, pointer, value };
}

/** A pointer token escaped (RFC 6901): most tokens hold neither `~` nor `/` and are returned as they are. */
function escapedToken(text: string): string {
  return text.indexOf('~') === -1 && text.indexOf('/') === -1 ? text : text.replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * Follows `$ref`s from `at` to a node that is not a reference. Returns the identity of the first
 * reference followed (the name the use site gave), or undefined when `at` was inline.
 *
 * Linear in the chain overall (issue 19): where a chain ends depends only on the reference object
 * it starts from (and the part, whose files resolve it), so every reference object a walk passes is
 * remembered with the chain's end, and a later walk that meets one jumps there. A chain of 10,000
 * references used from 10,000 places is walked once, not 50 million hops. A walk that meets a cycle
 * throws and remembers nothing, so every start in a cycle reports it as before.
 */
export function deref(at: Located): { node: Located; identity: string | undefined } {
  if (!isRef(at.value)) return { node: at, identity: undefined };
  let known = chainEnds.get(at.part);
  if (!known) chainEnds.set(at.part, (known = new WeakMap()));
  // The first hop's identity by the remembered hop of its text (no pointer is built for it).
  const identity = hopOf(at.part, at.file, at.value.$ref).identity;
  // Most references were walked before: their chain's end is remembered (nothing to allocate).
  const end = known.get(at.value);
  if (end) return { node: end, identity };
  let current = at;
  const passed: object[] = [];
  const seen = new Set<string>();
  while (isRef(current.value)) {
    const end = known.get(current.value);
    if (end) {
      current = end;
      break;
    }
    const hop = hopOf(current.part, current.file, current.value.$ref);
    if (seen.has(hop.identity)) throw new SpecError(current.file.shownAs, `$ref "${current.value.$ref}" is part of a cycle of references`, { pointer: current.pointer });
    seen.add(hop.identity);
    passed.push(current.value);
    current = hop.at;
  }
  for (const holder of passed) known.set(holder, current);
  return { node: current, identity };
}

/** Per part: a `$ref` object (it lives in one file) → the node its chain of references ends at. */
const chainEnds = new WeakMap<SpecPart, WeakMap<object, Located>>();

/** A pointer as reported in changes: plain for the root file, `file#pointer` for other files. */
export function showPointer(at: Located): string {
  if (at.file === at.part.spec.root && at.part.index === 0) return at.pointer;
  if (at.file === at.part.spec.root) return `${at.part.spec.shownAs}#${at.pointer}`;
  return `${identityOf(at.part, { file: at.file, pointer: '' }).replace(/#$/, '')}#${at.pointer}`;
}

/** The name a person knows a schema by: `ApiToken` for `schemas/ApiToken`, the file name for file refs. */
export function displayIdentity(identity: string): string {
  const component = /^schemas\/(.+)$/.exec(identity);
  if (component) return component[1]!;
  const [file, pointer = ''] = identity.split('#');
  const base = file!.replace(/^.*\//, '').replace(/\.(ya?ml|json)$/i, '');
  const last = pointer.split('/').filter(Boolean).pop();
  return last ? `${base}.${last}` : base;
}

/**
 * Whether the engine may skip comparing two subtrees because their texts are equal (by the loader's
 * subtree hashes). Internal switch: tests turn it off to check that the output does not depend on it.
 */
let subtreeSkip = true;

export function setSubtreeSkip(on: boolean): boolean {
  const was = subtreeSkip;
  subtreeSkip = on;
  return was;
}

/** Whether the skips are on: with them off, every operation takes the full diff too (no fast path). */
export function subtreeSkipOn(): boolean {
  return subtreeSkip;
}

/**
 * Whether two located nodes hold the same text (object keys in the same order), compared directly
 * (stopping at the first difference); `false` with the skip off (compare them yourself).
 * Equal text says nothing about where the `$ref`s inside lead: callers still follow those.
 */
export function sameText(b: Located, r: Located): boolean {
  if (!subtreeSkip) return false;
  const bv = b.value;
  const rv = r.value;
  let same: boolean;
  if (bv === rv) same = true;
  else if (bv === null || rv === null || typeof bv !== 'object' || typeof rv !== 'object') same = false;
  else if (b.file.hashes && r.file.hashes) {
    // Large nodes (see `SubtreeTable.has`) are compared as their hashes would compare them, directly:
    // most comparisons either stop at a difference early or settle an unchanged subtree once, and no
    // hash is computed. A large node is never the same text as a small one.
    const x = b.file.hashes.has(bv);
    const y = r.file.hashes.has(rv);
    same = x && y ? equalSubtrees(bv, rv, b.file.hashes) : !x && !y && sameJson(bv, rv);
  } else same = sameSubtree(bv, rv, b.file.hashes, r.file.hashes);
  if (same) skipCount++;
  return same;
}

/**
 * Whether the diff of two nodes can be skipped entirely: their texts are equal, and every `$ref`
 * inside leads on both sides to the same component schema (`schemas/…`), which the component pass
 * diffs on its own anyway. A reference anywhere else (another file, a response, a parameter) may
 * need the use site to queue or mark it, so those nodes are compared as before.
 */
export function sameTextSameTargets(b: Located, r: Located): boolean {
  if (!sameText(b, r)) return false;
  for (const ref of refsWithin(b.value, b.file.hashes)) {
    try {
      const identity = hopOf(b.part, b.file, ref).identity;
      if (!identity.startsWith('schemas/') || hopOf(r.part, r.file, ref).identity !== identity) return false;
    } catch {
      return false;
    }
  }
  return true;
}

let skipCount = 0;

/** How many times `sameText` found two subtrees equal so far (tests check that the skip is exercised). */
export function subtreeSkips(): number {
  return skipCount;
}
