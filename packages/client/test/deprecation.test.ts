/**
 * v1beta1 must show as deprecated in editors. Editors strike a name through when the TypeScript
 * language service reports a "deprecated" suggestion for it, so this asks the language service.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const fixture = path.join(packageDir, 'test', 'fixtures', 'deprecated-usage.ts');

function deprecatedNames(file: string): string[] {
  const config = ts.getParsedCommandLineOfConfigFile(path.join(packageDir, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} })!;
  const host: ts.LanguageServiceHost = {
    getCompilationSettings: () => config.options,
    getScriptFileNames: () => [file],
    getScriptVersion: () => '1',
    getScriptSnapshot: (name) => (ts.sys.fileExists(name) ? ts.ScriptSnapshot.fromString(ts.sys.readFile(name)!) : undefined),
    getCurrentDirectory: () => packageDir,
    getDefaultLibFileName: ts.getDefaultLibFilePath,
    fileExists: ts.sys.fileExists,
    readFile: ts.sys.readFile,
  };
  const service = ts.createLanguageService(host);
  const text = readFileSync(file, 'utf8');
  return service
    .getSuggestionDiagnostics(file)
    .filter((diagnostic) => diagnostic.reportsDeprecated)
    .map((diagnostic) => text.slice(diagnostic.start!, diagnostic.start! + diagnostic.length!));
}

describe('v1beta1 deprecation', () => {
  // The `iam` and `platform` namespaces carry @deprecated too, but TypeScript does not report it for
  // `export * as` re-exports, so editors do not strike them through; the factories are what users import.
  it('marks the v1beta1 factories and client types as deprecated, and nothing of v1', () => {
    const names = new Set(deprecatedNames(fixture));
    for (const name of ['createIamClient', 'createPlatformClient', 'IamClient']) expect(names).toContain(name);
    expect(names).not.toContain('createAstroClient');
  });

  it('the deprecation message points to the migration guide and the end of support', () => {
    const source = readFileSync(path.join(packageDir, 'src', 'v1beta1.ts'), 'utf8');
    const notes = source.match(/@deprecated[^\n]*(\n \*[^@\n/][^\n]*)*/g) ?? [];
    expect(notes.length).toBeGreaterThanOrEqual(6);
    for (const note of notes) {
      expect(note).toContain('January 2027');
      expect(note).toContain('docs/migration/v1beta1-to-v1.md');
    }
  });
});
