import { listOperations, operationKey, type OperationRef } from '../operations.js';
import type { Change } from '../engine.js';
import type { MigrationInputs } from './inputs.js';

export interface OperationRow {
  /** Manifest id of the predecessor API the operation belongs to. */
  readonly api: string;
  readonly from: OperationRef;
  /** The successor operation, or undefined when it is not available there. */
  readonly to?: OperationRef;
  /** How the pair was found: same method and path, or (when the path moved) same operationId. */
  readonly matchedBy?: 'path' | 'operationId';
  /** Changes the engine reports for this operation. */
  readonly changes: readonly Change[];
}

export interface OperationMap {
  readonly rows: readonly OperationRow[];
  /** Successor operations that no predecessor operation maps to. */
  readonly onlyInSuccessor: readonly OperationRef[];
}

/** Whether an engine change belongs to an operation (directly, or through a component it uses). */
function concerns(change: Change, operation: { method: string; path: string }): boolean {
  const same = (other: { method: string; path: string }) =>
    other.method.toUpperCase() === operation.method && other.path === operation.path;
  return (change.operation !== undefined && same(change.operation)) || (change.affects ?? []).some(same);
}

/**
 * Maps every predecessor operation to its successor operation. Same method and path first (the
 * composed side keeps each spec's paths as written); then the same operationId, which catches an
 * operation whose path moved. Anything else is not available in the successor.
 */
export function mapOperations(inputs: MigrationInputs): OperationMap {
  const successorOps = listOperations(inputs.to.spec);
  const byKey = new Map(successorOps.map((operation) => [operationKey(operation), operation]));
  const byId = new Map(successorOps.filter((op) => op.operationId).map((operation) => [operation.operationId!, operation]));
  const used = new Set<string>();
  const rows: OperationRow[] = [];
  for (const part of inputs.from) {
    for (const from of listOperations(part.spec)) {
      const samePath = byKey.get(operationKey(from));
      const sameId = from.operationId ? byId.get(from.operationId) : undefined;
      const to = samePath ?? sameId;
      if (to) used.add(operationKey(to));
      const changes = inputs.result.changes.filter((change) => concerns(change, from));
      rows.push({ api: part.api.id, from, ...(to ? { to, matchedBy: samePath ? 'path' : 'operationId' } : {}), changes });
    }
  }
  return { rows, onlyInSuccessor: successorOps.filter((operation) => !used.has(operationKey(operation))) };
}
