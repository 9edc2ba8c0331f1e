import { readFileSync } from 'node:fs';
import path from 'node:path';
import { followRefs, type LoadedSpec } from '@astro-api/spec-loader';
import { distinctChanges, isDocumentationOnly, moreSevere, propertyOwner, schemaPlace } from '../change-filters.js';
import type { Change } from '../engine.js';
import type { MigrationInputs, VersionPart } from './inputs.js';
import { areaOf, type AreaCoverage } from './known-operations.js';
import type { OperationMap, OperationRow } from './operation-map.js';
import type { RenameNote } from './schema-changes.js';
import { requestBody, sampleValue, type Json } from './typescript-example.js';
import { RENAMES_FILE } from './inputs.js';

/** A property v1 replaces with a differently defined one (declared; see `renames.json`). */
export interface Replacement {
  readonly schema: string;
  readonly from: string;
  readonly to: string;
  readonly why: string;
}

export function readReplacements(repoRoot: string): Replacement[] {
  let parsed: { replacements?: unknown };
  try {
    parsed = JSON.parse(readFileSync(path.join(repoRoot, RENAMES_FILE), 'utf8')) as { replacements?: unknown };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new Error(`${RENAMES_FILE}: ${(error as Error).message}`);
  }
  const list = parsed.replacements ?? [];
  const ok = Array.isArray(list) && list.every((r) => ['schema', 'from', 'to', 'why'].every((key) => typeof (r as Record<string, unknown>)?.[key] === 'string'));
  if (!ok) throw new Error(`${RENAMES_FILE}: expected "replacements": [{"schema", "from", "to", "why"}]`);
  return list as Replacement[];
}

/** Declared facts about v1 versioning that no spec carries (`migration/versioning.json`). */
export interface Versioning {
  readonly header: string;
  readonly value: string;
  readonly whenAbsent: string;
  readonly source: string;
}

export const VERSIONING_FILE = 'packages/docs-pipeline/migration/versioning.json';

export function readVersioning(repoRoot: string): Versioning | undefined {
  let parsed: Partial<Versioning>;
  try {
    parsed = JSON.parse(readFileSync(path.join(repoRoot, VERSIONING_FILE), 'utf8')) as Partial<Versioning>;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`${VERSIONING_FILE}: ${(error as Error).message}`);
  }
  if (![parsed.header, parsed.value, parsed.whenAbsent].every((v) => typeof v === 'string')) throw new Error(`${VERSIONING_FILE}: expected {"header", "value", "whenAbsent", "source"}`);
  return parsed as Versioning;
}

/** One side of an example: an optional JSON payload and a `curl` command. */
export interface ExampleSide {
  readonly json?: { readonly label: string; readonly value: Json };
  readonly curl: string;
}

/** A change a client must make, with an example before and after. */
export interface Action {
  readonly title: string;
  readonly level?: string;
  /** For actions without an engine level: whether every client must do it. */
  readonly need?: 'required' | 'recommended';
  readonly affects: string;
  readonly todo: string;
  readonly before?: ExampleSide;
  readonly after?: ExampleSide;
  /** Names to search a codebase for. */
  readonly search: readonly string[];
}

const serverOf = (part: VersionPart) => part.spec.document.servers?.[0]?.url ?? part.api.server;
const code = (text: string) => `\`${text}\``;
const opKey = (op: { method: string; path: string }) => `${op.method.toUpperCase()} ${op.path}`;

/** `/organizations/{organizationId}/x` → `/organizations/$ORGANIZATION_ID/x`, for a shell. */
function shellPath(pathKey: string): string {
  return pathKey.replace(/\{([^}]+)\}/g, (_m, name: string) => `$${name.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase()}`);
}

function curl(method: string, url: string, body?: Json, extraHeader?: string): string {
  const lines = [`curl -sS${method === 'GET' ? '' : ` -X ${method}`} "${url}" \\`, '  -H "Authorization: Bearer $ASTRO_API_TOKEN"'];
  if (extraHeader) lines[lines.length - 1] += ' \\', lines.push(`  -H "${extraHeader}"`);
  if (body !== undefined) {
    lines[lines.length - 1] += ' \\';
    lines.push('  -H "Content-Type: application/json" \\', `  -d '${JSON.stringify(body)}'`);
  }
  return lines.join('\n');
}

