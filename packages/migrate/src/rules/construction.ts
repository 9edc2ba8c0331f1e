import { Node, SyntaxKind, type CallExpression, type Expression } from 'ts-morph';
import { CLIENT_FACTORIES, V1BETA1_BASE_URLS, V1_BASE_URL, V1_FACTORY } from '../client-api.js';
import { v1beta1ExportName, v1ExportName } from '../bindings.js';
import type { RuleContext } from '../context.js';

/**
 * Client construction. The factory name itself is renamed by the references rule; this rule checks the options
 * object, because a base URL that is not a literal (or that may arrive through a spread) cannot be proven to be a
 * v1beta1 URL and is left for a person.
 *
 * Two clients (IAM and Platform) become two `createAstroClient` calls rather than one client and an alias: each
 * call keeps its own options (token, headers, fetch), so merging them could silently change which credentials a
 * request uses. Both talk to the same v1 API afterwards and can be merged by hand.
 */
export function checkClientConstruction(ctx: RuleContext): void {
  for (const call of ctx.descendantsOfKind(SyntaxKind.CallExpression)) {
    const factory = factoryName(call);
    if (factory === undefined) continue;
    const options = call.getArguments()[0];
    if (options === undefined) continue;
    if (!Node.isObjectLiteralExpression(options)) {
      ctx.report(
        options,
        'client-options-not-literal',
        `options of ${factory} are built elsewhere; make sure their baseUrl is ${V1_BASE_URL} or absent`,
      );
      continue;
    }
    for (const property of options.getProperties()) {
      if (Node.isSpreadAssignment(property)) {
        ctx.report(
          property,
          'client-options-spread',
          `a spread may carry a v1beta1 baseUrl into ${factory}; check it sets ${V1_BASE_URL} or nothing`,
        );
      } else if (Node.isPropertyAssignment(property) && property.getName() === 'baseUrl') {
        checkBaseUrl(ctx, property.getInitializerOrThrow(), factory);
      } else if (Node.isShorthandPropertyAssignment(property) && property.getName() === 'baseUrl') {
        const value = property.getValueSymbol();
        const target = value?.isAlias() ? value.getAliasedSymbol() : value;
        checkBaseUrl(ctx, property.getNameNode(), factory, target?.getDeclarations());
      }
    }
  }
}

/**
 * The v1beta1 factory called, or v1's `createAstroClient` (which the codemod turns them into): its options need
 * the same check after the run, so a second run reports what the first did.
 */
function factoryName(call: CallExpression): string | undefined {
  const callee = call.getExpression();
  const id = Node.isIdentifier(callee) ? callee : Node.isPropertyAccessExpression(callee) ? callee.getNameNode() : undefined;
  if (id === undefined) return undefined;
  const name = v1beta1ExportName(id) ?? v1ExportName(id);
  return name !== undefined && (CLIENT_FACTORIES.has(name) || name === V1_FACTORY) ? name : undefined;
}

/**
 * A base URL is fine when it is a string literal (the base-URL rule rewrites v1beta1 ones) or a const whose
 * initializer is one. Anything computed at run time is reported.
 */
function checkBaseUrl(ctx: RuleContext, expr: Expression, factory: string, valueDecls?: Node[]): void {
  if (isLiteral(expr)) return;
  const symbol = Node.isIdentifier(expr) ? expr.getSymbol() : undefined;
  // An imported constant: look at its declaration in the module it comes from.
  const target = symbol?.isAlias() ? symbol.getAliasedSymbol() : symbol;
  const decls = valueDecls ?? target?.getDeclarations() ?? [];
  for (const decl of decls) {
    if (Node.isVariableDeclaration(decl) && decl.getVariableStatement()?.getDeclarationKind() === 'const') {
      const init = decl.getInitializer();
      if (init !== undefined && isLiteral(init)) return;
    }
  }
  ctx.report(
    expr,
    'computed-base-url',
    `the baseUrl of ${factory} is computed at run time; make it resolve to ${V1_BASE_URL} (was ${V1BETA1_BASE_URLS.join(' or ')})`,
  );
}

function isLiteral(expr: Node): boolean {
  return Node.isStringLiteral(expr) || Node.isNoSubstitutionTemplateLiteral(expr);
}
