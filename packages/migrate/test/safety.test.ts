import { chmodSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyPlan, planMigration } from '../src/index.js';
import { fixturesDir, scratchProject, tsFiles } from './harness.js';
import { hasStackTrace, isMigrated, runCli, snapshotTree, tempFolder, v1beta1Source, writeTree } from './projects.js';

interface JsonResult {
  changedFiles: { file: string }[];
  skipped: { file: string; reason: string }[];
  findings: { file: string; line: number; rule: string }[];
  warnings: { file: string; line: number; message: string }[];
}

describe('nothing outside the project is touched', () => {
  it('a link to a file or folder outside the project is skipped, not written through', () => {
    const base = tempFolder();
    const outside = path.join(base, 'outside');
    const project = path.join(base, 'project');
    writeTree(outside, { 'secret.ts': v1beta1Source('secret'), 'lib/shared.ts': v1beta1Source('shared') });
    writeTree(project, { 'src/own.ts': v1beta1Source('own') });
    symlinkSync(path.join(outside, 'secret.ts'), path.join(project, 'src', 'linked.ts'));
    symlinkSync(path.join(outside, 'lib'), path.join(project, 'lib'), 'dir');
    const outsideBefore = snapshotTree(outside);

    const { code, stdout, stderr } = runCli([project]);

    expect(snapshotTree(outside)).toEqual(outsideBefore);
    expect(isMigrated(readFileSync(path.join(project, 'src', 'own.ts'), 'utf8'))).toBe(true);
    expect(stdout).toMatch(/links outside the project/);
    expect(stdout).toMatch(/src\/linked\.ts/);
    expect(stdout).toMatch(/^ {2}lib\b/m);
    expect(code).toBe(1);
    expect(hasStackTrace(stderr)).toBe(false);
  });

  it.each([
    { folder: '{a,b}', siblings: ['a', 'b'] },
    { folder: 'proj*', siblings: ['proj-other', 'projx'] },
    { folder: '[1]', siblings: ['1'] },
    { folder: 'x?', siblings: ['xy'] },
  ])('a folder named $folder is migrated itself, and only itself', ({ folder, siblings }) => {
    const base = tempFolder();
    for (const name of [folder, ...siblings]) writeTree(path.join(base, name), { 'client.ts': v1beta1Source(name) });
    const siblingBytes = siblings.map((name) => readFileSync(path.join(base, name, 'client.ts')));

    const { code, stderr } = runCli([folder], { cwd: base });

    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(isMigrated(readFileSync(path.join(base, folder, 'client.ts'), 'utf8'))).toBe(true);
    siblings.forEach((name, i) => expect(readFileSync(path.join(base, name, 'client.ts')), name).toEqual(siblingBytes[i]));
  });

  it('never touches .git or node_modules, honours .gitignore files (nested too) and --exclude', () => {
    const project = tempFolder();
    writeTree(project, {
      '.gitignore': 'generated/\n*.local.ts\n',
      'src/app.ts': v1beta1Source('app'),
      'src/settings.local.ts': v1beta1Source('settingsLocal'),
      'src/nested/.gitignore': 'scratch.ts\n',
      'src/nested/scratch.ts': v1beta1Source('scratch'),
      'src/nested/kept.ts': v1beta1Source('kept'),
      'generated/api.ts': v1beta1Source('generated'),
      '.git/hooks/hook.ts': v1beta1Source('hook'),
      'node_modules/dep/index.ts': v1beta1Source('dep'),
      'backup/old.ts': v1beta1Source('backupOld'),
      'src/app.bak.ts': v1beta1Source('appBak'),
    });
    const before = snapshotTree(project);

    const { code, stdout } = runCli([project, '--exclude', 'backup/', '--exclude', '*.bak.ts', '--json']);

    expect(code).toBe(0);
    const result = JSON.parse(stdout) as JsonResult;
    expect(result.changedFiles.map((f) => f.file).sort()).toEqual(['src/app.ts', 'src/nested/kept.ts']);
    for (const [file, bytes] of before) {
      const now = readFileSync(path.join(project, file));
      if (file === 'src/app.ts' || file === 'src/nested/kept.ts') expect(isMigrated(now.toString('utf8')), file).toBe(true);
      else expect(now, file).toEqual(bytes);
    }
  });
});

