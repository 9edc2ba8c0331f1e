import path from 'node:path';
import { listApis } from '@astro-api/spec-loader';
import { buildEntries, type ChangelogEntry } from './entries.js';
import { apiIndexMarkdown, CHANGELOG_DIR, entryJson, entryMarkdown, rootIndexMarkdown } from './render.js';

/**
 * Every changelog file, keyed by its path relative to the repository root. Pure: nothing is written,
 * so the same function serves `pnpm docs` and the drift test.
 */
export function generateChangelogFiles(root: string): Map<string, string> {
  const repoRoot = path.resolve(root);
  const files = new Map<string, string>();
  const apis: Array<{ api: string; entries: ChangelogEntry[] }> = [];
  for (const { id: api } of listApis(repoRoot)) {
    const entries = buildEntries(api, repoRoot);
    apis.push({ api, entries });
    for (const entry of entries) {
      const base = `${CHANGELOG_DIR}/${api}/${entry.revision.date}`;
      files.set(`${base}.md`, entryMarkdown(entry));
      files.set(`${base}.json`, entryJson(entry));
    }
    files.set(`${CHANGELOG_DIR}/${api}/README.md`, apiIndexMarkdown(api, entries, repoRoot));
  }
  files.set(`${CHANGELOG_DIR}/README.md`, rootIndexMarkdown(apis, repoRoot));
  return files;
}
