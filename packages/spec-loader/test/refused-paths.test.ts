/**
 * One answer for every refused `$ref` path (issue 19). A `$ref` whose target lies outside the
 * allowed folders must be refused with the same error whatever is (or is not) at the target: an
 * existing file, a missing one, a folder, a device, a `/proc` entry, a FIFO, a symlink pointing in or
 * out, a dangling symlink, a symlink loop, a file or folder without permissions. Otherwise a pull
 * request could probe the runner's file system (`$ref: /root/.bashrc` against `/root/nope`).
 *
 * The property: for random refs outside the root, the `SpecError` (class, file, pointer, line and
 * message with the quoted ref text replaced) is the same as for a ref to a missing file outside.
 * The seed changes every run and is printed; replay with FC_SEED=<seed> (FC_RUNS sets the count).
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { confineTarget, loadSpec, SpecError } from '../src/index.js';
import { quoteForMessage } from '../src/errors.js';
import { tempFolder } from './support/scratch.js';

const seed = Number(process.env.FC_SEED ?? Math.floor(Math.random() * 2 ** 31));
const numRuns = Number(process.env.FC_RUNS ?? 300);

const refTo = (ref: string) =>
  `openapi: 3.0.3\ninfo: {title: t, version: "1"}\npaths:\n  /a:\n    get:\n      responses:\n        "200":\n          description: ok\n          content:\n            application/json:\n              schema:\n                $ref: ${JSON.stringify(ref)}\n`;
const schemaFile = 'S:\n  type: string\n';

// <top>/spec is the allowed folder (the root document's); <top>/outside and the system folders are not.
const top = tempFolder('spec-loader-refused-');
const spec = path.join(top, 'spec');
const outside = path.join(top, 'outside');
mkdirSync(spec);
mkdirSync(path.join(outside, 'dir', 'sub'), { recursive: true });
writeFileSync(path.join(spec, 'inside.yaml'), schemaFile);
writeFileSync(path.join(outside, 'secret.yaml'), schemaFile);
writeFileSync(path.join(outside, 'dir', 'sub', 'deep.yaml'), schemaFile);
writeFileSync(path.join(outside, 'locked.yaml'), schemaFile);
chmodSync(path.join(outside, 'locked.yaml'), 0o000);
mkdirSync(path.join(outside, 'locked-dir'));
writeFileSync(path.join(outside, 'locked-dir', 'x.yaml'), schemaFile);
execFileSync('mkfifo', [path.join(outside, 'fifo.yaml')]);
symlinkSync(path.join(spec, 'inside.yaml'), path.join(outside, 'link-in.yaml')); // outside, pointing in
symlinkSync(spec, path.join(outside, 'link-in-dir')); // outside folder link, pointing in
symlinkSync(path.join(outside, 'secret.yaml'), path.join(outside, 'link-out.yaml'));
symlinkSync(path.join(outside, 'missing.yaml'), path.join(outside, 'dangling.yaml'));
symlinkSync('loop-b.yaml', path.join(outside, 'loop-a.yaml'));
symlinkSync('loop-a.yaml', path.join(outside, 'loop-b.yaml'));
// Links inside the allowed folder that lead out: what lies behind them is outside too.
symlinkSync(outside, path.join(spec, 'esc-dir'));
symlinkSync('/root', path.join(spec, 'esc-root'));
symlinkSync('/proc/self', path.join(spec, 'esc-proc'));
symlinkSync(path.join(outside, 'nope'), path.join(spec, 'esc-dangling'));
chmodSync(path.join(outside, 'locked-dir'), 0o000);
afterAll(() => {
  // Give the owner its permissions back so the temp folder can be removed.
  chmodSync(path.join(outside, 'locked-dir'), 0o755);
  chmodSync(path.join(outside, 'locked.yaml'), 0o644);
});

/** Folders outside the root, each with names that exist in it (random names are added below). */
const places: Array<{ base: string; names: string[] }> = [
  { base: outside, names: ['secret.yaml', 'dir', 'dir/sub', 'dir/sub/deep.yaml', 'locked.yaml', 'locked-dir', 'locked-dir/x.yaml', 'fifo.yaml', 'link-in.yaml', 'link-in-dir/inside.yaml', 'link-in-dir', 'link-out.yaml', 'dangling.yaml', 'loop-a.yaml', 'secret.yaml/x'] },
  { base: '../outside', names: ['secret.yaml', 'dir', 'locked.yaml', 'link-in.yaml', 'link-in-dir/inside.yaml', 'dangling.yaml', 'loop-b.yaml', 'fifo.yaml'] },
  { base: '..', names: ['outside', 'outside/secret.yaml', 'spec-sibling'] },
  { base: 'esc-dir', names: ['secret.yaml', 'dir/sub/deep.yaml', 'link-in.yaml', 'dangling.yaml', 'locked.yaml', 'fifo.yaml'] },
  { base: 'esc-root', names: ['.bashrc', '.profile', '.gitconfig'] },
  { base: 'esc-proc', names: ['environ', 'status', 'cwd', 'root', 'fd/0'] },
  { base: 'esc-dangling', names: [''] },
  { base: '/root', names: ['.bashrc', '.profile', '.gitconfig', '.ssh', '.ssh/id_rsa', ''] },
  { base: '/proc', names: ['self/environ', 'self/cwd', 'self/root/etc/passwd', 'version', 'self/fd/0', '1/environ', 'self/mem', ''] },
  { base: '/dev', names: ['zero', 'null', 'urandom', 'stdin', 'fd/0', 'shm', ''] },
  { base: '/etc', names: ['passwd', 'shadow', 'hostname', 'ssl', ''] },
  { base: '/', names: ['', 'tmp', 'nope'] },
  { base: '../../../../../../../..', names: ['etc/passwd', 'root/.bashrc', 'nope/nope'] },
];

