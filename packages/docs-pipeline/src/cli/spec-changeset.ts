import path from 'node:path';
import { hashBytes, readSnapshot, writeFileSafely } from '@astro-api/safe-write';
import { findRepoRoot } from '@astro-api/spec-loader';
import { bumpFor } from '../changeset/bump.js';
import { readRecord, writeRecord } from '../changeset/record.js';
import { renderSpecChangeset, type SpecChangeset } from '../changeset/render.js';
import { sectionBody } from '../markdown-sections.js';
import { compareWithRef } from '../review/compare.js';
import { parseCommandArgs } from './args.js';
import { comparisonMarkdown } from './changelog.js';
import { guard, processIo, type CliIo } from './io.js';

const USAGE = 'pnpm changeset:spec [--base <git-ref>] [--dry-run] [--force]';

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
 * for every API whose spec changed, bumping the packages the spec feeds. A changeset whose text differs
 * from what this command last wrote there (a person added `acknowledge-breaking: v1`, or wrote the file
 * by hand) is reported and kept, and the command exits 1; `--force` replaces it. Each file is written
 * atomically (`writeFileSafely`).
 */
export function runSpecChangeset(argv: string[], io: CliIo = processIo()): number {
  return guard(io, 'changeset:spec', () => {
    const { values } = parseCommandArgs(
      argv,
      { base: { type: 'string', default: 'HEAD' }, 'dry-run': { type: 'boolean', default: false }, force: { type: 'boolean', default: false } },
      USAGE,
    );
    const repoRoot = findRepoRoot(io.cwd);
    const changesets = specChangesets(repoRoot, values.base!);
    if (changesets.length === 0) io.stderr(`changeset:spec: no spec changes since ${values.base}; nothing written\n`);
    if (values['dry-run']) {
      for (const changeset of changesets) io.stdout(`${changeset.file}\n${changeset.text}\n`);
      return 0;
    }
    if (changesets.length === 0) return 0;

    const record = readRecord(repoRoot);
    const ours = (file: string, hash: string) => record.manifest.files.get(file) === hash || record.manifest.pending.get(file) === hash;
    const files = new Map(record.manifest.files);
    const pending = new Map<string, string>();
    const writes: Array<{ changeset: SpecChangeset; expected: ReturnType<typeof readSnapshot> | null }> = [];
    let kept = 0;
    for (const changeset of changesets) {
      const target = path.join(repoRoot, changeset.file);
      const hash = hashBytes(Buffer.from(changeset.text, 'utf8'));
      const current = readSnapshot(target);
      if (current?.hash === hash) {
        files.set(changeset.file, hash);
        io.stdout(`${changeset.file} is up to date\n`);
        continue;
      }
      if (!current || ours(changeset.file, current.hash) || values.force) {
        writes.push({ changeset, expected: current ?? null });
        pending.set(changeset.file, hash);
        continue;
      }
      kept++;
      const why = record.manifest.files.has(changeset.file) || record.manifest.pending.has(changeset.file)
        ? 'edited since changeset:spec wrote it'
        : 'not written by changeset:spec';
      io.stderr(`changeset:spec: ${changeset.file}: ${why}; not overwritten (--force replaces it)\n`);
    }

    let snapshot = record.snapshot;
    if (writes.length > 0) snapshot = writeRecord({ file: record.file, snapshot }, files, pending);
    for (const { changeset, expected } of writes) {
      writeFileSafely(path.join(repoRoot, changeset.file), changeset.text, { expected, root: repoRoot, createFolders: true });
      files.set(changeset.file, pending.get(changeset.file)!);
      io.stdout(`wrote ${changeset.file}\n`);
    }
    writeRecord({ file: record.file, snapshot }, files);
    return kept > 0 ? 1 : 0;
  });
}
