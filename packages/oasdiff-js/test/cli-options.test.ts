/** --severity-levels, --max-file-bytes and --cache / --cache-location (CLI and action). */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCliArgs } from '../src/cli/args.js';
import { runCaptured } from './run-cli.js';
import { parseSeverityLevels } from '../src/severity.js';

const folders: string[] = [];
afterAll(() => {
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});
const temp = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'oasdiff-js-options-'));
  folders.push(dir);
  return dir;
};
const run = (argv: string[], cwd: string) => runCaptured(argv, { cwd });
const pair = (id: string) => ['base.json', 'revision.json'].map((f) => path.join(import.meta.dirname, 'fixtures/rules', id, f)) as [string, string];
const levelsOf = (stdout: string) => (JSON.parse(stdout) as { changes: Array<{ id: string; level: string }> }).changes.map((c) => `${c.id}:${c.level}`);

describe('--severity-levels', () => {
  it('sets the level of the listed rules after classification, and --fail-on reads the new level', () => {
    const dir = temp();
    const [base, revision] = pair('response-property-enum-value-added');
    expect(levelsOf(run(['diff', base, revision, '--format', 'json'], dir).stdout)).toEqual(['response-property-enum-value-added:breaking']);
    writeFileSync(path.join(dir, 'levels.txt'), '# accepted in our API: enums grow\n\nresponse-property-enum-value-added   INFO  # lowered\n');
    const lowered = run(['diff', base, revision, '--format', 'json', '--severity-levels', 'levels.txt', '--fail-on', 'warning'], dir);
    expect(lowered.code).toBe(0);
    expect(levelsOf(lowered.stdout)).toEqual(['response-property-enum-value-added:info']);
    writeFileSync(path.join(dir, 'none.txt'), 'response-property-enum-value-added none\n');
    expect(levelsOf(run(['diff', base, revision, '--format', 'json', '--severity-levels', 'none.txt'], dir).stdout)).toEqual([]);
    writeFileSync(path.join(dir, 'raise.txt'), 'request-property-enum-value-added ERR\n');
    const [rb, rr] = pair('request-property-enum-value-added');
    expect(run(['breaking', rb, rr, '--severity-levels', 'raise.txt', '--fail-on', 'breaking'], dir).code).toBe(1);
  });

  it('refuses an unknown id, an unknown level or a malformed line with exit 2, naming the file and line', () => {
    const dir = temp();
    const [base, revision] = pair('response-property-enum-value-added');
    writeFileSync(path.join(dir, 'bad-id.txt'), '# c\nresponse-property-enum-value-added info\nno-such-rule ERR\n');
    const badId = run(['diff', base, revision, '--severity-levels', 'bad-id.txt'], dir);
    expect(badId.code).toBe(2);
    expect(badId.stderr).toMatch(/^oasdiff-js: .*bad-id\.txt:3: unknown rule id "no-such-rule"\n$/);
    writeFileSync(path.join(dir, 'bad-level.txt'), 'response-property-enum-value-added FATAL\n');
    const badLevel = run(['diff', base, revision, '--severity-levels', 'bad-level.txt'], dir);
    expect(badLevel.code).toBe(2);
    expect(badLevel.stderr).toMatch(/bad-level\.txt:1: unknown level "FATAL"/);
    expect(() => parseSeverityLevels('a b c\n', 'x.txt')).toThrow(/x\.txt:1: expected "rule-id level"/);
  });
});

describe('--max-file-bytes', () => {
  it('is passed to the loader: a file above the limit is refused, the same file under a larger one is read', () => {
    const dir = temp();
    const [base, revision] = pair('response-property-enum-value-added');
    const small = run(['diff', base, revision, '--max-file-bytes', '100'], dir);
    expect(small.code).toBe(2);
    expect(small.stderr).toMatch(/100/);
    const large = run(['diff', base, revision, '--max-file-bytes', '1000000', '--format', 'sarif'], dir);
    expect(large.code).toBe(0);
    expect(() => parseCliArgs(['diff', 'a', 'b', '--max-file-bytes', '0'])).toThrow(/--max-file-bytes expects a positive whole number/);
  });
});

describe('--cache and --cache-location', () => {
  it('is off by default; --cache uses node_modules/.cache/oasdiff-js under the current directory; --cache-location implies it', () => {
    const cwd = temp();
    const plain = parseCliArgs(['diff', 'a', 'b'], cwd);
    expect(plain !== undefined && plain !== 'version' && plain.cacheDir).toBeUndefined();
    const cached = parseCliArgs(['diff', 'a', 'b', '--cache'], cwd);
    expect(cached !== undefined && cached !== 'version' && cached.cacheDir).toBe(path.join(cwd, 'node_modules/.cache/oasdiff-js'));
    const located = parseCliArgs(['history', 'specs', '--cache-location', 'elsewhere'], cwd);
    expect(located !== undefined && located !== 'version' && located.cacheDir).toBe(path.join(cwd, 'elsewhere'));
  });

  it('a run with --cache-location still compares, and without --cache writes no cache folder', () => {
    const cwd = temp();
    const [base, revision] = pair('response-property-enum-value-added');
    expect(levelsOf(run(['diff', base, revision, '--format', 'json'], cwd).stdout)).toEqual(['response-property-enum-value-added:breaking']);
    expect(existsSync(path.join(cwd, 'node_modules'))).toBe(false);
    expect(levelsOf(run(['diff', base, revision, '--format', 'json', '--cache-location', 'c'], cwd).stdout)).toEqual(['response-property-enum-value-added:breaking']);
  });
});
