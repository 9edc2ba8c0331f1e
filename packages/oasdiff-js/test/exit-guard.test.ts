/**
 * The CLI as a person runs it (the bundled bin) when something fails that nobody expected: a function
 * our code calls throws, injected by a preloaded script once the exit guard is installed. Exit 1 means
 * "--fail-on tripped" to CI and the GitHub Action; a crash must never end with it (issue: Microsoft
 * Graph v1.0 against beta built more output than a string holds, and Node's uncaught RangeError ended
 * the run with 1, read as "breaking changes").
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';

const pkg = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(pkg, 'bin/oasdiff-js.js');
const inject = path.join(pkg, 'test/fixtures/inject-failure.cjs');
const rules = path.join(pkg, 'test/fixtures/rules/api-path-removed-without-deprecation');
const dir = mkdtempSync(path.join(tmpdir(), 'oasdiff-js-exit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const TOKEN = 'astro_tok_0123456789';

let n = 0;
function run(env: Record<string, string>, args = ['diff', path.join(rules, 'base.json'), path.join(rules, 'revision.json'), '--format', 'json', '--fail-on', 'breaking']) {
  const fired = path.join(dir, `fired-${n++}`);
  const result = spawnSync(process.execPath, ['--require', inject, bin, ...args], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', ASTRO_API_TOKEN: TOKEN, INJECT_FIRED: fired, ...env } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr, fired: existsSync(fired) && readFileSync(fired, 'utf8') === 'fired' };
}

describe('oasdiff-js: a failure nobody expected ends with exit 2, never 1', () => {
  it('without an injected failure the pair trips --fail-on (exit 1): the verdict the crash must not imitate', () => {
    const result = run({ INJECT_AT: 'JSON.stringify', INJECT_AFTER: '100000000' });
    expect(result.fired).toBe(false);
    expect(result.code).toBe(1);
  });

  it('wherever and whatever our code throws (property over function, call count and value)', () => {
    let fired = 0;
    fc.assert(
      fc.property(
        fc.constantFrom('JSON.stringify', 'Array.prototype.sort', 'String.prototype.split', 'Map.prototype.get'),
        fc.integer({ min: 0, max: 2 }),
        fc.constantFrom('error', 'range', 'string', 'undefined'),
        (at, after, value) => {
          const result = run({ INJECT_AT: at, INJECT_AFTER: String(after), INJECT_THROW: value });
          if (!result.fired) return; // the run made fewer calls than that: it ended as it should
          fired++;
          expect(result.code).toBe(2);
          expect(result.stdout).toBe('');
          expect(result.stderr).toMatch(/^oasdiff-js: (internal error: \S.*|the output would be .*)\n$/);
          expect(result.stderr).not.toContain(TOKEN);
        },
      ),
      { numRuns: 12 },
    );
    // Not a property that holds because nothing was injected.
    expect(fired).toBeGreaterThanOrEqual(6);
  });
});
