import { distinctChanges, isDocumentationOnly } from '../change-filters.js';
import type { Change } from '../engine.js';
import { RENAMES_FILE, type DeclaredRename, type MigrationInputs } from './inputs.js';

/** A property rename, with the reason the guide may call it one. */
export interface RenameNote {
  readonly schema: string;
  readonly from: string;
  readonly to: string;
  /** `proven`: the engine found one removed and one added property with identical definitions. `declared`: the rename map says so. */
  readonly provenance: 'proven' | 'declared';
}

export interface SchemaChanges {
  readonly schema: string;
  readonly renames: readonly RenameNote[];
  /** The other changes beyond documentation, each once, in the engine's order. */
  readonly changes: readonly Change[];
  /** How many changes touch only descriptions, summaries or examples. */
  readonly documentation: number;
}

/** A property name from a change's `old`/`new`: the engine gives a name or the property's details. */
const propertyName = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : typeof (value as { name?: unknown })?.name === 'string' ? (value as { name: string }).name : undefined;

function declaredFor(renames: readonly DeclaredRename[], schema: string, from: string, to: string): boolean {
  return renames.some((rename) => rename.from === from && rename.to === to && (rename.schema === undefined || rename.schema === schema));
}

/** A rename the engine reports, and on what grounds. Undefined for every other change. */
export function renameOf(change: Change, declared: readonly DeclaredRename[]): RenameNote | undefined {
  if (change.schemaName === undefined || change.kind !== 'property-renamed') return undefined;
  const schema = change.schemaName;
  const from = propertyName(change.old);
  const to = propertyName(change.new);
  if (!from || !to) return undefined;
  const provenance = declaredFor(declared, schema, from, to) ? 'declared' : change.inferred ? 'proven' : undefined;
  return provenance ? { schema, from, to, provenance } : undefined;
}

/**
 * The engine's changes of named schemas, grouped per schema (alphabetically), each change once even
 * when the engine reports it for requests and responses.
 */
export function schemaChanges(inputs: MigrationInputs): SchemaChanges[] {
  const bySchema = new Map<string, { renames: Map<string, RenameNote>; changes: Change[] }>();
  for (const change of distinctChanges(inputs.result.changes)) {
    // Grouped by the engine's `schemaName` only: shared responses, parameters and other non-schema
    // components carry none and are handled apart (render.ts `sharedComponents`).
    if (change.schemaName === undefined) continue;
    const schema = change.schemaName;
    let group = bySchema.get(schema);
    if (!group) bySchema.set(schema, (group = { renames: new Map(), changes: [] }));
    const rename = renameOf(change, inputs.renames);
    if (rename) group.renames.set(`${rename.from}→${rename.to}`, rename);
    else group.changes.push(change);
  }
  return [...bySchema.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([schema, group]) => ({
      schema,
      renames: [...group.renames.values()],
      changes: group.changes.filter((change) => !isDocumentationOnly(change)),
      documentation: group.changes.filter(isDocumentationOnly).length,
    }));
}

/** The sentence that says why a rename is reported as one. */
export function provenanceText(rename: RenameNote): string {
  return rename.provenance === 'proven'
    ? 'proven by the engine: exactly one property was removed and one added, with identical definitions'
    : `declared in \`${RENAMES_FILE}\``;
}
