import { fileURLToPath } from 'node:url';
import { readReplacements, readVersioning, requiredActions } from './actions.js';
import { loadMigrationInputs } from './inputs.js';
import { accountSuccessor, coverage, readKnownOperations } from './known-operations.js';
import { findInvariants } from './invariants.js';
import { mapOperations } from './operation-map.js';
import { readContextTemplate, renderGuide, type GuideParts } from './render.js';
import { readConditionalProperties } from './request-example.js';
import { schemaChanges } from './schema-changes.js';
import { typeScriptExample } from './typescript-example.js';

export const MIGRATION_DIR = 'docs/migration';
export const MIGRATION_GUIDE = `${MIGRATION_DIR}/v1beta1-to-v1.md`;

/** The hand-written context ships with this package (src/ and dist/ both sit two levels below it). */
const DEFAULT_CONTEXT = fileURLToPath(new URL('../../templates/migration-context.md', import.meta.url));

/** Everything the guide shows, computed; exposed so tests can check facts without parsing Markdown. */
export function buildGuideParts(repoRoot: string, contextFile = DEFAULT_CONTEXT): GuideParts {
  const inputs = loadMigrationInputs(repoRoot, 'v1');
  const map = mapOperations(inputs);
  const schemas = schemaChanges(inputs);
  const renames = schemas.flatMap((group) => group.renames);
  const known = coverage(inputs, readKnownOperations(repoRoot));
  const notInSuccessor = known.areas.filter((area) => area.notInV1 && area.inSuccessor.length === 0);
  const accounting = accountSuccessor(known, map.onlyInSuccessor);
  const conditional = readConditionalProperties(repoRoot);
  const actions = requiredActions({
    inputs,
    map,
    renames,
    replacements: readReplacements(repoRoot),
    conditional,
    versioning: readVersioning(repoRoot),
    notInSuccessor,
    unmodelledInSuccessor: accounting.knownFromFacts,
  });
  return {
    inputs,
    map,
    schemas,
    invariants: findInvariants(inputs, map),
    example: typeScriptExample(inputs, map, renames, conditional),
    coverage: known,
    accounting,
    actions,
    context: readContextTemplate(contextFile),
  };
}

export function generateMigrationFiles(repoRoot: string): Map<string, string> {
  return new Map([[MIGRATION_GUIDE, renderGuide(buildGuideParts(repoRoot))]]);
}
