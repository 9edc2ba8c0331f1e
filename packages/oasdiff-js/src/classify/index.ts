import type { DiffTree, OperationDiff, OpRef, SchemaDelta, SchemaScope, Via } from '../diff/tree.js';
import { httpMethods, normalisePathTemplate, valueKey } from '../match/keys.js';
import type { Change } from '../result.js';
import { rulesByKey } from './catalogue.js';
import { factsOf } from './facts.js';
import { versioningChange } from './rules/versioning.js';
import { fingerprint } from './fingerprint.js';
import type { Fact, Group, RuleDefinition } from './types.js';

/** A classified change before a sentence is written for it (render writes `text`). */
export type ClassifiedChange = Omit<Change, 'text'>;

/** Index key of a fact; must agree with the `key` each rule declares. */
export function factKey(fact: Fact): string {
  switch (fact.kind) {
    case 'endpoint':
      return `endpoint:${fact.diff.change === 'added' ? 'added' : 'removed'}`;
    case 'operation':
      return `operation:${fact.fact.kind}`;
    case 'schema':
      return fact.prefix === 'schema' ? 'schema:schema:*' : `schema:${fact.prefix}:${fact.delta.change}`;
    case 'component':
      return `component:${fact.diff.change}`;
    case 'document':
      return `document:${fact.fact.kind}`;
  }
}

export const groupOrder: readonly Group[] = ['endpoints', 'schemas', 'permissions', 'parameters', 'parameter-descriptions', 'deprecated', 'security', 'servers', 'info'];

/** Gives every fact of the tree its rule. Facts no rule claims are returned so that callers (and tests) see the gap. */
export function classify(tree: DiffTree): { changes: ClassifiedChange[]; unclassified: string[] } {
  const changes: ClassifiedChange[] = [];
  const unclassified: string[] = [];
  const sharedSeen = new Set<string>();
  for (const fact of factsOf(tree)) {
    const key = factKey(fact);
    const matching = (rulesByKey.get(key) ?? []).filter((rule) => rule.match(fact));
    if (matching.length === 0) unclassified.push(key);
    const via = fact.kind === 'operation' ? fact.fact.via : fact.kind === 'schema' ? fact.via : undefined;
    for (const rule of matching) {
      const change = toChange(rule, fact);
      if (!via) {
        changes.push(change);
        continue;
      }
      // A change inside a shared component is the component's: reported once, with the operations it affects.
      const shared = asComponentChange(change, via);
      if (!sharedSeen.has(shared.fingerprint)) {
        sharedSeen.add(shared.fingerprint);
        changes.push(shared);
      }
    }
  }
  // Last, since it reads the levels every other rule gave (caps included).
  const versioning = versioningChange(changes, tree.base, tree.revision);
  if (versioning) changes.push(versioning);
  sortChanges(changes);
  return { changes, unclassified };
}

