import { existsSync } from 'node:fs';
import path from 'node:path';
import { ModuleKind, ModuleResolutionKind, Project, ScriptTarget, ts, type SourceFile } from 'ts-morph';

/** Files the codemod reads and may rewrite: TypeScript sources under the directory, not declarations or deps. */
const SOURCE_GLOBS = ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts'];
const IGNORED_GLOBS = ['**/node_modules/**', '**/dist/**', '**/*.d.ts', '**/*.d.mts', '**/*.d.cts'];

/**
 * A project for `dir`: its own tsconfig.json when it has one (so path aliases and module settings match the
 * user's build), otherwise the settings of a current Node ESM project. Either way only files under `dir` are
 * migrated; the checker still reads whatever they import, such as `@astro-api/client` from node_modules.
 */
export function loadProject(dir: string): { project: Project; sourceFiles: SourceFile[] } {
  const tsConfigFilePath = path.join(dir, 'tsconfig.json');
  const project = existsSync(tsConfigFilePath)
    ? new Project({ tsConfigFilePath, skipAddingFilesFromTsConfig: true })
    : new Project({
        compilerOptions: {
          target: ScriptTarget.ES2022,
          module: ModuleKind.NodeNext,
          moduleResolution: ModuleResolutionKind.NodeNext,
          strict: true,
          skipLibCheck: true,
        },
      });
  const globs = [
    ...SOURCE_GLOBS.map((glob) => toGlob(dir, glob)),
    ...IGNORED_GLOBS.map((glob) => `!${toGlob(dir, glob)}`),
  ];
  const sourceFiles = project
    .addSourceFilesAtPaths(globs)
    .sort((a, b) => a.getFilePath().localeCompare(b.getFilePath()));
  return { project, sourceFiles };
}

function toGlob(dir: string, glob: string): string {
  return `${dir.split(path.sep).join('/')}/${glob}`;
}

/**
 * The names `@astro-api/client/v1` exports, resolved the way `fromFile` would import it; undefined when the
 * package (or its v1 entry point) is not installed where that file can see it.
 */
export function v1ExportNames(project: Project, fromFile: SourceFile, specifier: string): Set<string> | undefined {
  const resolved = ts.resolveModuleName(
    specifier,
    fromFile.getFilePath(),
    project.getCompilerOptions(),
    project.getModuleResolutionHost(),
  ).resolvedModule;
  if (resolved === undefined) return undefined;
  const entry = project.getSourceFile(resolved.resolvedFileName) ?? project.addSourceFileAtPath(resolved.resolvedFileName);
  return new Set(entry.getExportedDeclarations().keys());
}
