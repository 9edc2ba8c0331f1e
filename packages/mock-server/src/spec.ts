import path from 'node:path';
import {
  appendPointer,
  bundle,
  currentRevision,
  getApi,
  getAtPointer,
  loadSpec,
  pathEntries,
  SpecError,
  splitRef,
  type OpenApiRoot,
} from '@astro-api/spec-loader';

/** The HTTP methods OpenAPI 3.0 allows on a Path Item Object (OpenAPI 3.0.3 §4.7.9). */
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** A node of the bundled document together with the JSON pointer it lives at (Ajv refs use the pointer). */
export interface Located<T = Record<string, unknown>> {
  readonly value: T;
  readonly pointer: string;
}

export interface ParameterInfo {
  readonly name: string;
  readonly in: 'path' | 'query' | 'header' | 'cookie';
  readonly required: boolean;
  /** Pointer of the parameter's `schema` in the bundled document, if it has one. */
  readonly schemaPointer: string | undefined;
}

export interface ResponseInfo {
  /** `200`, `204`, `4XX`, `default` … exactly as written in the spec. */
  readonly status: string;
  /** Media type → pointer of its schema. */
  readonly content: ReadonlyMap<string, string | undefined>;
}

export interface OperationInfo {
  readonly operationId: string;
  readonly method: string;
  /** Path template as written in the spec, e.g. `/organizations/{organizationId}/tokens`. */
  readonly path: string;
  readonly pointer: string;
  readonly parameters: readonly ParameterInfo[];
  readonly requestBody: { readonly required: boolean; readonly schemaPointer: string | undefined } | undefined;
  readonly responses: readonly ResponseInfo[];
  /** `x-permission[].action` values; empty when the operation declares none. */
  readonly permissions: readonly string[];
  /** False when the operation's effective `security` is an empty list (anonymous access). */
  readonly needsAuth: boolean;
}

export interface MockSpec {
  /** Manifest key (`v1`, `v1beta1-iam`, …) or `custom` for a spec given by path. */
  readonly api: string;
  /** Where the spec came from, for messages. */
  readonly source: string;
  /** The self-contained document from the loader's `bundle()`: every `$ref` in it is local. */
  readonly document: OpenApiRoot;
  /** Path prefix of `servers[0].url`, e.g. `/v1`; requests are served below it. */
  readonly basePath: string;
  readonly operations: readonly OperationInfo[];
  /** Follows local `$ref`s from `node` (at `pointer`) to the first node that is not a reference. */
  deref<T = Record<string, unknown>>(node: unknown, pointer: string): Located<T>;
  /** Pointer of a component schema such as `Error`, if the spec defines it. */
  schemaPointer(name: string): string | undefined;
}

export interface SpecOptions {
  /** Manifest key of an API; its current revision is loaded unless `spec` is given. */
  api?: string;
  /** A spec file (or `REV:path`) to load instead of the API's current revision. */
  spec?: string;
}

/**
 * Loads the spec the mock serves through the repository's one loader and bundles it, so that every
 * `$ref` is a pointer into one document: Ajv resolves them there, and `deref` only walks pointers.
 */
export function loadMockSpec(options: SpecOptions): MockSpec {
  const api = options.api ?? 'custom';
  const file = options.spec !== undefined ? options.spec : currentRevision(api).file;
  // A `REV:path` is handed to git; a value starting with "-" would be read as an option (`--output=…`
  // writes a file). The loader validates revisions too; the mock refuses such values on its own.
  if (file.startsWith('-')) throw new SpecError(file, 'a spec path or REV:path must not start with "-" (write ./-name for a file named so)');
  const loaded = loadSpec(file);
  if (loaded.major !== '3.0') {
    throw new SpecError(loaded.shownAs, `the mock serves OpenAPI 3.0 documents; this one is ${loaded.openapi}`, { pointer: '/openapi' });
  }
  const document = bundle(loaded);
  const deref = <T>(node: unknown, pointer: string): Located<T> => {
    let value = node;
    let at = pointer;
    const seen = new Set<string>();
    while (value !== null && typeof value === 'object' && typeof (value as { $ref?: unknown }).$ref === 'string') {
      const ref = (value as { $ref: string }).$ref;
      const { file: filePart, fragment } = splitRef(ref);
      if (filePart !== '' || seen.has(fragment)) throw new SpecError(loaded.shownAs, `cannot follow $ref "${ref}"`, { pointer: at });
      seen.add(fragment);
      value = getAtPointer(document, fragment);
      at = fragment;
      if (value === undefined) throw new SpecError(loaded.shownAs, `$ref "${ref}" points to nothing`, { pointer: at });
    }
    return { value: value as T, pointer: at };
  };
  const servers = document.servers;
  const serverUrl = servers?.[0]?.url ?? (api !== 'custom' ? getApi(api).server : '/');
  const basePath = new URL(serverUrl, 'http://localhost').pathname.replace(/\/+$/, '');
  return {
    api,
    source: options.spec !== undefined ? loaded.shownAs : path.relative(process.cwd(), file) || file,
    document,
    basePath,
    operations: collectOperations(document, deref, loaded.shownAs),
    deref,
    schemaPointer(name) {
      const pointer = appendPointer('/components/schemas', name);
      return getAtPointer(document, pointer) === undefined ? undefined : pointer;
    },
  };
}

