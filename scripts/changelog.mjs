#!/usr/bin/env node
// pnpm changelog --base <git-ref>: review spec changes against a git ref (see packages/docs-pipeline/README.md).
// Thin entry point: the logic lives in @astro-api/docs-pipeline (built to dist/ by `pnpm build`).
import { runChangelog } from '../packages/docs-pipeline/dist/index.js';

process.exitCode = runChangelog(process.argv.slice(2));
