import {
  Node,
  SyntaxKind,
  type BindingElement,
  type ElementAccessExpression,
  type Identifier,
  type ObjectLiteralExpression,
  type PropertyAccessExpression,
  type Type,
} from 'ts-morph';
import { CREATE_API_TOKEN_PATH, NEW_TOKEN_PROPERTY, OLD_TOKEN_PROPERTY } from '../client-api.js';
import type { RuleContext } from '../context.js';
import { classifyPropertySymbol, classifyTypeProperty, containsV1Token } from '../token-symbols.js';

const RENAME = 'token-type-to-scope' as const;

/**
 * `ApiToken.type` and `CreateApiTokenRequest.type` became `scope` in v1 (same enum). Every place the checker ties to
 * one of those two properties is renamed: reads (`token.type`), object literals typed as a token or a create request
 * (including the `body` of POST /organizations/{organizationId}/tokens), destructuring and `ApiToken['type']`.
 * Places where the checker cannot tell (an `any` value, a union with other `type` properties, a string key, a
 * spread, a body built elsewhere) are reported instead.
 */
export function rewriteTokenType(ctx: RuleContext, usesClient: boolean): void {
  for (const access of ctx.descendantsOfKind(SyntaxKind.PropertyAccessExpression)) {
    if (access.getName() === OLD_TOKEN_PROPERTY) propertyAccess(ctx, access, usesClient);
  }
  for (const access of ctx.descendantsOfKind(SyntaxKind.ElementAccessExpression)) elementAccess(ctx, access);
  for (const literal of ctx.descendantsOfKind(SyntaxKind.ObjectLiteralExpression)) objectLiteral(ctx, literal);
  for (const element of ctx.descendantsOfKind(SyntaxKind.BindingElement)) bindingElement(ctx, element);
  for (const indexed of ctx.descendantsOfKind(SyntaxKind.IndexedAccessType)) {
    const index = indexed.getIndexTypeNode();
    if (!Node.isLiteralTypeNode(index)) continue;
    const literal = index.getLiteral();
    if (!Node.isStringLiteral(literal) || literal.getLiteralValue() !== OLD_TOKEN_PROPERTY) continue;
    if (classifyTypeProperty(indexed.getObjectTypeNode().getType()) === 'token') {
      renameStringLiteral(ctx, literal);
    }
  }
  for (const call of ctx.descendantsOfKind(SyntaxKind.CallExpression)) createTokenBody(ctx, call);
}

function propertyAccess(ctx: RuleContext, access: PropertyAccessExpression, usesClient: boolean): void {
  const name = access.getNameNode();
  const match = classifyPropertySymbol(name.getSymbol());
  if (match === 'token') {
    ctx.replaceNode(name, NEW_TOKEN_PROPERTY, RENAME);
  } else if (match === 'mixed' || isMigratedMixedUnion(access.getExpression().getType())) {
    ctx.report(access, 'type-on-mixed-union', mixedReason);
  } else if (usesClient && isUntyped(access.getExpression().getType())) {
    ctx.report(
      access,
      'type-on-untyped-value',
      `'.type' on a value of type any: if it can hold an ApiToken or CreateApiTokenRequest, use '.scope' and give it a type`,
    );
  }
}

function elementAccess(ctx: RuleContext, access: ElementAccessExpression): void {
  const argument = access.getArgumentExpression();
  if (argument === undefined) return;
  const object = access.getExpression().getType();
  if (classifyTypeProperty(object) === 'other' && !containsV1Token(object)) return;
  const key = argument.getType();
  const keys = key.isUnion() ? key.getUnionTypes() : [key];
  const mayBeType = keys.some((k) => !k.isStringLiteral() || k.getLiteralValue() === OLD_TOKEN_PROPERTY);
  if (!mayBeType) return;
  ctx.report(
    access,
    'token-type-element-access',
    `property read by key on an ApiToken/CreateApiTokenRequest; the key 'type' is 'scope' in v1, change it by hand`,
  );
}

