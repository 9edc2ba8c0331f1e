import { readFileSync } from 'node:fs';
import path from 'node:path';
import { followRefs, type LoadedSpec } from '@astro-api/spec-loader';
import { distinctChanges, isDocumentationOnly, moreSevere, propertyOwner, schemaPlace } from '../change-filters.js';
import type { Change } from '../engine.js';
import type { MigrationInputs, VersionPart } from './inputs.js';
import { areaOf, type AreaCoverage } from './known-operations.js';
import { list } from '../changelog/phrases.js';
import type { OperationMap, OperationRow } from './operation-map.js';
import type { RenameNote } from './schema-changes.js';
import { requestBody, sampleValue, type ConditionalProperty, type ExampleRequest, type ExampleValue, type Json } from './request-example.js';
import { applyRenames } from './typescript-example.js';
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

/**
 * One side of an example: the request (rendered as `curl`, and as JSON when it has a body) and,
 * for a change in what comes back, the relevant part of the response.
 */
export interface ExampleSide {
  readonly request: ExampleRequest;
  /** What the request body is, when it has one (`request body of POST …`). */
  readonly bodyLabel?: string;
  /** A part of the response, for changes in what comes back. */
  readonly response?: { readonly label: string; readonly value: ExampleValue };
  /** A filter the shell pipes the answer through (`jq '.field'`). */
  readonly pipe?: string;
}

/** A change a client must make, with an example before and after where a request or response changes. */
export interface Action {
  readonly title: string;
  readonly level?: string;
  /** For actions without an engine level: whether every client must do it. */
  readonly need?: 'required' | 'recommended';
  readonly affects: string;
  readonly todo: string;
  readonly before?: ExampleSide;
  readonly after?: ExampleSide;
  /** Why the action has no before/after example, when it has none. */
  readonly noExample?: string;
  /** The engine's differences (breaking or warning) this action handles; each is counted in one action only. */
  readonly covers: readonly Change[];
  /** Where the action comes from: the engine's comparison, or the project's facts about operations our specs do not model. */
  readonly source: 'engine' | 'facts';
  /** Names to search a codebase for. */
  readonly search: readonly string[];
}

const serverOf = (part: VersionPart) => part.spec.document.servers?.[0]?.url ?? part.api.server;
const code = (text: string) => `\`${text}\``;
const opKey = (op: { method: string; path: string }) => `${op.method.toUpperCase()} ${op.path}`;

/** A request to `part` (or the successor) for an operation, with the query parameters it requires. */
function request(part: VersionPart, method: string, pathKey: string, extra: Partial<Pick<ExampleRequest, 'query' | 'headers' | 'body'>> = {}): ExampleRequest {
  const query = { ...requiredQuery(part.spec, method, pathKey), ...(extra.query ?? {}) };
  return {
    server: serverOf(part),
    method: method.toUpperCase(),
    path: pathKey,
    ...(Object.keys(query).length > 0 ? { query } : {}),
    ...(extra.headers ? { headers: extra.headers } : {}),
    ...(extra.body ? { body: extra.body } : {}),
  };
}

interface ParameterNode { name?: unknown; in?: unknown; required?: unknown; schema?: unknown }

/** The query parameters of an operation (path-level ones included), by name. */
function queryParameters(spec: LoadedSpec, method: string, pathKey: string): Map<string, ParameterNode> {
  const item = followRefs(spec, spec.root, spec.document.paths?.[pathKey]).value as Record<string, unknown> | undefined;
  const operation = item?.[method.toLowerCase()] as { parameters?: unknown[] } | undefined;
  const all = [...((item?.parameters as unknown[] | undefined) ?? []), ...(operation?.parameters ?? [])].map((raw) => followRefs(spec, spec.root, raw).value as ParameterNode);
  return new Map(all.filter((p) => p?.in === 'query' && typeof p.name === 'string').map((p) => [p.name as string, p]));
}

/** Values for the query parameters an operation requires (a request without them is refused). */
function requiredQuery(spec: LoadedSpec, method: string, pathKey: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, parameter] of queryParameters(spec, method, pathKey)) {
    if (parameter.required === true) out[name] = String(sampleValue(spec, parameter.schema, name));
  }
  return out;
}

