import type { Side } from '../load/side.js';
import { diffComponents, diffOtherComponents } from './components.js';
import { diffDocument } from './document.js';
import { applyLifecycle, type LifecycleOptions } from './lifecycle.js';
import { diffOperations } from './operations.js';
import { mergeReach, reachabilityOf } from './reachability.js';
import { SchemaDiffer, type RenameHint } from './schema.js';
import type { DiffTree, OpRef } from './tree.js';

export interface DiffTreeOptions {
  renames?: RenameHint[];
  /** lifecycle: the date and deprecation periods sunset dates are read with. */
  lifecycle?: LifecycleOptions;
}

/** Builds the change tree of two sides. Operations first: they queue the shared schemas the component pass then diffs once. */
export function diffSides(base: Side, revision: Side, options: DiffTreeOptions = {}): DiffTree {
  const renames = options.renames ?? [];
  const differ = new SchemaDiffer(renames);
  const operations = diffOperations(base, revision, differ, renames);
  const reach = { base: reachabilityOf(operations.base), revision: reachabilityOf(operations.revision) };
  const components = diffComponents(base, revision, differ, renames, reach);
  applyLifecycle(operations.base, operations.revision, operations.diffs, components, options.lifecycle);
  // Facts found inside shared components learn every operation that reaches the component.
  const affects = new Map<string, OpRef[]>();
  for (const diff of operations.diffs) {
    for (const fact of diff.facts) {
      if (!fact.via) continue;
      const id = fact.via.identity;
      if (!affects.has(id)) {
        const both = mergeReach(reach.base.reach(id), reach.revision.reach(id));
        affects.set(id, mergeReach({ request: both.request, response: both.response }, { request: both.response, response: [] }).request);
      }
      fact.via.affects = affects.get(id)!;
    }
  }
  return {
    base: base.info,
    revision: revision.info,
    operations: operations.diffs,
    components,
    document: [...diffDocument(base, revision), ...diffOtherComponents(base, revision, differ, reach)],
    notes: [...base.notes, ...revision.notes],
  };
}
