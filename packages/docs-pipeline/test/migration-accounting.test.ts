/**
 * The migration guide accounts for every operation of both versions, and for every difference the
 * engine calls breaking or warning, with counts read from the specs and the engine, never written
 * down here: each v1 operation appears exactly once in Appendix A (as the target of a modelled
 * v1beta1 operation, as known from the facts, or as new), every v1beta1 operation has its row, the
 * area table's v1 column adds up to the v1 spec, and the action table's "Differences" column adds up
 * to the engine's breaking and warning count stated above it.
 */
import path from 'node:path';
import { currentRevision, findRepoRoot, listApis, loadSpec } from '@astro-api/spec-loader';
import { describe, expect, it } from 'vitest';
import { countChanges, countsText, distinctChanges, isDocumentationOnly } from '../src/change-filters.js';
import { sectionBody } from '../src/markdown-sections.js';
import { generateMigrationFiles, MIGRATION_GUIDE } from '../src/migration/generate.js';
import { buildGuideParts } from '../src/migration/generate.js';
import { listOperations, operationKey } from '../src/operations.js';

const repoRoot = findRepoRoot(path.dirname(new URL(import.meta.url).pathname));
const guide = generateMigrationFiles(repoRoot).get(MIGRATION_GUIDE)!;
const parts = buildGuideParts(repoRoot);
const v1 = listOperations(loadSpec(currentRevision('v1', repoRoot).file));
const predecessors = listApis(repoRoot).filter((api) => api.successor === 'v1');
const appendixA = sectionBody(guide, 'Appendix A: Operations') ?? '';