/** The order of a result's changes: by group, then place (operation, then location), then rule id. */
export function sortChanges(changes: ClassifiedChange[]): void {
  // Stable sort: changes at one place keep the order the spec gives (enum values, properties).
  const keyOf = (c: ClassifiedChange) => (c.operation ? `${c.operation.path}\u0000${methodRank(c.operation.method)}\u0000${c.location}` : c.location);
  const keys = new Map(changes.map((c) => [c, keyOf(c)]));
  changes.sort(
    (a, b) =>
      groupOrder.indexOf(a.group as Group) - groupOrder.indexOf(b.group as Group) ||
      (keys.get(a)! < keys.get(b)! ? -1 : keys.get(a)! > keys.get(b)! ? 1 : 0) ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

/**
 * Rewrites a change found at one operation inside a shared component into the component's change:
 * `GET /a response 400 application/json` → `responses/BadRequest response application/json`, no
 * operation, `affects` listing every operation that reaches the component. The fingerprint hashes the
 * rule id, the component and the place inside it (plus the values, which tell enum values apart).
 */
function asComponentChange(change: ClassifiedChange, via: Via): ClassifiedChange {
  const prefix = `${change.operation!.method} ${change.operation!.path} ${via.place}`;
  const tail = change.location.startsWith(prefix) ? change.location.slice(prefix.length) : change.location.slice(`${change.operation!.method} ${change.operation!.path}`.length);
  const location = `${via.identity} ${via.label}${tail}`;
  const { operation: _operation, ...rest } = change;
  const subject = `${valueKey(change.old ?? null)} ${valueKey(change.new ?? null)}`;
  return { ...rest, component: via.identity, location, affects: affectsOf(via.affects ?? []), fingerprint: fingerprint(change.id, `${location} ${subject}`) };
}

/**
 * The operations of both lists, each method and path once (its first place), as `{ method, path }`.
 * A set of seen keys instead of a search of the list for each entry: a shared schema may be reached by
 * hundreds of operations, and the search made that quadratic.
 */
function distinctOperations(request: readonly OpRef[], response: readonly OpRef[]): Array<{ method: string; path: string }> {
  const seen = new Set<string>();
  const out: Array<{ method: string; path: string }> = [];
  for (const list of [request, response]) {
    for (const o of list) {
      const key = `${o.method}\u0000${o.path}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ method: o.method, path: o.path });
    }
  }
  return out;
}

/**
 * The `affects` list of a change: method and path of each operation. Every change inside one component
 * names the same operations, so the list is made once per list of the tree and shared by those changes
 * (read-only, as a result is): a component that thousands of operations reach (Microsoft Graph's
 * `entity`, 14,301) changed in hundreds of places no longer holds hundreds of copies of that list.
 */
const affectsLists = new WeakMap<readonly OpRef[], Array<{ method: string; path: string }>>();

function affectsOf(list: readonly OpRef[]): Array<{ method: string; path: string }> {
  let out = affectsLists.get(list);
  if (!out) affectsLists.set(list, (out = list.map((o) => ({ method: o.method, path: o.path }))));
  return out;
}

function methodRank(method: string): number {
  return httpMethods.indexOf(method.toLowerCase() as (typeof httpMethods)[number]);
}

function opText(op: OpRef): string {
  return `${op.method} ${op.path}`;
}

function opStable(op: OpRef): string {
  return `${op.method} ${normalisePathTemplate(op.path)}`;
}

/** `['items', '[]', 'name']` → `items[].name`; `{}` (additionalProperties) and `{<regex>}` (patternProperties) attach like `[]`. */
export function propertyPath(path: readonly string[]): string {
  let text = '';
  for (const token of path) {
    if (token === '[]' || token.startsWith('{')) text += token;
    else text += (text ? '.' : '') + token;
  }
  return text;
}

function scopeText(scope: SchemaScope): string {
  switch (scope.at) {
    case 'parameter':
      return `${scope.in} ${scope.name}`;
    case 'request-body':
      return 'request body';
    case 'response-body':
      return `response ${scope.status}`;
    case 'response-header':
      return `response ${scope.status} header ${scope.header}`;
  }
}

function scopeStable(scope: SchemaScope): string {
  switch (scope.at) {
    case 'parameter':
      return `param ${scope.in}:${scope.in === 'header' ? scope.name.toLowerCase() : scope.name}`;
    case 'request-body':
      return `request ${scope.mediaType}`;
    case 'response-body':
      return `response ${scope.status} ${scope.mediaType}`;
    case 'response-header':
      return `response ${scope.status} header ${scope.header.toLowerCase()}`;
  }
}

/** Values that tell two changes of the same rule at the same place apart (enum values, composition members). */
function deltaSubject(delta: SchemaDelta): string {
  // Catch-all rules (schema-changed) cover several kinds, so the kind is part of the place.
  if (delta.extension !== undefined) return ` ${delta.change} ${delta.extension}`;
  const valued = /^(enum-value|x-extensible-enum-value|all-of|one-of|any-of|pattern-property|dependent-required|dependent-schema|discriminator-mapping-(added|deleted))-?/;
  if (!valued.test(delta.change)) return ` ${delta.change}`;
  return ` ${valueKey(delta.new ?? delta.old)}`;
  return '';
}

function deltaValues(delta: SchemaDelta): { old?: unknown; new?: unknown } {
  if (delta.change === 'property-added') return { new: delta.property };
  if (delta.change === 'property-removed') return { old: delta.property };
  if (delta.change === 'property-renamed') return { old: delta.old, new: delta.property };
  if (delta.change === 'became-required' || delta.change === 'became-optional') return { new: delta.property };
  const values: { old?: unknown; new?: unknown } = {};
  if (delta.old !== undefined) values.old = delta.old;
  if (delta.new !== undefined) values.new = delta.new;
  return values;
}

function operationOf(diff: OperationDiff): Change['operation'] {
  return diff.op.operationId ? { method: diff.op.method, path: diff.op.path, operationId: diff.op.operationId } : { method: diff.op.method, path: diff.op.path };
}

/** The disclaimer a capped change carries (oasdiff's name for it). */
export const allOfNotFlattened = 'all-of-not-flattened';

/** Rules whose oasdiff check caps only in a body whose root schema composes with allOf (checker/check_request_property_required_updated.go: the body's disclaimer, not the property's). */
const bodyRootOnly = /^request-property-became-(required|required-with-default|optional)$/;

/** Where oasdiff compares an allOf member by member (its body and property checks), so a change found there may not change the merged schema. */
const allOfCapped = new Set<string>(['request-body', 'request-property', 'response-body', 'response-property']);

/**
 * The rule's level, capped at warning for a change found under an `allOf` (see `SchemaDelta.allOf`):
 * oasdiff v1.37's all-of-not-flattened disclaimer (checker/disclaimer.go, media_type_walker.go). As
 * there, an added member and an annotation-only member are never capped (they remove nothing), nor
 * is a list-of-types change (oasdiff finds it outside its walkers). A component's change is capped
 * the same way when every use the operations make of the component, in the fact's direction, passes
 * through an `allOf` member (`underAllOf`, from `diff/uses.ts`): oasdiff walks each use from the body
 * and finds the change under the member; where one use is clean it reports an uncapped finding there.
 * oasdiff also caps every change of a body whose root schema composes with allOf, and its check of
 * request properties that became required reads only that (`bodyRootAllOf`).
 * A level set by a severity-levels file is applied after this and wins, as in oasdiff.
 */
export function cappedLevel(rule: RuleDefinition, fact: Fact): RuleDefinition['level'] {
  if (rule.level !== 'breaking' || fact.kind !== 'schema' || !allOfCapped.has(fact.prefix)) return rule.level;
  // oasdiff's check of request properties that became required or optional reads only the body's root schema.
  const component = bodyRootOnly.test(rule.id) ? fact.bodyRootAllOf : fact.underAllOf;
  if (fact.delta.allOf !== true && component !== true) return rule.level;
  if (/-all-of-added$|-annotation-only$|-list-of-types-/.test(rule.id)) return rule.level;
  return 'warning';
}

/**
 * oasdiff v1.37's severity law for a property no party of this direction sees (checker/guard.go,
 * checker/rules/derive.go): a change to a read-only property judged on the request side, or to a
 * write-only property judged on the response side, affects nobody, so it reads as info under the same
 * id. The rules that are about the access itself (`*-became-read-only`, `*-write-only-*`, …) judge the
 * flip and keep their level, as oasdiff's do (`withoutGuard`).
 */
export function guardedLevel(rule: RuleDefinition, fact: Fact, level: RuleDefinition['level']): RuleDefinition['level'] {
  if (level === 'info' || fact.kind !== 'schema' || /read-only|write-only/.test(rule.id)) return level;
  const unseen = (fact.prefix === 'request-property' && fact.delta.access === 'read-only') || (fact.prefix === 'response-property' && fact.delta.access === 'write-only');
  return unseen ? 'info' : level;
}

function toChange(rule: RuleDefinition, fact: Fact): ClassifiedChange {
  const capped = cappedLevel(rule, fact);
  const level = guardedLevel(rule, fact, capped);
  // A capped change says why (oasdiff's disclaimer name), so a reader knows the level is a ceiling, not the rule's.
  const base = { id: rule.id, level, direction: rule.direction, action: rule.action, group: rule.group, documentation: rule.documentation, ...(capped !== rule.level && level === capped ? { disclaimers: [allOfNotFlattened] } : {}) };
  let rest: Omit<ClassifiedChange, keyof typeof base | 'fingerprint'>;
  let stable: string;
  switch (fact.kind) {
    case 'endpoint': {
      const d = fact.diff;
      rest = { kind: `endpoint:${d.change}`, operation: operationOf(d), location: opText(d.op), pointers: d.pointers, ...(d.change === 'added' ? { new: d.details } : { old: d.details }) };
      stable = opStable(d.op);
      break;
    }
    case 'operation': {
      const d = fact.diff;
      const f = fact.fact;
      const op = opText(d.op);
      const common = { operation: operationOf(d), pointers: f.pointers };
      switch (f.kind) {
        case 'parameter': {
          const p = f.new ?? f.old!;
          rest = { ...common, kind: `parameter:${f.change}`, location: `${op} ${p.in} ${p.name}`, ...(f.old ? { old: f.old } : {}), ...(f.new ? { new: f.new } : {}), ...(f.inferred !== undefined ? { inferred: f.inferred } : {}) };
          stable = `${opStable(d.op)} param ${f.old ? `${f.old.in}:${f.old.name}` : ''}>${f.new ? `${f.new.in}:${f.new.name}` : ''}`;
          break;
        }
        case 'parameter-order':
          rest = { ...common, kind: 'parameter-order', location: `${op} parameters`, old: f.old, new: f.new };
          stable = `${opStable(d.op)} parameters`;
          break;
        case 'deprecation':
          rest = { ...common, kind: `endpoint:${f.change}`, location: op, new: d.details };
          stable = opStable(d.op);
          break;
        case 'field':
          rest = { ...common, kind: `field:${f.field}`, location: `${op} ${f.field}`, ...(f.old !== undefined ? { old: f.old } : {}), ...(f.new !== undefined ? { new: f.new } : {}) };
          stable = `${opStable(d.op)} ${f.field}`;
          break;
        case 'extension': {
          // `place` (a parameter, the request body, a media type, a response, a header) sits between the operation and the name.
          const place = f.place !== undefined ? ` ${f.place}` : '';
          rest = { ...common, kind: `extension:${f.change}`, location: `${op}${place} ${f.name}`, ...(f.old !== undefined ? { old: f.old } : {}), ...(f.new !== undefined ? { new: f.new } : {}) };
          stable = `${opStable(d.op)}${f.node !== undefined ? ` ${f.node}${place.toLowerCase()}` : ''} ${f.name}`;
          break;
        }
        case 'stability':
          rest = { ...common, kind: `stability:${f.change}`, location: `${op} x-stability-level`, ...(f.old !== undefined ? { old: f.old } : {}), ...(f.new !== undefined ? { new: f.new } : {}) };
          stable = `${opStable(d.op)} x-stability-level`;
          break;
        case 'tag':
          rest = { ...common, kind: `tag:${f.change}`, location: `${op} tag ${f.tag}`, ...(f.change === 'added' ? { new: f.tag } : { old: f.tag }) };
          stable = `${opStable(d.op)} tag ${f.tag}`;
          break;
        case 'permission':
          rest = { ...common, kind: `permission:${f.change}`, location: `${op} x-permission`, old: f.old, new: f.new };
          stable = `${opStable(d.op)} x-permission`;
          break;
        case 'request-body':
          rest = { ...common, kind: `request-body:${f.change}`, location: `${op} request body`, new: { required: f.required } };
          stable = `${opStable(d.op)} request body`;
          break;
        case 'media-type': {
          const where = f.where === 'request' ? 'request body' : `response ${f.status}`;
          rest = { ...common, kind: `media-type:${f.change}`, location: `${op} ${where} ${f.mediaType}${f.parameter !== undefined ? ` parameter ${f.parameter}` : ''}`, ...(f.change === 'added' ? { new: f.mediaType } : f.change === 'removed' ? { old: f.mediaType } : { old: f.old, new: f.new }) };
          stable = `${opStable(d.op)} ${where} ${f.mediaType.toLowerCase()}${f.parameter !== undefined ? ` parameter ${f.parameter.toLowerCase()}` : ''}`;
          break;
        }
        case 'encoding': {
          const where = f.where === 'request' ? 'request body' : `response ${f.status}`;
          rest = { ...common, kind: `encoding:${f.change}`, location: `${op} ${where} ${f.mediaType} encoding ${f.property}`, ...(f.old !== undefined ? { old: f.old } : {}), ...(f.new !== undefined ? { new: f.new } : {}) };
          stable = `${opStable(d.op)} ${where} ${f.mediaType.toLowerCase()} encoding ${f.property} ${f.change}`;
          break;
        }
        case 'response':
          rest = {
            ...common,
            kind: `response:${f.change}`,
            location: `${op} response ${f.status}`,
            ...(f.change === 'added'
              ? { new: { status: f.status, description: f.description } }
              : f.change === 'removed'
                ? { old: { status: f.status } }
                : { old: { status: f.status, description: f.oldDescription }, new: { status: f.status, description: f.description } }),
          };
          stable = `${opStable(d.op)} response ${f.status}${f.change === 'description-changed' ? ' description' : ''}`;
          break;
        case 'response-header':
          rest = { ...common, kind: `response-header:${f.change}`, location: `${op} response ${f.status} header ${f.header}`, new: { header: f.header, required: f.required } };
          stable = `${opStable(d.op)} response ${f.status} header ${f.header.toLowerCase()}`;
          break;
        // lifecycle: a sunset date read against the deprecation period (diff/lifecycle.ts)
        case 'lifecycle': {
          const where = f.parameter ? ` ${f.parameter.in} ${f.parameter.name}` : '';
          const value = { ...(f.sunset !== undefined ? { sunset: f.sunset } : {}), ...(f.days !== undefined ? { days: f.days } : {}), ...(f.parameter ? { parameter: f.parameter } : {}) };
          rest = { ...common, kind: `lifecycle:${f.stage}`, location: `${op}${where}${/^sunset-(deleted|parse|date-changed)/.test(f.stage) ? ' x-sunset' : ''}`, new: value, ...(f.oldSunset !== undefined ? { old: { sunset: f.oldSunset } } : {}) };
          stable = `${opStable(d.op)}${f.parameter ? ` param ${f.parameter.in}:${f.parameter.in === 'header' ? f.parameter.name.toLowerCase() : f.parameter.name}` : ''} x-sunset`;
          break;
        }
        case 'security': {
          const scope = f.scope !== undefined ? ` scope ${f.scope}` : '';
          rest = { ...common, kind: `security:${f.change}`, location: `${op} security ${f.scheme}${scope}`, ...(f.change.endsWith('added') ? { new: f.scope ?? f.scheme } : { old: f.scope ?? f.scheme }) };
          stable = `${opStable(d.op)} security ${f.scheme}${scope}`;
          break;
        }
      }
      break;
    }
    case 'schema': {
      const path = propertyPath(fact.delta.path);
      const values = deltaValues(fact.delta);
      const extra = fact.delta.inferred !== undefined ? { inferred: fact.delta.inferred } : {};
      if (fact.operation && fact.scope) {
        const op = opText(fact.operation.op);
        const ext = fact.delta.extension !== undefined ? ` ${fact.delta.extension}` : '';
        rest = { kind: fact.delta.change, operation: operationOf(fact.operation), location: `${op} ${scopeText(fact.scope)}${path ? ' ' + path : ''}${ext}`, pointers: fact.delta.pointers, ...values, ...extra };
        stable = `${opStable(fact.operation.op)} ${scopeStable(fact.scope)} ${fact.delta.path.join('/')}${deltaSubject(fact.delta)}`;
      } else {
        const c = fact.component!;
        rest = {
          kind: fact.delta.change,
          component: c.identity,
          schemaName: c.name,
          ...(path ? { propertyPath: path } : {}),
          location: `${c.name}${path ? '.' + path : ''}${fact.delta.extension !== undefined ? ` ${fact.delta.extension}` : ''}`,
          pointers: fact.delta.pointers,
          affects: affectsOf(fact.affects ?? []),
          ...values,
          ...extra,
        };
        stable = `${c.identity} ${fact.delta.path.join('/')}${deltaSubject(fact.delta)}`;
      }
      break;
    }
    case 'component': {
      const c = fact.diff;
      rest = {
        kind: `schema:${c.change}`,
        component: c.identity,
        schemaName: c.name,
        location: c.name,
        pointers: c.pointers,
        ...(c.change === 'removed' ? { old: c.details } : { new: c.details }),
        ...(c.change === 'renamed' ? { old: c.from, inferred: c.inferred === true } : {}),
        affects: distinctOperations(c.reach.request, c.reach.response),
      };
      stable = c.change === 'renamed' ? `${c.from} > ${c.identity}` : c.identity;
      break;
    }
    case 'document': {
      const f = fact.fact;
      switch (f.kind) {
        case 'server':
          rest = { kind: `server:${f.change}`, location: `servers ${f.url}`, pointers: f.pointers, ...(f.change === 'added' ? { new: f.url } : { old: f.url }) };
          stable = `server ${f.url}`;
          break;
        case 'info':
          rest = { kind: `info:${f.field}`, location: `info.${f.field}`, pointers: f.pointers, ...(f.old !== undefined ? { old: f.old } : {}), ...(f.new !== undefined ? { new: f.new } : {}) };
          stable = `info ${f.field}`;
          break;
        case 'global-security': {
          const scope = f.scope !== undefined ? ` scope ${f.scope}` : '';
          rest = { kind: `global-security:${f.change}`, location: `security ${f.scheme}${scope}`, pointers: f.pointers, ...(f.change.endsWith('added') ? { new: f.scope ?? f.scheme } : { old: f.scope ?? f.scheme }) };
          stable = `security ${f.scheme}${scope}`;
          break;
        }
        case 'webhook':
          rest = { kind: `webhook:${f.change}`, location: `webhooks ${f.name}`, pointers: f.pointers, ...(f.change === 'added' ? { new: f.name } : { old: f.name }) };
          stable = `webhook ${f.name}`;
          break;
        case 'oauth': {
          const scope = f.scope !== undefined ? ` scope ${f.scope}` : '';
          rest = { kind: `oauth:${f.change}`, location: `securitySchemes ${f.name} ${f.flow}${scope}`, pointers: f.pointers, ...(f.old !== undefined ? { old: f.old } : {}), ...(f.new !== undefined ? { new: f.new } : {}), ...(f.change === 'scope-added' ? { new: f.scope } : f.change === 'scope-removed' ? { old: f.scope } : {}) };
          stable = `oauth ${f.name} ${f.flow} ${f.change}${scope}`;
          break;
        }
        case 'component':
          rest = { kind: `component:${f.change}`, component: `${f.section}/${f.name}`, location: `components/${f.section}/${f.name}`, pointers: f.pointers, affects: affectsOf(f.affects) };
          stable = `component ${f.section}/${f.name}`;
          break;
        case 'extension': {
          const named = { path: 'paths', tag: 'tags', server: 'servers', 'security-scheme': 'securitySchemes' } as const;
          const where = f.node === 'document' || f.node === 'info' || f.node === 'paths' || f.node === 'components' ? f.node : `${named[f.node]} ${f.place ?? ''}`;
          rest = { kind: `extension:${f.change}`, location: `${where} ${f.name}`, pointers: f.pointers, ...(f.old !== undefined ? { old: f.old } : {}), ...(f.new !== undefined ? { new: f.new } : {}) };
          stable = `${f.node === 'path' ? `paths ${normalisePathTemplate(f.place ?? '')}` : where} ${f.name}`;
          break;
        }
        case 'security-scheme':
          rest = { kind: `security-scheme:${f.change}`, location: `securitySchemes ${f.name}`, pointers: f.pointers, ...(f.old !== undefined ? { old: f.old } : {}), ...(f.new !== undefined ? { new: f.new } : {}) };
          stable = `securitySchemes ${f.name}`;
          break;
      }
      break;
    }
  }
  return { ...base, ...rest, fingerprint: fingerprint(rule.id, stable) } as ClassifiedChange;
}