describe('a write that cannot happen leaves the file as it was and says so', () => {
  it('disk full (a real EFBIG under ulimit -f): the big file keeps its bytes, the others are migrated, exit 1', () => {
    const project = tempFolder();
    const padding = `// ${'x'.repeat(96)}\n`.repeat(60); // ~6 KiB: more than the 4 KiB the process may write
    writeTree(project, {
      'a-small.ts': v1beta1Source('small'),
      'b-big.ts': v1beta1Source('big') + padding,
      'c-small.ts': v1beta1Source('smallToo'),
    });
    const bigBefore = readFileSync(path.join(project, 'b-big.ts'));

    const { code, stdout, stderr } = runCli([project], { fileSizeLimitKiB: 4 });

    expect(readFileSync(path.join(project, 'b-big.ts'))).toEqual(bigBefore);
    expect(isMigrated(readFileSync(path.join(project, 'a-small.ts'), 'utf8'))).toBe(true);
    expect(isMigrated(readFileSync(path.join(project, 'c-small.ts'), 'utf8'))).toBe(true);
    expect(readdirSync(project).sort()).toEqual(['a-small.ts', 'b-big.ts', 'c-small.ts']); // no temp file left
    expect(stdout).toMatch(/^ {2}b-big\.ts: could not be written/m);
    expect(code).toBe(1);
    expect(hasStackTrace(stderr)).toBe(false);
  });

  it('a read-only file is skipped with one line; the rest is migrated and summarised; exit 1', () => {
    const project = tempFolder();
    writeTree(project, { 'a.ts': v1beta1Source('a'), 'b-locked.ts': v1beta1Source('locked'), 'c.ts': v1beta1Source('c') });
    chmodSync(path.join(project, 'b-locked.ts'), 0o444);
    const lockedBefore = readFileSync(path.join(project, 'b-locked.ts'));

    const { code, stdout, stderr } = runCli([project]);

    expect(readFileSync(path.join(project, 'b-locked.ts'))).toEqual(lockedBefore);
    expect(statSync(path.join(project, 'b-locked.ts')).mode & 0o777).toBe(0o444);
    expect(isMigrated(readFileSync(path.join(project, 'a.ts'), 'utf8'))).toBe(true);
    expect(isMigrated(readFileSync(path.join(project, 'c.ts'), 'utf8'))).toBe(true);
    expect(stdout).toMatch(/^Changed 2 of 3 file\(s\)\./m);
    expect(stdout.split('\n').filter((line) => line.startsWith('  b-locked.ts: '))).toEqual([
      '  b-locked.ts: read-only; left unchanged',
    ]);
    expect(code).toBe(1);
    expect(hasStackTrace(stderr)).toBe(false);
  });

  it('a file the user edits after it was read keeps the edit; a file deleted meanwhile is not recreated', () => {
    const project = tempFolder();
    writeTree(project, { 'a.ts': v1beta1Source('a'), 'b.ts': v1beta1Source('b'), 'c.ts': v1beta1Source('c') });
    const plan = planMigration(project);
    expect(plan.files.map((f) => f.file)).toEqual(['a.ts', 'b.ts', 'c.ts']);
    const edited = `${readFileSync(path.join(project, 'a.ts'), 'utf8')}// the user's edit\n`;
    writeFileSync(path.join(project, 'a.ts'), edited);
    rmSync(path.join(project, 'c.ts'));

    const result = applyPlan(plan);

    expect(readFileSync(path.join(project, 'a.ts'), 'utf8')).toBe(edited);
    expect(readdirSync(project).sort()).toEqual(['a.ts', 'b.ts']);
    expect(isMigrated(readFileSync(path.join(project, 'b.ts'), 'utf8'))).toBe(true);
    expect(result.changedFiles.map((f) => f.file)).toEqual(['b.ts']);
    expect(result.skipped.map((s) => `${s.file}: ${s.reason}`)).toEqual([
      expect.stringMatching(/^a\.ts: changed since it was read/),
      expect.stringMatching(/^c\.ts: deleted since it was read/),
    ]);
  });
});

