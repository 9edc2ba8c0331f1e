import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { generateChangelogFiles } from './changelog/generate.js';
import { CHANGELOG_DIR } from './changelog/render.js';
import { generateMigrationFiles, MIGRATION_DIR } from './migration/generate.js';

/** The folders `pnpm docs` owns; each is replaced as a whole. */
export const GENERATED_FOLDERS = [CHANGELOG_DIR, MIGRATION_DIR] as const;

/** Every generated documentation file, keyed by repository path. */
export function generateDocsFiles(repoRoot: string): Map<string, string> {
  return new Map([...generateChangelogFiles(repoRoot), ...generateMigrationFiles(repoRoot)]);
}

function listFiles(root: string, folder: string): string[] {
  const dir = path.join(root, folder);
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const relative = `${folder}/${entry.name}`;
    return entry.isDirectory() ? listFiles(root, relative) : [relative];
  });
}

/** Files that differ between the working tree and fresh output: changed, missing or stale. */
export function docsDrift(repoRoot: string, fresh: ReadonlyMap<string, string>): string[] {
  const onDisk = GENERATED_FOLDERS.flatMap((folder) => listFiles(repoRoot, folder));
  const drift = new Set<string>();
  for (const file of onDisk) if (!fresh.has(file)) drift.add(`${file} (stale: no longer generated)`);
  for (const [file, content] of fresh) {
    const target = path.join(repoRoot, file);
    if (!existsSync(target)) drift.add(`${file} (missing)`);
    else if (readFileSync(target, 'utf8') !== content) drift.add(`${file} (differs)`);
  }
  return [...drift].sort();
}
