/**
 * The guide's request examples: one model per request, rendered as `curl`, as a JSON body and as a
 * `@astro-api/client` call from the same object, so the three cannot disagree. Values the reader
 * supplies (IDs of their own Organization, Workspace, Deployment) are placeholders, written as an
 * environment variable in every language (`$WORKSPACE_ID`, `process.env.WORKSPACE_ID!`).
 * test/migration-examples.test.ts reads these examples back out of the rendered guide and sends each
 * one to the mock of its version.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { followRefs, type LoadedSpec } from '@astro-api/spec-loader';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A value the reader fills in: `{ placeholder: 'workspaceId' }` is `$WORKSPACE_ID` in a shell. */
export interface Placeholder {
  readonly placeholder: string;
}

export type ExampleValue = null | boolean | number | string | Placeholder | ExampleValue[] | { [key: string]: ExampleValue };

export interface ExampleRequest {
  /** Base URL of the version called (the spec's first server). */
  readonly server: string;
  /** Upper case. */
  readonly method: string;
  /** Path template; its `{parameters}` become placeholders. */
  readonly path: string;
  readonly query?: Readonly<Record<string, string>>;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: { readonly [key: string]: ExampleValue };
}

export const isPlaceholder = (value: unknown): value is Placeholder =>
  value !== null && typeof value === 'object' && !Array.isArray(value) && typeof (value as Placeholder).placeholder === 'string' && Object.keys(value).length === 1;

/** `workspaceId` → `WORKSPACE_ID`: the environment variable a reader sets, in the shell and in TypeScript. */
export function envName(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
}

/** The token every example sends, as an environment variable. */
export const TOKEN_VARIABLE = 'ASTRO_API_TOKEN';

/** `/organizations/{organizationId}/x` → `/organizations/$ORGANIZATION_ID/x`. */
export function shellPath(pathKey: string): string {
  return pathKey.replace(/\{([^}]+)\}/g, (_m, name: string) => `$${envName(name)}`);
}

/** The value as JSON, placeholders written as the shell variable in a string (`"$WORKSPACE_ID"`). */
export function jsonWithVariables(value: ExampleValue): Json {
  if (isPlaceholder(value)) return `$${envName(value.placeholder)}`;
  if (Array.isArray(value)) return value.map(jsonWithVariables);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, jsonWithVariables(v)]));
  return value;
}

export function jsonText(value: ExampleValue, pretty = true): string {
  return JSON.stringify(jsonWithVariables(value), null, pretty ? 2 : undefined);
}

/**
 * A `curl` command. A body goes through a here-document with an unquoted delimiter, so the shell
 * fills in its `$VARIABLES` (a single-quoted `-d '…'` would send them literally).
 */
export function curlCommand(request: ExampleRequest, pipe?: string): string {
  const query = Object.entries(request.query ?? {}).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
  const url = `${request.server}${shellPath(request.path)}${query ? `?${query}` : ''}`;
  const lines = [`curl -sS${request.method === 'GET' ? '' : ` -X ${request.method}`} "${url}"`, `  -H "Authorization: Bearer $${TOKEN_VARIABLE}"`];
  for (const [name, value] of Object.entries(request.headers ?? {})) lines.push(`  -H "${name}: ${value}"`);
  if (request.body !== undefined) lines.push('  -H "Content-Type: application/json"', '  -d @- <<JSON');
  let text = lines.join(' \\\n');
  if (request.body !== undefined) text += `\n${jsonText(request.body, false)}\nJSON`;
  else if (pipe) text += ` | ${pipe}`;
  return text;
}

