#!/usr/bin/env node
// pnpm changeset:spec [--base <git-ref>] [--force]: write .changeset files for spec changes (see packages/docs-pipeline/README.md).
// A changeset edited since this command wrote it is kept and reported (exit 1) unless --force.
// Thin entry point: the logic lives in @astro-api/docs-pipeline (built to dist/ by `pnpm build`).
import { guardExit } from '../packages/cli-exit/dist/index.js';
import { runSpecChangeset } from '../packages/docs-pipeline/dist/index.js';

guardExit('changeset:spec');
process.exitCode = runSpecChangeset(process.argv.slice(2));
