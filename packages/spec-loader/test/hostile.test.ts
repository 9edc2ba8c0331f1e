/**
 * Hostile input to the one loader: every consumer (engine, mock, docs pipeline, scripts) reads
 * specs through it, so the boundary is tested here once. Each case must end in a `SpecError`
 * (a one-line user error), never in a read outside the allowed folder, a hang or a crash.
 */
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { existsSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkRevision, loadSpec, parseSourceArgument, pathEntries, readSource, SpecError } from '../src/index.js';
import { errorOf, scratchFolder } from './support/scratch.js';

const scratch = (files: Record<string, string>) => scratchFolder('spec-loader-hostile-', files);

/** A spec whose one response schema is `{$ref: ref}`. */
const refTo = (ref: string) =>
  `openapi: 3.0.3\ninfo: {title: t, version: "1"}\npaths:\n  /a:\n    get:\n      responses:\n        "200":\n          description: ok\n          content:\n            application/json:\n              schema:\n                $ref: ${JSON.stringify(ref)}\n`;
const schemaFile = 'S:\n  type: string\n';

describe('file $refs are confined to the root folder', () => {
  it.each([
    ['a relative path that climbs out', '../../../../../../etc/passwd'],
    ['an absolute path', '/etc/passwd'],
    ['a device', '/dev/zero'],
    ['a random device', '/dev/urandom'],
    ['a /proc entry', '/proc/self/environ'],
  ])('refuses %s with one line naming the $ref and its pointer', (_name, ref) => {
    const dir = scratch({ 'root.yaml': refTo(ref) });
    const error = errorOf(() => loadSpec(path.join(dir, 'root.yaml'), { cwd: dir }));
    expect(error.message).toContain(`$ref "${ref}" is refused`);
    expect(error.message).toContain('--allow-external-refs');
    expect(error.pointer).toBe('/paths/~1a/get/responses/200/content/application~1json/schema/$ref');
    expect(error.message).not.toContain('\n');
  });

  it('refuses a symlink inside the folder that points outside it', () => {
    const outside = scratch({ 'secret.yaml': schemaFile });
    const dir = scratch({ 'root.yaml': refTo('link.yaml#/S') });
    symlinkSync(path.join(outside, 'secret.yaml'), path.join(dir, 'link.yaml'));
    expect(errorOf(() => loadSpec(path.join(dir, 'root.yaml'))).message).toMatch(/\$ref "link\.yaml#\/S" is refused: it leaves the allowed folder/);
  });

  it('refuses a symlinked folder that points outside', () => {
    const outside = scratch({ 'models/s.yaml': schemaFile });
    const dir = scratch({ 'root.yaml': refTo('models/s.yaml#/S') });
    symlinkSync(path.join(outside, 'models'), path.join(dir, 'models'));
    expect(errorOf(() => loadSpec(path.join(dir, 'root.yaml'))).message).toContain('is refused');
  });

  it('follows a symlink that stays inside, and files in subfolders', () => {
    const dir = scratch({ 'root.yaml': refTo('link.yaml#/S'), 'models/s.yaml': schemaFile });
    symlinkSync(path.join(dir, 'models', 's.yaml'), path.join(dir, 'link.yaml'));
    expect(loadSpec(path.join(dir, 'root.yaml')).files.size).toBe(2);
  });

  it('reads from a folder named by allowExternalRefs, and only from there', () => {
    const shared = scratch({ 'common.yaml': schemaFile });
    const other = scratch({ 'x.yaml': schemaFile });
    const dir = scratch({ 'root.yaml': refTo(`${shared}/common.yaml#/S`) });
    expect(loadSpec(path.join(dir, 'root.yaml'), { allowExternalRefs: [shared] }).files.size).toBe(2);
    expect(errorOf(() => loadSpec(path.join(dir, 'root.yaml'), { allowExternalRefs: [other] })).message).toContain('is refused');
  });

  it('refuses an allowed device and a folder as $ref targets: only regular files are read', () => {
    const dir = scratch({ 'root.yaml': refTo('/dev/zero'), 'sub/x.yaml': schemaFile, 'dir.yaml': refTo('sub') });
    expect(errorOf(() => loadSpec(path.join(dir, 'root.yaml'), { allowExternalRefs: ['/dev'] })).message).toContain('not a regular file');
    expect(errorOf(() => loadSpec(path.join(dir, 'dir.yaml'))).message).toContain('is a directory');
  });

  it('refuses a FIFO without waiting for a writer', () => {
    const dir = scratch({ 'root.yaml': refTo('pipe.yaml') });
    execFileSync('mkfifo', [path.join(dir, 'pipe.yaml')]);
    expect(errorOf(() => loadSpec(path.join(dir, 'root.yaml'))).message).toContain('not a regular file');
  });

  it('refuses a device or a folder named as the root document', () => {
    expect(errorOf(() => loadSpec('/dev/zero')).message).toBe('/dev/zero: is not a regular file (devices, FIFOs and sockets are not read)');
    const dir = scratch({});
    expect(errorOf(() => loadSpec(dir)).message).toContain('is a directory');
  });
});

