import { Node, type Identifier, type ImportDeclaration } from 'ts-morph';
import { NAMESPACE_EXPORTS, V1BETA1_MODULE, V1_MODULE } from './client-api.js';

/**
 * Which v1beta1 export an identifier refers to, decided by the checker's binding of the identifier (an import
 * specifier or a namespace import of `@astro-api/client/v1beta1`), not by its spelling. This works even when
 * the client package cannot be resolved, because the local import binding is always known.
 */
export function v1beta1ExportName(id: Identifier): string | undefined {
  const left = memberOwner(id);
  if (left !== undefined) return Node.isIdentifier(left) && isV1beta1Namespace(left) ? id.getText() : undefined;
  for (const decl of id.getSymbol()?.getDeclarations() ?? []) {
    if (Node.isImportSpecifier(decl) && isV1beta1Import(decl.getImportDeclaration())) return decl.getName();
  }
  return undefined;
}

/**
 * For `iam.X` / `platform.X` (or `astro.iam.X` through a namespace import), the schema namespace and member `X`.
 */
export function schemaNamespaceMember(id: Identifier): { namespace: string; member: string } | undefined {
  const left = memberOwner(id);
  if (left === undefined) return undefined;
  const leftId = Node.isIdentifier(left) ? left : memberName(left);
  if (leftId === undefined) return undefined;
  const namespace = v1beta1ExportName(leftId);
  return namespace !== undefined && NAMESPACE_EXPORTS.has(namespace) ? { namespace, member: id.getText() } : undefined;
}

/** `a` in `a.id` (expression or qualified type name) when `id` is the member; undefined otherwise. */
export function memberOwner(id: Identifier): Node | undefined {
  const parent = id.getParent();
  if (Node.isPropertyAccessExpression(parent) && parent.getNameNode() === id) return parent.getExpression();
  if (Node.isQualifiedName(parent) && parent.getRight() === id) return parent.getLeft();
  return undefined;
}

function memberName(node: Node): Identifier | undefined {
  if (Node.isPropertyAccessExpression(node)) return node.getNameNode();
  if (Node.isQualifiedName(node)) return node.getRight();
  return undefined;
}

export function isV1beta1Namespace(id: Identifier): boolean {
  return (id.getSymbol()?.getDeclarations() ?? []).some((decl) => {
    if (!Node.isNamespaceImport(decl)) return false;
    const importDecl = decl.getFirstAncestor(Node.isImportDeclaration);
    return importDecl !== undefined && isV1beta1Import(importDecl);
  });
}

export function isV1beta1Import(decl: ImportDeclaration): boolean {
  return decl.getModuleSpecifierValue() === V1BETA1_MODULE;
}

/** Which v1 export an identifier refers to, by its import binding (specifier or namespace of `…/v1`). */
export function v1ExportName(id: Identifier): string | undefined {
  const left = memberOwner(id);
  if (left !== undefined) {
    if (!Node.isIdentifier(left)) return undefined;
    const isV1Namespace = (left.getSymbol()?.getDeclarations() ?? []).some((decl) => {
      const importDecl = Node.isNamespaceImport(decl) ? decl.getFirstAncestor(Node.isImportDeclaration) : undefined;
      return importDecl?.getModuleSpecifierValue() === V1_MODULE;
    });
    return isV1Namespace ? id.getText() : undefined;
  }
  for (const decl of id.getSymbol()?.getDeclarations() ?? []) {
    if (Node.isImportSpecifier(decl) && decl.getImportDeclaration().getModuleSpecifierValue() === V1_MODULE) return decl.getName();
  }
  return undefined;
}
