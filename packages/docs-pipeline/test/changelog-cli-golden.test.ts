/**
 * One renderer for `oasdiff-js changelog` and docs/changelog (issue 21): the CLI's output for a pair of
 * specs/v1 revisions equals the docs pipeline's entry for the same pair, both computed here (the CLI
 * through its built bin, the pipeline through `diffEntry` and `entryMarkdown`). Only what a single CLI
 * run cannot know is taken off the pipeline's entry: the Previous/Next line and the JSON twin link.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { listRevisions, loadSpec } from '@astro-api/spec-loader';
import { loadSide } from 'oasdiff-js';
import { describe, expect, it } from 'vitest';
import { diffEntry } from '../src/changelog/entries.js';
import { entryMarkdown } from '../src/changelog/render.js';
import { longDate } from '../src/dates.js';

const root = path.resolve(import.meta.dirname, '../../..');
const bin = path.join(root, 'packages/oasdiff-js/bin/oasdiff-js.js');

function pipelineEntry(api: string, from: string, to: string): string {
  const revisions = listRevisions(api, root);
  const pick = (date: string) => {
    const revision = revisions.find((r) => r.date === date);
    if (!revision) throw new Error(`${api} has no revision ${date}`);
    return { revision, side: loadSide([loadSpec(revision.file, { cwd: root })]) };
  };
  return entryMarkdown(diffEntry(api, pick(from), pick(to)));
}

function cliChangelog(from: string, to: string, title: string): string {
  return execFileSync(process.execPath, [bin, 'changelog', from, to, '--today', path.basename(to, '.yaml'), '--title', title], { cwd: root, encoding: 'utf8' });
}

describe('oasdiff-js changelog is the docs pipeline entry', () => {
  it('specs/v1 2026-01-28 → 2026-04-02', () => {
    const pipeline = pipelineEntry('v1', '2026-01-28', '2026-04-02');
    const navigation = /^Previous: \[[^\]]+\]\(\.\/2026-01-28\.md\)\n\n/m;
    const twin = ' and in the [JSON twin](./2026-04-02.json)';
    expect(pipeline).toMatch(navigation);
    const expected = pipeline.replace(navigation, '').replace(twin, '');
    const cli = cliChangelog('specs/v1/2026-01-28.yaml', 'specs/v1/2026-04-02.yaml', longDate('2026-04-02'));
    expect(cli).toBe(expected);

    // The house style, and the breaking changes of this pair in its summary.
    expect(cli).toMatch(/^\*\*Changes:\*\* \d+ breaking, /m);
    const summary = cli.slice(cli.indexOf('## Summary'), cli.indexOf('\n## ', cli.indexOf('## Summary') + 1));
    expect(summary.match(/\*\*\[breaking\]\*\*/g)?.length).toBeGreaterThanOrEqual(2);
    expect(summary).toContain('`DAG_TAG` replaces `TAG`');
    expect(summary).toContain('`dagTag` in `DagRole` is the new name of `tag`');
  });
});
