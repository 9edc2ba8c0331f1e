import { classify } from './classify/index.js';
import { diffSides } from './diff/index.js';
import type { RenameHint } from './diff/schema.js';
import { loadSide, type LoadSideOptions, type Side } from './load/side.js';
import { describeChange } from './render/sentence.js';
import { schemaVersion, type DiffResult } from './result.js';

export interface DiffOptions extends LoadSideOptions {
  /** Declared renames: `{ schema: 'ApiToken', from: 'type', to: 'kind' }` for a property; without `schema` for a component schema or a parameter. */
  renames?: RenameHint[];
}

function asSide(input: Side | string | string[], options: DiffOptions): Side {
  return typeof input === 'object' && !Array.isArray(input) ? input : loadSide(input, options);
}

/** Compares two sides (paths, `REV:path`s, lists of them, or loaded sides) and classifies every change. */
export function diffSpecs(base: Side | string | string[], revision: Side | string | string[], options: DiffOptions = {}): DiffResult {
  const tree = diffSides(asSide(base, options), asSide(revision, options), options.renames ? { renames: options.renames } : {});
  const { changes, unclassified } = classify(tree);
  const notes = [...tree.notes, ...[...new Set(unclassified)].map((key) => `internal: no rule claims ${key}`)];
  return { schemaVersion, base: tree.base, revision: tree.revision, changes: changes.map((c) => ({ ...c, text: describeChange(c) })), notes };
}

/** The highest level among the changes, or `none`. */
export function highestLevel(result: DiffResult): 'breaking' | 'warning' | 'info' | 'none' {
  const levels = new Set(result.changes.map((c) => c.level));
  return levels.has('breaking') ? 'breaking' : levels.has('warning') ? 'warning' : levels.has('info') ? 'info' : 'none';
}
