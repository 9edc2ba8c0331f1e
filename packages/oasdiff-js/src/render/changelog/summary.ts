import type { EndpointDetails, ParameterDetails, PropertyDetails } from '../../diff/tree.js';
import type { Change } from '../../result.js';
import { levelMarker, moreSevere, propertyOwner, schemaPlace } from './counts.js';
import { code, codeValue, list, memberWords, plural } from './phrases.js';

/** Appends to the list under `key` (linear: no copy per item). */
function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const items = map.get(key);
  if (items) items.push(value);
  else map.set(key, [value]);
}

/** One summary bullet and what orders it: level first, then importance (rank), then reach. */
interface Topic {
  readonly level: string;
  /** 0 removals, 1 new endpoints, 2 changed endpoints and properties now always sent, 2.5 new optional properties, 3 other schema changes, 4 permissions, 5 new schemas. */
  readonly rank: number;
  /** How many operations the topic reaches; more comes first. */
  readonly weight: number;
  readonly text: string;
}

/** Members of a schema that lost exactly one enum value and gained exactly one: a replacement, keyed `Schema.member`. */
export function enumSwaps(changes: readonly Change[]): Map<string, { added: unknown; removed: unknown; changes: Change[] }> {
  const byPlace = new Map<string, Change[]>();
  for (const c of changes.filter((x) => x.component && (x.kind === 'enum-value-added' || x.kind === 'enum-value-removed'))) {
    const { schema, member } = schemaPlace(c);
    push(byPlace, `${schema}.${member}`, c);
  }
  const swaps = new Map<string, { added: unknown; removed: unknown; changes: Change[] }>();
  for (const [place, group] of byPlace) {
    const added = unique(group.filter((c) => c.kind === 'enum-value-added').map((c) => JSON.stringify(c.new)));
    const removed = unique(group.filter((c) => c.kind === 'enum-value-removed').map((c) => JSON.stringify(c.old)));
    if (added.length === 1 && removed.length === 1) swaps.set(place, { added: JSON.parse(added[0]!), removed: JSON.parse(removed[0]!), changes: group });
  }
  return swaps;
}

/**
 * What replaced a removed schema, per operation that used it: the schemas added in the same revision
 * that reach only operations the removed one reached (a shared error schema reaching everything is
 * not a replacement).
 */
export function successorsOf(removed: Change, changes: readonly Change[]): Array<{ operation: string; schemas: string[] }> {
  const users = new Set((removed.affects ?? []).map(op));
  if (users.size === 0) return [];
  const candidates = addedSchemasOf(changes).filter((c) => (c.affects ?? []).length > 0 && (c.affects ?? []).every((o) => users.has(op(o))));
  return [...users]
    .map((operation) => ({ operation, schemas: candidates.filter((c) => (c.affects ?? []).some((o) => op(o) === operation)).map((c) => c.location) }))
    .filter((entry) => entry.schemas.length > 0);
}

const addedSchemaLists = new WeakMap<readonly Change[], Change[]>();
/** The added schemas among `changes`, found once per list (a revision may remove many schemas). */
function addedSchemasOf(changes: readonly Change[]): Change[] {
  let found = addedSchemaLists.get(changes);
  if (!found) {
    found = changes.filter((c) => c.kind === 'schema:added');
    addedSchemaLists.set(changes, found);
  }
  return found;
}

/** `` `POST /a` now uses `X`; `POST /b` now uses `Y` `` */
export function successorText(successors: ReturnType<typeof successorsOf>): string {
  return successors.map((s) => `${code(s.operation)} now uses ${list(s.schemas.map(code))}`).join('; ');
}

const LEVEL_ORDER = ['breaking', 'warning', 'info'];
const MAX_BULLETS = 8;
const op = (o: { method: string; path: string }) => `${o.method.toUpperCase()} ${o.path}`;

