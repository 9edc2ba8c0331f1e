import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { findRepoRoot } from '@astro-api/spec-loader';
import { bumpFor } from '../changeset/bump.js';
import { renderSpecChangeset, type SpecChangeset } from '../changeset/render.js';
import { sectionBody } from '../markdown-sections.js';
import { compareWithRef } from '../review/compare.js';
import { parseCommandArgs } from './args.js';
import { comparisonMarkdown } from './changelog.js';
import { guard, processIo, type CliIo } from './io.js';

const USAGE = 'pnpm changeset:spec [--base <git-ref>] [--dry-run]';

/** The changesets that the spec changes since `ref` call for, one per changed API. */
export function specChangesets(repoRoot: string, ref: string): SpecChangeset[] {
  const changesets: SpecChangeset[] = [];
  for (const comparison of compareWithRef(repoRoot, ref)) {
    if (comparison.status === 'new') {
      const { api, revision } = comparison;
      changesets.push(renderSpecChangeset(api, revision.date, 'minor', `- New API \`${api}\`: first revision ${revision.date}.`));
    }
    if (comparison.status !== 'changed') continue;
    const bump = bumpFor(comparison.result);
    if (!bump) continue;
    const summary = sectionBody(comparisonMarkdown(comparison), 'Summary') ?? '';
    changesets.push(renderSpecChangeset(comparison.api, comparison.revision.date, bump, summary));
  }
  return changesets;
}

/**
 * `pnpm changeset:spec [--base <ref>]` (default `HEAD`): writes `.changeset/spec-<api>-<date>.md`
 * for every API whose spec changed, bumping the packages the spec feeds.
 */
export function runSpecChangeset(argv: string[], io: CliIo = processIo()): number {
  return guard(io, 'changeset:spec', () => {
    const { values } = parseCommandArgs(argv, { base: { type: 'string', default: 'HEAD' }, 'dry-run': { type: 'boolean', default: false } }, USAGE);
    const repoRoot = findRepoRoot(io.cwd);
    const changesets = specChangesets(repoRoot, values.base!);
    if (changesets.length === 0) io.stderr(`changeset:spec: no spec changes since ${values.base}; nothing written\n`);
    for (const changeset of changesets) {
      if (values['dry-run']) {
        io.stdout(`${changeset.file}\n${changeset.text}\n`);
        continue;
      }
      const target = path.join(repoRoot, changeset.file);
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, changeset.text);
      io.stdout(`wrote ${changeset.file}\n`);
    }
    return 0;
  });
}
