import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { generateChangelogFiles } from './changelog/generate.js';
import { CHANGELOG_DIR } from './changelog/render.js';
import { generateMigrationFiles, MIGRATION_DIR } from './migration/generate.js';
import { listFolder, MANIFEST_NAME, manifestFor, parseManifest, readManifest } from './atomic-write.js';

/**
 * The folders `pnpm docs` writes into. It owns only the files their manifests (`.generated.json`)
 * list; anything else a person puts there is left alone (see atomic-write.ts).
 */
export const GENERATED_FOLDERS = [CHANGELOG_DIR, MIGRATION_DIR] as const;

/** Every generated documentation file, keyed by repository path (manifests not included). */
export function generateDocsFiles(repoRoot: string): Map<string, string> {
  return new Map([...generateChangelogFiles(repoRoot), ...generateMigrationFiles(repoRoot)]);
}

/**
 * Generated files that differ between the working tree and fresh output: changed, missing, or stale
 * (listed in a manifest but no longer generated), and manifests that a run would rewrite. Files the
 * manifests do not list are a person's and never count.
 */
export function docsDrift(repoRoot: string, fresh: ReadonlyMap<string, string>): string[] {
  const drift = new Set<string>();
  for (const folder of GENERATED_FOLDERS) {
    const recorded = readManifest(repoRoot, folder)?.manifest;
    const onDisk = new Set(listFolder(repoRoot, folder));
    for (const relative of [...(recorded?.files.keys() ?? []), ...(recorded?.pending.keys() ?? [])]) {
      const file = `${folder}/${relative}`;
      if (!fresh.has(file) && onDisk.has(file)) drift.add(`${file} (stale: no longer generated)`);
    }
    // The manifest must list exactly the fresh files and their hashes; `pending` hashes (what an
    // interrupted run was about to write) are only extra recognition and never drift.
    const manifest = `${folder}/${MANIFEST_NAME}`;
    const want = parseManifest(manifest, manifestFor(folder, fresh)).files;
    if (!recorded) drift.add(`${manifest} (missing)`);
    else if (!sameEntries(recorded.files, want)) drift.add(`${manifest} (differs)`);
  }
  for (const [file, content] of fresh) {
    const target = path.join(repoRoot, file);
    if (!existsSync(target)) drift.add(`${file} (missing)`);
    else if (readFileSync(target, 'utf8') !== content) drift.add(`${file} (differs)`);
  }
  return [...drift].sort();
}

function sameEntries(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): boolean {
  return a.size === b.size && [...a].every(([key, value]) => b.get(key) === value);
}
