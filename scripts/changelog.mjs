#!/usr/bin/env node
// pnpm changelog --base <git-ref>: review spec changes against a git ref (see packages/docs-pipeline/README.md).
// Thin entry point: the logic lives in @astro-api/docs-pipeline (built to dist/ by `pnpm build`).
import { guardExit } from '../packages/cli-exit/dist/index.js';
import { runChangelog } from '../packages/docs-pipeline/dist/index.js';

guardExit('changelog');
process.exitCode = runChangelog(process.argv.slice(2));
