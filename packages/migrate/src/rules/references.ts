import { Node, SyntaxKind } from 'ts-morph';
import { RENAMED_EXPORTS, V1_MODULE } from '../client-api.js';
import { isV1beta1Namespace, v1beta1ExportName } from '../bindings.js';
import type { RuleContext } from '../context.js';
import { v1NameOf } from './imports.js';

/**
 * Uses of a renamed v1beta1 export (`createIamClient(...)`, `client.createPlatformClient`, `typeof createIamClient`)
 * follow the import rewrite. Only unaliased uses change: `import { createIamClient as makeIam }` becomes
 * `import { createAstroClient as makeIam }` and `makeIam(...)` stays as it is.
 */
export function rewriteReferences(ctx: RuleContext): void {
  for (const id of ctx.sourceFile.getDescendantsOfKind(SyntaxKind.Identifier)) {
    if (id.getFirstAncestor((n) => Node.isImportDeclaration(n) || Node.isExportDeclaration(n))) continue;
    const parent = id.getParent();
    const viaNamespace =
      (Node.isPropertyAccessExpression(parent) && parent.getNameNode() === id && isNamespace(parent.getExpression())) ||
      (Node.isQualifiedName(parent) && parent.getRight() === id && isNamespace(parent.getLeft()));
    if (!viaNamespace && !RENAMED_EXPORTS.has(id.getText())) continue;
    const exported = v1beta1ExportName(id);
    if (exported === undefined || exported !== id.getText()) continue;
    const target = v1NameOf(ctx, exported);
    if (target === undefined) {
      ctx.report(
        parent,
        'v1beta1-export-without-v1-counterpart',
        `'${V1_MODULE}' has no export '${exported}'; replace this use by hand`,
      );
      continue;
    }
    if (target === exported) continue;
    if (Node.isShorthandPropertyAssignment(parent)) {
      ctx.replaceNode(id, `${exported}: ${target}`, 'client-factory-to-createAstroClient');
    } else {
      ctx.replaceNode(id, target, 'client-factory-to-createAstroClient');
    }
  }
}

function isNamespace(node: Node): boolean {
  return Node.isIdentifier(node) && isV1beta1Namespace(node);
}
