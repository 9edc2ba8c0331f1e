import { formatFinding } from './findings.js';
import type { PlanStep, RunReport } from './runner.js';

/** The summary table and every finding, as the CLI prints them. */
export function formatSummary(report: RunReport): string {
  const s = report.summary;
  const rows: Array<[string, number]> = [
    ['operations in the spec', s.operations],
    ['exercised', s.exercised],
    ['passed', s.passed],
    ['with violations', s.withViolations],
    ['not reachable with this token (401/403)', s.unreachable],
    ['skipped (nothing to read)', s.skipped],
    ['not run (--max-requests)', s.notRun],
    ['not planned (writes)', s.notPlanned],
    ['violations', s.violations],
    ['unknown fields', s.unknownFields],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  const lines = [
    `astro-api-contract: ${report.api} revision ${report.revision} at ${report.baseUrl} (run ${report.runId}, ${report.writes ? 'reads and writes' : 'reads only'}, ${report.requests} requests)`,
    '',
    `| ${'what'.padEnd(width)} | count |`,
    `|${'-'.repeat(width + 2)}|-------|`,
    ...rows.map(([label, n]) => `| ${label.padEnd(width)} | ${String(n).padStart(5)} |`),
  ];
  const violations = report.findings.filter((f) => f.kind === 'violation');
  const unknown = report.findings.filter((f) => f.kind === 'unknown-field');
  if (violations.length > 0) lines.push('', 'violations:', ...violations.map((f) => `  ${formatFinding(f)}`));
  if (unknown.length > 0) lines.push('', 'unknown fields (not in the schema; not violations):', ...unknown.map((f) => `  ${formatFinding(f)}`));
  const unreachable = report.operations.filter((r) => r.outcome === 'unreachable');
  if (unreachable.length > 0) lines.push('', `not reachable with this token: ${unreachable.map((r) => `${r.operationId} (${[...new Set(r.statuses)].join('/')})`).join(', ')}`);
  const skipped = report.operations.filter((r) => r.outcome === 'skipped' || r.outcome === 'not-run');
  if (skipped.length > 0) lines.push('', 'skipped:', ...skipped.map((r) => `  ${r.operationId}: ${r.reason}`));
  if (report.leftovers.length > 0) lines.push('', 'COULD NOT DELETE (remove by hand):', ...report.leftovers.map((l) => `  ${l}`));
  return lines.join('\n');
}

export function formatPlan(api: string, steps: readonly PlanStep[]): string {
  return [
    `astro-api-contract: dry run for ${api}, nothing is sent. Plan (${steps.length} operations, in order):`,
    ...steps.map((step, i) => `${String(i + 1).padStart(3)}. ${step.access.padEnd(5)} ${step.method.padEnd(6)} ${step.path}  ${step.operationId}${step.flow === 'read' ? '' : `  [${step.flow}]`}`),
  ].join('\n');
}

const xml = (text: string) => text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);

/** One test case per operation: a failure per violating operation, skipped for every one not exercised or not reachable. */
export function toJUnit(report: RunReport): string {
  const cases = report.operations.map((r) => {
    const name = `${r.operationId} (${r.method} ${r.path})`;
    const mine = report.findings.filter((f) => f.operationId === r.operationId);
    const violations = mine.filter((f) => f.kind === 'violation');
    const unknown = mine.filter((f) => f.kind === 'unknown-field');
    let inner = '';
    if (r.outcome === 'violations') inner += `<failure message="${xml(`${violations.length} violation(s)`)}">${xml(violations.map(formatFinding).join('\n'))}</failure>`;
    else if (r.outcome !== 'passed') inner += `<skipped message="${xml(r.outcome === 'unreachable' ? `not reachable with this token (${[...new Set(r.statuses)].join('/')})` : `${r.outcome}: ${r.reason ?? ''}`)}"/>`;
    if (unknown.length > 0) inner += `<system-out>${xml(unknown.map(formatFinding).join('\n'))}</system-out>`;
    return `    <testcase classname="${xml(`${report.api}.${report.revision}`)}" name="${xml(name)}">${inner}</testcase>`;
  });
  const failures = report.operations.filter((r) => r.outcome === 'violations').length;
  const skipped = report.operations.filter((r) => r.outcome !== 'violations' && r.outcome !== 'passed').length;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="astro-api-contract" tests="${report.operations.length}" failures="${failures}" skipped="${skipped}">`,
    `  <testsuite name="${xml(`${report.api} ${report.revision} at ${report.baseUrl}`)}" tests="${report.operations.length}" failures="${failures}" skipped="${skipped}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
