import { followRefs, pathEntries, type LoadedSpec } from '@astro-api/spec-loader';
import type { Side } from '../../load/side.js';

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/**
 * The schemas operations answer with on success (the first 2xx JSON response whose schema is a named
 * component, or an array of one), keyed `METHOD /path`: what a changelog says a new endpoint returns.
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
          found.set(`${method.toUpperCase()} ${pathKey}`, name);
          break;
        }
      }
    }
  }
  return found;
}

/** `successSchemas` of every spec of a side (the first spec that answers for an operation wins), as the entry renderer's `returns`. */
export function returnsOf(side: Side): (method: string, path: string) => string | undefined {
  const found = new Map<string, string>();
  for (const part of side.parts) for (const [key, name] of successSchemas(part.spec)) if (!found.has(key)) found.set(key, name);
  return (method, path) => found.get(`${method.toUpperCase()} ${path}`);
}
