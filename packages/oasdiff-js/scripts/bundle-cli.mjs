#!/usr/bin/env node
/**
 * Bundles the CLI into one file, dist/bin/oasdiff-js.js (the package's `bin`), after `tsc` has built
 * dist/. Node 20 has no compile cache, and loading the CLI as ~60 separate ES modules (plus the spec
 * loader and js-yaml) cost 40 to 60 ms of every run, a large share of a small diff
 * (docs/benchmarks.md). The library entry (dist/index.js) stays unbundled. `semver` stays outside
 * the bundle: it is loaded with `require` only by the `semver` command.
 */
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const pkg = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outfile = path.join(pkg, 'dist/bin/oasdiff-js.js');
const result = await build({
  entryPoints: [path.join(pkg, 'dist/cli/main.js')],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // The bundle runs as ESM; js-yaml is CommonJS and esbuild wraps it, so give the wrapper a `require`.
  banner: { js: "import { createRequire as __oasdiffCreateRequire } from 'node:module'; const require = __oasdiffCreateRequire(import.meta.url);" },
  external: ['semver'],
  legalComments: 'none',
  logLevel: 'warning',
  metafile: true,
});
const inputs = Object.keys(result.metafile.inputs).length;
const bytes = readFileSync(outfile).length;
console.log(`bundle-cli: ${path.relative(pkg, outfile)} (${inputs} modules, ${Math.round(bytes / 1024)} KB)`);
