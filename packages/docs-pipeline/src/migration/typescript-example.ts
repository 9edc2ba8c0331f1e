import { followRefs, type LoadedSpec } from '@astro-api/spec-loader';
import type { MigrationInputs } from './inputs.js';
import type { OperationMap, OperationRow } from './operation-map.js';
import type { RenameNote } from './schema-changes.js';

/**
 * How `@astro-api/client` names its entry points and factories, per manifest API id. These are facts
 * of our client package (its `exports` and factory names), not of any one spec change.
 */
export const CLIENT_ENTRY: Readonly<Record<string, { module: string; factory: string; variable: string }>> = {
  'v1beta1-iam': { module: '@astro-api/client/v1beta1', factory: 'createIamClient', variable: 'iam' },
  'v1beta1-platform': { module: '@astro-api/client/v1beta1', factory: 'createPlatformClient', variable: 'platform' },
  v1: { module: '@astro-api/client/v1', factory: 'createAstroClient', variable: 'astro' },
};

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

interface SchemaNode {
  $ref?: string;
  type?: string;
  enum?: unknown[];
  example?: unknown;
  default?: unknown;
  properties?: Record<string, unknown>;
  required?: string[];
}

/** A value a reader can recognise: the spec's example, else its first enum value or default, else a placeholder. */
export function sampleValue(spec: LoadedSpec, raw: unknown, name: string): Json {
  const node = followRefs(spec, spec.root, raw).value as SchemaNode | undefined;
  if (node?.example !== undefined) return node.example as Json;
  if (node?.enum?.length) return node.enum[0] as Json;
  if (node?.default !== undefined) return node.default as Json;
  switch (node?.type) {
    case 'integer':
    case 'number':
      return 1;
    case 'boolean':
      return true;
    case 'array':
      return [];
    case 'object':
      return {};
    default:
      return `<${name}>`;
  }
}

/** The request body schema's name (`#/components/schemas/X`) and a body with its required properties. */
export function requestBody(spec: LoadedSpec, method: string, pathKey: string): { schema?: string; body: Record<string, Json> } | undefined {
  const item = followRefs(spec, spec.root, spec.document.paths?.[pathKey]).value as Record<string, unknown> | undefined;
  const operation = item?.[method.toLowerCase()] as { requestBody?: unknown } | undefined;
  if (!operation?.requestBody) return undefined;
  const requestBodyNode = followRefs(spec, spec.root, operation.requestBody).value as { content?: Record<string, { schema?: SchemaNode }> };
  const raw = requestBodyNode?.content?.['application/json']?.schema;
  if (!raw) return undefined;
  const schema = typeof raw.$ref === 'string' ? /^#\/components\/schemas\/(.+)$/.exec(raw.$ref)?.[1] : undefined;
  const node = followRefs(spec, spec.root, raw).value as SchemaNode;
  const body: Record<string, Json> = {};
  // Required properties, plus those with a documented default sent explicitly: the generated client
  // types (openapi-typescript) treat a property with a default as present, and sending the default
  // changes nothing on the wire.
  const required = new Set(node?.required ?? []);
  for (const [name, raw] of Object.entries(node?.properties ?? {})) {
    const property = followRefs(spec, spec.root, raw).value as SchemaNode | undefined;
    if (required.has(name) || property?.default !== undefined) body[name] = sampleValue(spec, raw, name);
  }
  return { ...(schema ? { schema } : {}), body };
}

