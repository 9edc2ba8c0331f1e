// Small read-only views of a bundled OpenAPI 3.0 document that the history and corpus tests share:
// operations by operationId, parameters with `$ref`s followed, and the named schemas an operation reaches.
import { getAtPointer, splitRef } from '../../src/index.js';

type Node = Record<string, unknown>;

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

function isObject(value: unknown): value is Node {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Follows local `$ref`s (`#/...`) until a node that is not a reference. */
export function deref(doc: unknown, node: unknown): unknown {
  let current = node;
  for (let hops = 0; isObject(current) && typeof current.$ref === 'string'; hops++) {
    if (hops > 50) throw new Error(`$ref chain too long at ${String(current.$ref)}`);
    const { file, fragment } = splitRef(current.$ref);
    if (file !== '') throw new Error(`not bundled: ${current.$ref}`);
    const next = getAtPointer(doc, fragment);
    if (next === undefined) throw new Error(`$ref ${current.$ref} points to nothing`);
    current = next;
  }
  return current;
}

export interface OperationView {
  readonly operationId: string;
  readonly path: string;
  readonly method: string;
  readonly operation: Node;
  /** Path-item and operation parameters, `$ref`s followed, in document order (path-item first). */
  readonly parameters: Node[];
}

/** Every operation of a document, keyed by operationId. */
export function operations(doc: unknown): Map<string, OperationView> {
  const byId = new Map<string, OperationView>();
  const paths = isObject(doc) && isObject(doc.paths) ? doc.paths : {};
  for (const [p, rawItem] of Object.entries(paths)) {
    const item = deref(doc, rawItem);
    if (!isObject(item)) continue;
    const shared = Array.isArray(item.parameters) ? item.parameters : [];
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (!isObject(operation)) continue;
      const own = Array.isArray(operation.parameters) ? operation.parameters : [];
      const parameters = [...shared, ...own].map((parameter) => deref(doc, parameter) as Node);
      const operationId = typeof operation.operationId === 'string' ? operation.operationId : `${method.toUpperCase()} ${p}`;
      byId.set(operationId, { operationId, path: p, method, operation, parameters });
    }
  }
  return byId;
}

export function operation(doc: unknown, operationId: string): OperationView {
  const found = operations(doc).get(operationId);
  if (!found) throw new Error(`no operation ${operationId}`);
  return found;
}

/** Query parameter names in order. */
export function queryParameterNames(view: OperationView): string[] {
  return view.parameters.filter((parameter) => parameter.in === 'query').map((parameter) => String(parameter.name));
}

/** `x-permission` actions of an operation, e.g. `['organization.apiTokens.access']`; `[]` when absent. */
export function permissions(view: OperationView): string[] {
  const raw = view.operation['x-permission'];
  return Array.isArray(raw) ? raw.map((entry) => String((entry as Node).action)) : [];
}

/** A component schema by name, or undefined. */
export function schema(doc: unknown, name: string): Node | undefined {
  const found = getAtPointer(doc, `/components/schemas/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`);
  return isObject(found) ? found : undefined;
}

export function properties(node: Node | undefined): Node {
  return node && isObject(node.properties) ? node.properties : {};
}

export function required(node: Node | undefined): string[] {
  return node && Array.isArray(node.required) ? node.required.map(String) : [];
}

/**
 * Names of the component schemas an operation reaches, through any chain of `$ref`s (parameters,
 * request bodies, responses, and schemas inside schemas).
 */
export function reachedSchemas(doc: unknown, start: unknown): Set<string> {
  const names = new Set<string>();
  const seenRefs = new Set<string>();
  const stack: unknown[] = [start];
  while (stack.length > 0) {
    const node = stack.pop();
    if (Array.isArray(node)) {
      stack.push(...node);
      continue;
    }
    if (!isObject(node)) continue;
    for (const [key, value] of Object.entries(node)) {
      // Examples and extensions are data: a `$ref` inside them is not a reference.
      if (key === 'example' || key.startsWith('x-')) continue;
      if (key === '$ref' && typeof value === 'string') {
        if (seenRefs.has(value)) continue;
        seenRefs.add(value);
        const match = /^#\/components\/schemas\/([^/]+)$/.exec(value);
        if (match) names.add(match[1]!);
        stack.push(deref(doc, { $ref: value }));
      } else {
        stack.push(value);
      }
    }
  }
  return names;
}

/** Every `enum` array anywhere in the document, with its JSON pointer. */
export function allEnums(doc: unknown): Array<{ pointer: string; values: unknown[] }> {
  const found: Array<{ pointer: string; values: unknown[] }> = [];
  const stack: Array<{ node: unknown; at: string }> = [{ node: doc, at: '' }];
  while (stack.length > 0) {
    const { node, at } = stack.pop()!;
    if (Array.isArray(node)) {
      node.forEach((child, i) => stack.push({ node: child, at: `${at}/${i}` }));
      continue;
    }
    if (!isObject(node)) continue;
    for (const [key, value] of Object.entries(node)) {
      if (key === 'example' || key === 'examples' || key.startsWith('x-')) continue;
      const childAt = `${at}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      if (key === 'enum' && Array.isArray(value)) found.push({ pointer: childAt, values: value });
      else stack.push({ node: value, at: childAt });
    }
  }
  return found;
}