/** At most `max` names, then how many more. */
function some(names: readonly string[], max: number): string {
  return names.length <= max ? list(names) : `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
}

const unique = <T>(items: readonly T[]): T[] => [...new Set(items)];
const severest = (changes: readonly Change[]) => changes.map((c) => c.level).reduce((a, b) => moreSevere(a, b), 'info');
/** Each operation key seen by `reach`, numbered; and each `affects` list as the numbers of its operations. */
const operationNumbers = new Map<string, number>();
const numberedLists = new WeakMap<readonly { method: string; path: string }[], Int32Array>();

function numberOf(o: { method: string; path: string }): number {
  const key = op(o);
  let n = operationNumbers.get(key);
  if (n === undefined) operationNumbers.set(key, (n = operationNumbers.size));
  return n;
}

/**
 * How many operations `changes` reach. Changes inside one component share its `affects` list (see
 * classify's `affectsOf`): each list is numbered once, and its union with the others is counted in a
 * typed array. A bullet over hundreds of changes, each to a component that thousands of operations reach,
 * built a key for every operation of every change (Microsoft Graph's changelog ran out of memory).
 */
function reach(changes: readonly Change[]): number {
  const lists: Int32Array[] = [];
  const seen = new Set<readonly { method: string; path: string }[]>();
  const own: number[] = [];
  for (const c of changes) {
    if (c.affects && !seen.has(c.affects)) {
      seen.add(c.affects);
      let numbers = numberedLists.get(c.affects);
      if (!numbers) numberedLists.set(c.affects, (numbers = Int32Array.from(c.affects, numberOf)));
      lists.push(numbers);
    }
    if (c.operation) own.push(numberOf(c.operation));
  }
  const counted = new Uint8Array(operationNumbers.size);
  let count = 0;
  const mark = (n: number) => {
    if (counted[n] === 0) {
      counted[n] = 1;
      count++;
    }
  };
  for (const numbers of lists) for (let i = 0; i < numbers.length; i++) mark(numbers[i]!);
  for (const n of own) mark(n);
  return count;
}

function ownerOf(c: Change): { owner: string; member: string } {
  const { schema, member } = schemaPlace(c);
  return { owner: schema, member };
}

const GROUP_WORDS: Record<string, string> = {
  'became-optional': 'became optional',
  'became-required': 'became required',
  'format-added': 'now document their format',
  'format-removed': 'no longer document a format',
  'enum-removed': 'are no longer limited to fixed values',
  'became-nullable': 'may now be `null`',
  deprecated: 'are deprecated',
};

/** Changes to members of existing schemas, one bullet per kind of change. */
function memberTopics(changes: readonly Change[]): Topic[] {
  // One bullet per kind and level: a bullet carries one marker, so a response's new enum value (a
  // warning) is never lumped with a request's (info) under the warning's words.
  const byKind = new Map<string, Change[]>();
  for (const c of changes) push(byKind, `${c.kind}|${c.level}`, c);
  const topics: Topic[] = [];
  for (const [key, group] of byKind) {
    const kind = key.slice(0, key.lastIndexOf('|'));
    const members = unique(group.map((c) => ownerOf(c).member || ownerOf(c).owner));
    const owners = unique(group.map((c) => ownerOf(c).owner)).map(code);
    const removal = kind.endsWith('-removed');
    let text: string;
    const where = group.some((c) => ownerOf(c).member) ? ` in ${some(owners, 3)}${owners.length > 3 ? ` (${owners.length} schemas)` : ''}` : '';
    if (kind === 'enum-value-added' || kind === 'enum-value-removed') {
      const values = unique(group.map((c) => JSON.stringify(kind === 'enum-value-added' ? c.new : c.old))).map((v) => codeValue(JSON.parse(v)));
      const many = members.length > 1 || values.length > 1;
      const verb = kind === 'enum-value-added' ? `${members.length === 1 ? 'has' : 'have'} the new ${values.length === 1 ? 'value' : 'values'}` : `lost the ${values.length === 1 ? 'value' : 'values'}`;
      const felt = kind === 'enum-value-added' && group.some((c) => c.direction === 'response') ? `; responses may now carry ${many ? 'them' : 'it'}, so code that switches over the values needs a case for ${many ? 'them' : 'it'}` : '';
      text = `${list(members.map(code))}${where} ${verb} ${list(values)}${felt}.`;
    } else if (members.length === 1) {
      {
        text = `${code(members[0]!)}${where} ${memberWords(group[0]!)}.`;
      }
    } else {
      const words = GROUP_WORDS[kind] ?? `changed (${memberWords(group[0]!).split(' ').slice(0, 4).join(' ')} …)`;
      text = `${plural(members.length, 'property', 'properties')} of ${some(owners, 3)} ${words}: ${some(members.map(code), 6)}.`;
    }
    // What a request must (or no longer must) carry is felt by every caller of it.
    const requestShape = (kind === 'became-optional' || kind === 'became-required') && group.some((c) => c.direction === 'request');
    topics.push({ level: severest(group), rank: removal ? 0 : requestShape ? 2 : 3, weight: reach(group), text });
  }
  return topics;
}

/**
 * The Summary bullets of an entry, for people: what callers feel first. Ordered by level, then
 * importance (removals before additions before other edits), then how many operations a change
 * reaches. One bullet per changed endpoint. Removals are always summarised; other bullets beyond
 * the eighth are folded into a pointer to the sections below.
 */
export function summaryBullets(changes: readonly Change[], documentationCount: number): string[] {
  const topics: Topic[] = [];
  const of = (pred: (c: Change) => boolean) => changes.filter(pred);

  const removedEndpoints = of((c) => c.kind === 'endpoint:removed');
  if (removedEndpoints.length > 0) topics.push({ level: severest(removedEndpoints), rank: 0, weight: removedEndpoints.length, text: `Removed ${plural(removedEndpoints.length, 'endpoint')}: ${list(removedEndpoints.map((c) => code(c.location)))}.` });

  const removedSchemas = of((c) => c.kind === 'schema:removed');
  const unreplaced: Change[] = [];
  for (const c of removedSchemas) {
    const successors = successorsOf(c, changes);
    const by = [...new Set(successors.flatMap((s) => s.schemas))];
    if (by.length > 0) topics.push({ level: c.level, rank: 0, weight: reach([c]), text: `${code(c.location)} is replaced by ${list(by.map(code))}: ${successorText(successors)}.` });
    else unreplaced.push(c);
  }
  if (unreplaced.length > 0) {
    const names = unreplaced.map((c) => code(c.location));
    topics.push({ level: severest(unreplaced), rank: 0, weight: reach(unreplaced), text: `Removed ${unreplaced.length === 1 ? 'the schema' : `${unreplaced.length} schemas`} ${some(names, 8)}${unreplaced.length > 8 ? ' (all listed below)' : ''}.` });
  }

  const added = of((c) => c.kind === 'endpoint:added');
  if (added.length > 0) {
    const names = added.map((c) => {
      const summary = (c.new as EndpointDetails).summary?.replace(/\.$/, '');
      return `${code(c.location)}${summary ? ` (${summary})` : ''}`;
    });
    topics.push({ level: severest(added), rank: 1, weight: added.length, text: `New ${added.length === 1 ? 'endpoint' : 'endpoints'}: ${some(names, 6)}.` });
  }

  // Properties added to or removed from existing schemas, one bullet per property name.
  for (const kind of ['property-removed', 'property-added'] as const) {
    const byName = new Map<string, Change[]>();
    for (const c of of((c) => c.kind === kind && c.component !== undefined)) {
      const name = ((c.new ?? c.old) as PropertyDetails).name;
      push(byName, name, c);
    }
    for (const [name, group] of byName) {
      const p = (group[0]!.new ?? group[0]!.old) as PropertyDetails;
      const owners = unique(group.map((c) => propertyOwner(c, name))).map(code);
      const users = unique(group.flatMap((c) => c.affects ?? []).map(op)).map(code);
      const text =
        kind === 'property-added'
          ? `Added ${code(name)}${p.enum ? ` (${list(p.enum.map(codeValue))})` : ''} to ${some(owners, 4)}${group.some((c) => c.direction === 'response' && (c.new as PropertyDetails).required) ? '; always present in responses' : ''}.`
          : `Removed ${code(name)} from ${some(owners, 4)}${users.length > 0 ? ` (used by ${some(users, 3)})` : ''}.`;
      // A property every response now carries is felt before an optional one.
      const alwaysSent = group.some((c) => c.direction === 'response' && (c.new as PropertyDetails | undefined)?.required);
      topics.push({ level: severest(group), rank: kind === 'property-removed' ? 0 : alwaysSent ? 2 : 2.5, weight: reach(group), text });
    }
  }

  // Every existing endpoint with changes of its own gets one bullet.
  const byOperation = new Map<string, Change[]>();
  for (const c of of((c) => c.operation !== undefined && c.component === undefined && c.group !== 'permissions' && !c.kind.startsWith('endpoint:'))) {
    push(byOperation, op(c.operation!), c);
  }
  for (const [key, group] of byOperation) {
    const parts: string[] = [];
    for (const [kind, word] of [['parameter:added', 'new'], ['parameter:removed', 'removed']] as const) {
      const params = group.filter((c) => c.kind === kind).map((c) => (c.new ?? c.old) as ParameterDetails);
      for (const where of unique(params.map((p) => p.in))) {
        const names = params.filter((p) => p.in === where).map((p) => code(p.name));
        parts.push(`${word} ${where} ${names.length === 1 ? 'parameter' : 'parameters'} ${list(names)}`);
      }
    }
    const other = group.filter((c) => c.kind !== 'parameter:added' && c.kind !== 'parameter:removed');
    if (other.length > 0) parts.push(parts.length > 0 ? `${plural(other.length, 'other change')} (below)` : `${plural(other.length, 'change')} (below)`);
    const removal = group.some((c) => c.action === 'removed');
    topics.push({ level: severest(group), rank: removal ? 0 : 2, weight: 1, text: `${code(key)}: ${parts.join('; ')}.` });
  }

  // One enum value removed and one added on the same member read as a replacement (`DAG_TAG` replaces `TAG`).
  const swaps = enumSwaps(changes);
  for (const [place, swap] of swaps) {
    const [schema, ...member] = place.split('.');
    topics.push({ level: severest(swap.changes), rank: 0, weight: reach(swap.changes), text: `${code(member.join('.'))} in ${code(schema!)}: ${codeValue(swap.added)} replaces ${codeValue(swap.removed)}; send and expect the new value.` });
  }
  const swapped = new Set([...swaps.values()].flatMap((swap) => swap.changes));
  topics.push(...memberTopics(of((c) => c.component !== undefined && !swapped.has(c) && !['property-added', 'property-removed'].includes(c.kind) && !c.kind.startsWith('schema:'))));

  const permissions = of((c) => c.group === 'permissions');
  const declared = permissions.filter((c) => c.action === 'added');
  if (declared.length > 0) {
    const values = unique(declared.flatMap((c) => c.new as string[])).map(code);
    const paths = unique(declared.map((c) => c.operation!.path));
    topics.push({ level: severest(declared), rank: 4, weight: declared.length, text: `${plural(declared.length, 'operation')} on ${plural(paths.length, 'path')} now state the permission they need: ${list(values)}.` });
  }
  for (const c of permissions.filter((c) => c.action !== 'added')) {
    const text = c.action === 'removed' ? `${code(op(c.operation!))} no longer states a permission (was ${list((c.old as string[]).map(code))}).` : `${code(op(c.operation!))} now requires ${list((c.new as string[]).map(code))} instead of ${list((c.old as string[]).map(code))}.`;
    topics.push({ level: c.level, rank: c.action === 'removed' ? 0 : 4, weight: 1, text });
  }

  const newSchemas = of((c) => c.kind === 'schema:added');
  if (newSchemas.length > 0) topics.push({ level: severest(newSchemas), rank: 5, weight: 0, text: `New ${newSchemas.length === 1 ? 'schema' : 'schemas'}: ${some(newSchemas.map((c) => code(c.location)), 6)}.` });
  const renamed = of((c) => c.kind === 'schema:renamed');
  for (const c of renamed) topics.push({ level: c.level, rank: 3, weight: reach([c]), text: `${code(c.location)} replaces ${codeValue(c.old)} (a rename; the definition is unchanged).` });

  const others = of((c) => c.operation === undefined && c.component === undefined && !c.kind.startsWith('schema:'));
  if (others.length > 0) topics.push({ level: severest(others), rank: 3, weight: 0, text: `${plural(others.length, 'change')} to servers, security or API information (below).` });

  topics.sort((a, b) => LEVEL_ORDER.indexOf(a.level) - LEVEL_ORDER.indexOf(b.level) || a.rank - b.rank || b.weight - a.weight);
  const shown = topics.filter((t, i) => i < MAX_BULLETS || t.rank === 0);
  const bullets = shown.map((t) => `${levelMarker(t.level) ? `${levelMarker(t.level)} ` : ''}${t.text}`);
  if (shown.length < topics.length) bullets.push(`${plural(topics.length - shown.length, 'more change', 'more changes')} below.`);
  if (documentationCount > 0) bullets.push(`Documentation: ${plural(documentationCount, 'change')} to descriptions or examples only.`);
  if (bullets.length === 0) bullets.push('No changes.');
  return bullets;
}
