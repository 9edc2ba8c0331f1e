#!/usr/bin/env node
// One library run for bench/warm.mjs: `diff OLD NEW` or `history FOLDER`, JSON to stdout, CACHE_DIR = cacheDir.
import { diffSpecs, history, renderHistoryJson } from '../dist/index.js';

const [command, ...args] = process.argv.slice(2);
const options = process.env.CACHE_DIR ? { cacheDir: process.env.CACHE_DIR } : {};
if (command === 'diff') process.stdout.write(JSON.stringify(diffSpecs(args[0], args[1], options), null, 2) + '\n');
else process.stdout.write(renderHistoryJson(history({ folder: args[0] }, options)));
