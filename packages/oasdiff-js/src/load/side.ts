import { hashDocument, loadSpec, pathEntries, SpecError, type Limits, type LoadedSpec, type LoadOptions, type OpenApiRoot, type ParseCache, type SpecFile } from '@astro-api/spec-loader';
import { cacheFor } from './cache.js';
import { applyBasePath, serverBasePath, type BasePathMode } from './base-path.js';
import { child, deref, type Located, type SpecPart } from './located.js';

export interface LoadSideOptions {
  cwd?: string;
  /** `keep` (default): paths as written; `prefix`: prepend each spec's server base path; `strip`: remove it. */
  basePath?: BasePathMode;
  /** Folders besides each spec's own that file `$ref`s may read from (see the loader's `allowExternalRefs`). */
  allowExternalRefs?: readonly string[];
  /**
   * The loader's bounds for each file read (see `DEFAULT_LIMITS` of `@astro-api/spec-loader` and
   * docs/limits.md), e.g. `{ maxFileBytes: 64 * 1024 * 1024 }` for a spec larger than the default
   * 16 MiB (Microsoft Graph's is about 20 MB). Unset fields keep their defaults.
   */
  limits?: Partial<Limits>;
  /**
   * Opt-in cache folder (e.g. `node_modules/.cache/oasdiff-js`): what loading a file produces is kept
   * there, keyed by the file's text and the engine's version, and reused when both match (see
   * `load/cache.ts`). Undefined (the default): no cache is read or written.
   */
  cacheDir?: string;
  /**
   * The other side of the comparison, loaded before (the base, or the revision before in a history):
   * each spec of this side is parsed against the spec at the same position there (the loader's
   * `shareWith`), so the parts whose text did not change are the same objects on both sides and are
   * neither walked nor compared again. The result does not depend on it.
   */
  shareWith?: Side;
}

/** One path item of a side, after base paths were applied. */
export interface PathEntry {
  readonly template: string;
  readonly item: Located;
}

/** What a side says about itself; copied into results so renderers need no spec. */
export interface SideInfo {
  sources: string[];
  title?: string;
  version?: string;
  servers: string[];
}

/**
 * One side of a comparison: one or more specs composed into one API. Paths and components are
 * merged; identical components merge into one, clashing names are namespaced as `Label.Name` and
 * noted in `notes`.
 */
export interface Side {
  readonly info: SideInfo;
  readonly parts: readonly SpecPart[];
  readonly paths: readonly PathEntry[];
  /** `schemas/Name`, `securitySchemes/Name`, … → the component. */
  readonly components: ReadonlyMap<string, Located>;
  readonly notes: readonly string[];
  /** `security` of each part's root (global security requirements). */
  readonly globalSecurity: readonly Located[];
  /** OpenAPI 3.1 `webhooks`, by name (the first spec that names one wins). */
  readonly webhooks: ReadonlyMap<string, Located>;
}

/** Loads one side. Inputs are paths or `REV:path`s (comma-joined lists allowed), or specs already loaded. */
export function loadSide(inputs: string | string[] | LoadedSpec[], options: LoadSideOptions = {}): Side {
  const list = (Array.isArray(inputs) ? inputs : [inputs]) as Array<string | LoadedSpec>;
  const specs: LoadedSpec[] = [];
  const parseCache = options.cacheDir === undefined ? undefined : cacheFor(options.cacheDir).parseCache();
  for (const input of list) {
    if (typeof input !== 'string') specs.push(input);
    else
      for (const name of input.split(',').map((s) => s.trim()).filter(Boolean)) {
        specs.push(loadSpec(name, loadOptionsOf(options, specs.length, parseCache)));
      }
  }
  if (specs.length === 0) throw new SpecError(list.length === 0 ? '(no input)' : '(empty argument)', 'expected at least one file or REV:path');
  return composeSide(specs, options.basePath ?? 'keep');
}

/**
 * What the loader is told for the spec at `index` of a side: the folder, external folders, limits, a
 * parse cache, and the spec at the same place of `options.shareWith` to parse against.
 */
export function loadOptionsOf(options: LoadSideOptions, index: number, parseCache: ParseCache | undefined): LoadOptions {
  const earlier = options.shareWith?.parts[index]?.spec;
  return { cwd: options.cwd, allowExternalRefs: options.allowExternalRefs ?? [], ...(options.limits ? { limits: options.limits } : {}), ...(parseCache ? { parseCache } : {}), ...(earlier ? { shareWith: earlier } : {}) };
}

/**
 * A short label that tells the specs of a side apart, used to namespace clashing component names:
 * an acronym in parentheses (`(IAM)`), else the first title word the other titles lack, else the file name.
 */
function labelOf(spec: LoadedSpec, index: number, all: LoadedSpec[]): string {
  const title = typeof spec.document.info?.title === 'string' ? spec.document.info.title : '';
  const acronym = /\(([A-Za-z][\w-]*)\)/.exec(title)?.[1];
  if (acronym) return acronym;
  const wordsOf = (s: LoadedSpec) => new Set(String(s.document.info?.title ?? '').split(/\W+/).filter(Boolean));
  const others = all.filter((s) => s !== spec).map(wordsOf);
  const distinct = [...wordsOf(spec)].find((w) => others.every((o) => !o.has(w)));
  if (distinct) return distinct;
  const stem = spec.shownAs.replace(/^.*[\\/:]/, '').replace(/\.[^.]*$/, '');
  return /^[A-Za-z][\w-]*$/.test(stem) ? stem : `spec${index + 1}`;
}

