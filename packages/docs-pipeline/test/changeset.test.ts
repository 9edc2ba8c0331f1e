import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bumpFor } from '../src/changeset/bump.js';
import { runSpecChangeset, specChangesets } from '../src/cli/spec-changeset.js';
import type { Change, DiffResult } from '../src/engine.js';
import { parseChangeset } from '../src/review/acknowledge.js';
import { recordingIo, requireRole, scratchGitRepo } from './scratch-repo.js';

const V1 = 'specs/v1/2026-01-01.yaml';

describe('spec changesets from real spec edits', () => {
  const cases: Array<[string, (text: string) => string, 'major' | 'minor' | 'patch']> = [
    ['a breaking edit (a request property becomes required)', requireRole, 'major'],
    ['an additive edit (a new optional response property)', (text) => text.replace(
      '        id: { type: string }\n        kind:', '        id: { type: string }\n        lastUsedAt: { type: string, format: date-time }\n        kind:'), 'minor'],
    ['a description-only edit', (text) => text.replace('description: Offset for pagination', 'description: How many results to skip'), 'patch'],
  ];

  it.each(cases)('%s → %s', (_name, edit, bump) => {
    const repo = scratchGitRepo();
    const before = repo.read(V1);
    repo.write(V1, edit(before));
    expect(repo.read(V1)).not.toBe(before);
    const [changeset, ...rest] = specChangesets(repo.root, 'main');
    expect(rest).toEqual([]);
    expect(changeset!.file).toBe('.changeset/spec-v1-2026-01-01.md');
    const parsed = parseChangeset(changeset!.file, changeset!.text);
    expect(Object.fromEntries(parsed.releases)).toEqual({ '@astro-api/client': bump, '@astro-api/mock-server': bump });
    expect(changeset!.text).toMatch(/^---\n[\s\S]*\n---\n\nSpec `v1` revision 2026-01-01/);
  });

  it('writes the files, and the review then accepts the breaking change', async () => {
    const repo = scratchGitRepo();
    repo.write(V1, requireRole(repo.read(V1)));
    const io = recordingIo(repo.root);
    expect(runSpecChangeset(['--base', 'main'], io)).toBe(0);
    expect(io.out()).toBe('wrote .changeset/spec-v1-2026-01-01.md\n');
    expect(readdirSync(path.join(repo.root, '.changeset'))).toEqual(['spec-v1-2026-01-01.md']);
    const { runChangelog } = await import('../src/cli/changelog.js');
    expect(runChangelog(['--base', 'main'], recordingIo(repo.root))).toBe(0);
  });

  it('writes nothing when no spec changed', () => {
    const repo = scratchGitRepo();
    const io = recordingIo(repo.root);
    expect(runSpecChangeset([], io)).toBe(0);
    expect(io.err()).toMatch(/nothing written/);
  });
});

describe('bumpFor', () => {
  const change = (level: Change['level'], action: Change['action'], id: string, documentation = false): Change => ({
    id, level, action, documentation, kind: id, direction: 'none', group: 'test', location: 'x', pointers: {}, fingerprint: id, text: id,
  });
  const result = (...changes: Change[]) => ({ changes }) as unknown as DiffResult;

  it.each([
    ['no changes', result(), undefined],
    ['a breaking change wins', result(change('info', 'added', 'endpoint-added'), change('breaking', 'removed', 'endpoint-removed')), 'major'],
    ['an addition', result(change('info', 'added', 'response-property-added')), 'minor'],
    ['a relaxed constraint', result(change('info', 'changed', 'request-property-max-increased')), 'minor'],
    ['descriptions and examples only', result(change('info', 'changed', 'endpoint-description-changed', true), change('info', 'changed', 'schema-example-changed', true)), 'patch'],
  ] as const)('%s → %s', (_name, diff, want) => {
    expect(bumpFor(diff)).toBe(want);
  });
});