/** A schema without its documentation, for comparing two definitions. */
function withoutDocs(spec: LoadedSpec, raw: unknown): string {
  const node = followRefs(spec, spec.root, raw).value;
  return JSON.stringify(node, (key, value) => (['description', 'example', 'examples', 'title'].includes(key) ? undefined : value));
}

/**
 * The query parameter the successor adds to the same operation with the same definition (beyond
 * documentation) as a removed one: the replacement a caller sends instead. Undefined unless exactly one fits.
 */
function replacingParameter(inputs: MigrationInputs, row: OperationRow, name: string): { name: string; values?: readonly unknown[] } | undefined {
  const part = inputs.from.find((p) => p.api.id === row.api)!;
  const old = queryParameters(part.spec, row.from.method, row.from.path);
  const removed = old.get(name);
  if (!removed || !row.to) return undefined;
  const target = withoutDocs(part.spec, removed.schema);
  const fits = [...queryParameters(inputs.to.spec, row.to.method, row.to.path)].filter(([other, p]) => !old.has(other) && withoutDocs(inputs.to.spec, p.schema) === target);
  if (fits.length !== 1) return undefined;
  const schema = followRefs(inputs.to.spec, inputs.to.spec.root, fits[0]![1].schema).value as { enum?: unknown[] } | undefined;
  return { name: fits[0]![0], ...(schema?.enum ? { values: schema.enum } : {}) };
}

/** The schema object of a component, followed through `$ref`s. */
function schemaNode(spec: LoadedSpec, name: string): { properties?: Record<string, unknown>; required?: string[] } | undefined {
  const raw = spec.document.components?.schemas?.[name];
  return raw === undefined ? undefined : (followRefs(spec, spec.root, raw, `/components/schemas/${name}`).value as { properties?: Record<string, unknown> });
}

/**
 * A value to show for a response property: the spec's sample, and for an array of objects one item
 * with its required properties, so the reader sees the shape.
 */
function shownValue(spec: LoadedSpec, raw: unknown, name: string): Json {
  const node = followRefs(spec, spec.root, raw).value as { type?: string; items?: unknown; example?: unknown } | undefined;
  if (node?.type === 'array' && node.example === undefined && node.items !== undefined) {
    const item = followRefs(spec, spec.root, node.items).value as { properties?: Record<string, unknown>; required?: string[] } | undefined;
    if (item?.properties) {
      const required = item.required ?? Object.keys(item.properties);
      return [Object.fromEntries(Object.entries(item.properties).filter(([key]) => required.includes(key)).map(([key, value]) => [key, sampleValue(spec, value, key)]))];
    }
  }
  return sampleValue(spec, raw, name);
}

/** A short response object: the schema's `id` (when it has one) and the property of interest. */
function partialObject(spec: LoadedSpec, schema: string, property: string, value?: Json): Record<string, Json> {
  const node = schemaNode(spec, schema);
  const out: Record<string, Json> = {};
  if (node?.properties?.id !== undefined && property !== 'id') out.id = sampleValue(spec, node.properties.id, 'id');
  out[property] = value ?? (node?.properties?.[property] !== undefined ? shownValue(spec, node.properties[property], property) : `<${property}>`);
  return out;
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
  readonly conditional?: readonly ConditionalProperty[];
  readonly versioning?: Versioning;
  readonly notInSuccessor: readonly AreaCoverage[];
  /** Areas the facts say the predecessor has but our spec does not model, which the successor serves. */
  readonly unmodelledInSuccessor?: readonly AreaCoverage[];
}

const severest = (changes: readonly Change[]) => changes.map((c) => c.level).reduce((a, b) => moreSevere(a, b), 'info');

/** Distinct operations a group of changes reaches (its own operation and, for components, `affects`). */
function reached(changes: readonly Change[]): string[] {
  return [...new Set(changes.flatMap((c) => [...(c.operation ? [c.operation] : []), ...(c.affects ?? [])]).map(opKey))];
}

/**
 * Every change a client must make, computed from the engine's comparison: the base URL, renamed and
 * replaced properties, removed properties and parameters, new values in responses, permissions that
 * can now refuse a call; plus the declared version pin and the areas the facts know of that our specs
 * do not model (those v1 lacks, and those v1 serves).
 */
