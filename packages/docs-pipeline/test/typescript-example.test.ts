/**
 * The migration guide's before/after snippets must compile against our real client: a guide whose
 * example does not type-check would teach the wrong call. The snippets are written into a scratch
 * folder inside this package (so `@astro-api/client` resolves to the built workspace package) and
 * compiled with the TypeScript compiler API, strict, as ES modules.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findRepoRoot } from '@astro-api/spec-loader';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { buildGuideParts } from '../src/migration/generate.js';
import { tsLiteral } from '../src/migration/request-example.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const scratch = mkdtempSync(path.join(packageDir, '.typecheck-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function diagnostics(name: string, source: string): string[] {
  const file = path.join(scratch, `${name}.ts`);
  writeFileSync(file, `${source}\nexport {};\n`);
  const program = ts.createProgram([file], {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    types: ['node'],
    skipLibCheck: true,
  });
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

describe('TypeScript before and after in the real migration guide', () => {
  const { example } = buildGuideParts(findRepoRoot(packageDir));

  it('uses the v1beta1 factories before and only createAstroClient after', () => {
    expect(example.before).toMatch(/from '@astro-api\/client\/v1beta1'/);
    expect(example.after).toMatch(/import \{ createAstroClient \} from '@astro-api\/client\/v1';/);
    expect(example.after).not.toMatch(/v1beta1/);
  });

  it('before compiles against @astro-api/client/v1beta1', () => {
    expect(diagnostics('before', example.before)).toEqual([]);
  });

  it('after compiles against @astro-api/client/v1', () => {
    expect(diagnostics('after', example.after)).toEqual([]);
  });

  it('the before body does not compile against v1 (the example really shows a change)', () => {
    const mixed = example.before
      .replace(/import \{[^}]*\} from '@astro-api\/client\/v1beta1';/, "import { createAstroClient } from '@astro-api/client/v1';")
      .replace(/create(Iam|Platform)Client/g, 'createAstroClient');
    expect(diagnostics('mixed', mixed).join('\n')).toMatch(/type/);
  });
});

describe('tsLiteral', () => {
  it.each([
    [{ name: "it's", n: 1, ok: true, list: ['a'] }, "{ name: 'it\\'s', n: 1, ok: true, list: ['a'] }"],
    [{ 'not-an-identifier': null }, "{ 'not-an-identifier': null }"],
    [{}, '{}'],
    [{ entityId: { placeholder: 'workspaceId' } }, '{ entityId: process.env.WORKSPACE_ID! }'],
  ] as const)('%j → %s', (value, want) => {
    expect(tsLiteral(value as never)).toBe(want);
  });
});
