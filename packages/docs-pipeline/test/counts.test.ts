/**
 * Every count a reader sees — an API index row, the "Changes:" line of an entry, the inline markers —
 * recomputed from the entry's JSON twin alone. The recount below reads only the JSON's `changes`
 * (each change's `level` and `documentation`); it shares no code with the renderer.
 */
import path from 'node:path';
import { findRepoRoot, listApis } from '@astro-api/spec-loader';
import { describe, expect, it } from 'vitest';
import { generateChangelogFiles } from '../src/changelog/generate.js';
import { sectionBody } from '../src/markdown-sections.js';
import { fixtureRepo } from './scratch-repo.js';

interface Twin {
  baseline?: boolean;
  counts?: Record<string, number>;
  changes?: Array<{ level: string; documentation: boolean }>;
}

function recount(twin: Twin): { breaking: number; warning: number; info: number; documentation: number } {
  const counts = { breaking: 0, warning: 0, info: 0, documentation: 0 };
  for (const change of twin.changes ?? []) {
    expect(typeof change.documentation).toBe('boolean');
    if (change.documentation) counts.documentation++;
    else counts[change.level as 'breaking' | 'warning' | 'info']++;
  }
  return counts;
}

function spoken(counts: Record<string, number>): string {
  const parts = ['breaking', 'warning', 'info', 'documentation'].filter((k) => counts[k]! > 0).map((k) => `${counts[k]} ${k}`);
  return parts.length === 0 ? 'no changes' : parts.join(', ');
}

function checkRepository(root: string) {
  const files = generateChangelogFiles(root);
  const apis = listApis(root).map((api) => api.id);
  let rows = 0;
  let entries = 0;
  for (const api of apis) {
    const index = files.get(`docs/changelog/${api}/README.md`)!;
    for (const [, date, shown] of index.matchAll(/^\| \[[^\]]+\]\(\.\/(\d{4}-\d{2}-\d{2})\.md\) \| ([^|]+) \|/gm)) {
      rows++;
      const twin = JSON.parse(files.get(`docs/changelog/${api}/${date}.json`)!) as Twin;
      if (twin.baseline) {
        expect(shown!.trim(), `${api} ${date}`).toBe('baseline');
        continue;
      }
      entries++;
      const counts = recount(twin);
      expect(twin.counts, `${api} ${date} JSON counts`).toEqual(counts);
      expect(shown!.trim(), `${api} README row ${date}`).toBe(spoken(counts));

      const md = files.get(`docs/changelog/${api}/${date}.md`)!;
      expect(/^\*\*Changes:\*\* ([^.]+)\./m.exec(md)?.[1], `${api} ${date} Changes line`).toBe(spoken(counts));
      const summary = sectionBody(md, 'Summary') ?? '';
      const details = md.slice(md.indexOf(summary) + summary.length);
      const marks = (level: string) => details.split(`**[${level}]**`).length - 1;
      expect(marks('breaking'), `${api} ${date} breaking markers`).toBe(counts.breaking);
      expect(marks('warning'), `${api} ${date} warning markers`).toBe(counts.warning);
      // Every summary bullet of a marked level carries its marker; an entry without such changes has none.
      if (counts.breaking === 0) expect(summary).not.toContain('**[breaking]**');
      if (counts.warning === 0) expect(summary).not.toContain('**[warning]**');
      if (counts.documentation > 0) expect(sectionBody(md, 'Documentation')).toMatch(new RegExp(`^- ${counts.documentation} documentation-only changes?\\b`));
      else expect(sectionBody(md, 'Documentation')).toBeUndefined();
    }
  }
  return { rows, entries };
}

describe('counts agree between index, Markdown and JSON', () => {
  it('for the real changelogs', () => {
    const repoRoot = findRepoRoot(path.dirname(new URL(import.meta.url).pathname));
    const { rows, entries } = checkRepository(repoRoot);
    expect(rows).toBeGreaterThanOrEqual(10);
    expect(entries).toBeGreaterThanOrEqual(7);
  });

  it('for the fixture repository', () => {
    const { entries } = checkRepository(fixtureRepo);
    expect(entries).toBeGreaterThan(0);
  });
});

describe('entries read as prose for people', () => {
  const repoRoot = findRepoRoot(path.dirname(new URL(import.meta.url).pathname));
  const files = generateChangelogFiles(repoRoot);
  const entries = [...files].filter(([name]) => /\/\d{4}-\d{2}-\d{2}\.md$/.test(name));

  it.each(entries.map(([name]) => [name]))('%s: one heading line, no date line under it, no engine words', (name) => {
    const md = files.get(name)!;
    const lines = md.split('\n');
    expect(lines[0]).toMatch(/^# [A-Z][a-z]+ \d{1,2}, \d{4}$/);
    expect(lines.slice(1, 4).some((line) => /^\d{4}-\d{2}-\d{2}$/.test(line))).toBe(false);
    expect(md).not.toMatch(/x-permission|\(inferred\)|gained the format|\(affects \d+ operations?\)/);
  });
});
