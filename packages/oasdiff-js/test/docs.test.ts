import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { coverageMarkdown, rulesMarkdown } from '../src/docs/rules-doc.js';
import { rules } from '../src/index.js';

const pkg = path.resolve(import.meta.dirname, '..');
const tsv = path.resolve(pkg, '../../../shared/reference/oasdiff-rules-v1.37.tsv');
const stale = 'is out of date: run `pnpm --filter oasdiff-js docs`';

describe('generated documentation', () => {
  it('docs/rules.md lists the current catalogue', () => {
    expect(readFileSync(path.join(pkg, 'docs/rules.md'), 'utf8'), `docs/rules.md ${stale}`).toBe(rulesMarkdown(rules));
  });

  it.skipIf(!existsSync(tsv))('docs/oasdiff-coverage.md is current (needs ../shared)', () => {
    expect(readFileSync(path.join(pkg, 'docs/oasdiff-coverage.md'), 'utf8'), `docs/oasdiff-coverage.md ${stale}`).toBe(coverageMarkdown(rules, readFileSync(tsv, 'utf8')));
  });
});
