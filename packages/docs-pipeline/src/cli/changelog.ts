import { findRepoRoot } from '@astro-api/spec-loader';
import { longDate } from '../dates.js';
import { renderEntry } from '../changelog/entry-markdown.js';
import { comparisonJson } from '../changelog/render.js';
import { highestLevel } from '../engine.js';
import { ACKNOWLEDGE_KEY, isBreakingAcknowledged, readPendingChangesets, SPEC_CONSUMERS } from '../review/acknowledge.js';
import { compareWithRef, type SpecComparison } from '../review/compare.js';
import { parseCommandArgs } from './args.js';
import { guard, processIo, UsageError, type CliIo } from './io.js';

const USAGE = 'pnpm changelog [--base <git-ref>] [--format markdown|json]';

/** The changelog entry of one reviewed comparison. */
export function comparisonMarkdown(comparison: Extract<SpecComparison, { status: 'changed' }>): string {
  return renderEntry(comparison.result, {
    title: `${longDate(comparison.revision.date)} (${comparison.api}, working tree against ${comparison.base.ref})`,
  });
}

/**
 * `pnpm changelog --base <ref>`: prints, for every API whose spec files changed since `ref`, the
 * changelog entry of the working tree's current revision against the ref's current revision.
 * Exit 1 when a breaking change is not acknowledged by a pending changeset, 2 on bad input.
 */
export function runChangelog(argv: string[], io: CliIo = processIo()): number {
  return guard(io, 'changelog', () => {
    const { values } = parseCommandArgs(argv, { base: { type: 'string', default: 'HEAD' }, format: { type: 'string', default: 'markdown' } }, USAGE);
    if (values.format !== 'markdown' && values.format !== 'json') throw new UsageError(`--format must be markdown or json (usage: ${USAGE})`);
    const repoRoot = findRepoRoot(io.cwd);
    const comparisons = compareWithRef(repoRoot, values.base!);
    const changesets = readPendingChangesets(repoRoot);
    const unacknowledged: string[] = [];
    let printed = 0;
    for (const comparison of comparisons) {
      if (comparison.status === 'unchanged') continue;
      if (comparison.status === 'new') {
        io.stdout(`${comparison.api}: new API (no revision at ${values.base}); ${comparison.revision.repoPath} is its baseline.\n\n`);
        printed++;
        continue;
      }
      if (comparison.result.changes.length === 0 && values.format === 'markdown') {
        io.stdout(`${comparison.api}: spec files changed since ${values.base}, but the engine reports no change to the API.\n\n`);
        printed++;
        continue;
      }
      io.stdout(values.format === 'json' ? comparisonJson(comparison.result) : `${comparisonMarkdown(comparison)}\n`);
      printed++;
      if (highestLevel(comparison.result) === 'breaking' && !isBreakingAcknowledged(comparison.api, changesets)) {
        unacknowledged.push(comparison.api);
      }
    }
    if (printed === 0) io.stderr(`changelog: no spec changes since ${values.base}\n`);
    if (unacknowledged.length === 0) return 0;
    io.stderr(
      `changelog: breaking changes in ${unacknowledged.join(', ')} are not acknowledged. Add a changeset that bumps ` +
        `${SPEC_CONSUMERS.join(' and ')} major (pnpm changeset:spec --base ${values.base}), or a changeset line ` +
        `"${ACKNOWLEDGE_KEY}: ${unacknowledged.join(', ')}".\n`,
    );
    return 1;
  });
}
