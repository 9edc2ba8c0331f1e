// Every spec revision of the repository, found through the loader (manifest + file names), never
// through a list of dates written in a test.
import { existsSync } from 'node:fs';
import path from 'node:path';
import {
  bundle,
  findRepoRoot,
  listApis,
  listRevisions,
  loadSpec,
  type ApiEntry,
  type OpenApiRoot,
  type Revision,
} from '../../src/index.js';

export const repoRoot = findRepoRoot();
/** Background material (real published specs, facts). CI always has it; a fresh clone does not. */
export const sharedDir = path.resolve(repoRoot, '../shared');
export const hasShared = existsSync(sharedDir);

export const apis: ApiEntry[] = listApis(repoRoot);

/** Every revision of every API, oldest first within an API. */
export const allRevisions: Revision[] = apis.flatMap((api) => listRevisions(api.id, repoRoot));

export function revisionsOf(api: string): Revision[] {
  return listRevisions(api, repoRoot);
}

const bundled = new Map<string, OpenApiRoot>();

/** The revision as one self-contained document (the loader's `bundle()`), cached per file. */
export function documentOf(revision: Pick<Revision, 'file'>): OpenApiRoot {
  let doc = bundled.get(revision.file);
  if (!doc) {
    doc = bundle(loadSpec(revision.file, { cwd: repoRoot }));
    bundled.set(revision.file, doc);
  }
  return doc;
}

/** Label used in test names and messages: `v1beta1-iam@2025-09-17`. */
export function label(revision: Pick<Revision, 'api' | 'date'>): string {
  return `${revision.api}@${revision.date}`;
}
