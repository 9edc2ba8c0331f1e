/**
 * oasdiff v1.37's allOf severity cap (its all-of-not-flattened disclaimer): a breaking change found
 * inside an allOf member, or at a schema that composes with allOf, reads as a warning, because a
 * sibling member may still promise what this one dropped. Applied once, in classify (`cappedLevel`).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { applySeverityLevels, diffSpecs, parseSeverityLevels } from '../src/index.js';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures/composition/allof-cap');
const result = diffSpecs(path.join(dir, 'base.yaml'), path.join(dir, 'revision.yaml'));
const at = (p: string) => result.changes.filter((c) => c.operation?.path === p).map((c) => `${c.id}:${c.level}`);

describe('allOf severity cap', () => {
  it('caps a breaking change found in an allOf member at warning (the sibling member still requires id)', () => {
    expect(at('/orders/{id}')).toEqual(['response-property-became-optional:warning']);
  });

  it('leaves the same change without allOf at its rule level', () => {
    expect(at('/invoices/{id}')).toEqual(['response-property-became-optional:breaking']);
  });

  it('caps a removed allOf member, found at the schema that composes', () => {
    const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures/rules');
    for (const id of ['response-body-all-of-removed', 'response-property-all-of-removed']) {
      const changes = diffSpecs(path.join(fixtures, id, 'base.json'), path.join(fixtures, id, 'revision.json')).changes;
      expect(changes.map((c) => `${c.id}:${c.level}`)).toEqual([`${id}:warning`]);
    }
  });

  it('does not cap an added member: it drops nothing', () => {
    const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures/rules');
    const changes = diffSpecs(path.join(fixtures, 'request-body-all-of-added', 'base.json'), path.join(fixtures, 'request-body-all-of-added', 'revision.json')).changes;
    expect(changes.find((c) => c.id === 'request-body-all-of-added')?.level).toBe('breaking');
  });

  it('gives way to a level set explicitly in a severity-levels file', () => {
    const levels = parseSeverityLevels('response-property-became-optional ERR\n', 'levels.txt');
    const relevelled = applySeverityLevels(result, levels);
    expect(relevelled.changes.map((c) => c.level)).toEqual(['breaking', 'breaking']);
  });
});
