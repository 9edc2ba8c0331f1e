/**
 * The public result of a comparison. Its JSON form is versioned (`schemaVersion`) and described by
 * `schema/diff-result.schema.json`; bump the version on any incompatible change.
 */
import type { Action, Direction, Group, Level } from './classify/types.js';
import type { SideInfo } from './load/side.js';

/** 1.1: a change may carry `disclaimers` (additive). */
export const schemaVersion = '1.1';

export interface Change {
  /** Rule id (see docs/rules.md). */
  id: string;
  level: Level;
  direction: Direction;
  action: Action;
  group: Group | string;
  /** True when the change is documentation only (prose, titles, summaries, examples); declared by the rule. */
  documentation: boolean;
  /** The diff-level kind (`property-added`, `enum-value-added`, `parameter:added`, …), for renderers. */
  kind: string;
  operation?: { method: string; path: string; operationId?: string };
  /** `schemas/ApiToken` when the change is to a component, reported once for every operation it affects. */
  component?: string;
  /**
   * For a change to a component schema: its name as written (`verify.v2.service.verification`; a
   * name is never split at a dot) and, apart from it, the property path inside it (`items[].name`,
   * absent at the schema's root). Renderers group by `schemaName`, never by parsing `location`.
   */
  schemaName?: string;
  propertyPath?: string;
  /** Human-readable place: `ApiToken.kind`, `GET /organizations/{organizationId}/tokens query kind`. */
  location: string;
  old?: unknown;
  new?: unknown;
  pointers: { base?: string; revision?: string };
  /** For component changes: the operations that reach the component in this change's direction. */
  affects?: Array<{ method: string; path: string }>;
  /**
   * Why the level is lower than the rule's: `all-of-not-flattened` when the change was found under an
   * `allOf` (inside a member, compared without its siblings, one of which may still guarantee what
   * changed; or in a body whose root schema composes with allOf) and its breaking level was capped at
   * warning, as oasdiff does. Absent when the rule's level stands (or a severity-levels file set it).
   */
  disclaimers?: string[];
  /** A rename that was inferred (not declared). */
  inferred?: boolean;
  /** Hash of rule id and stable location; never of message text. Stable across runs. */
  fingerprint: string;
  /** One sentence. */
  text: string;
}

export interface DiffResult {
  schemaVersion: string;
  base: SideInfo;
  revision: SideInfo;
  changes: Change[];
  /** Things the loader or composer wants a reader to know (for example, clashing component names). */
  notes: string[];
  /** Changes an ignore file accepted: listed apart, never dropped (set only when an ignore file was used). */
  ignored?: IgnoredChange[];
}

/** A change accepted by an entry of an ignore file. */
export interface IgnoredChange extends Change {
  ignore: { reason: string; expires?: string; /** The entry's JSON pointer in the ignore file, e.g. `/ignore/2`. */ entry: string };
}
