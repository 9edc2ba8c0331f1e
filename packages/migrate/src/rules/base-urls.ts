import { Node, SyntaxKind } from 'ts-morph';
import { V1BETA1_BASE_URLS, V1BETA1_PATH_SEGMENTS, V1_BASE_URL } from '../client-api.js';
import type { RuleContext } from '../context.js';

const LITERAL_KINDS = [
  SyntaxKind.StringLiteral,
  SyntaxKind.NoSubstitutionTemplateLiteral,
  SyntaxKind.TemplateHead,
  SyntaxKind.TemplateMiddle,
  SyntaxKind.TemplateTail,
] as const;

/**
 * Any string that starts with a v1beta1 server URL (a `baseUrl`, a constant, a full request URL) gets the v1 server
 * instead. The paths after the server are the same in both versions (astro-api-facts.md §4.4), so swapping the
 * prefix keeps the URL meaning the same operation. A v1beta1 path segment anywhere else (`https://${host}/iam/v1beta1`,
 * `'/platform/v1beta1'`) is part of a URL assembled at run time, and is reported.
 */
export function rewriteBaseUrls(ctx: RuleContext): void {
  for (const kind of LITERAL_KINDS) {
    for (const node of ctx.descendantsOfKind(kind)) {
      if (isModuleSpecifier(node)) continue;
      const raw = node.getText();
      // The raw text starts with its delimiter: a quote, a backtick, or `}` for the middle and tail of a template.
      const body = raw.slice(1);
      const prefix = V1BETA1_BASE_URLS.find((url) => startsWithUrl(body, url));
      const atStart = kind !== SyntaxKind.TemplateMiddle && kind !== SyntaxKind.TemplateTail;
      if (prefix !== undefined && atStart) {
        const start = node.getStart() + 1;
        ctx.edit(start, start + prefix.length, V1_BASE_URL, 'base-url-v1beta1-to-v1');
        continue;
      }
      if (V1BETA1_PATH_SEGMENTS.some((segment) => body.includes(segment))) {
        const whole = node.getFirstAncestorByKind(SyntaxKind.TemplateExpression) ?? node;
        ctx.report(
          whole,
          'v1beta1-url-fragment',
          `part of a v1beta1 URL assembled at run time; make the result ${V1_BASE_URL} by hand`,
        );
      }
    }
  }
}

/** The URL followed by the end of the string, a path, a query, a fragment or a template substitution. */
function startsWithUrl(body: string, url: string): boolean {
  if (!body.startsWith(url)) return false;
  const next = body.charAt(url.length);
  return next === '' || /^['"`/?#$]$/.test(next);
}

function isModuleSpecifier(node: Node): boolean {
  const parent = node.getParent();
  return (
    Node.isImportDeclaration(parent) ||
    Node.isExportDeclaration(parent) ||
    Node.isExternalModuleReference(parent) ||
    Node.isLiteralTypeNode(parent) && Node.isImportTypeNode(parent.getParent())
  );
}
