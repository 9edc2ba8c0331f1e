import type { SchemaRole } from '../diff/reachability.js';
import type { ComponentDiff, DiffTree, OpRef, SchemaChangeKind, SchemaDelta, SchemaScope } from '../diff/tree.js';
import type { Fact, SchemaPrefix } from './types.js';

const propertyKinds = new Set<SchemaChangeKind>(['property-added', 'property-removed', 'property-renamed', 'became-required', 'became-optional']);

/** The prefix a schema delta reads under, from its direction, where it sits, and whether it is about a property. */
export function schemaPrefix(direction: 'request' | 'response' | 'none', at: SchemaScope['at'] | 'component', delta: SchemaDelta, roles?: readonly SchemaRole[]): SchemaPrefix {
  if (direction === 'none') return 'schema';
  if (propertyKinds.has(delta.change)) return `${direction}-property`;
  // A description belongs to the property it sits on; at a schema's root it reads with the root's scope.
  if (delta.change === 'description-changed' && delta.path.length > 0) return `${direction}-property`;
  const place = at === 'component' && roles ? componentScope(direction, roles, delta) : at;
  if (place === 'parameter') return 'request-parameter';
  if (place === 'response-header') return 'response-header';
  if (place === 'property') return `${direction}-property`;
  return delta.path.length === 0 ? `${direction}-body` : `${direction}-property`;
}

/**
 * Where a component's change reads, from what operations use the component as in this direction (issue
 * 20): a body's schema first (a component that is some body's schema reads as before), then a
 * parameter's or a header's (its whole schema reads under that prefix, as an inline one does), then a
 * property (`Status`, named by a property: its enum reads `*-property-enum-*`). No role (a component
 * reached only through something else): as a body.
 */
function componentScope(direction: 'request' | 'response', roles: readonly SchemaRole[], delta: SchemaDelta): 'component' | 'parameter' | 'response-header' | 'property' {
  if (roles.includes(`${direction}-body`)) return 'component';
  if (direction === 'request' && roles.includes('parameter')) return 'parameter';
  if (direction === 'response' && roles.includes('header')) return 'response-header';
  if (roles.includes('property') && delta.path.length === 0) return 'property';
  return 'component';
}

/** Flattens the change tree into the facts rules read. A component delta yields one fact per direction that reaches it. */
export function factsOf(tree: DiffTree): Fact[] {
  const facts: Fact[] = [];
  for (const diff of tree.operations) {
    if (diff.change !== 'changed') {
      facts.push({ kind: 'endpoint', diff });
      continue;
    }
    for (const fact of diff.facts) {
      if (fact.kind !== 'schema') {
        facts.push({ kind: 'operation', diff, fact });
        continue;
      }
      const direction = fact.scope.at === 'parameter' || fact.scope.at === 'request-body' ? 'request' : 'response';
      facts.push({ kind: 'schema', prefix: schemaPrefix(direction, fact.scope.at, fact.delta), delta: fact.delta, operation: diff, scope: fact.scope, ...(fact.via ? { via: fact.via } : {}) });
    }
  }
  for (const diff of tree.components) {
    if (diff.change !== 'changed') facts.push({ kind: 'component', diff });
    for (const delta of diff.deltas) facts.push(...componentDeltaFacts(diff, delta));
  }
  for (const fact of tree.document) facts.push({ kind: 'document', fact });
  return facts;
}

function componentDeltaFacts(component: ComponentDiff, delta: SchemaDelta): Fact[] {
  const out: Fact[] = [];
  const add = (direction: 'request' | 'response' | 'none', affects: OpRef[]) => {
    const use = direction === 'none' ? undefined : component.uses?.[direction];
    out.push({
      kind: 'schema',
      prefix: schemaPrefix(direction, 'component', delta, component.roles),
      delta,
      component,
      affects,
      // Media types only where some are known: an empty list would read as "not JSON".
      ...(use && use.mediaTypes.length > 0 ? { mediaTypes: use.mediaTypes } : {}),
      ...(use?.underAllOf ? { underAllOf: true as const } : {}),
      ...(use?.bodyRootAllOf ? { bodyRootAllOf: true as const } : {}),
    });
  };
  if (component.reach.request.length > 0) add('request', component.reach.request);
  if (component.reach.response.length > 0) add('response', component.reach.response);
  if (out.length === 0) add('none', []);
  return out;
}