const randomName = fc.stringMatching(/^[a-zA-Z0-9_-][a-zA-Z0-9._-]{0,11}$/);
const refOutside = fc
  .record({
    place: fc.constantFrom(...places),
    pick: fc.nat(),
    random: fc.option(randomName, { freq: 3 }),
    fragment: fc.constantFrom('', '#/S', '#', '#/nope'),
  })
  .map(({ place, pick, random, fragment }) => {
    const name = random ?? place.names[pick % place.names.length]!;
    const joined = name === '' ? place.base : `${place.base.replace(/\/$/, '')}/${name}`;
    return `${joined}${fragment}`;
  })
  // `../spec` is the allowed folder itself (a random name may spell it).
  .filter((ref) => !/^\.\.\/spec(\/|#|$)/.test(ref));

interface Answer {
  kind: string;
  file: string;
  pointer: string | undefined;
  line: number | undefined;
  message: string;
}

/** What loading the root with `$ref: ref` answers, with the quoted ref text taken out of the message. */
function answerFor(ref: string): Answer | 'loaded' {
  writeFileSync(path.join(spec, 'root.yaml'), refTo(ref));
  try {
    loadSpec(path.join(spec, 'root.yaml'), { cwd: spec });
    return 'loaded';
  } catch (error) {
    if (!(error instanceof SpecError)) throw error;
    return {
      kind: error.constructor.name,
      file: error.file,
      pointer: error.pointer,
      line: error.line,
      message: error.message.split(quoteForMessage(ref)).join('<REF>'),
    };
  }
}

describe('a $ref outside the allowed folder gets one answer', () => {
  it(`whatever is at the target (seed ${seed}, ${numRuns} refs)`, () => {
    console.log(`refused-paths property: seed ${seed}, ${numRuns} refs (replay: FC_SEED=${seed})`);
    const expected = answerFor(`${outside}/does-not-exist-${seed}.yaml`);
    expect(expected).not.toBe('loaded');
    expect((expected as Answer).message).toContain('<REF> is refused');
    fc.assert(
      fc.property(refOutside, (ref) => {
        expect(answerFor(ref)).toEqual(expected);
        // The guard looked nothing up outside the folder: every path it lstat'ed lies inside.
        const looked = new Map();
        const target = path.resolve(spec, ref.split('#')[0]!);
        expect(confineTarget(target, [{ given: spec, real: spec }], looked).kind).toBe('refused');
        for (const at of looked.keys()) expect(at.startsWith(spec + path.sep)).toBe(true);
      }),
      { seed, numRuns, endOnFailure: true },
    );
  });

  it('the answer names only the ref text and the allowed folder', () => {
    const answer = answerFor('/root/.bashrc') as Answer;
    expect(answer.message).toBe(
      `root.yaml#/paths/~1a/get/responses/200/content/application~1json/schema/$ref: $ref <REF> is refused: it leaves the allowed folder (${spec}); pass --allow-external-refs DIR to allow another folder`,
    );
    expect(answerFor('/root/nope')).toEqual(answer);
  });

  it('refs that stay inside still load, through links that stay inside too', () => {
    symlinkSync('inside.yaml', path.join(spec, 'link-inside.yaml'));
    symlinkSync('.', path.join(spec, 'here'));
    try {
      for (const ref of ['inside.yaml#/S', './inside.yaml#/S', `${spec}/inside.yaml#/S`, 'link-inside.yaml#/S', 'here/here/inside.yaml#/S', '../spec/inside.yaml#/S']) {
        expect(answerFor(ref)).toBe('loaded');
      }
      // A missing file inside the folder is reported as missing: that tells nothing about the outside.
      expect((answerFor('nope.yaml') as Answer).message).toContain('points to a file that does not exist');
    } finally {
      execFileSync('rm', [path.join(spec, 'link-inside.yaml'), path.join(spec, 'here')]);
    }
  });
});
