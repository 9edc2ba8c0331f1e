import { followRefs, pathEntries, type LoadedSpec } from '@astro-api/spec-loader';
import { isDocumentationOnly } from '../change-filters.js';
import type { Change, DiffResult } from '../engine.js';
import { HTTP_METHODS } from '../operations.js';
import type { MigrationInputs } from './inputs.js';
import type { OperationMap } from './operation-map.js';

/**
 * The query parameters of the Astro API's list convention (offset/limit paging plus `sorts`). The
 * names are the API's convention; whether they stayed the same is computed per operation.
 */
export const PAGINATION_PARAMETERS = ['offset', 'limit', 'sorts'] as const;

export interface PaginationCheck {
  /** Operations (in either version) that take at least one pagination parameter. */
  readonly operations: number;
  /** Those whose pagination parameters the engine reports no change for. */
  readonly unchanged: number;
  /** `METHOD path`: the changes to its pagination parameters. */
  readonly exceptions: ReadonlyArray<{ operation: string; changes: readonly Change[] }>;
}

export interface SchemaCheck {
  readonly schema: string;
  /** The predecessor APIs whose error responses use it. */
  readonly apis: readonly string[];
  /** Present in the successor, with no change beyond documentation reported in any predecessor. */
  readonly same: boolean;
  /** Property names, required ones marked, from the successor spec. */
  readonly properties: readonly string[];
}

export interface Invariants {
  readonly pagination: PaginationCheck;
  readonly errorSchemas: readonly SchemaCheck[];
  /** Schemas present in both versions with no change beyond documentation reported. */
  readonly unchangedSchemas: readonly string[];
  /** Security schemes declared by the specs, and whether the engine reports any change to them beyond documentation. */
  readonly securitySchemes: { readonly names: readonly string[]; readonly same: boolean };
}

interface ParameterLike { name?: unknown; in?: unknown }

const mentions = (value: unknown, name: string): boolean =>
  value !== null && typeof value === 'object' && (value as ParameterLike).name === name && (value as ParameterLike).in === 'query';

/** Whether an engine change concerns the query parameter `name` of its operation. */
export function touchesQueryParameter(change: Change, name: string): boolean {
  if (mentions(change.old, name) || mentions(change.new, name)) return true;
  return new RegExp(`query parameter \`?${name}\`?(\\W|$)`).test(change.location) || new RegExp(`(^|\\W)${name} \\(query\\)`).test(change.location);
}

function queryParameterNames(spec: LoadedSpec, method: string, pathKey: string): string[] {
  const item = followRefs(spec, spec.root, spec.document.paths?.[pathKey]).value as Record<string, unknown> | undefined;
  const operation = item?.[method.toLowerCase()] as { parameters?: unknown[] } | undefined;
  const all = [...((item?.parameters as unknown[] | undefined) ?? []), ...(operation?.parameters ?? [])];
  return all
    .map((parameter) => followRefs(spec, spec.root, parameter).value as ParameterLike)
    .filter((parameter) => parameter?.in === 'query' && typeof parameter.name === 'string')
    .map((parameter) => parameter.name as string);
}

function checkPagination(inputs: MigrationInputs, map: OperationMap): PaginationCheck {
  const exceptions: Array<{ operation: string; changes: Change[] }> = [];
  let operations = 0;
  for (const row of map.rows) {
    if (!row.to) continue;
    const part = inputs.from.find((item) => item.api.id === row.api)!;
    const names = new Set([
      ...queryParameterNames(part.spec, row.from.method, row.from.path),
      ...queryParameterNames(inputs.to.spec, row.to.method, row.to.path),
    ]);
    const paging = PAGINATION_PARAMETERS.filter((name) => names.has(name));
    if (paging.length === 0) continue;
    operations++;
    const changes = row.changes.filter((change) => !isDocumentationOnly(change) && paging.some((name) => touchesQueryParameter(change, name)));
    if (changes.length > 0) exceptions.push({ operation: `${row.from.method} ${row.from.path}`, changes });
  }
  return { operations, unchanged: operations - exceptions.length, exceptions };
}

