/**
 * Output injection (issue 19): spec text is untrusted, and every output format is read by something
 * that acts on it: the GitHub runner (a line starting `::` is a workflow command), a terminal (ESC
 * sequences), a Markdown renderer (links), a browser (the HTML report), XML and JSON parsers.
 *
 * A property test puts hostile strings into every field of a spec pair (schema, property and
 * parameter names, paths, enum values, descriptions, summaries, extension values, tags, servers) and
 * checks all nine formats. The seed changes every run and is printed; replay with FC_SEED=<seed>
 * (FC_RUNS sets the number of pairs, default 30).
 */
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { XMLValidator } from 'fast-xml-parser';
import { marked } from 'marked';
import { afterAll, describe, expect, it } from 'vitest';
import { runCaptured } from './run-cli.js';

const dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'oasdiff-js-injection-')));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const seed = Number(process.env.FC_SEED ?? Math.floor(Math.random() * 2 ** 31));
const numRuns = Number(process.env.FC_RUNS ?? 30);

const run = (argv: string[]) => runCaptured(argv, { cwd: dir, today: '2026-01-01' });

const FORMATS = ['text', 'json', 'markdown', 'changelog', 'github', 'junit', 'sarif', 'html', 'pr-comment'] as const;
type Format = (typeof FORMATS)[number];

/** Runs one format; `changelog` is also the default of the changelog command. */
function render(format: Format, oldFile: string, newFile: string) {
  return format === 'changelog' ? run(['changelog', oldFile, newFile]) : run(['diff', oldFile, newFile, '--format', format]);
}

// ---- what must never appear -------------------------------------------------------------------

/** Control characters a terminal or a runner acts on (tab and newline are the formats' own). */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/;

/** Lines as the GitHub runner reads them (it splits on CR and LF and trims leading white space). */
const runnerLines = (text: string) => text.split(/\r\n|\r|\n/).map((l) => l.replace(/^[\s\u0085\u00A0\uFEFF]+/, ''));

const ANNOTATION = /^::(error|warning|notice) [^\r\n]*$/;

