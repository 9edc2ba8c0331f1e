#!/usr/bin/env node
// Regenerates docs/rules.md (and docs/oasdiff-coverage.md when ../shared is present) from the built catalogue.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const pkg = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { rules } = await import(path.join(pkg, 'dist/index.js'));
const { rulesMarkdown, coverageMarkdown } = await import(path.join(pkg, 'dist/docs/rules-doc.js'));
writeFileSync(path.join(pkg, 'docs/rules.md'), rulesMarkdown(rules));
const tsv = path.resolve(pkg, '../../../shared/reference/oasdiff-rules-v1.37.tsv');
if (existsSync(tsv)) writeFileSync(path.join(pkg, 'docs/oasdiff-coverage.md'), coverageMarkdown(rules, readFileSync(tsv, 'utf8')));
else console.warn('../shared is absent: docs/oasdiff-coverage.md left as it is');
console.log('wrote docs/rules.md');