function objectLiteral(ctx: RuleContext, literal: ObjectLiteralExpression): void {
  // Only a spread or a property named `type` can lead to an edit or a finding below; asking the checker for the
  // contextual type of every other literal (client options, query params, …) is most of this rule's cost.
  const relevant = literal.getProperties().some(
    (property) =>
      Node.isSpreadAssignment(property) ||
      ((Node.isPropertyAssignment(property) || Node.isShorthandPropertyAssignment(property)) &&
        property.getName().replace(/^["']|["']$/g, '') === OLD_TOKEN_PROPERTY),
  );
  if (!relevant) return;
  const contextual = literal.getContextualType();
  const match = classifyTypeProperty(contextual);
  const v1Target = match === 'other' && containsV1Token(contextual);
  if (match === 'other' && !v1Target) return;
  for (const property of literal.getProperties()) {
    if (Node.isSpreadAssignment(property)) {
      const spread = property.getExpression().getType();
      // Into a v1 token object, a spread of a token (either version) is still the copy a person has to check.
      if (isUntyped(spread) || spread.getProperty(OLD_TOKEN_PROPERTY) !== undefined || (v1Target && containsV1Token(spread))) {
        ctx.report(
          property,
          'token-request-spread',
          `a spread may carry 'type' into a token object; v1 expects 'scope', check it by hand`,
        );
      }
      continue;
    }
    if (v1Target) continue;
    if (!Node.isPropertyAssignment(property) && !Node.isShorthandPropertyAssignment(property)) continue;
    if (property.getName().replace(/^["']|["']$/g, '') !== OLD_TOKEN_PROPERTY) continue;
    if (match === 'mixed') {
      ctx.report(property, 'type-on-mixed-union', mixedReason);
    } else if (Node.isShorthandPropertyAssignment(property)) {
      ctx.replaceNode(property.getNameNode(), `${NEW_TOKEN_PROPERTY}: ${property.getName()}`, RENAME);
    } else {
      const nameNode = property.getNameNode();
      if (Node.isStringLiteral(nameNode)) renameStringLiteral(ctx, nameNode);
      else if (Node.isIdentifier(nameNode)) ctx.replaceNode(nameNode, NEW_TOKEN_PROPERTY, RENAME);
    }
  }
}

function bindingElement(ctx: RuleContext, element: BindingElement): void {
  if (element.getDotDotDotToken() !== undefined) return;
  const propertyName = element.getPropertyNameNode();
  const key = propertyName ?? element.getNameNode();
  const keyText = Node.isIdentifier(key) || Node.isStringLiteral(key) ? key.getText().replace(/^["']|["']$/g, '') : undefined;
  if (keyText !== OLD_TOKEN_PROPERTY) return;
  const pattern = element.getParentOrThrow();
  const match = classifyTypeProperty(pattern.getType());
  if (match === 'other') return;
  if (match === 'mixed') {
    ctx.report(element, 'type-on-mixed-union', mixedReason);
  } else if (propertyName === undefined) {
    // `{ type }` binds a local named `type`; keep that name so the code below it still compiles.
    ctx.replaceNode(element.getNameNode(), `${NEW_TOKEN_PROPERTY}: ${(element.getNameNode() as Identifier).getText()}`, RENAME);
  } else if (Node.isStringLiteral(propertyName)) {
    renameStringLiteral(ctx, propertyName);
  } else {
    ctx.replaceNode(propertyName, NEW_TOKEN_PROPERTY, RENAME);
  }
}

/**
 * A create-token call whose `body` is not written in place. If its type is the client's CreateApiTokenRequest, the
 * literal it came from was contextually typed and is handled where it is written; otherwise the `type` it carries
 * belongs to a type the checker cannot tie to the API, and a person has to look.
 */
function createTokenBody(ctx: RuleContext, call: Node): void {
  if (!Node.isCallExpression(call)) return;
  const callee = call.getExpression();
  if (!Node.isPropertyAccessExpression(callee) || callee.getName() !== 'POST') return;
  const [pathArg, init] = call.getArguments();
  if (pathArg === undefined || !Node.isStringLiteral(pathArg) || pathArg.getLiteralValue() !== CREATE_API_TOKEN_PATH) return;
  if (init === undefined || !Node.isObjectLiteralExpression(init)) return;
  const body = init.getProperty('body');
  const value = Node.isPropertyAssignment(body)
    ? body.getInitializer()
    : Node.isShorthandPropertyAssignment(body)
      ? body.getNameNode()
      : undefined;
  if (value === undefined || Node.isObjectLiteralExpression(value)) return;
  const type = value.getType();
  const property = type.getProperty(OLD_TOKEN_PROPERTY);
  if (isUntyped(type) || (property !== undefined && classifyPropertySymbol(property) !== 'token')) {
    ctx.report(
      value,
      'token-request-body-not-literal',
      `this CreateApiToken body is built elsewhere without the client's CreateApiTokenRequest type; rename its 'type' to 'scope' by hand, or annotate it and run again`,
    );
  }
}

/**
 * After migration `item.type` on `ApiToken | Other` no longer resolves to a declaration (v1's token has no
 * `type`), but the union still mixes a token with another type that has one: the same question for a person.
 */
function isMigratedMixedUnion(type: Type): boolean {
  if (!type.isUnion() || !containsV1Token(type)) return false;
  return type.getUnionTypes().some((member) => member.getProperty(OLD_TOKEN_PROPERTY) !== undefined);
}

const mixedReason = `'type' here may belong to an ApiToken or to another type; rename it to 'scope' only where it is a token`;

function isUntyped(type: Type): boolean {
  return type.isAny() || type.isUnknown();
}

function renameStringLiteral(ctx: RuleContext, literal: Node): void {
  const quote = literal.getText()[0]!;
  ctx.replaceNode(literal, `${quote}${NEW_TOKEN_PROPERTY}${quote}`, RENAME);
}
