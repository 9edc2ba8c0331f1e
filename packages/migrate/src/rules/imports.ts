import {
  Node,
  SyntaxKind,
  type ExportDeclaration,
  type ExportSpecifier,
  type ImportDeclaration,
  type ImportSpecifier,
  type StringLiteral,
} from 'ts-morph';
import { NAMESPACE_EXPORTS, RENAMED_EXPORTS, V1BETA1_MODULE, V1_MODULE } from '../client-api.js';
import type { RuleContext } from '../context.js';

/**
 * `import … from '@astro-api/client/v1beta1'` (and `export … from`) → `'@astro-api/client/v1'`, mapping each
 * named binding. Both factories map to `createAstroClient`, so an import of both keeps one. A name that v1 does not
 * export stays imported from v1beta1 (so the file still compiles) and is reported.
 */
export function rewriteImports(ctx: RuleContext): void {
  const sf = ctx.sourceFile;
  for (const decl of sf.getImportDeclarations()) {
    if (decl.getModuleSpecifierValue() !== V1BETA1_MODULE) continue;
    if (decl.getModuleSpecifierSourceFile() === undefined) {
      ctx.report(
        decl,
        'v1beta1-module-not-resolved',
        `'${V1BETA1_MODULE}' does not resolve from here, so token types cannot be checked; install @astro-api/client and run again`,
      );
    }
    rewriteDeclaration(ctx, decl, decl.getNamedImports(), decl.getDefaultImport() !== undefined);
  }
  for (const decl of sf.getExportDeclarations()) {
    if (decl.getModuleSpecifierValue() !== V1BETA1_MODULE) continue;
    if (decl.getNamedExports().length === 0) {
      ctx.report(
        decl,
        'v1beta1-export-without-v1-counterpart',
        `'export *' re-exports every v1beta1 name, and v1 renames some; re-export the v1 names you need by hand`,
      );
      continue;
    }
    rewriteDeclaration(ctx, decl, decl.getNamedExports(), false);
  }
  reportDynamicLoads(ctx);
}

type Specifier = ImportSpecifier | ExportSpecifier;

function rewriteDeclaration(
  ctx: RuleContext,
  decl: ImportDeclaration | ExportDeclaration,
  specifiers: readonly Specifier[],
  hasDefault: boolean,
): void {
  const literal = decl.getModuleSpecifier() as StringLiteral;
  if (hasDefault) {
    ctx.report(decl, 'v1beta1-export-without-v1-counterpart', 'the v1beta1 entry point has no default export to map');
    return;
  }
  const mapped: string[] = [];
  const unmapped: Specifier[] = [];
  const namespaces: Specifier[] = [];
  let changedShape = false;
  for (const spec of specifiers) {
    if (NAMESPACE_EXPORTS.has(spec.getName())) {
      namespaces.push(spec);
      changedShape = true;
      continue;
    }
    const target = v1NameOf(ctx, spec.getName());
    if (target === undefined) {
      unmapped.push(spec);
      continue;
    }
    const text = specifierText(spec, target);
    if (mapped.includes(text) || mapped.includes(text.replace(/^type /, ''))) {
      changedShape = true;
      continue;
    }
    mapped.push(text);
  }
  for (const spec of unmapped) {
    ctx.report(
      spec,
      'v1beta1-export-without-v1-counterpart',
      `'${V1_MODULE}' has no export '${spec.getName()}'; it stays imported from v1beta1 until you replace it`,
    );
  }
  if (mapped.length === 0 && namespaces.length === 0 && specifiers.length > 0) return;

  const quote = literal.getText()[0]!;
  if (unmapped.length === 0 && !changedShape) {
    // Same shape: edit only the names that change and the module specifier, keeping the user's layout.
    specifiers.forEach((spec, i) => {
      if (spec.getText() !== mapped[i]) ctx.replaceNode(spec, mapped[i]!, 'import-specifier-v1beta1-to-v1');
    });
    ctx.replaceNode(literal, `${quote}${V1_MODULE}${quote}`, 'import-specifier-v1beta1-to-v1');
    return;
  }
  const keyword = Node.isImportDeclaration(decl) ? 'import' : 'export';
  const typeOnlyDecl = Node.isImportDeclaration(decl) ? decl.isTypeOnly() : decl.isTypeOnly();
  const head = `${keyword} ${typeOnlyDecl ? 'type ' : ''}`;
  const lines: string[] = [];
  if (mapped.length > 0) lines.push(`${head}{ ${mapped.join(', ')} } from ${quote}${V1_MODULE}${quote};`);
  for (const spec of namespaces) {
    const local = spec.getAliasNode()?.getText() ?? spec.getName();
    const typeOnly = keyword === 'import' && (typeOnlyDecl || spec.isTypeOnly());
    lines.push(`${keyword} ${typeOnly ? 'type ' : ''}* as ${local} from ${quote}${V1_MODULE}${quote};`);
  }
  let text = lines.join('\n');
  if (unmapped.length > 0) {
    const kept = unmapped.map((spec) => spec.getText()).join(', ');
    text += `\n${head}{ ${kept} } from ${quote}${V1BETA1_MODULE}${quote};`;
  }
  ctx.replaceNode(decl, text, 'import-specifier-v1beta1-to-v1');
}

/** The v1 export a v1beta1 export becomes, or undefined when v1 has none. */
export function v1NameOf(ctx: RuleContext, v1beta1Name: string): string | undefined {
  const renamed = RENAMED_EXPORTS.get(v1beta1Name);
  if (renamed !== undefined) return renamed;
  // Without the v1 entry point we cannot tell; keep the name and let the import-not-resolved finding explain.
  if (ctx.v1Exports === undefined || ctx.v1Exports.has(v1beta1Name)) return v1beta1Name;
  return undefined;
}

function specifierText(spec: Specifier, target: string): string {
  const typePrefix = spec.isTypeOnly() ? 'type ' : '';
  const alias = spec.getAliasNode()?.getText();
  // An unaliased import takes the new name; its uses are renamed by the references rule.
  if (alias === undefined || alias === target) return `${typePrefix}${target}`;
  return `${typePrefix}${target} as ${alias}`;
}

function reportDynamicLoads(ctx: RuleContext): void {
  for (const literal of ctx.descendantsOfKind(SyntaxKind.StringLiteral)) {
    if (literal.getLiteralValue() !== V1BETA1_MODULE) continue;
    const parent = literal.getParent();
    if (Node.isImportDeclaration(parent) || Node.isExportDeclaration(parent)) continue;
    const loader = Node.isCallExpression(parent)
      ? parent
      : literal.getFirstAncestor((n) => Node.isImportTypeNode(n) || Node.isCallExpression(n));
    ctx.report(
      loader ?? literal,
      'v1beta1-module-loaded-dynamically',
      `'${V1BETA1_MODULE}' is loaded by import()/require or an import type; change it to '${V1_MODULE}' and map the names by hand`,
    );
  }
}
