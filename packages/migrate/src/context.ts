import path from 'node:path';
import type { Node, SourceFile } from 'ts-morph';
import type { Edit, Finding, FindingRule, RewriteRule } from './model.js';

/** What a rule sees: one source file, and two ways to answer (ask for an edit, or report a finding). */
export interface RuleContext {
  readonly sourceFile: SourceFile;
  /** Names that the v1 entry point exports, or undefined when `@astro-api/client/v1` cannot be resolved. */
  readonly v1Exports: ReadonlySet<string> | undefined;
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
  return {
    sourceFile,
    v1Exports,
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
