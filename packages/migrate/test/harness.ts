import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, symlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ModuleKind, ModuleResolutionKind, Project, ScriptTarget } from 'ts-morph';
import { afterAll } from 'vitest';

// Every temp folder made here is removed when this test file ends, pass or fail.
const madeFolders: string[] = [];
afterAll(() => {
  for (const dir of madeFolders) rmSync(dir, { recursive: true, force: true });
});
function removedAfterAll(dir: string): string {
  madeFolders.push(dir);
  return dir;
}

export const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const fixturesDir = path.join(packageDir, 'test', 'fixtures');

/** The workspace's @astro-api/client, as this package's devDependency links it. */
export const clientDir = realpathSync(
  process.env.MIGRATE_TEST_CLIENT_DIR ?? path.join(packageDir, 'node_modules', '@astro-api', 'client'),
);

export function fixtureNames(): string[] {
  return readdirSync(fixturesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/** `.ts` files of a folder, relative paths, sorted. */
export function tsFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => file.split(path.sep).join('/'))
    .sort();
}

/**
 * A scratch copy of a folder that looks like a user's project: the client is installed in its node_modules (a
 * link to the workspace package), so the codemod and the checker resolve the real v1beta1 and v1 types.
 */
export function scratchProject(source: string, { linkClient = true } = {}): string {
  const dir = removedAfterAll(mkdtempSync(path.join(tmpdir(), 'astro-api-migrate-')));
  cpSync(source, dir, { recursive: true });
  if (!linkClient) return dir;
  mkdirSync(path.join(dir, 'node_modules', '@astro-api'), { recursive: true });
  symlinkSync(clientDir, path.join(dir, 'node_modules', '@astro-api', 'client'), 'dir');
  const typesNode = realpathSync(path.join(packageDir, '..', '..', 'node_modules', '@types', 'node'));
  mkdirSync(path.join(dir, 'node_modules', '@types'), { recursive: true });
  symlinkSync(typesNode, path.join(dir, 'node_modules', '@types', 'node'), 'dir');
  return dir;
}

export interface Diagnostic {
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

/** Type-check the .ts files of a scratch project with the settings of a strict Node ESM project. */
export function typeCheck(dir: string): Diagnostic[] {
  const project = new Project({
    compilerOptions: {
      target: ScriptTarget.ES2022,
      module: ModuleKind.NodeNext,
      moduleResolution: ModuleResolutionKind.NodeNext,
      strict: true,
      noUncheckedIndexedAccess: true,
      skipLibCheck: true,
      noEmit: true,
      types: ['node'],
    },
  });
  project.addSourceFilesAtPaths([`${dir}/**/*.ts`, `!${dir}/node_modules/**`]);
  return project.getPreEmitDiagnostics().map((d) => {
    const sf = d.getSourceFile();
    const message = d.getMessageText();
    return {
      file: sf ? path.relative(dir, sf.getFilePath()).split(path.sep).join('/') : '(global)',
      line: d.getLineNumber() ?? 0,
      message: typeof message === 'string' ? message : message.getMessageText(),
    };
  });
}

export interface ExpectedFinding {
  readonly file: string;
  readonly line: number;
  readonly rule: string;
}

/** The findings a fixture declares with `// expect-finding: <rule> [<rule> …]` at the end of a line. */
export function expectedFindings(beforeDir: string): ExpectedFinding[] {
  const out: ExpectedFinding[] = [];
  for (const file of tsFiles(beforeDir)) {
    readFileSync(path.join(beforeDir, file), 'utf8')
      .split('\n')
      .forEach((text, i) => {
        const marker = /\/\/ expect-finding: (.+)$/.exec(text);
        for (const rule of marker?.[1]?.trim().split(/\s+/) ?? []) out.push({ file, line: i + 1, rule });
      });
  }
  return out;
}
