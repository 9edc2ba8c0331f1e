import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Node, type Symbol as MorphSymbol, type Type } from 'ts-morph';
import { CLIENT_PACKAGE, NEW_TOKEN_PROPERTY, OLD_TOKEN_PROPERTY, SCHEMAS_WITH_TYPE_RENAMED } from './client-api.js';

/**
 * Deciding whether a `type` property is the v1beta1 `ApiToken.type` / `CreateApiTokenRequest.type` uses the
 * declaration the checker resolves it to: a property named `type` declared by a schema of that name in a file of
 * the `@astro-api/client` package. v1 has no such property (it is `scope` there), so a match is always v1beta1.
 * Aliases, unions, array elements, narrowing and inference all resolve to the same declaration, which is why this
 * does not look at variable names or type annotations.
 */
export type TokenTypeMatch = 'token' | 'other' | 'mixed';

export function classifyPropertySymbol(symbol: MorphSymbol | undefined): TokenTypeMatch {
  if (symbol === undefined) return 'other';
  const decls = symbol.getDeclarations();
  if (decls.length === 0) return 'other';
  const hits = decls.filter((decl) => isRenamedTokenPropertyDeclaration(decl)).length;
  if (hits === 0) return 'other';
  return hits === decls.length ? 'token' : 'mixed';
}

/** The `type` property of `type` (the checker's Type), looked up in each member of a union. */
export function classifyTypeProperty(type: Type | undefined): TokenTypeMatch {
  if (type === undefined) return 'other';
  const members = type.isUnion() ? type.getUnionTypes() : [type];
  const found = members
    .map((member) => member.getProperty(OLD_TOKEN_PROPERTY))
    .filter((symbol) => symbol !== undefined)
    .map(classifyPropertySymbol);
  if (found.length === 0) return 'other';
  if (found.every((match) => match === 'token')) return 'token';
  return found.some((match) => match !== 'other') ? 'mixed' : 'other';
}

/**
 * Whether `type` is (or, as a union, contains) the v1 `ApiToken` / `CreateApiTokenRequest` of the client: the
 * same schemas, whose `scope` is declared where v1beta1 declared `type`. Code the codemod already migrated (or
 * wrote against v1) is recognised by this, so what it reports there stays reported on every run.
 */
export function containsV1Token(type: Type | undefined): boolean {
  if (type === undefined) return false;
  const members = type.isUnion() ? type.getUnionTypes() : [type];
  return members.some((member) =>
    (member.getProperty(NEW_TOKEN_PROPERTY)?.getDeclarations() ?? []).some((decl) =>
      isRenamedTokenPropertyDeclaration(decl, NEW_TOKEN_PROPERTY),
    ),
  );
}

export function isRenamedTokenPropertyDeclaration(decl: Node, property: string = OLD_TOKEN_PROPERTY): boolean {
  if (!Node.isPropertySignature(decl) && !Node.isPropertyDeclaration(decl)) return false;
  if (decl.getName().replace(/^["']|["']$/g, '') !== property) return false;
  const owner = ownerName(decl);
  return owner !== undefined && SCHEMAS_WITH_TYPE_RENAMED.has(owner) && isInClientPackage(decl.getSourceFile().getFilePath());
}

/**
 * The name of the schema a property belongs to: openapi-typescript writes `schemas: { ApiToken: { type: ... } }`,
 * hand-written types write `interface ApiToken { type: ... }` or `type ApiToken = { type: ... }`.
 */
function ownerName(decl: Node): string | undefined {
  const parent = decl.getParent();
  if (Node.isInterfaceDeclaration(parent) || Node.isClassDeclaration(parent)) return parent.getName();
  if (!Node.isTypeLiteral(parent)) return undefined;
  const holder = parent.getParent();
  if (Node.isPropertySignature(holder) || Node.isTypeAliasDeclaration(holder)) {
    return holder.getName().replace(/^["']|["']$/g, '');
  }
  return undefined;
}

const packageOfDir = new Map<string, string | undefined>();

/** Whether a file belongs to `@astro-api/client` (installed, linked, or the workspace package itself). */
export function isInClientPackage(filePath: string): boolean {
  return nearestPackageName(path.dirname(filePath)) === CLIENT_PACKAGE;
}

function nearestPackageName(dir: string): string | undefined {
  if (packageOfDir.has(dir)) return packageOfDir.get(dir);
  let name: string | undefined;
  const manifest = path.join(dir, 'package.json');
  if (existsSync(manifest)) {
    try {
      name = (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name;
    } catch {
      name = undefined;
    }
  } else {
    const up = path.dirname(dir);
    name = up === dir ? undefined : nearestPackageName(up);
  }
  packageOfDir.set(dir, name);
  return name;
}