/** A value as TypeScript source: single-quoted strings, bare keys where they are identifiers. */
export function tsLiteral(value: Json): string {
  if (typeof value === 'string') return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (Array.isArray(value)) return `[${value.map(tsLiteral).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).map(([key, item]) => `${/^[A-Za-z_$][\w$]*$/.test(key) ? key : tsLiteral(key)}: ${tsLiteral(item)}`);
    return entries.length === 0 ? '{}' : `{ ${entries.join(', ')} }`;
  }
  return JSON.stringify(value);
}

function pathParameters(pathKey: string): string[] {
  return [...pathKey.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]!);
}

function renderCall(variable: string, method: string, pathKey: string, body: Record<string, Json> | undefined): string[] {
  const path = pathParameters(pathKey);
  const options: string[] = [];
  if (path.length > 0) options.push(`  params: { path: { ${path.map((name) => `${name}: '<${name}>'`).join(', ')} } },`);
  if (body) options.push(`  body: ${tsLiteral(body)},`);
  const args = options.length > 0 ? [`'${pathKey}', {`, ...options, '}'] : [`'${pathKey}'`];
  if (args.length === 1) return [`await ${variable}.${method}(${args[0]});`];
  return [`await ${variable}.${method}(${args[0]}`, ...args.slice(1, -1), `});`];
}

export interface TypeScriptExample {
  readonly before: string;
  readonly after: string;
  /** The operations the example calls, for the prose around it. */
  readonly operations: readonly OperationRow[];
}

/**
 * A before/after snippet computed from the specs: for each predecessor API, one operation that maps
 * to the successor (preferring one whose request body has a renamed property, so the example shows
 * the rename), called through our client; after, the same calls through the one v1 client with the
 * renames applied.
 */
export function typeScriptExample(inputs: MigrationInputs, map: OperationMap, renames: readonly RenameNote[]): TypeScriptExample {
  const successor = CLIENT_ENTRY[inputs.to.api.id];
  if (!successor) throw new Error(`no client entry point is known for API "${inputs.to.api.id}"`);
  const renamed = new Set(renames.map((rename) => rename.schema));
  const chosen: Array<{ row: OperationRow; body?: { schema?: string; body: Record<string, Json> } }> = [];
  for (const part of inputs.from) {
    const rows = map.rows.filter((row) => row.api === part.api.id && row.to);
    const withBodies = rows.map((row) => ({ row, body: requestBody(part.spec, row.from.method, row.from.path) }));
    const pick =
      withBodies.find(({ body }) => body?.schema && renamed.has(body.schema)) ??
      withBodies.find(({ row }) => row.from.method === 'GET');
    if (pick) chosen.push(pick.body ? { row: pick.row, body: pick.body } : { row: pick.row });
  }

  const before: string[] = [];
  const modules = new Map<string, string[]>();
  for (const { row } of chosen) {
    const entry = CLIENT_ENTRY[row.api];
    if (!entry) throw new Error(`no client entry point is known for API "${row.api}"`);
    modules.set(entry.module, [...new Set([...(modules.get(entry.module) ?? []), entry.factory])]);
  }
  for (const [module, factories] of modules) before.push(`import { ${factories.join(', ')} } from '${module}';`);
  before.push('');
  for (const { row } of chosen) {
    const entry = CLIENT_ENTRY[row.api]!;
    before.push(`const ${entry.variable} = ${entry.factory}({ token: process.env.ASTRO_API_TOKEN });`);
  }
  const after = [`import { ${successor.factory} } from '${successor.module}';`, '', `const ${successor.variable} = ${successor.factory}({ token: process.env.ASTRO_API_TOKEN });`];
  for (const { row, body } of chosen) {
    const entry = CLIENT_ENTRY[row.api]!;
    before.push('', ...renderCall(entry.variable, row.from.method, row.from.path, body?.body));
    const afterBody = body ? applyRenames(body.body, renames.filter((rename) => rename.schema === body.schema)) : undefined;
    after.push('', ...renderCall(successor.variable, row.to!.method, row.to!.path, afterBody));
  }
  return { before: `${before.join('\n')}\n`, after: `${after.join('\n')}\n`, operations: chosen.map(({ row }) => row) };
}

function applyRenames(body: Record<string, Json>, renames: readonly RenameNote[]): Record<string, Json> {
  return Object.fromEntries(Object.entries(body).map(([key, value]) => [renames.find((rename) => rename.from === key)?.to ?? key, value]));
}
