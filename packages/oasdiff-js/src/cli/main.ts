#!/usr/bin/env node
import { guardExit } from '@astro-api/cli-exit';
import { runCli } from './run.js';

// First: a failure nobody expected ends with exit 2 and one line, never with the 1 that means "--fail-on tripped".
guardExit('oasdiff-js');

// `oasdiff-js … | head` closes the pipe early; that is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

process.exitCode = runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  cwd: process.cwd(),
});