/** Every `href` and `src` in HTML, entities decoded. */
function urls(html: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(/\b(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi)) out.push(decode(m[1] ?? m[2] ?? m[3] ?? ''));
  return out;
}
function decode(text: string): string {
  return text
    .replace(/&#x([0-9a-f]+);?/gi, (_m, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);?/g, (_m, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&colon;/gi, ':')
    .replace(/&tab;/gi, '\t')
    .replace(/&newline;/gi, '\n')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
/** A URL a browser would follow to something other than a web page, a mail or a relative file. */
function unsafeUrl(url: string): boolean {
  // Browsers drop ASCII white space and control characters inside a scheme.
  // eslint-disable-next-line no-control-regex
  const squeezed = url.replace(/[\u0000-\u0020]/g, '').toLowerCase();
  const scheme = /^([a-z][a-z0-9+.-]*):/.exec(squeezed);
  return scheme !== null && !['http', 'https', 'mailto'].includes(scheme[1]!);
}

/** Everything wrong with one format's output; empty when it is safe. */
export function problems(format: Format, out: string): string[] {
  const found: string[] = [];
  if (['text', 'github', 'markdown', 'changelog', 'pr-comment'].includes(format)) {
    const bad = CONTROL.exec(out);
    if (bad) found.push(`control character U+${bad[0].codePointAt(0)!.toString(16).padStart(4, '0')} at ${JSON.stringify(out.slice(Math.max(0, bad.index - 30), bad.index + 10))}`);
  }
  if (format === 'github') {
    for (const line of out.split('\n').filter((l) => l !== '')) if (!ANNOTATION.test(line)) found.push(`github line that is not one of our annotations: ${JSON.stringify(line.slice(0, 80))}`);
    for (const line of runnerLines(out)) if (line.startsWith('::') && !ANNOTATION.test(line)) found.push(`forged workflow command: ${JSON.stringify(line.slice(0, 80))}`);
  } else if (format !== 'json' && format !== 'sarif' && format !== 'junit' && format !== 'html') {
    for (const line of runnerLines(out)) if (line.startsWith('::')) found.push(`workflow command in ${format}: ${JSON.stringify(line.slice(0, 80))}`);
  } else {
    // JSON and XML keep newlines escaped or inside markup; even so no physical line may start a command.
    for (const line of runnerLines(out)) if (line.startsWith('::')) found.push(`workflow command in ${format}: ${JSON.stringify(line.slice(0, 80))}`);
  }
  if (format === 'markdown' || format === 'changelog' || format === 'pr-comment') {
    const html = marked.parse(out, { async: false });
    for (const url of urls(html)) if (unsafeUrl(url)) found.push(`${format} renders a link to ${JSON.stringify(url)}`);
    for (const tag of html.matchAll(/<([a-zA-Z][a-zA-Z0-9-]*)([^>]*)>/g)) {
      if (/^(script|iframe|img|object|embed|style|svg|math|form|input)$/i.test(tag[1]!) || /\son[a-z]+\s*=/i.test(tag[2]!)) found.push(`${format} renders active HTML: ${tag[0].slice(0, 60)}`);
    }
  }
  if (format === 'html') {
    for (const url of urls(out)) if (unsafeUrl(url)) found.push(`html links to ${JSON.stringify(url)}`);
    if ((out.match(/<script/g) ?? []).length !== 1) found.push('html has a script other than its own');
  }
  if (format === 'json' || format === 'sarif') {
    try {
      JSON.parse(out);
    } catch (error) {
      found.push(`${format} does not parse: ${(error as Error).message}`);
    }
  }
  if (format === 'junit') {
    const valid = XMLValidator.validate(out);
    if (valid !== true) found.push(`junit does not parse: ${valid.err.msg}`);
  }
  return found;
}

// ---- hostile specs ----------------------------------------------------------------------------

const PIECES = [
  '\n::error file=forged.yaml,line=1::FORGED',
  '\r::warning::FORGED',
  '\r\n  ::set-output name=x::y',
  '\u2028::error::FORGED',
  '\u0085::error::FORGED',
  '%0A::error::FORGED',
  '\u001b[31mred\u001b[0m',
  '\u001b]8;;https://evil.example\u0007link\u001b]8;;\u0007',
  '\u009b31m',
  '\u0000\u0007\u0008\u007f',
  '\u202eevil',
  '[c](javascript:alert(1))',
  '[c](JaVaScRiPt:alert(1) "t")',
  '[c]( javascript&#58;alert(1))',
  '<javascript:alert(1)>',
  '![i](javascript:alert(1))',
  '[r]: javascript:alert(1)\n\n[r]',
  '[ok](https://example.com/a)',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(2)>',
  '`code` ``',
  '**bold** _it_ |pipe| # head',
  '&lt;b&gt; &amp;',
  ']]> <![CDATA[ x ]]>',
  '"quote\' \\back',
  'vbscript:msgbox(1)',
  'data:text/html,<script>alert(1)</script>',
];

const hostile = fc
  .array(fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...PIECES) }, { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 6 }) }, { weight: 1, arbitrary: fc.constantFrom('a', 'B', ' ', '\n', '\t', ':', '::', '.', '/') }), { minLength: 1, maxLength: 4 })
  .map((parts) => parts.join(''));

/** A name that a spec may use as a map key (non-empty); its first character fixed so two never collide with ours. */
const key = hostile.map((s) => `h${s}`);

interface Hostile {
  schema: string;
  property: string;
  description: string;
  enumValue: string;
  path: string;
  parameter: string;
  summary: string;
  extension: string;
  tag: string;
  server: string;
  removedSchema: string;
  title: string;
}

const hostileFields: fc.Arbitrary<Hostile> = fc.record({
  schema: key,
  property: key,
  description: hostile,
  enumValue: hostile,
  path: hostile,
  parameter: key,
  summary: hostile,
  extension: hostile,
  tag: hostile,
  server: hostile,
  removedSchema: key,
  title: hostile,
});

