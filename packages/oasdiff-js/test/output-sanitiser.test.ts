/**
 * Regression tests for issues 19 and 21, one per reported case: forged workflow commands, ESC
 * sequences, javascript: links, --link-base, plurals, history's date, quoted description changes, the
 * HTML report's open breaking groups, and the action's writes through writeFileSafely.
 */
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { marked } from 'marked';
import { afterAll, describe, expect, it } from 'vitest';
import { runAction } from '../src/cli/action.js';
import { runCaptured } from './run-cli.js';
import { cleanText, guardCommandLines, isSafeUrl, neutraliseMarkdownLinks } from '../src/render/escape.js';
import { levelCount, plural } from '../src/render/plural.js';

const dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'oasdiff-js-sanitiser-')));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (argv: string[]) => runCaptured(argv, { cwd: dir, today: '2026-01-01' });

const FORGED = '\n::error file=forged.yaml,line=1::FORGED';
const ESC = '\u001b[31mred\u001b[0m';
const LINK = '[c](javascript:alert(1))';

function write(name: string, doc: object): string {
  writeFileSync(path.join(dir, name), JSON.stringify(doc, null, 2));
  return name;
}

const ok = (schema: string) => ({ '200': { description: 'ok', content: { 'application/json': { schema: { $ref: `#/components/schemas/${schema}` } } } } });
const before = write('before.json', {
  openapi: '3.0.3',
  info: { title: 't', version: '1' },
  paths: { '/a': { get: { description: 'Lists things.', responses: ok('A') } } },
  components: { schemas: { A: { type: 'object', properties: { kind: { type: 'string', enum: ['x', 'y'] } } } } },
});
const after = write('after.json', {
  openapi: '3.0.3',
  info: { title: 't', version: '2' },
  paths: { '/a': { get: { description: `Lists things ${ESC} ${LINK} and [docs](https://example.com/docs).`, responses: ok('A') } } },
  components: {
    schemas: {
      A: { type: 'object', properties: { kind: { type: 'string', enum: ['x', `z${ESC}`] }, [`p${FORGED}`]: { type: 'string', description: LINK } } },
      [`S${FORGED}`]: { type: 'object', description: LINK, properties: { b: { type: 'string', description: `${LINK} ${ESC}` } } },
    },
  },
});

// A real pair with breaking changes and many warnings (specs/v1).
const specsV1 = (date: string) => path.resolve(import.meta.dirname, `../../../specs/v1/${date}.yaml`);
const realPair = [specsV1('2026-01-28'), specsV1('2026-04-02'), '--today', '2026-04-02'];

const commandLines = (text: string) => text.split(/\r\n|\r|\n/).filter((l) => /^\s*(::|##\[)/.test(l));
const hrefs = (html: string) => [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]!);

describe('issue 19: output injection', () => {
  it.each(['text', 'markdown', 'changelog', 'pr-comment', 'junit', 'html'])('a forged ::error in a schema name starts no line of %s', (format) => {
    const out = run(format === 'changelog' ? ['changelog', before, after] : ['diff', before, after, '--format', format]);
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('FORGED');
    expect(commandLines(out.stdout)).toEqual([]);
  });

  it('breaking … --fail-on breaking prints no forged command either', () => {
    const out = run(['breaking', before, after, '--fail-on', 'breaking']);
    expect(commandLines(out.stdout)).toEqual([]);
  });

  it('github: only its own annotations start with ::, one per change plus the notice', () => {
    const out = run(['diff', before, after, '--format', 'github']);
    const json = JSON.parse(run(['diff', before, after, '--format', 'json']).stdout) as { changes: unknown[] };
    const lines = out.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(json.changes.length + 1);
    for (const line of lines) expect(line).toMatch(/^::(error|warning|notice) (file=[^,:]*,line=\d+,)?title=[^:]*::/);
    // The forged text stays in the message (after the second ::), never among the properties.
    for (const line of lines) expect(line.slice(0, line.indexOf('::', 2))).not.toContain('forged');
  });

  it.each(['text', 'github', 'markdown', 'changelog', 'pr-comment'])('no raw ESC or control character in %s', (format) => {
    const out = run(format === 'changelog' ? ['changelog', before, after] : ['diff', before, after, '--format', format]);
    expect(out.stdout).toContain('red');
    // eslint-disable-next-line no-control-regex
    expect(out.stdout).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/);
  });

  it.each(['markdown', 'changelog'])('%s keeps no javascript: link once rendered, and keeps the https one', (format) => {
    const out = run(format === 'changelog' ? ['changelog', before, after] : ['diff', before, after, '--format', format]);
    expect(out.stdout).toContain('javascript:alert(1)');
    const html = marked.parse(out.stdout, { async: false });
    expect(hrefs(html).filter((h) => /^\s*javascript:/i.test(h))).toEqual([]);
    expect(hrefs(html)).toContain('https://example.com/docs');
  });

  it('--link-base must be http, https or relative: javascript: is refused with exit 2 and one line', () => {
    const bad = run(['diff', before, after, '--format', 'html', '--link-base', 'javascript:alert(1)//']);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(bad.stderr).toContain('--link-base must be an http:, https: or relative URL');
    for (const url of [' JavaScript:alert(1)', 'data:text/html,x', 'vbscript:x', 'java\tscript:x']) expect(run(['diff', before, after, '--format', 'html', '--link-base', url]).code).toBe(2);
    const good = run(['diff', before, after, '--format', 'html', '--link-base', 'https://github.com/o/r/blob/abc/']);
    expect(good.code).toBe(0);
    expect(hrefs(good.stdout).every((h) => h.startsWith('https://github.com/o/r/blob/abc/'))).toBe(true);
    expect(run(['diff', before, after, '--format', 'pr-comment', '--report-url', 'javascript:alert(1)']).code).toBe(2);
  });

  it('the sanitiser: fast path returns the same string; line breaks become spaces, controls U+FFFD', () => {
    const plain = 'ApiToken.kind: type changed';
    expect(cleanText(plain)).toBe(plain);
    expect(cleanText('a\nb\r\nc\td')).toBe('a b  c d');
    expect(cleanText(`x${ESC}\u202e\u0085`)).toBe('x\uFFFD[31mred\uFFFD[0m\uFFFD ');
    expect(guardCommandLines('ok\n  ::error::x\n##[error]y\n')).toBe('ok\n  \\::error::x\n\\##[error]y\n');
    expect(neutraliseMarkdownLinks('[a](javascript:x) [b](https://e.com) [c](./rel.md) [d](mailto:a@b.c) [e]: javascript:y')).toBe('[a]\\(javascript:x) [b](https://e.com) [c](./rel.md) [d](mailto:a@b.c) [e]\\: javascript:y');
    expect(['https://a', 'http://a', 'mailto:a@b', './x', 'x/y', '#L1'].every(isSafeUrl)).toBe(true);
    expect(['javascript:x', ' javascript:x', 'JAVASCRIPT:x', 'data:x', 'file:///etc'].some(isSafeUrl)).toBe(false);
  });
});

