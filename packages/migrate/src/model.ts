/**
 * The data a migration run produces. Rules only ever return these values; they never write files or print,
 * so a dry run and a real run share every line of analysis.
 */

/** One replacement of the text between `start` and `end` (offsets into the original file text). */
export interface Edit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
  /** The rule that asked for the edit, for the summary. */
  readonly rule: RewriteRule;
}

/** What the codemod rewrites. */
export type RewriteRule =
  | 'import-specifier-v1beta1-to-v1'
  | 'client-factory-to-createAstroClient'
  | 'base-url-v1beta1-to-v1'
  | 'token-type-to-scope';

/** What the codemod leaves alone and reports, because no rewrite is provably safe. */
export type FindingRule =
  | 'v1beta1-export-without-v1-counterpart'
  | 'v1beta1-module-not-resolved'
  | 'v1beta1-module-loaded-dynamically'
  | 'computed-base-url'
  | 'v1beta1-url-fragment'
  | 'client-options-spread'
  | 'client-options-not-literal'
  | 'token-type-element-access'
  | 'type-on-untyped-value'
  | 'type-on-mixed-union'
  | 'token-request-spread'
  | 'token-request-body-not-literal';

export interface Finding {
  readonly rule: FindingRule;
  /** Path relative to the migrated directory, with forward slashes. */
  readonly file: string;
  /** 1-based line and column of the node left unchanged. */
  readonly line: number;
  readonly column: number;
  /** The source text concerned, shortened to one line. */
  readonly code: string;
  /** Why it was not rewritten and what to do by hand. */
  readonly reason: string;
}

export interface ChangedFile {
  readonly file: string;
  /** Number of edits per rule. */
  readonly edits: Partial<Record<RewriteRule, number>>;
}

/** A file the codemod should have rewritten (or read) and did not; the run exits 1 when there is any. */
export interface SkippedFile {
  readonly file: string;
  /** One line: read-only, changed since it was read, deleted, could not be written (…), links outside the project. */
  readonly reason: string;
}

/** Something the codemod noticed about a file it still migrated, such as a syntax error. */
export interface Warning {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

export interface MigrationResult {
  readonly dir: string;
  readonly filesScanned: number;
  readonly changedFiles: readonly ChangedFile[];
  readonly skipped: readonly SkippedFile[];
  readonly warnings: readonly Warning[];
  readonly findings: readonly Finding[];
  /**
   * Hidden temp files (`.<name>.<pid>.<hex>.tmp`) that a killed run of the codemod left next to a source file,
   * removed by this run (relative paths; with `dryRun`, the ones a run would remove).
   */
  readonly removedTempFiles: readonly string[];
  readonly dryRun: boolean;
}
