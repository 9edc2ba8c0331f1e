#!/usr/bin/env node
// pnpm docs [--check] [--force]: regenerate docs/changelog and docs/migration from the specs (see packages/docs-pipeline/README.md).
// Only files listed in each folder's .generated.json are replaced; hand-written and hand-edited files are kept.
// Thin entry point: the logic lives in @astro-api/docs-pipeline (built to dist/ by `pnpm build`).
import { guardExit } from '../packages/cli-exit/dist/index.js';
import { runGenerateDocs } from '../packages/docs-pipeline/dist/index.js';

guardExit('docs');
process.exitCode = runGenerateDocs(process.argv.slice(2));
