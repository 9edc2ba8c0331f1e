import type { MigrationInputs, VersionPart } from './inputs.js';
import type { OperationMap, OperationRow } from './operation-map.js';
import { clientCall, requestBody, TOKEN_VARIABLE, type ConditionalProperty, type ExampleRequest, type ExampleValue } from './request-example.js';
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
export function typeScriptExample(inputs: MigrationInputs, map: OperationMap, renames: readonly RenameNote[], conditional: readonly ConditionalProperty[] = []): TypeScriptExample {
  const successor = CLIENT_ENTRY[inputs.to.api.id];
  if (!successor) throw new Error(`no client entry point is known for API "${inputs.to.api.id}"`);
  const renamed = new Set(renames.map((rename) => rename.schema));
  const chosen: Array<{ row: OperationRow; before: ExampleRequest; after: ExampleRequest }> = [];
  for (const part of inputs.from) {
    const rows = map.rows.filter((row) => row.api === part.api.id && row.to);
    const withBodies = rows.map((row) => ({ row, body: requestBody(part.spec, row.from.method, row.from.path, conditional) }));
    const pick =
      withBodies.find(({ body }) => body?.schema && renamed.has(body.schema)) ??
      withBodies.find(({ row }) => row.from.method === 'GET' && !/\{/.test(row.from.path)) ??
      withBodies.find(({ row }) => row.from.method === 'GET');
    if (!pick) continue;
    const applied = pick.body ? applyRenames(pick.body.body, renames.filter((rename) => rename.schema === pick.body!.schema)) : undefined;
    chosen.push({
      row: pick.row,
      before: { server: serverOf(part), method: pick.row.from.method, path: pick.row.from.path, ...(pick.body ? { body: pick.body.body } : {}) },
      after: { server: serverOf(inputs.to), method: pick.row.to!.method, path: pick.row.to!.path, ...(applied ? { body: applied } : {}) },
    });
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
    before.push(`const ${entry.variable} = ${entry.factory}({ token: process.env.${TOKEN_VARIABLE} });`);
  }
  const after = [`import { ${successor.factory} } from '${successor.module}';`, '', `const ${successor.variable} = ${successor.factory}({ token: process.env.${TOKEN_VARIABLE} });`];
  for (const { row, before: old, after: next } of chosen) {
    before.push('', ...clientCall(CLIENT_ENTRY[row.api]!.variable, old));
    after.push('', ...clientCall(successor.variable, next));
  }
  return { before: `${before.join('\n')}\n`, after: `${after.join('\n')}\n`, operations: chosen.map(({ row }) => row) };
}

const serverOf = (part: VersionPart) => part.spec.document.servers?.[0]?.url ?? part.api.server;

/** The body with each renamed property under its new name, in the same place. */
export function applyRenames(body: { readonly [key: string]: ExampleValue }, renames: readonly RenameNote[]): Record<string, ExampleValue> {
  return Object.fromEntries(Object.entries(body).map(([key, value]) => [renames.find((rename) => rename.from === key)?.to ?? key, value]));
}
