import { followRefs, pathEntries, type LoadedSpec } from '@astro-api/spec-loader';

/** The HTTP methods a Path Item Object may hold (OpenAPI 3.1 §4.8.9). */
export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

export interface OperationRef {
  /** Upper case, as changelogs print it. */
  readonly method: string;
  readonly path: string;
  readonly operationId?: string;
  readonly summary?: string;
  readonly tags: readonly string[];
}

/**
 * Every operation of a spec, in document order. Path items that are `$ref`s are followed through
 * the loader, so multi-file specs count the same as single-file ones.
 */
export function listOperations(spec: LoadedSpec): OperationRef[] {
  const operations: OperationRef[] = [];
  for (const [pathKey, rawItem] of pathEntries(spec.document.paths)) {
    const item = followRefs(spec, spec.root, rawItem, `/paths/${pathKey.replace(/~/g, '~0').replace(/\//g, '~1')}`).value;
    if (item === null || typeof item !== 'object') continue;
    for (const method of HTTP_METHODS) {
      const operation = (item as Record<string, unknown>)[method];
      if (operation === null || typeof operation !== 'object') continue;
      const { operationId, summary, tags } = operation as { operationId?: unknown; summary?: unknown; tags?: unknown };
      operations.push({
        method: method.toUpperCase(),
        path: pathKey,
        ...(typeof operationId === 'string' ? { operationId } : {}),
        ...(typeof summary === 'string' ? { summary } : {}),
        tags: Array.isArray(tags) ? tags.filter((tag): tag is string => typeof tag === 'string') : [],
      });
    }
  }
  return operations;
}

/** `GET /a/b`, the key operations are matched and sorted by. */
export function operationKey(operation: { method: string; path: string }): string {
  return `${operation.method.toUpperCase()} ${operation.path}`;
}

/**
 * The schemas operations answer with on success (the first 2xx JSON response whose schema is a
 * named component, or an array of one), keyed by `operationKey`. Used to say what a new endpoint returns.
 */
export function successSchemas(spec: LoadedSpec): Map<string, string> {
  const found = new Map<string, string>();
  const refName = (node: unknown) => {
    const ref = (node as { $ref?: unknown } | null)?.$ref;
    return typeof ref === 'string' && ref.includes('/schemas/') ? ref.slice(ref.lastIndexOf('/') + 1) : undefined;
  };
  for (const [pathKey, rawItem] of pathEntries(spec.document.paths)) {
    const pointer = `/paths/${pathKey.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    const item = followRefs(spec, spec.root, rawItem, pointer);
    if (item.value === null || typeof item.value !== 'object') continue;
    for (const method of HTTP_METHODS) {
      const responses = ((item.value as Record<string, unknown>)[method] as { responses?: Record<string, unknown> } | undefined)?.responses;
      if (!responses || typeof responses !== 'object') continue;
      for (const status of Object.keys(responses).filter((s) => /^2/.test(s)).sort()) {
        const response = followRefs(spec, item.file, responses[status], `${item.pointer}/${method}/responses/${status}`).value as { content?: Record<string, { schema?: unknown }> } | null;
        const schema = response?.content?.['application/json']?.schema as { type?: unknown; items?: unknown } | undefined;
        const name = refName(schema) ?? (schema?.type === 'array' && refName(schema.items) ? `${refName(schema.items)}[]` : undefined);
        if (name) {
          found.set(operationKey({ method, path: pathKey }), name);
          break;
        }
      }
    }
  }
  return found;
}
