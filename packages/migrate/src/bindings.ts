import { Node, type Identifier, type ImportDeclaration } from 'ts-morph';
import { V1BETA1_MODULE } from './client-api.js';

/**
 * Which v1beta1 export an identifier refers to, decided by the checker's binding of the identifier (an import
 * specifier or a namespace import of `@astro-api/client/v1beta1`), not by its spelling. This works even when
 * the client package cannot be resolved, because the local import binding is always known.
 */
export function v1beta1ExportName(id: Identifier): string | undefined {
  const parent = id.getParent();
  if (Node.isPropertyAccessExpression(parent) && parent.getNameNode() === id) {
    const left = parent.getExpression();
    return Node.isIdentifier(left) && isV1beta1Namespace(left) ? id.getText() : undefined;
  }
  if (Node.isQualifiedName(parent) && parent.getRight() === id) {
    const left = parent.getLeft();
    return Node.isIdentifier(left) && isV1beta1Namespace(left) ? id.getText() : undefined;
  }
  for (const decl of id.getSymbol()?.getDeclarations() ?? []) {
    if (Node.isImportSpecifier(decl) && isV1beta1Import(decl.getImportDeclaration())) return decl.getName();
  }
  return undefined;
}

export function isV1beta1Namespace(id: Identifier): boolean {
  return (id.getSymbol()?.getDeclarations() ?? []).some(
    (decl) => {
      if (!Node.isNamespaceImport(decl)) return false;
      const importDecl = decl.getFirstAncestor(Node.isImportDeclaration);
      return importDecl !== undefined && isV1beta1Import(importDecl);
    },
  );
}

export function isV1beta1Import(decl: ImportDeclaration): boolean {
  return decl.getModuleSpecifierValue() === V1BETA1_MODULE;
}