type Deref = MockSpec['deref'];

function collectOperations(document: OpenApiRoot, deref: Deref, shownAs: string): OperationInfo[] {
  const operations: OperationInfo[] = [];
  const rootSecurity = document.security as unknown[] | undefined;
  for (const [template, rawItem] of pathEntries(document.paths)) {
    const item = deref(rawItem, appendPointer('/paths', template));
    const shared = (item.value.parameters as unknown[] | undefined) ?? [];
    for (const method of METHODS) {
      const raw = item.value[method];
      if (raw === undefined) continue;
      const pointer = appendPointer(item.pointer, method);
      const op = raw as Record<string, unknown>;
      const operationId = typeof op.operationId === 'string' ? op.operationId : `${method.toUpperCase()} ${template}`;
      const parameters = mergeParameters(
        shared.map((p, i) => deref<Record<string, unknown>>(p, appendPointer(item.pointer, 'parameters', i))),
        ((op.parameters as unknown[] | undefined) ?? []).map((p, i) => deref<Record<string, unknown>>(p, appendPointer(pointer, 'parameters', i))),
      );
      let requestBody: OperationInfo['requestBody'];
      if (op.requestBody !== undefined) {
        const body = deref(op.requestBody, appendPointer(pointer, 'requestBody'));
        const content = (body.value.content ?? {}) as Record<string, unknown>;
        const json = Object.keys(content).find(isJson);
        if (json === undefined && Object.keys(content).length > 0) {
          throw new SpecError(shownAs, `the mock only accepts JSON request bodies; ${operationId} declares ${Object.keys(content).join(', ')}`, { pointer: body.pointer });
        }
        requestBody = {
          required: body.value.required === true,
          schemaPointer: json !== undefined ? schemaAt(content[json], appendPointer(body.pointer, 'content', json)) : undefined,
        };
      }
      const responses: ResponseInfo[] = [];
      for (const [status, rawResponse] of Object.entries((op.responses ?? {}) as Record<string, unknown>)) {
        const response = deref(rawResponse, appendPointer(pointer, 'responses', status));
        const content = new Map<string, string | undefined>();
        for (const [mediaType, media] of Object.entries((response.value.content ?? {}) as Record<string, unknown>)) {
          content.set(mediaType, schemaAt(media, appendPointer(response.pointer, 'content', mediaType)));
        }
        responses.push({ status, content });
      }
      const permissions = Array.isArray(op['x-permission'])
        ? (op['x-permission'] as Array<{ action?: unknown }>).map((p) => p.action).filter((a): a is string => typeof a === 'string')
        : [];
      const security = (op.security as unknown[] | undefined) ?? rootSecurity;
      operations.push({
        operationId,
        method,
        path: template,
        pointer,
        parameters,
        requestBody,
        responses,
        permissions,
        needsAuth: security === undefined ? false : security.length > 0 && !security.some((s) => s && Object.keys(s).length === 0),
      });
    }
  }
  return operations;
}

/** Operation-level parameters override path-level ones with the same name and location (OpenAPI 3.0.3 §4.7.10). */
function mergeParameters(shared: Located[], own: Located[]): ParameterInfo[] {
  const byKey = new Map<string, ParameterInfo>();
  for (const { value, pointer } of [...shared, ...own]) {
    const info: ParameterInfo = {
      name: String(value.name),
      in: value.in as ParameterInfo['in'],
      required: value.required === true,
      schemaPointer: value.schema !== undefined ? appendPointer(pointer, 'schema') : undefined,
    };
    byKey.set(`${info.in}:${info.name}`, info);
  }
  return [...byKey.values()];
}

function schemaAt(media: unknown, pointer: string): string | undefined {
  return media !== null && typeof media === 'object' && (media as { schema?: unknown }).schema !== undefined
    ? appendPointer(pointer, 'schema')
    : undefined;
}

export function isJson(mediaType: string): boolean {
  return /^application\/(.+\+)?json\b/.test(mediaType);
}
