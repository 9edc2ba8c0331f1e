import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * Every way a person starts one of our commands installs the guard before it does anything: each
 * `bin` of each package and each root script that gives an exit code. A new entry point that does not
 * fails here, so the family stays closed as entries are added.
 */
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** bin file (as package.json names it) → the source file the bin runs, for the bins whose source is not `src/cli.ts`. */
const sourceOf: Record<string, string> = {
  'packages/oasdiff-js/bin/oasdiff-js.js': 'packages/oasdiff-js/src/cli/main.ts',
};

function entries(): Array<{ entry: string; source: string }> {
  const out: Array<{ entry: string; source: string }> = [];
  for (const name of readdirSync(path.join(repo, 'packages'))) {
    const manifest = path.join(repo, 'packages', name, 'package.json');
    if (!existsSync(manifest)) continue;
    const bin = (JSON.parse(readFileSync(manifest, 'utf8')) as { bin?: string | Record<string, string> }).bin;
    for (const file of typeof bin === 'string' ? [bin] : Object.values(bin ?? {})) {
      const entry = path.posix.join('packages', name, file);
      out.push({ entry, source: sourceOf[entry] ?? path.posix.join('packages', name, 'src/cli.ts') });
    }
  }
  for (const name of readdirSync(path.join(repo, 'scripts'))) {
    const file = path.posix.join('scripts', name);
    if (/\.m?js$/.test(name) && /process\.exit/.test(readFileSync(path.join(repo, file), 'utf8'))) out.push({ entry: file, source: file });
  }
  return out;
}

describe('every entry point installs guardExit first', () => {
  const all = entries();

  it('finds the bins and the root scripts', () => {
    expect(all.map((e) => e.entry)).toEqual(expect.arrayContaining(['packages/oasdiff-js/bin/oasdiff-js.js', 'packages/migrate/bin/astro-api-migrate.js', 'scripts/generate-docs.mjs']));
  });

  for (const { entry, source } of all) {
    it(`${entry} (${source})`, () => {
      const text = readFileSync(path.join(repo, source), 'utf8').replace(/^\s*(\/\/|\*|\/\*).*$/gm, '');
      const guard = text.search(/\bguardExit\(\s*'[^']+'/);
      expect(guard, `${source} never calls guardExit('<command>')`).toBeGreaterThanOrEqual(0);
      // Before the command runs or says how it ended.
      for (const start of [/process\.exitCode\s*=/, /(?<!function\s*)\bmain\(/, /(?<!function\s*)\brunCli\(/, /\brun[A-Z]\w*\(process\.argv/]) {
        const at = text.search(start);
        if (at >= 0) expect(guard, `${source}: guardExit comes after ${start}`).toBeLessThan(at);
      }
    });
  }
});
