import { readFileSync } from 'node:fs';
import path from 'node:path';
import { currentRevision, getApi, listApis, loadSpec, type ApiEntry, type LoadedSpec, type Revision } from '@astro-api/spec-loader';
import { diffSpecs, loadSide, type DiffResult } from '../engine.js';

/** A declared rename, for renames the engine cannot prove on its own (`schema` limits it to one schema). */
export interface DeclaredRename {
  readonly schema?: string;
  readonly from: string;
  readonly to: string;
}

/** One API of either version, at its current revision. */
export interface VersionPart {
  readonly api: ApiEntry;
  readonly revision: Revision;
  readonly spec: LoadedSpec;
}

export interface MigrationInputs {
  readonly from: readonly VersionPart[];
  readonly to: VersionPart;
  readonly renames: readonly DeclaredRename[];
  /** The engine's comparison of the composed predecessor APIs with the successor. */
  readonly result: DiffResult;
  /**
   * Each predecessor compared with the successor on its own. Composing two specs namespaces
   * components that both define differently (IAM's and Platform's `Error`), so checks of one
   * spec's components against the successor use these.
   */
  readonly perSpec: ReadonlyArray<{ readonly api: string; readonly result: DiffResult }>;
}

/** Repository path of the declared rename map (empty when the engine proves every rename itself). */
export const RENAMES_FILE = 'packages/docs-pipeline/migration/renames.json';

export function readDeclaredRenames(repoRoot: string): DeclaredRename[] {
  const file = path.join(repoRoot, RENAMES_FILE);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new Error(`${RENAMES_FILE}: ${(error as Error).message}`);
  }
  const list = (parsed as { renames?: unknown }).renames;
  if (!Array.isArray(list) || !list.every((item) => typeof item?.from === 'string' && typeof item?.to === 'string')) {
    throw new Error(`${RENAMES_FILE}: expected {"renames": [{"schema"?, "from", "to"}]}`);
  }
  return list as DeclaredRename[];
}

/**
 * The predecessor APIs of `successor` are the manifest entries naming it as their `successor`
 * (v1beta1 IAM and Platform for v1). Each is taken at its current revision; the two are composed
 * into one side, keeping paths as written: their servers carry the version prefix
 * (`/iam/v1beta1`, `/platform/v1beta1`, `/v1`), so the path templates themselves line up.
 */
export function loadMigrationInputs(root: string, successor = 'v1'): MigrationInputs {
  const repoRoot = path.resolve(root);
  const part = (api: ApiEntry): VersionPart => {
    const revision = currentRevision(api.id, repoRoot);
    return { api, revision, spec: loadSpec(revision.file, { cwd: repoRoot }) };
  };
  const from = listApis(repoRoot).filter((api) => api.successor === successor).map(part);
  if (from.length === 0) throw new Error(`no API in specs/manifest.json names "${successor}" as its successor`);
  const to = part(getApi(successor, repoRoot));
  const renames = readDeclaredRenames(repoRoot);
  const successorSide = loadSide([to.spec], { cwd: repoRoot, basePath: 'keep' });
  const compare = (specs: LoadedSpec[]) =>
    // Sunset dates as of the successor's current revision, so the guide does not change with the day it is built.
    diffSpecs(loadSide(specs, { cwd: repoRoot, basePath: 'keep' }), successorSide, { renames: [...renames], today: to.revision.date });
  const result = compare(from.map((item) => item.spec));
  const perSpec = from.map((item) => ({ api: item.api.id, result: compare([item.spec]) }));
  return { from, to, renames, result, perSpec };
}
