/**
 * oasdiff v1.37's allOf severity cap (its all-of-not-flattened disclaimer): a breaking change found
 * inside an allOf member, or at a schema that composes with allOf, reads as a warning, because a
 * sibling member may still promise what this one dropped. Applied once, in classify (`cappedLevel`).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { applySeverityLevels, diffSpecs, parseSeverityLevels, renderPrComment, renderSarif } from '../src/index.js';
import { renderJson } from '../src/render/json.js';
import { renderText } from '../src/render/text.js';

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

/**
 * Issue 20, item 1: a component is diffed once, away from its uses, so whether a use passes through
 * an allOf member is read from the reachability graph (`diff/uses.ts`). oasdiff v1.37 finds the same
 * change at every use and caps it at warning where the walk went through an allOf member: our single
 * report is capped when every use does, and stays at the rule's level when one use is clean.
 */
describe('allOf severity cap for a shared component (reached through an allOf member)', () => {
  const pair = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures/mutations/enum-under-allof');
  const found = diffSpecs(path.join(pair, 'base.yaml'), path.join(pair, 'revision.yaml'));
  const of = (name: string) => found.changes.filter((c) => c.schemaName === name).map((c) => ({ id: c.id, level: c.level, disclaimers: c.disclaimers }));

  it('caps a change to a component every use of which is an allOf member, and says why', () => {
    expect(of('GrowthStage')).toEqual([{ id: 'response-property-enum-value-added', level: 'warning', disclaimers: ['all-of-not-flattened'] }]);
  });

  it('caps a change to a component reached only below such a member (the parent is always under allOf)', () => {
    expect(of('Watering')).toEqual([{ id: 'response-property-enum-value-added', level: 'warning', disclaimers: ['all-of-not-flattened'] }]);
  });

  it('does not cap a component that one use reaches without allOf, and gives no disclaimer', () => {
    expect(of('LightLevel')).toEqual([{ id: 'response-property-enum-value-added', level: 'breaking', disclaimers: undefined }]);
  });

  it('writes the disclaimer in JSON that validates against the result schema', () => {
    const schema = JSON.parse(readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), '../schema/diff-result.schema.json'), 'utf8'));
    const validate = new Ajv({ allErrors: true }).compile(schema);
    const json = JSON.parse(renderJson(found));
    expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
    expect(json.changes.filter((c: { disclaimers?: string[] }) => c.disclaimers !== undefined)).toHaveLength(2);
    // And a disclaimer the schema does not know is refused (the schema is strict about it).
    json.changes[0].disclaimers = ['something-else'];
    expect(validate(json)).toBe(false);
  });

  it('gives way to a level a severity-levels file sets, and the disclaimer goes with the cap', () => {
    const relevelled = applySeverityLevels(found, parseSeverityLevels('response-property-enum-value-added ERR\n', 'levels.txt'));
    const changes = relevelled.changes.filter((c) => c.id === 'response-property-enum-value-added');
    expect(changes.map((c) => c.level)).toEqual(['breaking', 'breaking', 'breaking']);
    expect(changes.filter((c) => c.disclaimers !== undefined)).toEqual([]);
  });

  it('shows the cap in the text format', () => {
    const lines = renderText(found).split('\n').filter((l) => l.includes('GrowthStage'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/\(capped at warning: found under an allOf\)\.$/);
    expect(renderText(found).split('\n').find((l) => l.includes('LightLevel'))).not.toMatch(/capped/);
  });
});

describe('the cap in the PR comment and SARIF', () => {
  const pair = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures/mutations/enum-under-allof');
  const found = diffSpecs(path.join(pair, 'base.yaml'), path.join(pair, 'revision.yaml'));

  it('names the cap next to the id of a capped change only', () => {
    const lines = renderPrComment(found).split('\n');
    expect(lines.find((l) => l.includes('GrowthStage'))).toContain('capped at warning (found under an allOf)');
    expect(lines.find((l) => l.includes('LightLevel'))).not.toContain('capped');
  });

  it('carries the disclaimers in the SARIF result properties', () => {
    const sarif = JSON.parse(renderSarif(found)) as { runs: Array<{ results: Array<{ properties: { location: string; disclaimers?: string[] } }> }> };
    const byLocation = new Map(sarif.runs[0]!.results.map((r) => [r.properties.location, r.properties.disclaimers]));
    expect(byLocation.get('GrowthStage')).toEqual(['all-of-not-flattened']);
    expect(byLocation.get('LightLevel')).toBeUndefined();
  });
});

/**
 * oasdiff also caps every change of a body whose root schema composes with allOf (its media type
 * walker adds the root's disclaimer to each change), and its check of request properties that became
 * required reads only that, not the allOf members on the way. oasdiff v1.37 on this pair:
 * `request-property-became-required` warning at /orders (root allOf), breaking at /tickets (a member
 * below a plain root); both enum removals warning.
 */
describe('allOf severity cap: a body whose root schema composes with allOf', () => {
  const pair = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures/mutations/body-root-allof');
  const found = diffSpecs(path.join(pair, 'base.yaml'), path.join(pair, 'revision.yaml'));
  const at = (location: string) => found.changes.filter((c) => c.location === location).map((c) => `${c.id}:${c.level}`);

  it('caps a change to a component below such a root, though no allOf member lies on the way', () => {
    expect(at('Part.finish')).toEqual(['request-property-enum-value-removed:warning']);
    expect(at('Part.sku')).toEqual(['request-property-became-required:warning']);
  });

  it('caps a request property that became required only for such a root, not for an allOf member on the way', () => {
    expect(at('Label.text')).toEqual(['request-property-became-required:breaking']);
    expect(at('Label.colour')).toEqual(['request-property-enum-value-removed:warning']);
  });
});
