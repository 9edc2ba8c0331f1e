/**
 * Issue 24: OpenAPI 3.1 and composition reported as a reviewer would say it. Two histories of our own
 * (test/fixtures/composition): a FastAPI/Pydantic-v2-shaped service and an event-union streaming
 * service. Each pair's facts are asserted one by one below; the golden files (Markdown, the house-style
 * changelog entry, JSON) hold the full computed output (`UPDATE_GOLDEN=1` rewrites them).
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffSpecs, loadSide, renderJson, renderMarkdown, type Change, type DiffResult } from '../../src/index.js';
import { renderEntry, returnsOf } from '../../src/render/changelog/index.js';
import { expectCompositionGolden } from './words.js';

const fixtures = path.join(import.meta.dirname, '../fixtures/composition');

function compare(history: string, from: number, to: number): DiffResult {
  const cwd = path.join(fixtures, history);
  return diffSpecs(`r${from}.yaml`, `r${to}.yaml`, { cwd, today: '2026-12-01' });
}

/** Changes other than the info version bump and respellings (info, asserted on their own): what a reviewer reads. */
function schemaChanges(result: DiffResult): Change[] {
  return result.changes.filter((c) => c.id !== 'api-version-changed' && c.kind !== 'composition-respelled');
}

const line = (c: Change) => `${c.level} ${c.id} ${c.location}`;

describe.each([
  ['fastapi', 4],
  ['openai', 4],
] as const)('%s history: golden changelogs', (history, revisions) => {
  for (let to = 2; to <= revisions; to++) {
    it(`r${to - 1} → r${to} in Markdown, the changelog entry and JSON`, () => {
      const result = compare(history, to - 1, to);
      const name = `${history}-r${to - 1}-r${to}`;
      expectCompositionGolden(`${name}.md`, renderMarkdown(result, { title: `${history} r${to}`, date: `r${to}` }));
      const revision = loadSide(path.join(fixtures, history, `r${to}.yaml`));
      expectCompositionGolden(`${name}.changelog.md`, renderEntry(result, { title: `${history} r${to}`, returns: returnsOf(revision) }));
      expectCompositionGolden(`${name}.json`, renderJson(result));
    });
  }
});

describe('nullability: one concept in every spelling', () => {
  it('a string with its length bounds becoming `anyOf: [that string, null]` is one change per place: nullable (FastAPI r1 → r2)', () => {
    const changes = schemaChanges(compare('fastapi', 1, 2));
    expect(changes.map(line)).toEqual(['breaking response-property-became-nullable Run.call_id', 'info request-property-became-nullable RunCreate.call_id']);
    expect(changes.map((c) => c.text)).toEqual(['Run.call_id: may now be null (affects 2 operations).', 'RunCreate.call_id: now accepts null (affects 1 operation).']);
  });

  it('respelling with the same meaning is info at most: anyOf-null → a type list is nothing, allOf of one reference → the reference one documented respelling (FastAPI r2 → r3)', () => {
    const changes = compare('fastapi', 2, 3).changes.filter((c) => c.location.startsWith('RunCreate.note') || c.location.startsWith('Run.tool'));
    expect(changes.map((c) => `${c.level} ${c.id} ${c.location} ${String(c.old)} → ${String(c.new)}`)).toEqual(['info response-property-composition-respelled Run.tool allOf → $ref']);
  });
});

describe('union branches by identity', () => {
  it('a union losing its string branch says the value can no longer be a string (FastAPI r2 → r3)', () => {
    const changes = schemaChanges(compare('fastapi', 2, 3));
    expect(changes.map(line)).toEqual(['info response-property-any-of-removed Run.error']);
    expect(changes[0]!.old).toEqual({ branch: 'string', form: 'type', types: ['string'] });
    expect(changes[0]!.text).toBe('Run.error: can no longer be a string (the string branch left its anyOf) (affects 2 operations).');
  });

  it('one event leaving the middle of the stream union and one joining its end are two changes, nothing about the events after it (OpenAI r1 → r2)', () => {
    const changes = schemaChanges(compare('openai', 1, 2)).filter((c) => c.id !== 'api-schema-added');
    expect(changes.map((c) => `${c.id} ${c.location} ${JSON.stringify(c.old ?? c.new)}`)).toEqual([
      'response-body-any-of-added ResponseStreamEvent "ResponseReasoningDeltaEvent"',
      'response-body-any-of-removed ResponseStreamEvent "ResponseOutputItemDoneEvent"',
    ]);
  });

  it('a new discriminated branch and reordered branches: one branch change and its mapping entry (FastAPI r3 → r4)', () => {
    const output = schemaChanges(compare('fastapi', 3, 4)).filter((c) => c.location === 'Run.output');
    expect(output.map((c) => c.id).sort()).toEqual(['response-property-discriminator-mapping-added', 'response-property-one-of-added']);
    expect(output.find((c) => c.id === 'response-property-one-of-added')!.new).toBe('FileOutput');
  });
});

describe('net effect over structure', () => {
  it('an allOf member $ref replaced by an inline anyOf of the same events but one: that event left the union (OpenAI r2 → r3)', () => {
    const changes = schemaChanges(compare('openai', 2, 3));
    expect(changes.map(line)).toEqual(['info response-body-any-of-removed ResponseStreamEnvelope']);
    expect(changes[0]!.old).toBe('ResponseErrorEvent');
    expect(changes[0]!.text).toBe('ResponseStreamEnvelope: the ResponseErrorEvent branch left its anyOf (no longer received) (affects 1 operation).');
  });

  it('an inline branch replaced by a new component of the same name: their contents compared, code/message/param moved under error (OpenAI r3 → r4)', () => {
    const changes = schemaChanges(compare('openai', 3, 4));
    expect(changes.map(line)).toEqual(['info api-schema-added ResponseWsError', 'breaking response-property-properties-wrapped ResponseWsMessage.error']);
    const moved = changes[1]!;
    expect(moved.old).toEqual({ properties: ['code', 'message', 'param'], branch: 'ResponseWsError' });
    expect(moved.new).toBe('error');
    expect(moved.text).toBe('ResponseWsMessage.error: is new and holds code, message and param, moved under it from beside it (in the ResponseWsError branch) (affects 1 operation).');
  });
});

describe('keywords vs names', () => {
  it('properties named description, title and type are properties: their constraints are theirs (FastAPI r3 → r4)', () => {
    const tool = schemaChanges(compare('fastapi', 3, 4)).filter((c) => c.schemaName === 'Tool');
    expect(tool.map((c) => `${c.id} ${c.propertyPath}`).sort()).toEqual([
      'request-property-enum-value-added type',
      'request-property-max-length-decreased title',
      'request-property-max-length-increased description',
      'response-property-enum-value-added type',
      'response-property-max-length-decreased title',
      'response-property-max-length-increased description',
    ]);
  });
});
