/**
 * Issue 20, item 5: oasdiff v1.37's versioning policy. One info finding when a breaking change is
 * reported and both info.versions are semantic versions that do not carry it (the same version, a
 * lower one, or a step smaller than a major one); recomputed after a severity-levels file moves levels.
 */
import { describe, expect, it } from 'vitest';
import { applySeverityLevels, diffSpecs, loadSide, parseSeverityLevels, specFromDocument } from '../src/index.js';
import { semverParts, versioningViolation } from '../src/classify/rules/versioning.js';

/** A one-operation API whose `city` query parameter is optional or required (making it required breaks requests). */
const doc = (version: string | undefined, required: boolean) => ({
  openapi: '3.0.3',
  info: { title: 'Kennel', ...(version === undefined ? {} : { version }) },
  paths: { '/kennels': { get: { parameters: [{ name: 'city', in: 'query', required, schema: { type: 'string' } }], responses: { 200: { description: 'ok' } } } } },
});
const side = (d: ReturnType<typeof doc>) => loadSide([specFromDocument(d as Parameters<typeof specFromDocument>[0])]);
const compare = (from: string | undefined, to: string | undefined, breaking = true) => diffSpecs(side(doc(from, false)), side(doc(to, breaking)));
const policy = (result: ReturnType<typeof compare>) => result.changes.filter((c) => /^api-(major-)?version-(not-bumped|decreased)$/.test(c.id)).map((c) => `${c.id}:${c.level}`);

describe('semantic versions', () => {
  it.each([
    ['1.2.3', [1, 2, 3]],
    ['v1.2.3', [1, 2, 3]],
    ['0.0.1-alpha.1+build.7', [0, 0, 1]],
    ['10.20.30', [10, 20, 30]],
  ] as const)('reads %s', (text, parts) => expect(semverParts(text)).toEqual(parts));

  it.each(['1', 'v1', '1.2', '01.2.3', '1.2.3.4', '2024-05-01', '1.2.3-', '1.2.3-01', ' 1.2.3'])('does not read %s', (text) => expect(semverParts(text)).toBeUndefined());
});

describe('versioningViolation', () => {
  it.each([
    ['1.2.3', '1.2.3', 'api-version-not-bumped'],
    ['1.2.3', '1.2.2', 'api-version-decreased'],
    ['2.0.0', '1.9.9', 'api-version-decreased'],
    // Another text of the same version is not an increase.
    ['1.2.3', 'v1.2.3', 'api-version-decreased'],
    ['1.2.3', '1.3.0', 'api-major-version-not-bumped'],
    ['1.2.3', '1.2.4', 'api-major-version-not-bumped'],
    ['0.4.0', '0.4.1', 'api-major-version-not-bumped'],
    ['1.2.3', '2.0.0', undefined],
    ['1.2.3', 'v2.0.0', undefined],
    // Below 1.0.0 a minor step may break (semver's rule for 0.x).
    ['0.4.0', '0.5.0', undefined],
    ['0.4.0', '1.0.0', undefined],
    ['2024-01-01', '2024-01-01', undefined],
    ['1.2.3', undefined, undefined],
  ] as const)('%s → %s: %s', (from, to, want) => expect(versioningViolation(from, to)).toBe(want));
});

describe('the policy in a comparison', () => {
  it('reports a breaking change without a major bump, once, at info', () => {
    expect(policy(compare('3.1.0', '3.1.0'))).toEqual(['api-version-not-bumped:info']);
    expect(policy(compare('3.1.0', '3.0.9'))).toEqual(['api-version-decreased:info']);
    expect(policy(compare('3.1.0', '3.2.0'))).toEqual(['api-major-version-not-bumped:info']);
  });

  it('says nothing with a major bump, without a breaking change, or when a version is not semver', () => {
    expect(policy(compare('3.1.0', '4.0.0'))).toEqual([]);
    expect(policy(compare('3.1.0', '3.1.0', false))).toEqual([]);
    expect(policy(compare('v1', 'v1'))).toEqual([]);
    expect(policy(compare(undefined, undefined))).toEqual([]);
  });

  it('names both versions and writes a sentence', () => {
    const change = compare('3.1.0', '3.2.0').changes.find((c) => c.id === 'api-major-version-not-bumped')!;
    expect(change).toMatchObject({ old: '3.1.0', new: '3.2.0', location: 'info.version', group: 'info' });
    expect(change.text).toContain('3.2.0');
  });

  it('is found again after a severity-levels file: a breaking change taken down removes it', () => {
    const result = compare('3.1.0', '3.1.0');
    const lowered = applySeverityLevels(result, parseSeverityLevels('request-parameter-became-required WARN\n', 'levels.txt'));
    expect(lowered.changes.map((c) => `${c.id}:${c.level}`)).toEqual(['request-parameter-became-required:warning']);
  });

  it('is found again after a severity-levels file: a change raised to breaking adds it', () => {
    // Adding an optional parameter is info; raised to ERR it is the breaking change the policy needs.
    const base = side({ ...doc('3.1.0', false), paths: { '/kennels': { get: { responses: { 200: { description: 'ok' } } } } } } as ReturnType<typeof doc>);
    const result = diffSpecs(base, side(doc('3.1.0', false)));
    expect(policy(result)).toEqual([]);
    const raised = applySeverityLevels(result, parseSeverityLevels('new-optional-request-parameter ERR\n', 'levels.txt'));
    expect(policy(raised)).toEqual(['api-version-not-bumped:info']);
    expect(raised.changes.filter((c) => c.id === 'api-version-not-bumped')).toHaveLength(1);
  });

  it('takes its own level from the file, and none drops it', () => {
    const result = compare('3.1.0', '3.1.0');
    expect(policy(applySeverityLevels(result, parseSeverityLevels('api-version-not-bumped ERR\n', 'levels.txt')))).toEqual(['api-version-not-bumped:breaking']);
    expect(policy(applySeverityLevels(result, parseSeverityLevels('api-version-not-bumped NONE\n', 'levels.txt')))).toEqual([]);
  });

  it('counts a capped change at the level it is reported at (warning), as oasdiff does', () => {
    // The only breaking change is an enum value added to a response property reached as an allOf member: capped at warning.
    const api = (values: string[]) => ({
      openapi: '3.0.3',
      info: { title: 'Greenhouse', version: '1.0.0' },
      paths: { '/plants': { get: { responses: { 200: { description: 'ok', content: { 'application/json': { schema: { type: 'object', properties: { stage: { allOf: [{ $ref: '#/components/schemas/Stage' }] }, size: { $ref: '#/components/schemas/Size' } } } } } } } } } },
      components: { schemas: { Stage: { type: 'string', enum: values }, Size: { type: 'string', enum: values } } },
    });
    const load = (d: ReturnType<typeof api>) => loadSide([specFromDocument(d as Parameters<typeof specFromDocument>[0])]);
    const onlyStage = api(['a', 'b']);
    onlyStage.components.schemas.Size.enum = ['a'];
    const before = api(['a']);
    const capped = diffSpecs(load(before), load(onlyStage));
    expect(capped.changes.map((c) => `${c.id}:${c.level}`)).toEqual(['response-property-enum-value-added:warning']);
    expect(policy(capped)).toEqual([]);
    // The same value added to the directly used component too: breaking, so the policy speaks.
    expect(policy(diffSpecs(load(before), load(api(['a', 'b']))))).toEqual(['api-version-not-bumped:info']);
  });
});
