import { Node, ts, type Identifier, type ImportDeclaration, type SourceFile } from 'ts-morph';
import { NAMESPACE_EXPORTS, V1BETA1_MODULE, V1_MODULE } from './client-api.js';

/**
 * Which v1beta1 export an identifier refers to, decided by the checker's binding of the identifier (an import
 * specifier or a namespace import of `@astro-api/client/v1beta1`), not by its spelling. This works even when
 * the client package cannot be resolved, because the local import binding is always known.
 */
export function v1beta1ExportName(id: Identifier): string | undefined {
  const left = memberOwner(id);
  if (left !== undefined) return Node.isIdentifier(left) && isV1beta1Namespace(left) ? id.getText() : undefined;
  if (!isClientBindingName(id)) return undefined;
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
  if (!isClientBindingName(id)) return false;
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
    if (!Node.isIdentifier(left) || !isClientBindingName(left)) return undefined;
    const isV1Namespace = (left.getSymbol()?.getDeclarations() ?? []).some((decl) => {
      const importDecl = Node.isNamespaceImport(decl) ? decl.getFirstAncestor(Node.isImportDeclaration) : undefined;
      return importDecl?.getModuleSpecifierValue() === V1_MODULE;
    });
    return isV1Namespace ? id.getText() : undefined;
  }
  if (!isClientBindingName(id)) return undefined;
  for (const decl of id.getSymbol()?.getDeclarations() ?? []) {
    if (Node.isImportSpecifier(decl) && decl.getImportDeclaration().getModuleSpecifierValue() === V1_MODULE) return decl.getName();
  }
  return undefined;
}

const clientBindings = new WeakMap<SourceFile, ReadonlySet<string>>();

/**
 * Whether `id` is spelled like a local name that an import of a client entry point (v1beta1 or v1) binds in its
 * file. An identifier can only resolve to an import binding of its own file with its own name, so any other
 * identifier is answered without asking the checker for its symbol (the cheap test comes first; the checker
 * still decides, since a local declaration may shadow the import).
 */
function isClientBindingName(id: Identifier): boolean {
  const sourceFile = id.getSourceFile();
  let names = clientBindings.get(sourceFile);
  if (names === undefined) {
    const found = new Set<string>();
    // Imports sit at the top of a file or of a module block (`declare module '…' { import … }`).
    const visit = (statements: readonly ts.Statement[]) => {
      for (const statement of statements) {
        if (ts.isModuleDeclaration(statement)) {
          let body = statement.body;
          while (body !== undefined && ts.isModuleDeclaration(body)) body = body.body;
          if (body !== undefined && ts.isModuleBlock(body)) visit(body.statements);
          continue;
        }
        if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
        const specifier = statement.moduleSpecifier.text;
        if (specifier !== V1BETA1_MODULE && specifier !== V1_MODULE) continue;
        const bindings = statement.importClause?.namedBindings;
        if (bindings === undefined) continue;
        if (ts.isNamespaceImport(bindings)) found.add(bindings.name.text);
        else for (const element of bindings.elements) found.add(element.name.text);
      }
    };
    visit(sourceFile.compilerNode.statements);
    names = found;
    clientBindings.set(sourceFile, names);
  }
  return names.has(id.compilerNode.text);
}
