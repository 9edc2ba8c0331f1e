/**
 * A mistake in the user's input (a file that cannot be read or parsed, a document that is not
 * OpenAPI, a `$ref` that points nowhere). CLIs print `message` on one line and exit with code 2;
 * they never print a stack trace for it.
 */
export class SpecError extends Error {
  override readonly name = 'SpecError';
  /** The file (or `REV:path`) the problem is in. */
  readonly file: string;
  /** JSON pointer into that file, when the problem is at a node. */
  readonly pointer: string | undefined;
  /** 1-based line, when the parser knows it. */
  readonly line: number | undefined;
  /** The message without its `file:line` / `file#pointer` prefix. */
  readonly detail: string;
  /** The loader limit the input went past, when that is the problem (a CLI names its option for it). */
  readonly limit: 'maxFileBytes' | 'maxNodes' | 'maxDepth' | undefined;

  constructor(file: string, detail: string, where: { pointer?: string; line?: number; limit?: 'maxFileBytes' | 'maxNodes' | 'maxDepth' } = {}) {
    const location =
      where.line !== undefined ? `:${where.line}` : where.pointer !== undefined ? `#${where.pointer || '/'}` : '';
    super(`${file}${location}: ${detail}`);
    this.file = file;
    this.pointer = where.pointer;
    this.line = where.line;
    this.detail = detail;
    this.limit = where.limit;
  }
}

export function isSpecError(error: unknown): error is SpecError {
  return error instanceof SpecError;
}

/** A value quoted for a one-line message, cut to `max` characters so a hostile value cannot flood the line. */
export function quoteForMessage(value: string, max = 200): string {
  return JSON.stringify(value.length > max ? `${value.slice(0, max)}…` : value);
}