describe("the file's own conventions", () => {
  it('a BOM and CRLF line endings are kept, also on the lines the codemod inserts', () => {
    const beforeDir = path.join(fixturesDir, 'token-shapes', 'before');
    const afterDir = path.join(fixturesDir, 'token-shapes', 'after');
    const project = scratchProject(beforeDir);
    const files = tsFiles(beforeDir);
    const styled = (text: string) => Buffer.from(`\ufeff${text.replace(/\r?\n/g, '\r\n')}`, 'utf8');
    for (const file of files) writeFileSync(path.join(project, file), styled(readFileSync(path.join(beforeDir, file), 'utf8')));

    const { code } = runCli([project]);

    expect(code).toBe(0);
    for (const file of files) {
      // The golden after/ file, in the style of the input: what the codemod writes for LF files, re-encoded.
      expect(readFileSync(path.join(project, file)), file).toEqual(styled(readFileSync(path.join(afterDir, file), 'utf8')));
    }
    // The inserted lines exist (the fixture's imports split), so the CRLF check above covered them.
    expect(readFileSync(path.join(afterDir, files[0]!), 'utf8').split('\n').length).toBeGreaterThan(
      readFileSync(path.join(beforeDir, files[0]!), 'utf8').split('\n').length,
    );
  });

  it('a file with a syntax error is migrated, with a warning naming file:line', () => {
    const project = tempFolder();
    const text = `${v1beta1Source('broken')}\nexport const half = ;\n`;
    writeTree(project, { 'src/broken.ts': text });
    const brokenLine = text.split('\n').findIndex((line) => line.includes('= ;')) + 1;

    const { code, stdout } = runCli([project]);

    expect(code).toBe(0);
    expect(isMigrated(readFileSync(path.join(project, 'src', 'broken.ts'), 'utf8'))).toBe(true);
    expect(stdout).toMatch(new RegExp(`^  src/broken\\.ts:${brokenLine}:\\d+: syntax error`, 'm'));
  });

  it('a broken tsconfig.json is one line naming the file and line, exit 2, nothing written', () => {
    const project = tempFolder();
    writeTree(project, {
      'tsconfig.json': '{\n  "compilerOptions": {\n    "strict": true,\n    "target": \n  }\n}\n',
      'a.ts': v1beta1Source('a'),
    });
    const before = snapshotTree(project);

    const { code, stdout, stderr } = runCli([project]);

    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/tsconfig\.json:5:\d+/);
    expect(hasStackTrace(stderr)).toBe(false);
    expect(snapshotTree(project)).toEqual(before);
  });
});

describe('what a killed run left behind', () => {
  it('a rerun removes the temp files of dead runs (and says so), and nothing that only looks like one', () => {
    const dir = tempFolder();
    // A pid that surely belongs to no process: one that just exited.
    const deadPid = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    expect(deadPid).toMatch(/^\d+$/);
    const bytes = 'half of a migrated fi';
    writeTree(dir, {
      'src/a.ts': v1beta1Source('a'),
      [`src/.a.ts.${deadPid}.0123abcd.tmp`]: bytes, // left by a killed run: removed
      [`src/.a.ts.${process.pid}.0123abcd.tmp`]: bytes, // its process is alive (it may still rename it): kept
      [`src/.notes.txt.${deadPid}.0123abcd.tmp`]: bytes, // the codemod never writes a .txt: kept
      [`src/.a.ts.${deadPid}.0123abcd.tmp.bak`]: bytes, // not exactly the pattern: kept
      [`ignored/.b.ts.${deadPid}.0123abcd.tmp`]: bytes, // in a folder the project ignores: kept
      '.gitignore': 'ignored/\n',
    });
    const dry = runCli([dir, '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain(`Would remove 1 temp file(s) an interrupted run left:\n  src/.a.ts.${deadPid}.0123abcd.tmp\n`);
    expect(readdirSync(path.join(dir, 'src')).sort()).toHaveLength(5);

    const run = runCli([dir, '--json']);
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as { removedTempFiles: string[] }).removedTempFiles).toEqual([`src/.a.ts.${deadPid}.0123abcd.tmp`]);
    expect(readdirSync(path.join(dir, 'src')).sort()).toEqual(
      [`.a.ts.${deadPid}.0123abcd.tmp.bak`, `.a.ts.${process.pid}.0123abcd.tmp`, `.notes.txt.${deadPid}.0123abcd.tmp`, 'a.ts'].sort(),
    );
    expect(readdirSync(path.join(dir, 'ignored'))).toEqual([`.b.ts.${deadPid}.0123abcd.tmp`]);
    expect(isMigrated(readFileSync(path.join(dir, 'src', 'a.ts'), 'utf8'))).toBe(true);
  });
});

describe('findings do not depend on how often the codemod ran', () => {
  it('a second run over the migrated, otherwise unchanged code reports the same findings', () => {
    const project = scratchProject(path.join(fixturesDir, 'unsafe', 'before'));
    const first = JSON.parse(runCli([project, '--json']).stdout) as JsonResult;
    const second = JSON.parse(runCli([project, '--json']).stdout) as JsonResult;
    const key = (r: JsonResult) => r.findings.map((f) => `${f.file}:${f.line} ${f.rule}`).sort();
    expect(first.changedFiles.length).toBeGreaterThan(0);
    expect(second.changedFiles).toEqual([]);
    expect(key(first).filter((f) => f.includes('computed-base-url'))).toHaveLength(2);
    expect(key(second)).toEqual(key(first));
  });
});

describe('usage', () => {
  it('--exclude without a pattern is a one-line usage error', () => {
    const project = tempFolder();
    mkdirSync(path.join(project, 'src'));
    const { code, stderr } = runCli([project, '--exclude']);
    expect(code).toBe(2);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
  });
});
