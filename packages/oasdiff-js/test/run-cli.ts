/** The CLI through its main function, with its output captured: what every CLI test runs. */
import { runCli } from '../src/cli/run.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export function runCaptured(argv: string[], options: { cwd: string; today?: string }): CliRun {
  let stdout = '';
  let stderr = '';
  const code = runCli(argv, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), cwd: options.cwd, ...(options.today ? { today: options.today } : {}) });
  return { code, stdout, stderr };
}
