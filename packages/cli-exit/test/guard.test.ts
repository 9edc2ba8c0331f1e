import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeFailure, secretsOf } from '../src/index.js';

const fixture = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'fails.mjs');
const SECRET = 'tok_0123456789abcdef';

function run(how: string, env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [fixture, how], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', ASTRO_API_TOKEN: SECRET, ...env } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

// Controls that could rewrite a terminal: C0 (but not line breaks, checked apart), DEL and C1.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

describe('guardExit: an unexpected failure never ends as a verdict', () => {
  const ways = ['throw', 'throw-value', 'timer', 'rejection', 'rejection-value', 'revoked', 'getter'];
  for (const how of ways) {
    it(`${how}: exit 2, one line, no stack, no secret`, () => {
      const { code, stdout, stderr } = run(how, { FAIL_MESSAGE: `it broke near ${SECRET}\n    at secret place (x.js:1:1)`, FAIL_VALUE: '"a bare string"' });
      expect(code).toBe(2);
      expect(stdout).toBe('partial output\n');
      expect(stderr.split('\n')).toHaveLength(2); // one line and its line feed
      expect(stderr).toMatch(/^fixture: internal error: \S/);
      expect(stderr).not.toContain(SECRET);
      expect(stderr).not.toMatch(/\n\s+at /);
    });
  }

  it('leaves a verdict the command gives on purpose alone', () => {
    expect(run('exit-code').code).toBe(1);
  });

  it('prints the stack with ASTRO_API_DEBUG=1, still without the secret', () => {
    const { code, stderr } = run('throw', { ASTRO_API_DEBUG: '1', FAIL_MESSAGE: `near ${SECRET}` });
    expect(code).toBe(2);
    expect(stderr).toMatch(/^fixture: internal error: TypeError: near \[redacted\]\n/);
    expect(stderr).toMatch(/\n\s+at .*fails\.mjs/);
    expect(stderr).not.toContain(SECRET);
  });
});

describe('describeFailure', () => {
  // Secrets as environment variables hold them: long enough to count, any characters (line breaks and
  // controls included: a PEM key spans lines).
  const secret = fc.string({ minLength: 8, maxLength: 40, unit: fc.constantFrom('a', 'b', 'Z', '9', '-', '_', '\n', '\u001b', '\u0007', ' ', '/') }).filter((s) => s.replace(/[\s\u0000-\u001f]/g, '').length >= 8);
  const thrown = (secrets: string[]) =>
    fc.oneof(
      fc.anything(),
      fc.string().map((s) => new Error(s)),
      fc.tuple(fc.string(), fc.constantFrom(...secrets), fc.string()).map(([a, s, b]) => new TypeError(`${a}${s}${b}`)),
      fc.tuple(fc.string(), fc.constantFrom(...secrets), fc.string()).map(([a, s, b]) => `${a}${s}${b}`),
      fc.string({ unit: fc.constantFrom('x', '\n', '\r', '\u001b', '[', '3', '1', 'm', '\u009b', '\u007f') }),
    );

  it('is one line, free of controls, bounded, and never holds a secret of the environment (property)', () => {
    fc.assert(
      fc.property(
        fc.array(secret, { minLength: 1, maxLength: 3 }).chain((secrets) => fc.tuple(fc.constant(secrets), thrown(secrets))),
        ([secrets, value]) => {
          const env = Object.fromEntries(secrets.map((s, i) => [`SERVICE_${i}_TOKEN`, s]));
          const line = describeFailure(value, secretsOf(env));
          expect(line).not.toMatch(/[\r\n]/);
          expect(line).not.toMatch(CONTROL);
          expect(line.length).toBeLessThanOrEqual(501);
          expect(line.trim()).not.toBe('');
          for (const s of secrets) {
            // Whole, without its controls, and each of its long-enough lines: none survives.
            const stripped = s.replace(/[\u0000-\u001f\u007f-\u009f]/g, '');
            for (const piece of [s, stripped, ...s.split('\n').map((l) => l.replace(/[\u0000-\u001f\u007f-\u009f]/g, '').trim())]) {
              if (piece.length >= 8) expect(line).not.toContain(piece);
            }
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('names an error by its kind and its first line, and anything else by what it is', () => {
    expect(describeFailure(new RangeError('Invalid string length\nmore'))).toBe('RangeError: Invalid string length');
    expect(describeFailure(undefined)).toBe('undefined was thrown');
    expect(describeFailure(Object.create(null))).toBe('[object Object] was thrown');
    expect(describeFailure(Symbol('s'))).toBe('Symbol(s) was thrown');
    expect(describeFailure('x'.repeat(600))).toHaveLength(501);
  });

  it('reads secrets from variables named like one, or named by the command, of 8 characters or more', () => {
    const env = { ASTRO_API_TOKEN: 'abcdefgh', DB_PASSWORD: 'password1', SHORT_TOKEN: 'abc', MY_VAR: 'not-a-secret-by-name', CUSTOM: 'named-secret' };
    expect(secretsOf(env, ['CUSTOM']).sort()).toEqual(['abcdefgh', 'named-secret', 'password1']);
  });
});
