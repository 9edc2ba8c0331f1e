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
