import path from 'node:path';
import { ts, type KindToNodeMappings, type Node, type SourceFile, type SyntaxKind } from 'ts-morph';
import type { Edit, Finding, FindingRule, RewriteRule } from './model.js';

/** What a rule sees: one source file, and two ways to answer (ask for an edit, or report a finding). */
export interface RuleContext {
  readonly sourceFile: SourceFile;
  /** Names that the v1 entry point exports, or undefined when `@astro-api/client/v1` cannot be resolved. */
  readonly v1Exports: ReadonlySet<string> | undefined;
  /** The file's nodes of one kind in document order, like `sourceFile.getDescendantsOfKind(kind)` (see below). */
  descendantsOfKind<K extends SyntaxKind>(kind: K): KindToNodeMappings[K][];
  edit(start: number, end: number, text: string, rule: RewriteRule): void;
  /** Replace a whole node's text (from its first token, comments excluded). */
  replaceNode(node: Node, text: string, rule: RewriteRule): void;
  report(node: Node, rule: FindingRule, reason: string): void;
}

export interface FileOutcome {
  readonly edits: Edit[];
  readonly findings: Finding[];
}

export function createRuleContext(
  sourceFile: SourceFile,
  rootDir: string,
  v1Exports: ReadonlySet<string> | undefined,
): RuleContext & FileOutcome {
  const edits: Edit[] = [];
  const findings: Finding[] = [];
  const file = path.relative(rootDir, sourceFile.getFilePath()).split(path.sep).join('/');
  const reported = new Set<string>();
  let byKind: Map<SyntaxKind, ts.Node[]> | undefined;
  return {
    sourceFile,
    v1Exports,
    descendantsOfKind<K extends SyntaxKind>(kind: K): KindToNodeMappings[K][] {
      byKind ??= nodesByKind(sourceFile.compilerNode);
      return (byKind.get(kind) ?? []).map((node) => wrap(sourceFile, node) as KindToNodeMappings[K]);
    },
    edits,
    findings,
    edit(start, end, text, rule) {
      edits.push({ start, end, text, rule });
    },
    replaceNode(node, text, rule) {
      edits.push({ start: node.getStart(), end: node.getEnd(), text, rule });
    },
    report(node, rule, reason) {
      const start = node.getStart();
      const key = `${rule}@${start}`;
      if (reported.has(key)) return;
      reported.add(key);
      const { line, column } = sourceFile.getLineAndColumnAtPos(start);
      findings.push({ rule, file, line, column, code: excerpt(node.getText()), reason });
    },
  };
}

function excerpt(text: string): string {
  const firstLine = text.split('\n')[0]!.trim();
  return firstLine.length > 80 ? `${firstLine.slice(0, 77)}...` : firstLine;
}

/**
 * One walk over the parsed tree, grouping nodes by kind. The rules used to call `getDescendantsOfKind` a dozen
 * times per file; ts-morph answers that from `getChildren()`, which re-scans the file to make a node of every
 * token and comment, the largest cost of a run over many files. The parser's own children (`forEachChild`,
 * JSDoc first, as `getChildren` orders them) hold every node of the kinds the rules ask for: what `getChildren`
 * adds is punctuation, keywords and comments.
 */
function nodesByKind(root: ts.SourceFile): Map<SyntaxKind, ts.Node[]> {
  const byKind = new Map<SyntaxKind, ts.Node[]>();
  const visit = (node: ts.Node): void => {
    let list = byKind.get(node.kind);
    if (list === undefined) byKind.set(node.kind, (list = []));
    list.push(node);
    for (const doc of (node as { jsDoc?: readonly ts.Node[] }).jsDoc ?? []) visit(doc);
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(root, visit);
  return byKind;
}

/**
 * The ts-morph node of a compiler node of `sourceFile`. ts-morph (pinned to one version in package.json) has this
 * on every node but leaves it out of its typings; the fixture tests cover every rule that goes through it.
 */
function wrap(sourceFile: SourceFile, node: ts.Node): Node {
  return (sourceFile as unknown as { _getNodeFromCompilerNode(node: ts.Node): Node })._getNodeFromCompilerNode(node);
}
