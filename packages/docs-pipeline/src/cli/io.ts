import { SafeWriteError } from '@astro-api/safe-write';
import { isSpecError } from '@astro-api/spec-loader';

/** What a command needs from its surroundings; tests pass their own. */
export interface CliIo {
  readonly cwd: string;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

export const processIo = (): CliIo => ({
  cwd: process.cwd(),
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});

/** A mistake in how the command was called: one line, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/**
 * Runs a command body and turns user mistakes (`SpecError`, `UsageError`) and refused writes
 * (`SafeWriteError`: a link, a read-only file, a full disk, a file changed while the command ran; the
 * file is left unchanged) into a one-line message and exit code 2, as docs/ARCHITECTURE.md asks.
 * Anything else is a bug: it is rethrown, and the entry script's `guardExit` (packages/cli-exit) ends the
 * run with one line and exit 2 (the stack with ASTRO_API_DEBUG=1), never the 1 that means drift.
 */
export function guard(io: CliIo, command: string, body: () => number): number {
  try {
    return body();
  } catch (error) {
    if (isSpecError(error) || error instanceof UsageError || error instanceof SafeWriteError) {
      io.stderr(`${command}: ${(error as Error).message.split('\n')[0]}\n`);
      return 2;
    }
    throw error;
  }
}