/** Keywords that document a component without changing what it accepts or returns. */
const DOCUMENTATION_KEYS = new Set(['description', 'summary', 'title', 'example', 'examples', 'externalDocs']);

/**
 * A canonical copy of a component without its documentation keywords, so that two specs whose
 * `Error` schemas differ only in wording or key order compose into one component instead of a clash.
 * Keys are sorted and `required` (a set) is sorted. Names under `properties` are property names, not
 * keywords, and are kept.
 */
/** Canonical text of a definition ignoring documentation: renames are inferred when these agree. */
export function definitionKey(node: unknown): string {
  return JSON.stringify(withoutDocumentation(node)) ?? 'undefined';
}

function withoutDocumentation(node: unknown, underProperties = false): unknown {
  if (Array.isArray(node)) return node.map((item) => withoutDocumentation(item));
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(node).sort()) {
    const value = (node as Record<string, unknown>)[key];
    if (!underProperties && DOCUMENTATION_KEYS.has(key)) continue;
    if (!underProperties && key === 'required' && Array.isArray(value)) out[key] = [...value].sort();
    else out[key] = withoutDocumentation(value, !underProperties && key === 'properties');
  }
  return out;
}

export function composeSide(specs: LoadedSpec[], mode: BasePathMode): Side {
  const notes: string[] = [];
  const components = new Map<string, Located>();
  const texts = new Map<string, string>();
  const parts: SpecPart[] = [];
  const paths: PathEntry[] = [];
  const globalSecurity: Located[] = [];
  const webhooks = new Map<string, Located>();
  const labels = new Set<string>();

  specs.forEach((spec, index) => {
    let label = labelOf(spec, index, specs);
    while (labels.has(label)) label += `${index + 1}`;
    labels.add(label);
    const renamedComponents = new Map<string, string>();
    const part: SpecPart = { index, spec, label, basePath: serverBasePath(spec.document.servers?.[0]?.url), renamedComponents };
    parts.push(part);
    const root: Located = { part, file: spec.root as SpecFile, pointer: '', value: spec.document };

    for (const [type, group] of Object.entries(spec.document.components ?? {})) {
      if (!group || typeof group !== 'object') continue;
      for (const name of Object.keys(group)) {
        const key = `${type}/${name}`;
        const at = child(root, 'components', type, name);
        if (!components.has(key)) {
          // The canonical text is computed only when a second spec brings the same name (one-spec sides never need it).
          components.set(key, at);
          continue;
        }
        const textOf = (k: string) => texts.get(k) ?? texts.set(k, JSON.stringify(withoutDocumentation(components.get(k)!.value))).get(k)!;
        const text = JSON.stringify(withoutDocumentation(at.value));
        if (textOf(key) === text) {
          if (JSON.stringify(components.get(key)!.value) !== JSON.stringify(at.value)) {
            notes.push(`${spec.shownAs}: component ${key} differs from the one of the same name in an earlier spec only in documentation; they are merged`);
          }
        } else {
          const renamed = `${type}/${label}.${name}`;
          renamedComponents.set(key, renamed);
          components.set(renamed, at);
          texts.set(renamed, text);
          notes.push(`${spec.shownAs}: component ${key} differs from the one of the same name in an earlier spec; it is reported as ${renamed}`);
        }
      }
    }

    for (const [template] of pathEntries(spec.document.paths)) {
      const item = deref(child(root, 'paths', template)).node;
      paths.push({ template: applyBasePath(template, part.basePath, mode), item });
    }
    if (Array.isArray((spec.document as OpenApiRoot).security)) globalSecurity.push(child(root, 'security'));
    const hooks = (spec.document as { webhooks?: unknown }).webhooks;
    if (hooks && typeof hooks === 'object') for (const name of Object.keys(hooks)) if (!webhooks.has(name)) webhooks.set(name, child(root, 'webhooks', name));
  });

  const first = specs[0]!.document;
  const info: SideInfo = {
    sources: specs.map((s) => s.shownAs),
    servers: specs.flatMap((s) => (s.document.servers ?? []).map((server) => server.url)).filter((u) => typeof u === 'string'),
  };
  if (typeof first.info?.title === 'string') info.title = specs.map((s) => s.document.info?.title).filter(Boolean).join(' + ');
  if (typeof first.info?.version === 'string') info.version = first.info.version;
  return { info, parts, paths, components, notes, globalSecurity, webhooks };
}

/**
 * Wraps a document already in memory as a one-file spec (tests, generated specs). The document is
 * not validated as `loadSpec` would; use `loadSpec` for user input.
 */
export function specFromDocument(document: OpenApiRoot, name = 'memory.json'): LoadedSpec {
  const file: SpecFile = { key: `/memory/${name}`, shownAs: name, source: { kind: 'fs', file: `/memory/${name}` }, document, hashes: hashDocument(document) };
  const major = /^3\.1/.test(document.openapi) ? '3.1' : '3.0';
  return { shownAs: name, root: file, files: new Map([[file.key, file]]), openapi: document.openapi, major, document };
}