describe('$ref text', () => {
  it('a fragment that is not a JSON pointer is a SpecError, not a crash (found by the fuzz test)', () => {
    const dir = scratch({ 'a.yaml': refTo('#Pet') });
    const error = errorOf(() => loadSpec(path.join(dir, 'a.yaml'), { cwd: dir }));
    expect(error.message).toContain('$ref "#Pet": the part after "#" must be a JSON pointer');
  });

  it('a huge $ref is cut short in the message, which stays one line', () => {
    const ref = `${'x'.repeat(100_000)}.yaml`;
    const dir = scratch({ 'a.yaml': refTo(ref) });
    const error = errorOf(() => loadSpec(path.join(dir, 'a.yaml'), { cwd: dir }));
    expect(error.message.length).toBeLessThan(500);
    expect(error.message).toMatch(/^a\.yaml#\/paths\/~1a.*\$ref "x+…" cannot be followed: cannot be read \(ENAMETOOLONG\)$/);
  });
});

describe('remote references', () => {
  it('refuses an http $ref without contacting the host', async () => {
    let contacted = 0;
    const server = createServer((_req, res) => {
      contacted++;
      res.end(schemaFile);
    });
    server.on('connection', () => contacted++);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as { port: number };
      for (const url of [`http://127.0.0.1:${port}/s.yaml#/S`, `https://127.0.0.1:${port}/s.yaml`, `file://127.0.0.1:${port}/s.yaml`]) {
        const dir = scratch({ 'root.yaml': refTo(url) });
        expect(errorOf(() => loadSpec(path.join(dir, 'root.yaml'))).message).toContain('is not supported');
      }
      // Give a connection that was started a chance to arrive before checking.
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(contacted).toBe(0);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('YAML tags', () => {
  it('refuses !!js/function and other unknown tags with the line', () => {
    const dir = scratch({
      'fn.yaml': 'openapi: 3.0.3\ninfo: {title: t, version: "1"}\npaths: {}\nx-run: !!js/function "function () { return process.exit(7) }"\n',
      'regexp.yaml': 'openapi: 3.0.3\ninfo: {title: t, version: "1"}\npaths: {}\nx-re: !!js/regexp /a+/\n',
    });
    const fn = errorOf(() => loadSpec(path.join(dir, 'fn.yaml'), { cwd: dir }));
    expect(fn.message).toMatch(/^fn\.yaml:4: invalid YAML: unknown tag/);
    expect(errorOf(() => loadSpec(path.join(dir, 'regexp.yaml'), { cwd: dir })).message).toMatch(/unknown tag/);
  });
});

describe('root shapes consumers rely on', () => {
  it.each([
    ['servers: 5', '/servers', '"servers" must be an array'],
    ['servers: [null]', '/servers/0', 'each server must be an object'],
    ['servers: [{url: 5}]', '/servers/0/url', '"url" must be a string'],
    ['info: 5', '/info', '"info" must be an object'],
    ['components: {schemas: 5}', '/components/schemas', 'must be an object'],
  ])('%s is a SpecError at its pointer', (line, pointer, text) => {
    const dir = scratch({ 'a.yaml': `openapi: 3.0.3\n${line.startsWith('info') ? '' : 'info: {title: t, version: "1"}\n'}${line}\npaths: {}\n` });
    const error = errorOf(() => loadSpec(path.join(dir, 'a.yaml'), { cwd: dir }));
    expect(error.pointer).toBe(pointer);
    expect(error.message).toContain(text);
  });

  it('a path item that is not an object is a SpecError', () => {
    const dir = scratch({ 'a.yaml': 'openapi: 3.0.3\ninfo: {title: t, version: "1"}\npaths:\n  /a: 5\n' });
    expect(errorOf(() => loadSpec(path.join(dir, 'a.yaml'))).pointer).toBe('/paths/~1a');
  });

  it('an x- extension of the Paths object is not a path item (any value is allowed)', () => {
    const dir = scratch({ 'a.yaml': 'openapi: 3.0.3\ninfo: {title: t, version: "1"}\npaths:\n  x-note: 5\n  /a: {}\n' });
    const paths = loadSpec(path.join(dir, 'a.yaml')).document.paths;
    expect(paths).toEqual({ 'x-note': 5, '/a': {} });
    expect(pathEntries(paths)).toEqual([['/a', {}]]);
  });

  it('an empty argument is a SpecError', () => {
    expect(errorOf(() => loadSpec('')).message).toContain('empty argument');
    expect(errorOf(() => loadSpec('  ')).message).toContain('empty argument');
  });
});

describe('git revisions are data, never options', () => {
  const repo = scratch({ 'spec.yaml': 'openapi: 3.0.3\ninfo: {title: t, version: "1"}\npaths: {}\n' });
  const gitIn = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd: repo, stdio: 'ignore' });
  gitIn('init', '-q');
  gitIn('add', '.');
  gitIn('commit', '-qm', 'one');
  const target = path.join(repo, 'written-by-git');

  it.each([`--output=${target}`, '--upload-pack=touch x', '-p', '-'])('refuses the revision %s in REV:path', (rev) => {
    const error = errorOf(() => loadSpec(`${rev}:spec.yaml`, { cwd: repo }));
    expect(error.message).toContain('cannot start with "-"');
    expect(existsSync(target)).toBe(false);
  });

  it('refuses it in a Source given to the library directly, before git runs', () => {
    const error = errorOf(() => loadSpec({ kind: 'git', rev: `--output=${target}`, file: 'spec.yaml', repoRoot: repo }));
    expect(error.message).toContain('cannot start with "-"');
    expect(errorOf(() => readSource({ kind: 'git', rev: `--output=${target}`, file: 'spec.yaml', repoRoot: repo }, 'x')).message).toContain('cannot start with "-"');
    expect(existsSync(target)).toBe(false);
  });

  it('refuses control characters and paths that leave the repository', () => {
    expect(() => checkRevision('main\nHEAD')).toThrow(SpecError);
    expect(errorOf(() => parseSourceArgument('HEAD:../../etc/passwd', repo)).message).toContain('leaves the git repository');
  });

  it('still reads ordinary revisions', () => {
    expect(loadSpec('HEAD:spec.yaml', { cwd: repo }).openapi).toBe('3.0.3');
    expect(checkRevision('HEAD~0')).toBe('HEAD~0');
  });
});
