import type { ComponentDiff, DocumentFact, OperationDiff, OperationFact, OpRef, SchemaDelta, SchemaScope, Via } from '../diff/tree.js';

export type Level = 'breaking' | 'warning' | 'info';
export type Direction = 'request' | 'response' | 'none';
export type Action = 'added' | 'changed' | 'removed' | 'deprecated';
export type Group = 'endpoints' | 'schemas' | 'permissions' | 'parameters' | 'parameter-descriptions' | 'deprecated' | 'security' | 'servers' | 'info';

/** Where a schema delta is reported: the rule-id prefix it reads under. */
export type SchemaPrefix = 'request-parameter' | 'request-body' | 'request-property' | 'response-body' | 'response-property' | 'response-header' | 'schema';

/** One node of the change tree, as rules see it. Flattened from the tree by `facts.ts`. */
export type Fact =
  | { kind: 'endpoint'; diff: OperationDiff }
  | { kind: 'operation'; diff: OperationDiff; fact: Exclude<OperationFact, { kind: 'schema' }> }
  | {
      kind: 'schema';
      prefix: SchemaPrefix;
      delta: SchemaDelta;
      /** Set for deltas found at an operation's use site. */
      operation?: OperationDiff;
      scope?: SchemaScope;
      /** Set for deltas found inside a shared response, parameter, request body or header. */
      via?: Via;
      /** Set for deltas of a component diffed once. */
      component?: ComponentDiff;
      affects?: OpRef[];
      /**
       * For a component's delta: the media types of the bodies through which the operations in
       * `affects` reach it, in this direction (`application/json`, `application/xml`, …); `header`
       * for a response header, `parameter` for a parameter. Unset where unknown (read as JSON, the
       * strict reading). Set by `facts.ts` from the reachability graph (`diff/uses.ts`).
       */
      mediaTypes?: readonly string[];
      /**
       * For a component's delta: every use the operations in `affects` make of the component, in this
       * direction, passes through an `allOf` member, where oasdiff compares the member without its
       * siblings (so a breaking level is capped at warning, as for `SchemaDelta.allOf`).
       */
      underAllOf?: true;
      /** For a component's delta: every such use is in a body whose root schema composes with `allOf` (see `ComponentUse.bodyRootAllOf`). */
      bodyRootAllOf?: true;
    }
  | { kind: 'component'; diff: ComponentDiff }
  | { kind: 'document'; fact: DocumentFact };

/** A rule: data (id, level, direction, action, group, description) plus one small predicate. */
export interface RuleDefinition {
  readonly id: string;
  readonly level: Level;
  readonly direction: Direction;
  readonly action: Action;
  readonly group: Group;
  /** One sentence: what the rule detects and, where it matters, why it breaks clients. */
  readonly description: string;
  /**
   * True when the change is documentation only: prose, titles, summaries and examples change what a
   * reader sees, never what a client sends or receives. Declared per rule, carried on every `Change`.
   */
  readonly documentation: boolean;
  /** The fact kind the rule reads. */
  readonly on: Fact['kind'];
  /** Index key: facts are offered only to rules with their key (see `factKey`). */
  readonly key: string;
  /** Further index keys, for a rule that reads facts of more than one key (`request-parameter-property-type-specialized`; `api-path-sunset-parse`, fired by a removal and by a change). */
  readonly alsoKeys?: readonly string[];
  readonly match: (fact: Fact) => boolean;
}

/** Narrowing helper for rule predicates. */
export function factOf<K extends Fact['kind']>(fact: Fact, kind: K): Extract<Fact, { kind: K }> | undefined {
  return fact.kind === kind ? (fact as Extract<Fact, { kind: K }>) : undefined;
}

/** Marks a rule as documentation only (see `RuleDefinition.documentation`). */
export function documentationOnly(rule: RuleDefinition): RuleDefinition {
  return { ...rule, documentation: true };
}