describe('issue 21: reviewers', () => {
  it('plurals: one helper, in the github notice and the HTML badges', () => {
    expect([plural(1, 'warning'), plural(34, 'warning'), plural(2, 'property'), plural(2, 'day'), levelCount(5, 'info'), levelCount(2, 'breaking')]).toEqual(['1 warning', '34 warnings', '2 properties', '2 days', '5 info', '2 breaking']);
    const json = JSON.parse(run(['diff', ...realPair, '--format', 'json']).stdout) as { changes: Array<{ level: string }> };
    const n = (level: string) => json.changes.filter((c) => c.level === level).length;
    const notice = run(['diff', ...realPair, '--format', 'github']).stdout.trimEnd().split('\n').at(-1)!;
    expect(notice).toBe(`::notice title=oasdiff-js::${levelCount(n('breaking'), 'breaking')}, ${levelCount(n('warning'), 'warning')}, ${levelCount(n('info'), 'info')}`);
    expect(n('warning')).toBeGreaterThan(1);
    expect(notice).toMatch(/\d+ warnings/);
    const html = run(['diff', ...realPair, '--format', 'html']).stdout;
    expect(html).not.toMatch(/class="badge warning">\d*[02-9] warning</);
    expect(html).toMatch(/class="badge (warning|info)">\d+ (warnings?|info)</);
  });

  it('text: a description change is quoted and ends in one full stop', () => {
    const out = run(['diff', before, after]).stdout;
    const line = out.split('\n').find((l) => l.includes('The description of GET /a changed'))!;
    expect(line).toContain('changed from “Lists things.” to “Lists things');
    expect(line).not.toMatch(/\.\.$/);
  });

  it('history of a folder prints each date once', () => {
    const folder = path.join(dir, 'hist');
    mkdirSync(folder);
    writeFileSync(path.join(folder, '2026-01-01.json'), readFileSync(path.join(dir, before)));
    writeFileSync(path.join(folder, '2026-02-01.json'), readFileSync(path.join(dir, after)));
    const out = run(['history', 'hist']).stdout;
    for (const date of ['2026-01-01', '2026-02-01']) expect(out.split('\n').filter((l) => l.includes(date))).toEqual([`## ${date}`]);
  });

  it('HTML: groups with a breaking change start open, the others collapsed', () => {
    const html = run(['diff', ...realPair, '--format', 'html']).stdout;
    const groups = [...html.matchAll(/<details class="subject"( open)?><summary>(.*?)<\/summary>/g)];
    expect(groups.length).toBeGreaterThan(1);
    for (const [, open, summary] of groups) expect(open !== undefined).toBe(summary!.includes('badge breaking'));
    expect(groups.some(([, open]) => open)).toBe(true);
  });

  it('the action writes its files through writeFileSafely: a link in place of the report is refused', () => {
    const temp = path.join(dir, 'runner');
    mkdirSync(temp);
    const victim = path.join(dir, 'victim.txt');
    writeFileSync(victim, 'keep');
    symlinkSync(victim, path.join(temp, 'oasdiff-js-report.html'));
    let stderr = '';
    const code = runAction({ INPUT_BASE: path.join(dir, before), INPUT_REVISION: path.join(dir, after), 'INPUT_FAIL-ON': 'never', RUNNER_TEMP: temp, GITHUB_WORKSPACE: dir, OASDIFF_TODAY: '2026-01-01' }, { stdout: () => {}, stderr: (t) => void (stderr += t) });
    expect(code).toBe(2);
    expect(stderr).toMatch(/oasdiff-js action: .*link/i);
    expect(readFileSync(victim, 'utf8')).toBe('keep');
  });
});
