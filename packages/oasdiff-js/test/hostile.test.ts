/**
 * The CLI on the hostile inputs of docs/limits.md ("What was tried and what held"): every case ends
 * with exit 2 and one line on stderr naming the input, nothing on stdout, and no file written.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCaptured } from './run-cli.js';
import { diffSpecs } from '../src/index.js';
import { SpecError } from '@astro-api/spec-loader';

const dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'oasdiff-js-hostile-')));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (argv: string[]) => runCaptured(argv, { cwd: dir });

function expectOneLineRefusal(result: ReturnType<typeof run>, text: string | RegExp) {
  expect(result.code).toBe(2);
  expect(result.stdout).toBe('');
  expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(result.stderr).toMatch(typeof text === 'string' ? new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) : text);
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

const head = 'openapi: 3.0.3\ninfo: {title: t, version: "1"}\n';
const withSchema = (schema: string) =>
  `${head}paths:\n  /a:\n    get:\n      responses:\n        "200":\n          description: ok\n          content:\n            application/json:\n              schema:\n${schema}`;
const files: Record<string, string> = {
  'base.yaml': `${head}paths: {}\n`,
  'passwd.yaml': withSchema('                $ref: "../../../../../../etc/passwd"\n'),
  'zero.yaml': withSchema('                $ref: "/dev/zero"\n'),
  'servers-5.yaml': `${head}servers: 5\npaths: {}\n`,
  'servers-null.yaml': `${head}servers: [null]\npaths: {}\n`,
  'servers-url.yaml': `${head}servers: [{url: 5}]\npaths: {}\n`,
  'function.yaml': `${head}paths: {}\nx-f: !!js/function "function () {}"\n`,
  // A path written twice: a reader keeping the last one would hide GET /a from every comparison.
  'twice.yaml': `${head}paths:\n  /a:\n    get:\n      responses:\n        "200": {description: ok}\n  /a:\n    post:\n      responses:\n        "201": {description: made}\n`,
  'deep.json': JSON.stringify({ openapi: '3.0.3', info: { title: 't', version: '1' }, paths: {} }).replace(/}$/, `,"x-deep":${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}}`),
  'xss.yaml': `${head}paths:\n  /a:\n    get:\n      summary: "<script>alert(1)</script> and <img src=x onerror=alert(2)>"\n      description: "&lt;b&gt; stays as written, \`<code>\` too"\n      responses:\n        "200": {description: ok}\n`,
};
const bomb = [head.trimEnd(), 'paths: {}', 'x-bomb:', `  a0: &a0 [${Array(9).fill('lol').join(',')}]`];
for (let i = 1; i <= 9; i++) bomb.push(`  a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(',')}]`);
bomb.push('components:', '  schemas:', '    S:', '      type: array', '      example: *a9');
files['bomb.yaml'] = bomb.join('\n') + '\n';
for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);

describe('hostile specs through the CLI', () => {
  it.each([
    ['passwd.yaml', '$ref "../../../../../../etc/passwd" is refused'],
    ['zero.yaml', '$ref "/dev/zero" is refused'],
    ['servers-5.yaml', 'servers-5.yaml#/servers: "servers" must be an array'],
    ['servers-null.yaml', 'servers-null.yaml#/servers/0: each server must be an object'],
    ['servers-url.yaml', 'servers-url.yaml#/servers/0/url'],
    ['function.yaml', 'function.yaml:4: invalid YAML: unknown tag'],
    ['twice.yaml', 'twice.yaml:8: invalid YAML: duplicated mapping key "/a"'],
    ['deep.json', 'deep.json#/x-deep/a/a/a/a/a/a: nested more than 256 levels deep'],
    ['bomb.yaml', 'aliases count once per use'],
  ])('%s → exit 2, one line', (name, text) => {
    for (const command of ['diff', 'changelog', 'breaking']) expectOneLineRefusal(run([command, 'base.yaml', name]), text);
    expectOneLineRefusal(run(['diff', name, 'base.yaml']), text);
  });

  it('an empty argument is a usage error', () => {
    expectOneLineRefusal(run(['diff', 'base.yaml', '']), 'NEW is empty');
    expectOneLineRefusal(run(['diff', '', 'base.yaml']), 'OLD is empty');
    expectOneLineRefusal(run(['diff', '--base', ',', '--revision', 'base.yaml']), 'OLD is empty');
  });

  it('--allow-external-refs opens a folder for file $refs', () => {
    const shared = realpathSync(mkdtempSync(path.join(tmpdir(), 'oasdiff-js-shared-')));
    try {
      writeFileSync(path.join(shared, 'common.yaml'), 'S:\n  type: string\n');
      writeFileSync(path.join(dir, 'external.yaml'), withSchema(`                $ref: "${shared}/common.yaml#/S"\n`));
      expectOneLineRefusal(run(['diff', 'base.yaml', 'external.yaml']), 'is refused');
      const allowed = run(['diff', 'base.yaml', 'external.yaml', '--allow-external-refs', shared]);
      expect(allowed.stderr).toBe('');
      expect(allowed.code).toBe(0);
      expect(allowed.stdout).toContain('/a');
    } finally {
      rmSync(shared, { recursive: true, force: true });
    }
  });

  it('escapes HTML in spec text of a Markdown changelog', () => {
    const { code, stdout } = run(['changelog', 'base.yaml', 'xss.yaml']);
    expect(code).toBe(0);
    expect(stdout).not.toMatch(/<script|<img/i);
    expect(stdout).toContain('&lt;script>alert(1)&lt;/script>');
    expect(stdout).toContain('&lt;img src=x onerror=alert(2)>');
  });
});

describe('git revisions at every entry point of the CLI and the library', () => {
  const gitIn = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd: dir, stdio: 'ignore' });
  gitIn('init', '-q');
  gitIn('add', 'base.yaml');
  gitIn('commit', '-qm', 'base');
  const target = path.join(dir, 'written-by-git');
  const hostile = [`--output=${target}:base.yaml`, `--upload-pack=touch ${target}:base.yaml`, '-p:base.yaml'];

  it.each(hostile)('refuses %s as OLD, NEW, --base=, --revision= and in comma lists', (arg) => {
    const argvs = [
      ['diff', 'base.yaml', arg],
      ['diff', '--', arg, 'base.yaml'],
      ['diff', `--base=${arg}`, '--revision=base.yaml'],
      ['diff', '--base=base.yaml', `--revision=${arg}`],
      ['diff', `base.yaml,${arg}`, 'base.yaml'],
      ['diff', '--base=base.yaml', `--revision=HEAD:base.yaml,${arg}`],
    ];
    for (const argv of argvs) {
      const result = run(argv);
      expect(result.code, argv.join(' ')).toBe(2);
      expect(result.stderr).toMatch(/is not a git revision \(revisions cannot start with "-"\)|Unknown option/);
      expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    }
    expect(existsSync(target)).toBe(false);
  });

  it('the library refuses them too, and still reads HEAD:path', () => {
    for (const arg of hostile) expect(() => diffSpecs('base.yaml', arg, { cwd: dir })).toThrow(SpecError);
    expect(existsSync(target)).toBe(false);
    expect(diffSpecs('HEAD:base.yaml', 'base.yaml', { cwd: dir }).changes).toEqual([]);
  });
});

describe('output size (docs/limits.md: --max-output-bytes, default 64 MiB)', () => {
  writeFileSync(path.join(dir, 'grown.yaml'), withSchema('                type: object\n                properties:\n                  name: {type: string, description: "<b>bold</b>"}\n'));

  it('writes output of exactly the limit; one byte past it is refused with one line and nothing written', () => {
    const full = run(['changelog', 'base.yaml', 'grown.yaml', '--format', 'json']);
    expect(full.code).toBe(0);
    const bytes = Buffer.byteLength(full.stdout, 'utf8');
    const atLimit = run(['changelog', 'base.yaml', 'grown.yaml', '--format', 'json', `--max-output-bytes=${bytes}`]);
    expect(atLimit.code).toBe(0);
    expect(atLimit.stdout).toBe(full.stdout);
    const past = run(['changelog', 'base.yaml', 'grown.yaml', '--format', 'json', `--max-output-bytes=${bytes - 1}`]);
    expectOneLineRefusal(past, `the output would be ${bytes} bytes, more than --max-output-bytes ${bytes - 1}`);
  });

  it('applies to history too, and rejects a limit that is not a positive whole number', () => {
    expectOneLineRefusal(run(['changelog', 'base.yaml', 'grown.yaml', '--max-output-bytes=0']), '--max-output-bytes expects a positive whole number');
    expectOneLineRefusal(run(['changelog', 'base.yaml', 'grown.yaml', '--max-output-bytes=1e9']), '--max-output-bytes expects a positive whole number');
    mkdirSync(path.join(dir, 'history'));
    writeFileSync(path.join(dir, 'history/2026-01-01.yaml'), `${head}paths: {}\n`);
    writeFileSync(path.join(dir, 'history/2026-02-01.yaml'), readFileSync(path.join(dir, 'grown.yaml'), 'utf8'));
    expect(run(['history', 'history']).code).toBe(0);
    expectOneLineRefusal(run(['history', 'history', '--max-output-bytes=1']), /the output would be \d+ bytes, more than --max-output-bytes 1/);
  });
});
