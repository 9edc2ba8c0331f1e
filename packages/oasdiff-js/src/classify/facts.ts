import type { ComponentDiff, DiffTree, OpRef, SchemaChangeKind, SchemaDelta, SchemaScope } from '../diff/tree.js';
import type { Fact, SchemaPrefix } from './types.js';

const propertyKinds = new Set<SchemaChangeKind>(['property-added', 'property-removed', 'property-renamed', 'became-required', 'became-optional']);

/** The prefix a schema delta reads under, from its direction, where it sits, and whether it is about a property. */
export function schemaPrefix(direction: 'request' | 'response' | 'none', at: SchemaScope['at'] | 'component', delta: SchemaDelta): SchemaPrefix {
  if (direction === 'none') return 'schema';
  if (propertyKinds.has(delta.change)) return `${direction}-property`;
  // A description belongs to the property it sits on; at a schema's root it reads with the root's scope.
  if (delta.change === 'description-changed' && delta.path.length > 0) return `${direction}-property`;
  if (at === 'parameter') return 'request-parameter';
  if (at === 'response-header') return 'response-header';
  return delta.path.length === 0 ? `${direction}-body` : `${direction}-property`;
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
  const add = (direction: 'request' | 'response' | 'none', affects: OpRef[]) =>
    out.push({ kind: 'schema', prefix: schemaPrefix(direction, 'component', delta), delta, component, affects });
  if (component.reach.request.length > 0) add('request', component.reach.request);
  if (component.reach.response.length > 0) add('response', component.reach.response);
  if (out.length === 0) add('none', []);
  return out;
}
