#!/usr/bin/env node
// pnpm changeset:spec [--base <git-ref>]: write .changeset files for spec changes (see packages/docs-pipeline/README.md).
// Thin entry point: the logic lives in @astro-api/docs-pipeline (built to dist/ by `pnpm build`).
import { runSpecChangeset } from '../packages/docs-pipeline/dist/index.js';

process.exitCode = runSpecChangeset(process.argv.slice(2));
