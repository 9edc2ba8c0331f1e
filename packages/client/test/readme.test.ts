/**
 * The README cannot drift from the API: every ```ts block is compiled against the sources (the same
 * compiler options as `typecheck`, the package name mapped to src/), and the coverage table must be
 * what scripts/coverage.mjs computes from the specs and the generated types.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { computeCoverage, renderTable, updateReadme } from '../scripts/coverage.mjs';

const run = promisify(execFile);
const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const readme = readFileSync(path.join(packageDir, 'README.md'), 'utf8');

/** The ```ts blocks of the README, with the line each starts on. */
function codeBlocks(text: string): Array<{ line: number; code: string }> {
  const blocks: Array<{ line: number; code: string }> = [];
  const pattern = /^```ts\n([\s\S]*?)^```$/gm;
  for (const match of text.matchAll(pattern)) blocks.push({ line: text.slice(0, match.index).split('\n').length + 1, code: match[1]! });
  return blocks;
}

function compile(blocks: Array<{ line: number; code: string }>): string[] {
  const config = ts.getParsedCommandLineOfConfigFile(path.join(packageDir, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} })!;
  // Virtual files next to the tests: nothing is written to disk.
  const files = new Map(blocks.map((block) => [path.join(packageDir, 'test', `README.block-line-${block.line}.ts`), block.code]));
  const host = ts.createCompilerHost(config.options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, language, ...rest) =>
    files.has(name) ? ts.createSourceFile(name, files.get(name)!, language, true) : getSourceFile(name, language, ...rest);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => files.has(name) || fileExists(name);
  const readFile = host.readFile.bind(host);
  host.readFile = (name) => files.get(name) ?? readFile(name);
  const program = ts.createProgram([...files.keys()], { ...config.options, noEmit: true }, host);
  return ts
    .getPreEmitDiagnostics(program)
    .filter((diagnostic) => diagnostic.file && files.has(diagnostic.file.fileName))
    .map((diagnostic) => {
      const { line } = diagnostic.file!.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
      const block = Number(/line-(\d+)/.exec(diagnostic.file!.fileName)![1]);
      return `README.md:${block + line}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`;
    });
}

describe('README', () => {
  const blocks = codeBlocks(readme);

  it('has TypeScript examples, each a module that imports the package by its public name', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(5);
    for (const block of blocks) expect(block.code).toMatch(/from '@astro-api\/client(\/v1|\/v1beta1)?'/);
  });

  it('every TypeScript block compiles against the current API', () => {
    expect(compile(blocks)).toEqual([]);
  });

  it('the check can fail: a block using a misspelt option is reported with its README line', () => {
    const broken = [{ line: 1000, code: "import { createAstroClient } from '@astro-api/client';\ncreateAstroClient({ timeoutMS: 5 });\n" }];
    expect(compile(broken)).toEqual([expect.stringMatching(/^README\.md:1001: [\s\S]*'timeoutMS' does not exist/)]);
  });

  it('the coverage table is the computed one', () => {
    expect(updateReadme(readme, renderTable(computeCoverage()))).toBe(readme);
  });

  it('`coverage --check` passes on the committed README, and a changed count changes the table', async () => {
    await expect(run(process.execPath, [path.join(packageDir, 'scripts', 'coverage.mjs'), '--check'], { cwd: packageDir })).resolves.toBeDefined();
    const rows = computeCoverage().map((row) => ({ ...row, covered: row.covered - 1 }));
    expect(updateReadme(readme, renderTable(rows))).not.toBe(readme);
  });

  it('links resolve for someone who installed the package from npm: absolute https URLs or anchors of this README', () => {
    const links = [...readme.matchAll(/\]\(([^)]+)\)|<(https?:[^>]+)>/g)].map((match) => match[1] ?? match[2]!);
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) expect(link).toMatch(/^(https:\/\/|#)/);
  });
});
