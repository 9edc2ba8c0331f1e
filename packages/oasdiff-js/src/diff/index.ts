import type { Side } from '../load/side.js';
import { diffComponents } from './components.js';
import { diffDocument } from './document.js';
import { diffOperations } from './operations.js';
import { Reachability } from './reachability.js';
import { SchemaDiffer, type RenameHint } from './schema.js';
import type { DiffTree } from './tree.js';

export interface DiffTreeOptions {
  renames?: RenameHint[];
}

/** Builds the change tree of two sides. Operations first: they queue the shared schemas the component pass then diffs once. */
export function diffSides(base: Side, revision: Side, options: DiffTreeOptions = {}): DiffTree {
  const renames = options.renames ?? [];
  const differ = new SchemaDiffer(renames);
  const operations = diffOperations(base, revision, differ, renames);
  const reach = { base: new Reachability(operations.base), revision: new Reachability(operations.revision) };
  const components = diffComponents(base, revision, differ, renames, reach);
  return {
    base: base.info,
    revision: revision.info,
    operations: operations.diffs,
    components,
    document: diffDocument(base, revision),
    notes: [...base.notes, ...revision.notes],
  };
}