function specs(h: Hostile): { before: object; after: object } {
  const ok = { '200': { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Base' } } } } };
  const before = {
    openapi: '3.0.3',
    info: { title: 't', version: '1' },
    servers: [{ url: 'https://api.example.com' }],
    paths: {
      '/base': {
        get: {
          summary: 'Base',
          parameters: [{ name: 'q', in: 'query', schema: { type: 'string', enum: ['one'] }, description: 'old' }],
          responses: ok,
        },
        post: { requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Base' } } } }, responses: ok },
      },
    },
    components: {
      schemas: {
        Base: { type: 'object', description: 'old', properties: { kind: { type: 'string', enum: ['one'] }, gone: { type: 'string' } }, 'x-note': 'old' },
        [h.removedSchema]: { type: 'object', properties: { a: { type: 'string' } } },
      },
    },
  };
  const after = {
    openapi: '3.0.3',
    info: { title: h.title, version: '2', description: h.description },
    servers: [{ url: 'https://api.example.com' }, { url: h.server }],
    tags: [{ name: h.tag }],
    paths: {
      '/base': {
        get: {
          summary: h.summary,
          description: h.description,
          tags: [h.tag],
          parameters: [
            { name: 'q', in: 'query', schema: { type: 'string', enum: ['one', h.enumValue] }, description: h.description },
            { name: h.parameter, in: 'query', required: true, description: h.description, schema: { type: 'string', enum: [h.enumValue], default: h.enumValue } },
          ],
          responses: ok,
          'x-hostile': h.extension,
        },
        post: { requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Base' } } } }, responses: ok },
      },
      [`/p/${h.path}`]: {
        get: { summary: h.summary, description: h.description, parameters: [{ name: h.parameter, in: 'header', description: h.description, schema: { type: 'string' } }], responses: { '200': { description: h.description, content: { 'application/json': { schema: { $ref: `#/components/schemas/${encodePointer(h.schema)}` } } } } } },
      },
    },
    components: {
      schemas: {
        Base: {
          type: 'object',
          description: h.description,
          required: [h.property],
          properties: { kind: { type: 'string', enum: ['one', h.enumValue], description: h.description }, [h.property]: { type: 'string', description: h.description, enum: [h.enumValue], example: h.extension } },
          'x-note': h.extension,
        },
        [h.schema]: { type: 'object', description: h.description, properties: { [h.property]: { type: 'string', description: h.description, enum: [h.enumValue], default: h.enumValue } } },
      },
    },
  };
  return { before, after };
}

function encodePointer(token: string): string {
  return encodeURIComponent(token.replace(/~/g, '~0').replace(/\//g, '~1'));
}

let counter = 0;
function writePair(h: Hostile): { oldFile: string; newFile: string } {
  const { before, after } = specs(h);
  const n = counter++;
  const oldFile = `old-${n}.json`;
  const newFile = `new-${n}.json`;
  writeFileSync(path.join(dir, oldFile), JSON.stringify(before, null, 2));
  writeFileSync(path.join(dir, newFile), JSON.stringify(after, null, 2));
  return { oldFile, newFile };
}

describe('spec text cannot inject into any output format', () => {
  it(`hostile strings in every field (seed ${seed}, ${numRuns} pairs; replay with FC_SEED=${seed})`, () => {
    console.log(`output-injection property: seed ${seed}, ${numRuns} pairs (replay: FC_SEED=${seed})`);
    fc.assert(
      fc.property(hostileFields, (h) => {
        const { oldFile, newFile } = writePair(h);
        const found: string[] = [];
        for (const format of FORMATS) {
          const result = render(format, oldFile, newFile);
          if (result.code !== 0) {
            found.push(`${format}: exit ${result.code}: ${result.stderr.trim()}`);
            continue;
          }
          found.push(...problems(format, result.stdout).map((p) => `${format}: ${p}`));
        }
        if (found.length > 0) {
          // What kinds of failure, per format, then the first few in full.
          const kinds = [...new Set(found.map((f) => f.replace(/ (at|to|in \w+:|line that|command:|link to|links to) .*$/s, '')))];
          throw new Error(`${kinds.join('; ')}\n${found.slice(0, 12).join('\n')}`);
        }
      }),
      { seed, numRuns, endOnFailure: true },
    );
  });
});
