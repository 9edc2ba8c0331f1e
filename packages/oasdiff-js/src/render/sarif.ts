/**
 * SARIF 2.1.0 for code-scanning upload: one result per change, its rule described from the catalogue,
 * its place from `places.ts`, `partialFingerprints` from the change's fingerprint (so GitHub tracks an
 * alert across pushes), ignored changes as results with an external suppression and its reason.
 */
import { rules } from '../classify/catalogue.js';
import type { Change, DiffResult } from '../result.js';
import type { Places } from './places.js';
import { PACKAGE_VERSION as version } from '../meta/version.js';

const sarifLevel = { breaking: 'error', warning: 'warning', info: 'note' } as const;

export function renderSarif(result: DiffResult, places?: Places): string {
  const used = [...new Set([...result.changes, ...(result.ignored ?? [])].map((c) => c.id))].sort();
  const index = new Map(used.map((id, i) => [id, i]));
  const catalogue = new Map(rules.map((r) => [r.id, r]));
  const toResult = (c: Change, suppression?: string) => {
    const place = places?.of(c);
    return {
      ruleId: c.id,
      ruleIndex: index.get(c.id)!,
      level: sarifLevel[c.level],
      message: { text: `${c.text} (${c.location})` },
      ...(place ? { locations: [{ physicalLocation: { artifactLocation: { uri: place.file }, region: { startLine: place.line } } }] } : {}),
      partialFingerprints: { 'oasdiffJsFingerprint/v1': c.fingerprint },
      properties: { level: c.level, direction: c.direction, group: c.group, location: c.location, ...(c.pointers.base ? { basePointer: c.pointers.base } : {}), ...(c.pointers.revision ? { revisionPointer: c.pointers.revision } : {}), ...(c.disclaimers ? { disclaimers: c.disclaimers } : {}) },
      ...(suppression !== undefined ? { suppressions: [{ kind: 'external', justification: suppression }] } : {}),
    };
  };
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'oasdiff-js',
            version,
            rules: used.map((id) => {
              const rule = catalogue.get(id);
              return {
                id,
                shortDescription: { text: rule?.description ?? id },
                defaultConfiguration: { level: rule ? sarifLevel[rule.level] : 'warning' },
                properties: rule ? { direction: rule.direction, action: rule.action, group: rule.group } : {},
              };
            }),
          },
        },
        results: [...result.changes.map((c) => toResult(c)), ...(result.ignored ?? []).map((c) => toResult(c, c.ignore.reason))],
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}