/** `| METHOD | \`path\` | …` rows of the tables under `### <heading prefix>` in Appendix A. */
function tableUnder(prefix: string): string[] {
  const start = appendixA.split('\n').findIndex((line) => line.startsWith(`### ${prefix}`));
  if (start === -1) return [];
  const lines = appendixA.split('\n').slice(start + 1);
  const end = lines.findIndex((line) => line.startsWith('### '));
  return (end === -1 ? lines : lines.slice(0, end)).filter((line) => /^\| [A-Z]+ \| `/.test(line));
}

describe('Appendix A accounts for every operation', () => {
  it('every v1 operation exactly once: mapped from a modelled v1beta1 operation, known from the facts, or new', () => {
    const seen = new Map<string, number>();
    const count = (key: string) => seen.set(key, (seen.get(key) ?? 0) + 1);
    for (const api of predecessors) {
      for (const row of tableUnder(`${api.title} (\`${api.id}\`)`)) {
        const target = /\| ([A-Z]+) `([^`]+)` \(`[^`]+`\)[^|]*\|[^|]*\|$/.exec(row);
        if (target) count(`${target[1]} ${target[2]}`);
      }
    }
    for (const row of [...tableUnder('In '), ...tableUnder('New in v1')]) {
      const op = /^\| ([A-Z]+) \| `([^`]+)` \|/.exec(row)!;
      count(`${op[1]} ${op[2]}`);
    }
    expect(v1.length).toBeGreaterThan(0);
    for (const op of v1) expect(seen.get(operationKey(op)), operationKey(op)).toBe(1);
    expect([...seen.keys()].sort()).toEqual(v1.map(operationKey).sort());
  });

  it('every v1beta1 operation of every predecessor spec has its row', () => {
    let total = 0;
    for (const api of predecessors) {
      const rows = tableUnder(`${api.title} (\`${api.id}\`)`);
      const ops = listOperations(loadSpec(currentRevision(api.id, repoRoot).file));
      total += ops.length;
      expect(rows).toHaveLength(ops.length);
      for (const op of ops) expect(rows.some((row) => row.startsWith(`| ${op.method} | \`${op.path}\` | \`${op.operationId}\` |`)), operationKey(op)).toBe(true);
    }
    expect(total).toBe(parts.map.rows.length);
  });

  it('the area table\'s v1 column adds up to the v1 spec, and its total row says so', () => {
    const rows = appendixA.split('\n').filter((line) => /^\| (`[^`]+`|—) \| /.test(line));
    const inV1 = rows.map((line) => line.split('|').map((c) => c.trim())[5]!).map((c) => (/^\d+$/.test(c) ? Number(c) : 0));
    expect(inV1.reduce((a, b) => a + b, 0)).toBe(v1.length);
    const total = appendixA.split('\n').find((line) => line.startsWith('| **Total** |'))!.split('|').map((c) => c.trim());
    expect(Number(total[5])).toBe(v1.length);
    expect(Number(total[4])).toBe(parts.map.rows.length);
  });

  it('the Summary counts the new operations and those known from the facts as the appendix lists them', () => {
    const fresh = tableUnder('New in v1');
    const known = tableUnder('In ');
    expect(fresh.length).toBe(parts.accounting.newInSuccessor.length);
    expect(known.length).toBe(parts.accounting.knownFromFacts.flatMap((a) => a.inSuccessor).length);
    const summary = sectionBody(guide, 'Summary') ?? '';
    expect(summary).toContain(`- ${fresh.length} operation${fresh.length === 1 ? ' is' : 's are'} new in v1.`);
    if (known.length > 0) expect(summary).toContain(`${known.length} more operation`);
    // Nothing new in v1 is in an area the facts give v1beta1 operations our spec lacks, unless v1 has more there than the facts miss.
    for (const area of parts.accounting.knownFromFacts) expect(area.inSuccessor.length).toBeLessThanOrEqual(area.operations - area.modelled.length);
  });
});

describe('the action table shares out the engine\'s breaking and warning differences', () => {
  const needed = distinctChanges(parts.inputs.result.changes).filter((c) => !isDocumentationOnly(c) && c.level !== 'info');
  const actions = sectionBody(guide, 'Action required') ?? '';
  const rows = actions.split('\n').filter((line) => /^\| \d+ \|/.test(line)).map((line) => line.split(' | '));

  // An action may also handle an info-level difference (oasdiff v1.37 rates a removed optional response
  // property info, yet a caller reading it must move to its replacement): those count too, once.
  const covered = parts.actions.flatMap((a) => a.covers);

  it('every one is covered by exactly one action, and anything else an action counts is info-level', () => {
    const fingerprints = covered.map((c) => c.fingerprint);
    expect(new Set(fingerprints).size).toBe(fingerprints.length);
    const neededPrints = new Set(needed.map((c) => c.fingerprint));
    for (const c of needed) expect(fingerprints).toContain(c.fingerprint);
    for (const c of covered.filter((c) => !neededPrints.has(c.fingerprint))) {
      expect(c.level, c.location).toBe('info');
      expect(isDocumentationOnly(c), c.location).toBe(false);
    }
  });

  it('the "Differences" column adds up to the count stated above the table, which is the engine\'s', () => {
    const sum = { breaking: 0, warning: 0, info: 0, documentation: 0 };
    for (const row of rows) for (const [, n, level] of row[3]!.matchAll(/(\d+) (breaking|warning|info)/g)) sum[level as 'breaking' | 'warning' | 'info'] += Number(n);
    expect(countsText(sum)).toBe(countsText(countChanges(covered)));
    expect(countChanges(covered).breaking).toBe(countChanges(needed).breaking);
    expect(countChanges(covered).warning).toBe(countChanges(needed).warning);
    expect(actions).toContain(`The engine finds **${countsText(countChanges(covered))}** differences`);
    expect(rows).toHaveLength(parts.actions.length);
  });

  it('an action marked breaking or warning either counts such a difference or says it comes from the facts', () => {
    for (const row of rows) {
      const level = /\[(breaking|warning)\]/.exec(row[2]!)?.[1];
      if (!level) continue;
      expect(row[3]!.includes(level) || /not computed/.test(row[3]!), row.join(' | ')).toBe(true);
    }
  });

  it('x-permission differences that can refuse a call (added or changed) are an action, each with its operation and permission', () => {
    const refusing = needed.filter((c) => c.group === 'permissions' && c.action !== 'removed');
    expect(refusing.length).toBeGreaterThan(0);
    const action = parts.actions.find((a) => refusing.every((c) => a.covers.includes(c)));
    expect(action).toBeDefined();
    for (const c of refusing) for (const permission of c.new as string[]) expect(action!.todo).toContain(`\`${permission}\``);
  });
});

