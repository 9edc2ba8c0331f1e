import { Node, SyntaxKind, type Identifier } from 'ts-morph';
import { NAMESPACE_EXPORTS, RENAMED_EXPORTS, RENAMED_NAMESPACE_MEMBERS, V1_MODULE } from '../client-api.js';
import { isV1beta1Namespace, memberOwner, schemaNamespaceMember, v1beta1ExportName } from '../bindings.js';
import type { RuleContext } from '../context.js';
import { v1NameOf } from './imports.js';

const RULE = 'client-factory-to-createAstroClient' as const;

/**
 * Uses of v1beta1 exports follow the import rewrite:
 * - renamed exports (`createIamClient(...)`, `astro.createPlatformClient`, `IamClient`) take their v1 name; only
 *   unaliased uses change: `import { createIamClient as makeIam }` becomes `import { createAstroClient as makeIam }`
 *   and `makeIam(...)` stays as it is;
 * - `iam.X` / `platform.X` keep working because `iam` becomes a namespace import of v1; the members renamed by
 *   `type` → `scope` (`iam.apiTokenTypeValues`) are renamed, and members v1 lacks are reported;
 * - `astro.iam.X` (through `import * as astro`) becomes `astro.X`.
 */
export function rewriteReferences(ctx: RuleContext): void {
  for (const id of ctx.descendantsOfKind(SyntaxKind.Identifier)) {
    if (id.getFirstAncestor((n) => Node.isImportDeclaration(n) || Node.isExportDeclaration(n))) continue;
    const owner = memberOwner(id);
    const viaNamespace = owner !== undefined && Node.isIdentifier(owner) && isV1beta1Namespace(owner);
    if (viaNamespace && NAMESPACE_EXPORTS.has(id.getText())) {
      // `astro.iam` → `astro`: v1 has the schema types at its top level.
      ctx.replaceNode(id.getParentOrThrow(), owner.getText(), RULE);
      continue;
    }
    if (owner !== undefined && !viaNamespace) {
      schemaMember(ctx, id);
      continue;
    }
    if (!viaNamespace && !RENAMED_EXPORTS.has(id.getText())) continue;
    const exported = v1beta1ExportName(id);
    if (exported === undefined || exported !== id.getText()) continue;
    const target = v1NameOf(ctx, exported);
    if (target === undefined) {
      ctx.report(id.getParentOrThrow(), 'v1beta1-export-without-v1-counterpart', `'${V1_MODULE}' has no export '${exported}'; replace this use by hand`);
    } else if (target !== exported) {
      rename(ctx, id, target);
    }
  }
}

function schemaMember(ctx: RuleContext, id: Identifier): void {
  const found = schemaNamespaceMember(id);
  if (found === undefined) return;
  const renamed = RENAMED_NAMESPACE_MEMBERS.get(found.member);
  if (renamed !== undefined) {
    ctx.replaceNode(id, renamed, RULE);
  } else if (ctx.v1Exports !== undefined && !ctx.v1Exports.has(found.member)) {
    ctx.report(
      id.getParentOrThrow(),
      'v1beta1-export-without-v1-counterpart',
      `v1 has no '${found.member}' (it was in v1beta1 '${found.namespace}'); replace this use by hand`,
    );
  }
}

function rename(ctx: RuleContext, id: Identifier, target: string): void {
  const parent = id.getParent();
  if (Node.isShorthandPropertyAssignment(parent)) ctx.replaceNode(id, `${id.getText()}: ${target}`, RULE);
  else ctx.replaceNode(id, target, RULE);
}
