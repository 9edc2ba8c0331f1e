/**
 * JUnit XML for CI test reporters: one test case per rule that fired; a rule whose changes are
 * breaking fails, warnings and info pass with their changes in `system-out`, a rule that fired only on
 * ignored changes is skipped with the reasons.
 */
import type { Change, DiffResult, IgnoredChange } from '../result.js';
import { sanitizeResult } from './escape.js';
import { plural } from './plural.js';

/** Escapes text for XML content and attribute values; drops characters XML 1.0 forbids. */
export function xml(text: string): string {
  return text
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const lineOf = (c: Change) => `${c.level}: ${c.location}: ${c.text}`;

export function renderJunit(input: DiffResult): string {
  const result = sanitizeResult(input);
  const byRule = new Map<string, { changes: Change[]; ignored: IgnoredChange[] }>();
  const entry = (id: string) => byRule.get(id) ?? byRule.set(id, { changes: [], ignored: [] }).get(id)!;
  for (const c of result.changes) entry(c.id).changes.push(c);
  for (const c of result.ignored ?? []) entry(c.id).ignored.push(c);
  const ids = [...byRule.keys()].sort();
  let failures = 0;
  let skipped = 0;
  const cases: string[] = [];
  for (const id of ids) {
    const { changes, ignored } = byRule.get(id)!;
    const group = (changes[0] ?? ignored[0])!.group;
    const body: string[] = [];
    const breaking = changes.filter((c) => c.level === 'breaking');
    if (breaking.length > 0) {
      failures++;
      body.push(`      <failure message="${xml(plural(breaking.length, 'breaking change'))}" type="breaking">${xml(breaking.map(lineOf).join('\n'))}</failure>`);
    } else if (changes.length === 0) {
      skipped++;
      // Text content, not a `message` attribute: Jenkins' JUnit schema allows only that form, and every reader accepts it.
      body.push(`      <skipped>${xml(`ignored: ${[...new Set(ignored.map((c) => c.ignore.reason))].join('; ')}`)}</skipped>`);
    }
    const out = [...changes.filter((c) => c.level !== 'breaking').map(lineOf), ...ignored.map((c) => `ignored (${c.ignore.reason}): ${lineOf(c)}`)];
    if (out.length > 0) body.push(`      <system-out>${xml(out.join('\n'))}</system-out>`);
    cases.push(`    <testcase name="${xml(id)}" classname="oasdiff-js.${xml(group)}">${body.length ? `\n${body.join('\n')}\n    ` : ''}</testcase>`);
  }
  const name = xml(`${result.base.sources.join(',')} → ${result.revision.sources.join(',')}`);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="oasdiff-js" tests="${ids.length}" failures="${failures}" errors="0">`,
    `  <testsuite name="${name}" tests="${ids.length}" failures="${failures}" errors="0" skipped="${skipped}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