const componentName = (ref: unknown): string | undefined =>
  typeof ref === 'string' ? /^#\/components\/schemas\/([^/]+)$/.exec(ref)?.[1] : undefined;

/** Names of the schemas that error responses (4XX, 5XX, default) return, across the given specs. */
export function errorSchemaNames(specs: readonly LoadedSpec[]): string[] {
  const names = new Set<string>();
  for (const spec of specs) {
    for (const [, rawItem] of pathEntries(spec.document.paths)) {
      const item = followRefs(spec, spec.root, rawItem).value as Record<string, unknown>;
      for (const method of HTTP_METHODS) {
        const responses = (item?.[method] as { responses?: Record<string, unknown> } | undefined)?.responses ?? {};
        for (const [status, rawResponse] of Object.entries(responses)) {
          if (!/^[45]|^default$/i.test(status)) continue;
          const response = followRefs(spec, spec.root, rawResponse).value as { content?: Record<string, { schema?: { $ref?: unknown } }> };
          for (const media of Object.values(response?.content ?? {})) {
            const name = componentName(media?.schema?.$ref);
            if (name) names.add(name);
          }
        }
      }
    }
  }
  return [...names].sort();
}

function propertyList(spec: LoadedSpec, schema: string): string[] {
  const node = followRefs(spec, spec.root, spec.document.components?.schemas?.[schema]).value as
    | { properties?: Record<string, unknown>; required?: string[] }
    | undefined;
  const required = new Set(node?.required ?? []);
  return Object.keys(node?.properties ?? {}).map((name) => (required.has(name) ? `${name} (required)` : name));
}

/** Components of one predecessor that the engine reports a change to, beyond documentation. */
function changedComponents(result: DiffResult): Set<string> {
  return new Set(result.changes.filter((change) => change.component && !isDocumentationOnly(change)).map((change) => change.component!));
}

/**
 * What the guide can promise stays the same, each computed from the specs and the engine's results.
 * Component checks use the per-predecessor comparisons: composing the two specs renames components
 * they define differently, which would read as a removal here.
 */
export function findInvariants(inputs: MigrationInputs, map: OperationMap): Invariants {
  const changedBy = new Map(inputs.perSpec.map(({ api, result }) => [api, changedComponents(result)]));
  const schemaNames = (spec: LoadedSpec) => new Set(Object.keys(spec.document.components?.schemas ?? {}));
  const successorSchemas = schemaNames(inputs.to.spec);

  const errorUses = new Map<string, string[]>();
  for (const part of inputs.from) {
    for (const schema of errorSchemaNames([part.spec])) errorUses.set(schema, [...(errorUses.get(schema) ?? []), part.api.id]);
  }
  const errorSchemas = [...errorUses.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([schema, apis]) => ({
    schema,
    apis,
    same: successorSchemas.has(schema) && apis.every((api) => !changedBy.get(api)!.has(`schemas/${schema}`)),
    properties: propertyList(inputs.to.spec, schema),
  }));

  const unchangedSchemas = [...new Set(inputs.from.flatMap((part) =>
    [...schemaNames(part.spec)].filter((name) => successorSchemas.has(name) && !changedBy.get(part.api.id)!.has(`schemas/${name}`)),
  ))].filter((name) => inputs.from.every((part) => !schemaNames(part.spec).has(name) || !changedBy.get(part.api.id)!.has(`schemas/${name}`))).sort();

  const names = [...new Set([...inputs.from, inputs.to].flatMap((part) => Object.keys(part.spec.document.components?.securitySchemes ?? {})))].sort();
  const securityChanged = inputs.perSpec.some(({ result }) =>
    result.changes.some((change) => change.group === 'security' && !isDocumentationOnly(change)),
  );
  return { pagination: checkPagination(inputs, map), errorSchemas, unchangedSchemas, securitySchemes: { names, same: !securityChanged } };
}
