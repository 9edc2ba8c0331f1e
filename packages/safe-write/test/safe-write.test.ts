import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { decodeText, dominantEol, encodeText, isSafeWriteTemp, isStaleTemp, tempFileTarget, readSnapshot, SafeWriteError, writeFileSafely } from '../src/index.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'safe-write-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function codeOf(run: () => void): string | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof SafeWriteError) return error.code;
    throw error;
  }
  return undefined;
}

describe('writeFileSafely', () => {
  it('creates and replaces a file, leaving no temp file behind', () => {
    const file = path.join(dir, 'a.txt');
    writeFileSafely(file, 'one', { expected: null });
    writeFileSafely(file, 'two', { expected: readSnapshot(file) });
    expect(readFileSync(file, 'utf8')).toBe('two');
    expect(readdirSync(dir)).toEqual(['a.txt']);
  });

  it('keeps the mode of the file it replaces', () => {
    const file = path.join(dir, 'run.sh');
    writeFileSync(file, 'echo 1\n');
    chmodSync(file, 0o750);
    writeFileSafely(file, 'echo 2\n');
    expect(statSync(file).mode & 0o777).toBe(0o750);
  });

  it('leaves a file alone when it changed after it was read', () => {
    const file = path.join(dir, 'b.ts');
    writeFileSync(file, 'const a = 1;\n');
    const seen = readSnapshot(file);
    writeFileSync(file, 'const a = 2; // edited by hand\n');
    expect(codeOf(() => writeFileSafely(file, 'migrated', { expected: seen }))).toBe('changed');
    expect(readFileSync(file, 'utf8')).toBe('const a = 2; // edited by hand\n');
    expect(readdirSync(dir)).toEqual(['b.ts']);
  });

  it('does not recreate a file deleted after it was read, nor overwrite one that appeared', () => {
    const file = path.join(dir, 'c.ts');
    writeFileSync(file, 'x');
    const seen = readSnapshot(file);
    rmSync(file);
    expect(codeOf(() => writeFileSafely(file, 'y', { expected: seen }))).toBe('changed');
    expect(readdirSync(dir)).toEqual([]);
    writeFileSync(file, 'someone else');
    expect(codeOf(() => writeFileSafely(file, 'y', { expected: null }))).toBe('changed');
    expect(readFileSync(file, 'utf8')).toBe('someone else');
  });

  it('refuses a link, and a folder that leads outside the root', () => {
    const root = path.join(dir, 'project');
    const outside = path.join(dir, 'outside');
    mkdirSync(root);
    mkdirSync(outside);
    writeFileSync(path.join(outside, 'secret.ts'), 'keep');
    symlinkSync(path.join(outside, 'secret.ts'), path.join(root, 'link.ts'));
    symlinkSync(outside, path.join(root, 'linked-folder'));
    expect(codeOf(() => writeFileSafely(path.join(root, 'link.ts'), 'x', { root }))).toBe('symlink');
    expect(codeOf(() => writeFileSafely(path.join(root, 'linked-folder', 'secret.ts'), 'x', { root }))).toBe('outside-root');
    expect(readFileSync(path.join(outside, 'secret.ts'), 'utf8')).toBe('keep');
  });

  it('refuses a read-only file (also when run as root)', () => {
    const file = path.join(dir, 'ro.ts');
    writeFileSync(file, 'keep');
    chmodSync(file, 0o444);
    expect(codeOf(() => writeFileSafely(file, 'x'))).toBe('read-only');
    expect(readFileSync(file, 'utf8')).toBe('keep');
  });

  it('turns a missing folder into a one-line error, not a stack', () => {
    const error = (() => {
      try {
        writeFileSafely(path.join(dir, 'nope', 'x.txt'), 'x');
      } catch (caught) {
        return caught as SafeWriteError;
      }
      return undefined;
    })();
    expect(error?.code).toBe('io');
    expect(error?.message).toContain('its folder does not exist');
  });
});

describe('temp files of killed writers', () => {
  it('recognises the temp-name shape and calls stale only those whose process is gone', () => {
    // A process that has exited: its pid is free (pids are not reused this quickly on Linux).
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    expect(isSafeWriteTemp(`.a.ts.${gone}.0a1b2c3d.tmp`)).toBe(true);
    expect(isStaleTemp(`.a.ts.${gone}.0a1b2c3d.tmp`)).toBe(true);
    expect(tempFileTarget(`.a.b.ts.${gone}.0a1b2c3d.tmp`)).toBe('a.b.ts');
    expect(isStaleTemp(`.a.ts.${process.pid}.0a1b2c3d.tmp`)).toBe(false);
    expect(isStaleTemp(`.a.ts.${process.ppid}.0a1b2c3d.tmp`)).toBe(false);
    for (const name of ['a.ts', '.a.ts.tmp', `.a.ts.${gone}.0A1B2C3D.tmp`, `.a.ts.${gone}.0a1b2c.tmp`, `a.ts.${gone}.0a1b2c3d.tmp`]) {
      expect(isSafeWriteTemp(name)).toBe(false);
      expect(isStaleTemp(name)).toBe(false);
      expect(tempFileTarget(name)).toBeUndefined();
    }
  });

  it('removes its own temp file when the rename is refused', () => {
    const file = path.join(dir, 'x.txt');
    writeFileSync(file, 'a');
    const seen = readSnapshot(file);
    writeFileSync(file, 'b');
    expect(codeOf(() => writeFileSafely(file, 'c', { expected: seen }))).toBe('changed');
    expect(readdirSync(dir).filter(isSafeWriteTemp)).toEqual([]);
  });
});

describe('text style', () => {
  it('keeps BOM and line endings through decode/encode for any text (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: 'grapheme' }).map((s) => s.replace(/[\r\n\ufeff]/g, '')), { minLength: 1, maxLength: 8 }),
        fc.boolean(),
        fc.constantFrom<'\n' | '\r\n'>('\n', '\r\n'),
        (lines, bom, eol) => {
          const original = Buffer.from(`${bom ? '\ufeff' : ''}${lines.join(eol)}`, 'utf8');
          const { text, style } = decodeText(original);
          expect(style.bom).toBe(bom);
          if (lines.length > 1) expect(style.eol).toBe(eol);
          // An edit that inserts LF-only lines still comes out in the file's style.
          const edited = `${text}\ninserted line\n`;
          const out = encodeText(edited, style).toString('utf8');
          expect(out.startsWith('\ufeff')).toBe(bom);
          if (style.eol === '\r\n') expect(/(^|[^\r])\n/.test(out)).toBe(false);
          else expect(out.includes('\r\n')).toBe(false);
        },
      ),
    );
  });

  it('picks the dominant line ending', () => {
    expect(dominantEol('a\r\nb\r\nc\n')).toBe('\r\n');
    expect(dominantEol('a\nb\r\nc\n')).toBe('\n');
    expect(dominantEol('one line')).toBe('\n');
  });
});