describe('the guide opens with the deadline, then what to do', () => {
  it('states the end of support from the manifest before the action table, and the generator note only at the end', () => {
    const ends = [...new Set(predecessors.map((api) => api.endOfSupport).filter(Boolean))];
    expect(ends.length).toBeGreaterThan(0);
    const [year, month] = ends[0]!.split('-');
    const monthName = new Date(Date.UTC(Number(year), Number(month) - 1, 1)).toLocaleString('en-US', { month: 'long', timeZone: 'UTC' });
    const firstScreen = guide.slice(0, guide.indexOf('## Action required'));
    expect(firstScreen).toContain(`end of support in ${monthName} ${year}`);
    expect(firstScreen).not.toMatch(/Generated by|engine/);
    const headings = [...guide.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
    expect(headings[0]).toBe('Action required');
    expect(headings[headings.length - 1]).toBe('About this guide');
  });
});

describe('replacements the guide names', () => {
  it('productPlan takes the same values as supportPlan, and productPlanName includes every supportPlan value', () => {
    const platform = loadSpec(currentRevision('v1beta1-platform', repoRoot).file);
    const next = loadSpec(currentRevision('v1', repoRoot).file);
    const param = (spec: typeof platform, name: string) =>
      ((spec.document.paths?.['/organizations'] as { get?: { parameters?: Array<{ name?: string; schema?: { enum?: string[] } }> } }).get?.parameters ?? []).find((p) => p.name === name)?.schema?.enum;
    const old = param(platform, 'supportPlan');
    expect(old?.length).toBeGreaterThan(0);
    expect(param(next, 'productPlan')).toEqual(old);
    const planNames = ((next.document.components?.schemas?.OrganizationProductPlan as { properties: { productPlanName: { enum: string[] } } }).properties.productPlanName.enum);
    for (const value of old!) expect(planNames).toContain(value);
    const action = parts.actions.find((a) => a.search.includes('supportPlan'))!;
    expect(action.title).toMatch(/`productPlan`/);
    expect(action.todo).not.toMatch(/drop it from requests/);
    const ops = new Set(action.covers.flatMap((c) => [...(c.operation ? [c.operation] : []), ...(c.affects ?? [])]).map(operationKey));
    for (const op of ops) expect(action.affects).toContain(`\`${op}\``);
  });

  it('a variant whose discriminator property became optional says what to send', () => {
    const schemas = (parts.inputs.to.spec.document.components?.schemas ?? {}) as Record<string, { discriminator?: { propertyName: string; mapping?: Record<string, string> } }>;
    const appendixB = sectionBody(guide, 'Appendix B: Schema changes') ?? '';
    let checked = 0;
    for (const [parent, node] of Object.entries(schemas)) {
      if (!node.discriminator?.mapping) continue;
      for (const [value, ref] of Object.entries(node.discriminator.mapping)) {
        const variant = ref.split('/').pop()!;
        const section = sectionBody(appendixB, variant) ?? '';
        if (!section.includes(`\`${node.discriminator.propertyName}\` is now optional`)) continue;
        checked++;
        expect(section).toContain(`discriminator of \`${parent}\`: send \`"${node.discriminator.propertyName}": "${value}"\``);
      }
    }
    expect(checked).toBeGreaterThan(0);
  });
});