/** A value as TypeScript source: single-quoted strings, bare keys where they are identifiers, placeholders read from the environment. */
export function tsLiteral(value: ExampleValue): string {
  if (isPlaceholder(value)) return `process.env.${envName(value.placeholder)}!`;
  if (typeof value === 'string') return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (Array.isArray(value)) return `[${value.map(tsLiteral).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).map(([key, item]) => `${/^[A-Za-z_$][\w$]*$/.test(key) ? key : tsLiteral(key)}: ${tsLiteral(item)}`);
    return entries.length === 0 ? '{}' : `{ ${entries.join(', ')} }`;
  }
  return JSON.stringify(value);
}

/** `await client.METHOD(path, { params, body })`, the call `@astro-api/client` (openapi-fetch) takes. */
export function clientCall(variable: string, request: ExampleRequest): string[] {
  const names = [...request.path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]!);
  const params: string[] = [];
  if (names.length > 0) params.push(`path: { ${names.map((name) => `${name}: ${tsLiteral({ placeholder: name })}`).join(', ')} }`);
  if (request.query && Object.keys(request.query).length > 0) params.push(`query: ${tsLiteral(request.query as Record<string, string>)}`);
  const options: string[] = [];
  if (params.length > 0) options.push(`  params: { ${params.join(', ')} },`);
  if (request.body) options.push(`  body: ${tsLiteral(request.body)},`);
  if (options.length === 0) return [`await ${variable}.${request.method}('${request.path}');`];
  return [`await ${variable}.${request.method}('${request.path}', {`, ...options, '});'];
}

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

/**
 * A property a request schema needs only in some cases, which the specs say in prose only (so no
 * schema keyword carries it): `property` must be sent when the body's `when` property (either name,
 * as the versions call it) holds one of `values`; `placeholder` names the ID it takes per value.
 */
export interface ConditionalProperty {
  readonly schemas: readonly string[];
  readonly property: string;
  readonly when: readonly string[];
  readonly values: readonly string[];
  readonly placeholder: Readonly<Record<string, string>>;
}

/** Repository path of the declared conditional properties. */
export const REQUEST_FACTS_FILE = 'packages/docs-pipeline/migration/request-facts.json';

export function readConditionalProperties(repoRoot: string): ConditionalProperty[] {
  let parsed: { conditional?: unknown };
  try {
    parsed = JSON.parse(readFileSync(path.join(repoRoot, REQUEST_FACTS_FILE), 'utf8')) as { conditional?: unknown };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new Error(`${REQUEST_FACTS_FILE}: ${(error as Error).message}`);
  }
  const list = parsed.conditional ?? [];
  const ok =
    Array.isArray(list) &&
    list.every((c: Partial<ConditionalProperty>) => Array.isArray(c?.schemas) && typeof c.property === 'string' && Array.isArray(c.when) && Array.isArray(c.values) && typeof c.placeholder === 'object');
  if (!ok) throw new Error(`${REQUEST_FACTS_FILE}: expected {"conditional": [{"schemas", "property", "when", "values", "placeholder"}]}`);
  return list as ConditionalProperty[];
}

/** A string property whose name says it holds an ID (`workspaceId`): the reader's own, never the spec's example. */
const isIdProperty = (name: string, node: SchemaNode | undefined) => /Id$/.test(name) && (node?.type === undefined || node.type === 'string') && !node?.enum;

/**
 * The request body schema's name and a body that a server accepts: the required properties, those
 * with a documented default (the generated client types treat them as present; sending the default
 * changes nothing on the wire), and the declared conditional ones whose condition the body meets.
 * IDs are placeholders.
 */
export function requestBody(
  spec: LoadedSpec,
  method: string,
  pathKey: string,
  conditional: readonly ConditionalProperty[] = [],
): { schema?: string; body: Record<string, ExampleValue> } | undefined {
  const item = followRefs(spec, spec.root, spec.document.paths?.[pathKey]).value as Record<string, unknown> | undefined;
  const operation = item?.[method.toLowerCase()] as { requestBody?: unknown } | undefined;
  if (!operation?.requestBody) return undefined;
  const requestBodyNode = followRefs(spec, spec.root, operation.requestBody).value as { content?: Record<string, { schema?: SchemaNode }> };
  const raw = requestBodyNode?.content?.['application/json']?.schema;
  if (!raw) return undefined;
  const schema = typeof raw.$ref === 'string' ? /^#\/components\/schemas\/(.+)$/.exec(raw.$ref)?.[1] : undefined;
  const node = followRefs(spec, spec.root, raw).value as SchemaNode;
  const body: Record<string, ExampleValue> = {};
  const required = new Set(node?.required ?? []);
  const properties = Object.entries(node?.properties ?? {});
  const value = (name: string, rawProperty: unknown): ExampleValue => {
    const property = followRefs(spec, spec.root, rawProperty).value as SchemaNode | undefined;
    return isIdProperty(name, property) ? { placeholder: name } : sampleValue(spec, rawProperty, name);
  };
  for (const [name, rawProperty] of properties) {
    const property = followRefs(spec, spec.root, rawProperty).value as SchemaNode | undefined;
    if (required.has(name) || property?.default !== undefined) body[name] = value(name, rawProperty);
  }
  for (const condition of conditional.filter((c) => schema !== undefined && c.schemas.includes(schema))) {
    if (!properties.some(([name]) => name === condition.property)) continue;
    const trigger = condition.when.map((name) => body[name]).find((v) => typeof v === 'string');
    if (typeof trigger === 'string' && condition.values.includes(trigger)) {
      body[condition.property] = { placeholder: condition.placeholder[trigger] ?? condition.property };
    }
  }
  return { ...(schema ? { schema } : {}), body };
}