export function requiredActions({ inputs, map, renames, replacements, conditional = [], versioning, notInSuccessor, unmodelledInSuccessor = [] }: ActionInputs): Action[] {
  const actions: Action[] = [];
  const to = inputs.to;
  const version = to.api.version;
  const distinct = distinctChanges(inputs.result.changes).filter((c) => !isDocumentationOnly(c));
  const partOf = (row: OperationRow) => inputs.from.find((p) => p.api.id === row.api)!;

  // 1. Base URL: the engine reports each predecessor server as removed.
  const servers = distinct.filter((c) => c.group === 'servers' && c.action === 'removed');
  const example = inputs.from.map((part) => simpleGet(map, part.api.id)).find(Boolean);
  actions.push({
    title: 'Change the base URL',
    need: 'required',
    affects: 'every call',
    todo: `Replace ${inputs.from.map((part) => code(serverOf(part))).join(' and ')} with ${code(serverOf(to))}; paths stay as they are.`,
    ...(example ? { before: { request: request(partOf(example), 'GET', example.from.path) }, after: { request: request(to, 'GET', example.to!.path) } } : {}),
    covers: servers,
    source: 'engine',
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
      ...(get ? { before: { request: request(to, 'GET', get.path) }, after: { request: request(to, 'GET', get.path, { headers: { [versioning.header]: versioning.value } }) } } : {}),
      covers: [],
      source: 'engine',
      search: [],
    });
  }

  const handled = new Set<string>(servers.map((c) => c.fingerprint));

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
      const body = requestBody(partOf(row).spec, row.from.method, row.from.path, conditional);
      if (!body || !(from in body.body)) continue;
      const renamed = applyRenames(body.body, group.filter((r) => r.schema === body.schema));
      before = { request: request(partOf(row), row.from.method, row.from.path, { body: body.body }), bodyLabel: `request body of ${code(opKey(row.from))} (${code(body.schema ?? 'body')})` };
      after = { request: request(to, row.to!.method, row.to!.path, { body: renamed }), bodyLabel: `request body in ${version}` };
      break;
    }
    for (const c of changes) handled.add(c.fingerprint);
    actions.push({
      title: `Rename ${code(from)} to ${code(newName)}`,
      level: severest(changes),
      affects: `${schemas.map(code).join(' and ')}, in ${ops.length === 0 ? 'the operations that use them' : `${new Set(ops.map(opKey)).size} operations`}`,
      todo: `Send and read ${code(newName)} where you used ${code(from)}; the values are the same.`,
      ...(before && after ? { before, after } : {}),
      covers: changes,
      source: 'engine',
      search: [from],
    });
  }

  // 4. Removed properties and query parameters, each name once: replaced (a declared property
  //    replacement, or a query parameter the successor adds with the same definition) or gone.
  const removals = distinct.filter((c) => c.action === 'removed' && !handled.has(c.fingerprint) && (c.kind === 'property-removed' || c.kind === 'parameter:removed'));
  const byName = new Map<string, Change[]>();
  for (const c of removals) {
    const name = ((c.old as { name?: string } | undefined)?.name ?? schemaPlace(c).member) || c.location;
    byName.set(name, [...(byName.get(name) ?? []), c]);
  }
  for (const [name, group] of byName) {
    for (const c of group) handled.add(c.fingerprint);
    const param = group.find((c) => c.kind === 'parameter:removed');
    const prop = group.find((c) => c.kind === 'property-removed');
    const propSchema = prop ? schemaPlace(prop).schema : undefined;
    const paramRow = param?.operation ? map.rows.find((r) => r.to && opKey(r.from) === opKey(param.operation!)) : undefined;
    const newParam = paramRow ? replacingParameter(inputs, paramRow, name) : undefined;
    const declared = prop ? replacements.find((r) => r.schema === propSchema && r.from === name) : undefined;
    const newProp = declared && distinct.some((c) => c.kind === 'property-added' && c.component && schemaPlace(c).schema === declared.schema && schemaPlace(c).member === declared.to) ? declared : undefined;
    const sends = group.some((c) => c.direction === 'request' || c.kind === 'parameter:removed');
    const reads = group.some((c) => c.direction === 'response');
    const ops = reached(group);
    const where = [
      ...(prop ? [`${code(propertyOwner(prop, name))}${(prop.affects ?? []).length > 0 ? ` in ${reached([prop]).length === 1 ? code(reached([prop])[0]!) : `${reached([prop]).length} operations (${reached([prop]).map(code).join(', ')})`}` : ''}`] : []),
      ...(param?.operation ? [`the ${code(name)} query parameter of ${code(opKey(param.operation))}`] : []),
    ];

    // The example: a call that sends the old query parameter (or reads the property), then the same in the successor.
    let before: ExampleSide | undefined;
    let after: ExampleSide | undefined;
    const readRow = paramRow ?? (prop ? firstMapped(map, prop.affects ?? [], prop.direction === 'request' ? 'POST' : 'GET') : undefined);
    if (readRow) {
      const part = partOf(readRow);
      const old = propSchema ? partialObject(part.spec, propSchema, name) : undefined;
      const next = old && newProp ? { ...Object.fromEntries(Object.entries(old).filter(([k]) => k !== name)), [newProp.to]: partialObject(to.spec, newProp.schema, newProp.to)[newProp.to]! } : old ? Object.fromEntries(Object.entries(old).filter(([k]) => k !== name)) : undefined;
      let query: { old?: Record<string, string>; next?: Record<string, string> } = {};
      if (param && paramRow) {
        const parameter = queryParameters(part.spec, paramRow.from.method, paramRow.from.path).get(name);
        const enumValues = (followRefs(part.spec, part.spec.root, parameter?.schema).value as { enum?: unknown[] } | undefined)?.enum;
        // The property's sample when it is one of the parameter's values, so both halves show the same plan.
        const value = old && enumValues?.includes(old[name]) ? String(old[name]) : String(sampleValue(part.spec, parameter?.schema, name));
        query = { old: { [name]: value }, ...(newParam ? { next: { [newParam.name]: value } } : {}) };
      }
      const direction = prop?.direction === 'request' ? 'request' : 'response';
      const oldBody = direction === 'request' && old ? (old as Record<string, ExampleValue>) : undefined;
      before = {
        request: request(part, readRow.from.method, readRow.from.path, { ...(query.old ? { query: query.old } : {}), ...(oldBody ? { body: oldBody } : {}) }),
        ...(old && direction === 'response' ? { response: { label: `part of the ${code(propSchema!)} returned by ${code(opKey(readRow.from))}`, value: old } } : {}),
        ...(oldBody ? { bodyLabel: `request body of ${code(opKey(readRow.from))}` } : {}),
        ...(!param && prop && direction === 'response' ? { pipe: `jq '.${name}'` } : {}),
      };
      after = {
        request: request(to, readRow.to!.method, readRow.to!.path, { ...(query.next ? { query: query.next } : {}), ...(oldBody && next ? { body: next as Record<string, ExampleValue> } : {}) }),
        ...(next && direction === 'response' ? { response: { label: `the same in ${version}`, value: next } } : {}),
        ...(oldBody ? { bodyLabel: `request body in ${version}` } : {}),
        ...(!param && prop && direction === 'response' && newProp ? { pipe: `jq '.${newProp.to}'` } : {}),
      };
    }

    const replacedBy = [
      ...(newParam ? [`the ${code(newParam.name)} query parameter`] : []),
      ...(newProp ? [`${code(newProp.to)} in responses`] : []),
    ];
    const todo = [
      newParam
        ? `Filter with ${code(newParam.name)} instead of ${code(name)}: ${version} adds it to ${code(opKey(paramRow!.to!))} with the same definition${newParam.values ? ` (the same values: ${newParam.values.map((v) => code(String(v))).join(', ')})` : ''}.`
        : param
          ? `${version} has no ${code(name)} query parameter; drop it from requests.`
          : '',
      newProp
        ? `Read ${code(newProp.to)} where you read ${code(name)}: ${newProp.why}`
        : prop
          ? `${version} has no ${code(`${propSchema}.${name}`)}; ${sends && prop.direction === 'request' ? 'drop it from requests' : 'code that reads it from responses must cope with its absence'}.`
          : '',
    ].filter(Boolean).join(' ');
    const title =
      replacedBy.length === 0
        ? `Stop ${sends && reads ? 'sending and reading' : sends ? 'sending' : 'reading'} ${code(name)}`
        : !param && newProp
          ? `Read ${code(newProp.to)} instead of ${code(name)}`
          : `Replace ${code(name)} with ${[...(newParam ? [code(newParam.name)] : []), ...(newProp ? [code(newProp.to)] : [])].join(' and ')}`;
    actions.push({
      title,
      level: severest(group),
      affects: where.length > 0 ? where.join('; ') : ops.map(code).join(', '),
      todo,
      ...(before && after ? { before, after } : {}),
      covers: group,
      source: 'engine',
      search: [name],
    });
  }

  // 5. New values that responses may carry (each property once, with its new values).
  const enumAdds = distinct.filter((c) => c.kind === 'enum-value-added' && c.direction === 'response' && c.level !== 'info');
  if (enumAdds.length > 0) {
    const byMember = new Map<string, Change[]>();
    for (const c of enumAdds) byMember.set(`${schemaPlace(c).schema}.${schemaPlace(c).member}`, [...(byMember.get(`${schemaPlace(c).schema}.${schemaPlace(c).member}`) ?? []), c]);
    const first = enumAdds[0]!;
    const { schema, member } = schemaPlace(first);
    const read = firstMapped(map, first.affects ?? [], 'GET');
    const part = read && partOf(read);
    for (const c of enumAdds) handled.add(c.fingerprint);
    actions.push({
      title: 'Accept new values in responses',
      level: severest(enumAdds),
      affects: [...byMember].map(([where, cs]) => `${code(where)} (${cs.map((c) => code(String(c.new))).join(', ')})`).join('; '),
      todo: 'Code that switches over these values needs a case (or a default) for the new ones.',
      ...(read && part && member
        ? {
            before: { request: request(part, 'GET', read.from.path), response: { label: `part of the ${code(schema)} returned by ${code(opKey(read.from))}`, value: partialObject(part.spec, schema, member) } },
            after: { request: request(to, 'GET', read.to!.path), response: { label: `what ${version} may return`, value: { ...partialObject(part.spec, schema, member), [member]: first.new as Json } } },
          }
        : {}),
      covers: enumAdds,
      source: 'engine',
      search: [],
    });
  }

  // 6. Permissions the successor declares where the predecessor declared none or another one: a
  //    token without them gets 403 after the switch. (A permission no longer declared refuses nothing.)
  const permissions = distinct.filter((c) => c.group === 'permissions' && c.action !== 'removed' && c.operation && !handled.has(c.fingerprint));
  if (permissions.length > 0) {
    for (const c of permissions) handled.add(c.fingerprint);
    const names = (value: unknown) => (Array.isArray(value) ? value.map((v) => code(String(v))).join(', ') : '');
    const rows = permissions.map((c) => {
      const row = map.rows.find((r) => opKey(r.from) === opKey(c.operation!));
      const id = row?.from.operationId ? code(row.from.operationId) : code(opKey(c.operation!));
      return `${id} needs ${names(c.new)}${Array.isArray(c.old) && c.old.length > 0 ? ` (v1beta1: ${names(c.old)})` : ' (v1beta1 declares none)'}`;
    });
    actions.push({
      title: `Grant the permissions ${version} declares`,
      level: severest(permissions),
      affects: `${permissions.length} operations: ${permissions.map((c) => map.rows.find((r) => opKey(r.from) === opKey(c.operation!))?.from.operationId ?? opKey(c.operation!)).map(code).join(', ')}`,
      todo: `A token without these permissions gets 403 from ${version}; give them to the roles of the tokens that make these calls before you switch: ${rows.join('; ')}.`,
      noExample: 'The requests themselves do not change; only the permission the token needs does.',
      covers: permissions,
      source: 'engine',
      search: [],
    });
  }

  // 7. Modelled operations the successor lacks (outside the areas the facts name), then those areas.
  const lackingAreas = new Set(notInSuccessor.map((a) => `${a.api} ${a.area}`));
  const missing = map.rows.filter((row) => !row.to && !lackingAreas.has(`${row.api} ${areaOf(row.from.path)}`));
  if (missing.length > 0) {
    const names = missing.map((row) => code(row.from.operationId ?? opKey(row.from)));
    const covers = distinct.filter((c) => c.operation && missing.some((row) => opKey(row.from) === opKey(c.operation!)) && !handled.has(c.fingerprint));
    for (const c of covers) handled.add(c.fingerprint);
    actions.push({
      title: `Replace ${names.length === 1 ? names[0] : `${names.length} operations ${version} lacks`}`,
      level: 'breaking',
      affects: names.join(', '),
      todo: `${version} has no counterpart for ${names.join(', ')} (same method and path, or same operationId). Keep ${missing.length === 1 ? 'it' : 'them'} on the old version until end of support, and plan a replacement.`,
      noExample: `${version} has no request to show for ${missing.length === 1 ? 'it' : 'them'}.`,
      covers,
      source: 'engine',
      search: missing.map((row) => row.from.path),
    });
  }
  for (const area of notInSuccessor) {
    const words = area.area.replace(/-/g, ' ');
    const part = inputs.from.find((p) => p.api.id === area.api);
    actions.push({
      title: `Keep ${words} on ${part?.api.version ?? 'the old version'}`,
      level: 'breaking',
      affects: `${area.operations} ${words} operations of ${code(area.api)}${area.modelled.length > 0 ? ` (${area.modelled.map((op) => code(op.operationId ?? opKey(op))).join(', ')} in our spec)` : ''}`,
      todo: `${version} has no ${words} operations. Keep these calls on ${code(serverOf(part ?? inputs.from[0]!))} until end of support, and plan a replacement (for example the Astro UI).`,
      noExample:
        area.modelled.length === 0
          ? `No example: the project's facts count these operations, but this repository's ${code(area.api)} spec does not model them, so the guide has no request it could check.`
          : `${version} has no request to show for them.`,
      covers: [],
      source: 'facts',
      search: [`/${area.area}`],
    });
  }

  // 8. Areas the predecessor has by the facts, which our spec does not model and the successor serves.
  if (unmodelledInSuccessor.length > 0) {
    const ops = unmodelledInSuccessor.flatMap((area) => area.inSuccessor);
    const words = list(unmodelledInSuccessor.map((area) => area.area.replace(/-/g, ' ')));
    const apis = [...new Set(unmodelledInSuccessor.map((area) => area.api))];
    const show = ops.find((op) => op.method === 'GET' && (op.path.match(/\{/g) ?? []).length === 1) ?? ops.find((op) => op.method === 'GET');
    actions.push({
      title: `Move ${words} to ${version} and check them by hand`,
      need: 'required',
      affects: `${ops.length} operations: ${ops.map((op) => code(op.operationId ?? opKey(op))).join(', ')}`,
      todo:
        `The project's facts count ${list(unmodelledInSuccessor.map((area) => `${area.operations} ${area.area.replace(/-/g, ' ')} operation${area.operations === 1 ? '' : 's'}`))} in ${apis.map(code).join(' and ')}, ` +
        `and ${version} serves the same areas (${list(unmodelledInSuccessor.map((area) => `${area.area.replace(/-/g, ' ')}: ${area.inSuccessor.length}`))}). This repository's ${apis.map(code).join(' and ')} spec does not model them, so the engine cannot say what differs: ` +
        `change their base URL like every other call, and compare each request and response with the ${version} reference (Appendix A lists the ${version} operations) before you switch.`,
      ...(show ? { after: { request: request(to, show.method, show.path) } } : {}),
      covers: [],
      source: 'facts',
      search: unmodelledInSuccessor.map((area) => `/${area.area}`),
    });
  }
  return byUrgency(actions);
}

/** The engine's breaking and warning differences that no action covers (none, when every one has an action). */
export function uncovered(inputs: MigrationInputs, actions: readonly Action[]): Change[] {
  const covered = new Set(actions.flatMap((a) => a.covers.map((c) => c.fingerprint)));
  return distinctChanges(inputs.result.changes).filter((c) => !isDocumentationOnly(c) && c.level !== 'info' && !covered.has(c.fingerprint));
}

/**
 * Most urgent first, consistently with the engine's levels: the steps without an engine level
 * (base URL, version pin, areas to check by hand), then breaking, then warning. The sort is stable,
 * so within one level the order above holds: removed and replaced properties come before new enum
 * values, and a removed response property is never listed after (or softer than) an added value.
 */
function byUrgency(actions: readonly Action[]): Action[] {
  const rank = (action: Action): number =>
    action.level === undefined ? 0 : ({ breaking: 1, warning: 2, info: 3 } as Record<string, number>)[action.level] ?? 3;
  return [...actions].sort((a, b) => rank(a) - rank(b));
}