/** The schema object of a component, followed through `$ref`s. */
function schemaNode(spec: LoadedSpec, name: string): { properties?: Record<string, unknown>; required?: string[] } | undefined {
  const raw = spec.document.components?.schemas?.[name];
  return raw === undefined ? undefined : (followRefs(spec, spec.root, raw, `/components/schemas/${name}`).value as { properties?: Record<string, unknown> });
}

/** A short response object: the schema's `id` (when it has one) and the property of interest. */
function partialObject(spec: LoadedSpec, schema: string, property: string, value?: Json): Record<string, Json> {
  const node = schemaNode(spec, schema);
  const out: Record<string, Json> = {};
  if (node?.properties?.id !== undefined && property !== 'id') out.id = sampleValue(spec, node.properties.id, 'id');
  out[property] = value ?? (node?.properties?.[property] !== undefined ? sampleValue(spec, node.properties[property], property) : `<${property}>`);
  return out;
}

function renameKey(object: Record<string, Json>, from: string, to: string): Record<string, Json> {
  return Object.fromEntries(Object.entries(object).map(([k, v]) => [k === from ? to : k, v]));
}

/** A mapped GET operation of a part whose only path parameter is the Organization, for URL examples. */
function simpleGet(map: OperationMap, api: string): OperationRow | undefined {
  const rows = map.rows.filter((row) => row.api === api && row.to && row.from.method === 'GET');
  return rows.find((row) => (row.from.path.match(/\{/g) ?? []).length === 1) ?? rows[0];
}

/** The first mapped operation among `ops` (method + path), preferring a GET. */
function firstMapped(map: OperationMap, ops: ReadonlyArray<{ method: string; path: string }>, method?: string): OperationRow | undefined {
  const keys = new Set(ops.map(opKey));
  const rows = map.rows.filter((row) => row.to && keys.has(opKey(row.from)));
  // A single resource (`…/{id}`) shows an object; a list would need a path into its page.
  const single = (row: OperationRow) => row.from.path.endsWith('}');
  return rows.find((row) => (!method || row.from.method === method) && single(row)) ?? rows.find((row) => !method || row.from.method === method) ?? rows[0];
}

export interface ActionInputs {
  readonly inputs: MigrationInputs;
  readonly map: OperationMap;
  readonly renames: readonly RenameNote[];
  readonly replacements: readonly Replacement[];
  readonly versioning?: Versioning;
  readonly notInSuccessor: readonly AreaCoverage[];
}

/**
 * Every change a client must make, computed from the engine's comparison: the base URL, renamed and
 * replaced properties, removed properties and parameters, new values in responses; plus the
 * declared version pin and the areas the facts say v1 lacks.
 */
export function requiredActions({ inputs, map, renames, replacements, versioning, notInSuccessor }: ActionInputs): Action[] {
  const actions: Action[] = [];
  const to = inputs.to;
  const version = to.api.version;
  const toUrl = serverOf(to);

  // 1. Base URL.
  const example = inputs.from.map((part) => simpleGet(map, part.api.id)).find(Boolean);
  const fromPart = example ? inputs.from.find((part) => part.api.id === example.api)! : inputs.from[0]!;
  actions.push({
    title: 'Change the base URL',
    need: 'required',
    affects: 'every call',
    todo: `Replace ${inputs.from.map((part) => code(serverOf(part))).join(' and ')} with ${code(toUrl)}; paths stay as they are.`,
    ...(example
      ? { before: { curl: curl('GET', `${serverOf(fromPart)}${shellPath(example.from.path)}`) }, after: { curl: curl('GET', `${toUrl}${shellPath(example.to!.path)}`) } }
      : {}),
    search: inputs.from.map(serverOf),
  });

  // 2. Version pin.
  if (versioning) {
    const get = example?.to ?? map.rows.find((row) => row.to)?.to;
    actions.push({
      title: `Pin the minor version with ${code(versioning.header)}`,
      need: 'recommended',
      affects: 'every call',
      todo: `Send ${code(`${versioning.header}: ${versioning.value}`)} so that later minor versions of ${version} do not change answers under you; without it, ${versioning.whenAbsent}.`,
      ...(get ? { before: { curl: curl('GET', `${toUrl}${shellPath(get.path)}`) }, after: { curl: curl('GET', `${toUrl}${shellPath(get.path)}`, undefined, `${versioning.header}: ${versioning.value}`) } } : {}),
      search: [],
    });
  }

  const distinct = distinctChanges(inputs.result.changes).filter((c) => !isDocumentationOnly(c));
  const handled = new Set<string>();

  // 3. Renamed properties, one action per from → to.
  const renameGroups = new Map<string, RenameNote[]>();
  for (const rename of renames) renameGroups.set(`${rename.from}→${rename.to}`, [...(renameGroups.get(`${rename.from}→${rename.to}`) ?? []), rename]);
  for (const group of renameGroups.values()) {
    const { from, to: newName } = group[0]!;
    const schemas = group.map((r) => r.schema);
    const changes = distinct.filter((c) => c.kind === 'property-renamed' && c.component && schemas.includes(schemaPlace(c).schema));
    const ops = changes.flatMap((c) => c.affects ?? []);
    let before: ExampleSide | undefined;
    let after: ExampleSide | undefined;
    // Prefer a request that sends the renamed property; else a response that carries it.
    const keys = new Set(ops.map(opKey));
    for (const row of map.rows.filter((r) => r.to && keys.has(opKey(r.from)) && r.from.method !== 'GET')) {
      const part = inputs.from.find((p) => p.api.id === row.api)!;
      const body = requestBody(part.spec, row.from.method, row.from.path);
      if (!body || !(from in body.body)) continue;
      const renamed = Object.fromEntries(Object.entries(body.body).map(([k, v]) => [k === from ? newName : k, v]));
      before = { json: { label: `request body of ${code(opKey(row.from))} (${code(body.schema ?? 'body')})`, value: body.body }, curl: curl(row.from.method, `${serverOf(part)}${shellPath(row.from.path)}`, body.body) };
      after = { json: { label: `request body in ${version}`, value: renamed }, curl: curl(row.to!.method, `${toUrl}${shellPath(row.to!.path)}`, renamed) };
      break;
    }
    for (const c of changes) handled.add(c.fingerprint);
    actions.push({
      title: `Rename ${code(from)} to ${code(newName)}`,
      level: changes.map((c) => c.level).reduce((a, b) => moreSevere(a, b), 'info'),
      affects: `${schemas.map(code).join(' and ')}, in ${ops.length === 0 ? 'the operations that use them' : `${new Set(ops.map(opKey)).size} operations`}`,
      todo: `Send and read ${code(newName)} where you used ${code(from)}; the values are the same.`,
      ...(before && after ? { before, after } : {}),
      search: [from],
    });
  }

  // 4. Replaced properties (declared), when the engine reports both sides.
  for (const r of replacements) {
    const removed = distinct.find((c) => c.kind === 'property-removed' && c.component && schemaPlace(c).schema === r.schema && schemaPlace(c).member === r.from);
    const added = distinct.find((c) => c.kind === 'property-added' && c.component && schemaPlace(c).schema === r.schema && schemaPlace(c).member === r.to);
    if (!removed || !added) continue;
    handled.add(removed.fingerprint).add(added.fingerprint);
    const read = firstMapped(map, removed.affects ?? [], 'GET');
    const part = read && inputs.from.find((p) => p.api.id === read.api);
    const value = part ? (partialObject(part.spec, r.schema, r.from)[r.from] ?? null) : null;
    actions.push({
      title: `Read ${code(r.to)} instead of ${code(r.from)}`,
      level: removed.level,
      affects: `${code(r.schema)} in ${new Set((removed.affects ?? []).map(opKey)).size} responses`,
      todo: `${r.why}`,
      ...(read && part
        ? {
            before: { json: { label: `part of the ${code(r.schema)} returned by ${code(opKey(read.from))}`, value: partialObject(part.spec, r.schema, r.from, value) }, curl: `${curl('GET', `${serverOf(part)}${shellPath(read.from.path)}`)} | jq '.${r.from}'` },
            after: { json: { label: `the same in ${version}`, value: renameKey(partialObject(part.spec, r.schema, r.from, value), r.from, r.to) }, curl: `${curl('GET', `${toUrl}${shellPath(read.to!.path)}`)} | jq '.${r.to}'` },
          }
        : {}),
      search: [r.from],
    });
  }

  // 5. Removed properties and query parameters that a client may still send or read.
  const removals = distinct.filter((c) => c.action === 'removed' && !handled.has(c.fingerprint) && (c.kind === 'property-removed' || c.kind === 'parameter:removed'));
  const byName = new Map<string, Change[]>();
  for (const c of removals) {
    const name = ((c.old as { name?: string } | undefined)?.name ?? schemaPlace(c).member) || c.location;
    byName.set(name, [...(byName.get(name) ?? []), c]);
  }
  for (const [name, group] of byName) {
    const level = group.map((c) => c.level).reduce((a, b) => moreSevere(a, b), 'info');
    const param = group.find((c) => c.kind === 'parameter:removed');
    const prop = group.find((c) => c.kind === 'property-removed');
    const where = [...new Set(group.map((c) => (c.component ? code(propertyOwner(c, name)) : code(opKey(c.operation!)))))];
    let before: ExampleSide | undefined;
    let after: ExampleSide | undefined;
    if (param?.operation) {
      const row = map.rows.find((r) => r.to && opKey(r.from) === opKey(param.operation!));
      const part = row && inputs.from.find((p) => p.api.id === row.api);
      if (row && part) {
        const schema = prop ? schemaPlace(prop).schema : undefined;
        const old = schema ? partialObject(part.spec, schema, name) : undefined;
        const rest = old ? Object.fromEntries(Object.entries(old).filter(([k]) => k !== name)) : undefined;
        before = { ...(old ? { json: { label: `part of the ${code(schema!)} in v1beta1 responses`, value: old } } : {}), curl: curl('GET', `${serverOf(part)}${shellPath(row.from.path)}?${name}=<value>`) };
        after = { ...(rest ? { json: { label: `the same in ${version}`, value: rest } } : {}), curl: curl('GET', `${toUrl}${shellPath(row.to!.path)}`) };
      }
    } else if (prop) {
      const schema = schemaPlace(prop).schema;
      const read = firstMapped(map, prop.affects ?? [], prop.direction === 'request' ? 'POST' : 'GET');
      const part = read && inputs.from.find((p) => p.api.id === read.api);
      if (read && part) {
        const old = partialObject(part.spec, schema, name);
        const rest = Object.fromEntries(Object.entries(old).filter(([k]) => k !== name));
        const label = prop.direction === 'request' ? `request body of ${code(opKey(read.from))}` : `part of the ${code(schema)} returned by ${code(opKey(read.from))}`;
        before = { json: { label, value: old }, curl: curl(read.from.method, `${serverOf(part)}${shellPath(read.from.path)}`, prop.direction === 'request' ? old : undefined) };
        after = { json: { label: `the same in ${version}`, value: rest }, curl: curl(read.to!.method, `${toUrl}${shellPath(read.to!.path)}`, prop.direction === 'request' ? rest : undefined) };
      }
    }
    const sends = group.some((c) => c.direction === 'request' || c.kind === 'parameter:removed');
    const reads = group.some((c) => c.direction === 'response');
    actions.push({
      title: `Stop ${sends && reads ? 'sending and reading' : sends ? 'sending' : 'reading'} ${code(name)}`,
      level,
      affects: where.join(', '),
      todo: `${version} has no ${code(name)}${param && prop ? ' (neither the query parameter nor the property)' : param ? ' query parameter' : ''}; ${[sends ? 'drop it from requests' : '', reads ? 'code that reads it from responses must cope with its absence' : ''].filter(Boolean).join(', and ')}.`,
      ...(before && after ? { before, after } : {}),
      search: [name],
    });
  }

  // 6. New values that responses may carry (each property once, with its new values).
  const enumAdds = distinct.filter((c) => c.kind === 'enum-value-added' && c.direction === 'response' && c.level !== 'info');
  if (enumAdds.length > 0) {
    const byMember = new Map<string, Change[]>();
    for (const c of enumAdds) byMember.set(`${schemaPlace(c).schema}.${schemaPlace(c).member}`, [...(byMember.get(`${schemaPlace(c).schema}.${schemaPlace(c).member}`) ?? []), c]);
    const first = enumAdds[0]!;
    const { schema, member } = schemaPlace(first);
    const read = firstMapped(map, first.affects ?? [], 'GET');
    const part = read && inputs.from.find((p) => p.api.id === read.api);
    actions.push({
      title: 'Accept new values in responses',
      level: enumAdds.map((c) => c.level).reduce((a, b) => moreSevere(a, b), 'info'),
      affects: [...byMember].map(([where, cs]) => `${code(where)} (${cs.map((c) => code(String(c.new))).join(', ')})`).join('; '),
      todo: 'Code that switches over these values needs a case (or a default) for the new ones.',
      ...(read && part && member
        ? {
            before: { json: { label: `part of the ${code(schema)} returned by ${code(opKey(read.from))}`, value: partialObject(part.spec, schema, member) }, curl: curl('GET', `${serverOf(part)}${shellPath(read.from.path)}`) },
            after: { json: { label: `what ${version} may return`, value: { ...partialObject(part.spec, schema, member), [member]: first.new as Json } }, curl: curl('GET', `${toUrl}${shellPath(read.to!.path)}`) },
          }
        : {}),
      search: [],
    });
  }

  // 7. Modelled operations the successor lacks (outside the areas the facts name), then those areas.
  const lackingAreas = new Set(notInSuccessor.map((a) => `${a.api} ${a.area}`));
  const missing = map.rows.filter((row) => !row.to && !lackingAreas.has(`${row.api} ${areaOf(row.from.path)}`));
  if (missing.length > 0) {
    const names = missing.map((row) => code(row.from.operationId ?? opKey(row.from)));
    actions.push({
      title: `Replace ${names.length === 1 ? names[0] : `${names.length} operations ${version} lacks`}`,
      level: 'breaking',
      affects: names.join(', '),
      todo: `${version} has no counterpart for ${names.join(', ')} (same method and path, or same operationId). Keep ${missing.length === 1 ? 'it' : 'them'} on the old version until end of support, and plan a replacement.`,
      search: missing.map((row) => row.from.path),
    });
  }
  for (const area of notInSuccessor) {
    const words = area.area.replace(/-/g, ' ');
    actions.push({
      title: `Keep ${words} on ${inputs.from.find((p) => p.api.id === area.api)?.api.version ?? 'the old version'}`,
      level: 'breaking',
      affects: `${area.operations} ${words} operations of ${code(area.api)}${area.modelled.length > 0 ? ` (${area.modelled.map((op) => code(op.operationId ?? opKey(op))).join(', ')} in our spec)` : ''}`,
      todo: `${version} has no ${words} operations. Keep these calls on ${code(serverOf(inputs.from.find((p) => p.api.id === area.api) ?? inputs.from[0]!))} until end of support, and plan a replacement (for example the Astro UI).`,
      search: [`/${area.area}`],
    });
  }
  return byUrgency(actions);
}

/**
 * Most urgent first, consistently with the engine's levels: the set-up steps without an engine level
 * (base URL, version pin), then breaking, then warning. The sort is stable,
 * so within one level the order above holds: removed and replaced properties come before new enum
 * values, and a removed response property is never listed after (or softer than) an added value.
 */
function byUrgency(actions: readonly Action[]): Action[] {
  const rank = (action: Action): number =>
    action.level === undefined ? 0 : ({ breaking: 1, warning: 2, info: 3 } as Record<string, number>)[action.level] ?? 3;
  return [...actions].sort((a, b) => rank(a) - rank(b));
}
