import { existsSync } from 'node:fs';
import path from 'node:path';
import { ModuleKind, ModuleResolutionKind, Project, ScriptTarget, ts, type SourceFile } from 'ts-morph';

/** A tsconfig.json the compiler cannot read: the CLI prints `message` on one line and exits 2. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** One file to analyse: its real path and its text as the user wrote it, without BOM. */
export interface SourceText {
  readonly path: string;
  readonly text: string;
}

/**
 * A project for `root` (a real path): its own tsconfig.json's compiler options when it has one (so path aliases
 * and module settings match the user's build), otherwise those of a current Node ESM project. The files to
 * migrate are given with their text as read once at the start (the text later writes are checked against);
 * tsconfig's `include`/`files` are not used, since which files are migrated is decided by the caller. The checker
 * still reads whatever those files import, such as `@astro-api/client` from node_modules.
 */
export function loadProject(root: string, sources: readonly SourceText[]): { project: Project; sourceFiles: SourceFile[] } {
  const tsConfigFilePath = path.join(root, 'tsconfig.json');
  const compilerOptions = existsSync(tsConfigFilePath)
    ? readCompilerOptions(tsConfigFilePath)
    : {
        target: ScriptTarget.ES2022,
        module: ModuleKind.NodeNext,
        moduleResolution: ModuleResolutionKind.NodeNext,
        strict: true,
        skipLibCheck: true,
      };
  const project = new Project({ compilerOptions });
  const sourceFiles = sources.map((source) => project.createSourceFile(source.path, source.text, { overwrite: true }));
  return { project, sourceFiles };
}

/** The compiler options of a tsconfig.json (with its `extends`), or a ConfigError naming file:line:column. */
function readCompilerOptions(file: string): ts.CompilerOptions {
  const read = ts.readConfigFile(file, ts.sys.readFile);
  if (read.error !== undefined) throw new ConfigError(describe(read.error, file));
  // No file enumeration: `include` globs are the user's business, and the folder may be large.
  const host: ts.ParseConfigHost = { ...ts.sys, useCaseSensitiveFileNames: ts.sys.useCaseSensitiveFileNames, readDirectory: () => [] };
  const parsed = ts.parseJsonConfigFileContent(read.config, host, path.dirname(file), undefined, file);
  const NO_INPUTS = 18003;
  const error = parsed.errors.find((d) => d.category === ts.DiagnosticCategory.Error && d.code !== NO_INPUTS);
  if (error !== undefined) throw new ConfigError(describe(error, file));
  return parsed.options;
}

function describe(diagnostic: ts.Diagnostic, fallbackFile: string): string {
  const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ');
  if (diagnostic.file === undefined || diagnostic.start === undefined) return `${fallbackFile}: ${message}`;
  const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
  return `${diagnostic.file.fileName}:${line + 1}:${character + 1}: ${message}`;
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
