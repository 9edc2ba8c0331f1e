import { readFileSync } from 'node:fs';
import path from 'node:path';
import { listOperations, type OperationRef } from '../operations.js';
import type { MigrationInputs } from './inputs.js';

/** Repository path of the known v1beta1 surface (counts per area, from the project's facts). */
export const KNOWN_OPERATIONS_FILE = 'packages/docs-pipeline/migration/known-operations.json';

export interface KnownArea {
  readonly api: string;
  /** A resource family: the first path segment under the Organization (`teams`), a Deployment sub-resource (`deploys`), or a whole path (`/organizations`). */
  readonly area: string;
  /** How many operations the facts count in it. */
  readonly operations: number;
  readonly since?: string;
  /** The facts say v1 does not support it. */
  readonly notInV1?: boolean;
}

export interface KnownOperations {
  readonly source: string;
  readonly areas: readonly KnownArea[];
}

export function readKnownOperations(repoRoot: string): KnownOperations {
  const file = path.join(repoRoot, KNOWN_OPERATIONS_FILE);
  let parsed: Partial<KnownOperations>;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<KnownOperations>;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { source: '', areas: [] };
    throw new Error(`${KNOWN_OPERATIONS_FILE}: ${(error as Error).message}`);
  }
  const ok = Array.isArray(parsed.areas) && parsed.areas.every((a) => typeof a?.api === 'string' && typeof a.area === 'string' && Number.isInteger(a.operations));
  if (!ok) throw new Error(`${KNOWN_OPERATIONS_FILE}: expected {"areas": [{"api", "area", "operations"}]}`);
  return { source: parsed.source ?? '', areas: parsed.areas! };
}

/** Deployment sub-resources the facts count as areas of their own. */
const DEPLOYMENT_PARTS = new Set(['deploys', 'hibernation-override', 'agent-tokens', 'logs']);

/**
 * The area of a path, as the facts count them: `/organizations/{organizationId}/teams/{teamId}/members`
 * → `teams`; `/organizations/{organizationId}/deployments/{deploymentId}/deploys` → `deploys`;
 * `/organizations` and `/organizations/{organizationId}` are areas of their own (the second
 * written `/organizations/{id}`); any other path outside an Organization is its own area.
 */
export function areaOf(pathKey: string): string {
  const segments = pathKey.split('/').filter(Boolean);
  if (segments[0] !== 'organizations') return pathKey;
  if (segments.length === 1) return '/organizations';
  if (segments.length === 2) return '/organizations/{id}';
  const top = segments[2]!;
  if (top === 'deployments' && segments.length >= 5 && DEPLOYMENT_PARTS.has(segments[4]!)) return segments[4]!;
  return top;
}

export interface AreaCoverage extends KnownArea {
  /** Operations of our predecessor spec in this area. */
  readonly modelled: readonly OperationRef[];
  /** Operations of the successor spec in this area. */
  readonly inSuccessor: readonly OperationRef[];
}

export interface Coverage {
  readonly source: string;
  readonly areas: readonly AreaCoverage[];
  /** Areas our specs model that the facts do not list (kept, so nothing modelled is hidden). */
  readonly unlisted: readonly AreaCoverage[];
}

/** Known areas against what our specs model and what the successor has; computed, so new spec operations count at once. */
export function coverage(inputs: MigrationInputs, known: KnownOperations): Coverage {
  const successorOps = listOperations(inputs.to.spec);
  const modelledBy = new Map(inputs.from.map((part) => [part.api.id, listOperations(part.spec)]));
  const cover = (area: KnownArea): AreaCoverage => ({
    ...area,
    modelled: (modelledBy.get(area.api) ?? []).filter((op) => areaOf(op.path) === area.area),
    inSuccessor: successorOps.filter((op) => areaOf(op.path) === area.area),
  });
  const areas = known.areas.map(cover);
  const listed = new Set(known.areas.map((a) => `${a.api} ${a.area}`));
  const unlisted: AreaCoverage[] = [];
  for (const [api, ops] of modelledBy) {
    for (const area of [...new Set(ops.map((op) => areaOf(op.path)))]) {
      if (!listed.has(`${api} ${area}`)) unlisted.push(cover({ api, area, operations: 0 }));
    }
  }
  return { source: known.source, areas, unlisted };
}

/**
 * How every successor operation is accounted for: mapped from an operation our predecessor specs model
 * (the operation map's rows), known to exist in a predecessor only from the facts, or new.
 */
export interface SuccessorAccounting {
  /**
   * Areas the facts say a predecessor has, with fewer operations modelled than the facts count, and
   * successor operations that nothing modelled maps to. `inSuccessor` holds only those unmapped ones;
   * an area qualifies only when they are no more than the operations our spec lacks there.
   */
  readonly knownFromFacts: readonly AreaCoverage[];
  /** Successor operations with no predecessor, modelled or known. */
  readonly newInSuccessor: readonly OperationRef[];
}

export function accountSuccessor(known: Coverage, onlyInSuccessor: readonly OperationRef[]): SuccessorAccounting {
  const knownFromFacts: AreaCoverage[] = [];
  const claimed = new Set<OperationRef>();
  for (const area of known.areas) {
    if (area.notInV1) continue;
    const unmapped = onlyInSuccessor.filter((op) => areaOf(op.path) === area.area && !claimed.has(op));
    const lacking = area.operations - area.modelled.length;
    if (unmapped.length === 0 || unmapped.length > lacking) continue;
    for (const op of unmapped) claimed.add(op);
    knownFromFacts.push({ ...area, inSuccessor: unmapped });
  }
  return { knownFromFacts, newInSuccessor: onlyInSuccessor.filter((op) => !claimed.has(op)) };
}
