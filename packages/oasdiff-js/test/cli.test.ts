/** The CLI, run through its main function with injected argv and output (exit codes, one-line errors). */
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Ajv } from 'ajv';
import { afterAll, describe, expect, it } from 'vitest';
import { runCaptured } from './run-cli.js';

// Every temp folder made here is removed when this test file ends, pass or fail.
const madeFolders: string[] = [];
afterAll(() => {
  for (const dir of madeFolders) rmSync(dir, { recursive: true, force: true });
});
function removedAfterAll(dir: string): string {
  madeFolders.push(dir);
  return dir;
}

const run = (argv: string[], cwd: string) => runCaptured(argv, { cwd });

function scratch(files: Record<string, string>): string {
  const dir = removedAfterAll(mkdtempSync(path.join(tmpdir(), 'oasdiff-js-')));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const spec = (extra = '') => `openapi: 3.0.3
info: {title: Pets, version: "1"}
paths:
  /pets:
    get:
      parameters:
        - {name: limit, in: query, schema: {type: integer}}
${extra}      responses:
        '200': {description: OK}
`;

const dir = scratch({
  'old.yaml': spec(),
  'new.yaml': spec('        - {name: owner, in: query, required: true, schema: {type: string}}\n'),
  // A warning-level change (an optional query parameter removed: WARN in oasdiff v1.37) and an info one (a response added).
  'minor.yaml': spec().replace('        - {name: limit, in: query, schema: {type: integer}}\n', '').replace('OK}', 'OK}\n        \'404\': {description: Missing}'),
  'bad.yaml': 'openapi: 3.0.3\ninfo:\n  title: [unclosed\n',
  'bad.json': '{\n  "openapi": "3.0.3",\n  "info": }\n',
  'notopenapi.yaml': 'hello: world\n',
  'dangling.yaml': 'openapi: 3.0.3\ninfo: {title: t, version: "1"}\npaths:\n  /x:\n    get:\n      responses:\n        \'200\': {$ref: "#/components/responses/Nope"}\n',
});

describe('oasdiff-js CLI', () => {
  it.each([
    ['malformed YAML', 'bad.yaml', /^oasdiff-js: bad\.yaml:\d+: invalid YAML/],
    ['malformed JSON', 'bad.json', /^oasdiff-js: bad\.json:3: invalid JSON/],
    ['a document that is not OpenAPI', 'notopenapi.yaml', /^oasdiff-js: notopenapi\.yaml#\/openapi: not an OpenAPI document/],
    ['a dangling $ref', 'dangling.yaml', /^oasdiff-js: dangling\.yaml#\/paths\/~1x\/get\/responses\/200\/\$ref: \$ref "#\/components\/responses\/Nope" points to nothing/],
    ['a missing file', 'nowhere.yaml', /^oasdiff-js: nowhere\.yaml: no such file/],
  ])('rejects %s with a one-line error naming file and location, exit 2', (_what, file, message) => {
    const { code, stdout, stderr } = run(['diff', 'old.yaml', file], dir);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it.each([
    [['diff', 'old.yaml'], /expects OLD and NEW/],
    [['frobnicate', 'a', 'b'], /unknown command "frobnicate"/],
    [['diff', 'old.yaml', 'new.yaml', '--format', 'pdf'], /--format must be/],
    [['diff', 'old.yaml', 'new.yaml', '--fail-on', 'info'], /--fail-on must be/],
    [['diff', 'old.yaml', 'new.yaml', '--colour'], /Unknown option '--colour'/],
  ])('rejects bad arguments %j with exit 2', (argv, message) => {
    const { code, stderr } = run(argv, dir);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });

  it('shows usage with examples for --help', () => {
    const { code, stdout } = run(['--help'], dir);
    expect(code).toBe(0);
    expect(stdout).toContain('Examples:');
    expect(stdout).toContain('oasdiff-js changelog');
  });

  it('prints its version for --version and -V', () => {
    const version = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
    for (const flag of ['--version', '-V']) expect(run([flag], dir)).toMatchObject({ code: 0, stdout: `${version}\n` });
  });

  it('exits 1 only when --fail-on trips', () => {
    expect(run(['breaking', 'old.yaml', 'new.yaml'], dir).code).toBe(0);
    expect(run(['breaking', 'old.yaml', 'new.yaml', '--fail-on', 'breaking'], dir).code).toBe(1);
    expect(run(['diff', 'old.yaml', 'minor.yaml', '--fail-on', 'breaking'], dir).code).toBe(0);
    expect(run(['diff', 'old.yaml', 'minor.yaml', '--fail-on', 'warning'], dir).code).toBe(1);
    expect(run(['diff', 'old.yaml', 'old.yaml', '--fail-on', 'warning'], dir).code).toBe(0);
  });

  it('prints one grep-friendly line per change in text format', () => {
    const { stdout } = run(['diff', 'old.yaml', 'new.yaml'], dir);
    expect(stdout).toBe('breaking\tnew-required-request-parameter\tGET /pets query owner\tAdded the required query parameter owner to GET /pets.\n');
  });

  it('breaking leaves out info-level changes', () => {
    const { stdout } = run(['breaking', 'old.yaml', 'minor.yaml'], dir);
    expect(stdout.trim().split('\n').map((l) => l.split('\t')[1])).toEqual(['request-parameter-removed']);
  });

  it('writes JSON that validates against schema/diff-result.schema.json', () => {
    const schema = JSON.parse(readFileSync(path.join(import.meta.dirname, '../schema/diff-result.schema.json'), 'utf8'));
    const validate = new Ajv({ allErrors: true }).compile(schema);
    const repo = path.resolve(import.meta.dirname, '../../..');
    for (const [a, b, cwd] of [['old.yaml', 'new.yaml', dir], ['old.yaml', 'minor.yaml', dir], ['specs/v1beta1/iam/2025-09-17.yaml', 'specs/v1beta1/iam/2026-04-02.yaml', repo]] as const) {
      const { code, stdout } = run(['diff', a, b, '--format', 'json'], cwd);
      expect(code).toBe(0);
      const output = JSON.parse(stdout);
      expect(output.schemaVersion).toBe('1.1');
      expect(validate(output), JSON.stringify(validate.errors)).toBe(true);
    }
  });

  it('composes a side from comma-joined files or repeated --base/--revision', () => {
    const two = scratch({
      'iam.yaml': spec().replace('/pets', '/users'),
      'platform.yaml': spec(),
      'platform2.yaml': spec().replace('{type: integer}', '{type: boolean}'),
    });
    const joined = run(['diff', 'iam.yaml,platform.yaml', 'iam.yaml,platform2.yaml'], two);
    const repeated = run(['diff', '--base', 'iam.yaml', '--base', 'platform.yaml', '--revision', 'iam.yaml', '--revision', 'platform2.yaml'], two);
    expect(joined.stdout).toContain('request-parameter-type-changed\tGET /pets query limit');
    expect(repeated.stdout).toBe(joined.stdout);
  });
});
