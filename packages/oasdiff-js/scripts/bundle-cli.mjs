#!/usr/bin/env node
/**
 * Bundles the CLI into one file, dist/bin/oasdiff-js.js (the package's `bin`), after `tsc` has built
 * dist/. Node 20 has no compile cache, and loading the CLI as ~60 separate ES modules (plus the spec
 * loader and js-yaml) cost 40 to 60 ms of every run, a large share of a small diff
 * (docs/benchmarks.md). The library entry (dist/index.js) stays unbundled. `semver` stays outside
 * the bundle: it is loaded with `require` only by the `semver` command.
 *
 * The bundle also skips most of V8's compiling: the file is a short ES module that holds the CLI's
 * code as one string and runs it through `vm.Script` with a V8 code cache, dist/bin/oasdiff-js.cache,
 * written here after one run of the CLI (a `history` of the repository's own specs), so that it
 * holds the bytecode of every function such a run compiles. Node 20 has no
 * `module.enableCompileCache`; this is the same mechanism (`cachedData`). The cache is only read:
 * V8 checks it against the code, its own version and its flags, and a cache that does not match
 * (another Node version, a flag such as `--cpu-prof`, a missing or damaged file) is ignored and the
 * code is compiled as usual, with the same results. CODE_CACHE=0 writes the plain ES module bundle.
 */
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const pkg = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outfile = path.join(pkg, 'dist/bin/oasdiff-js.js');
const cacheFile = path.join(pkg, 'dist/bin/oasdiff-js.cache');
const codeCache = process.env.CODE_CACHE !== '0';
const options = {
  entryPoints: [path.join(pkg, 'dist/cli/main.js')],
  bundle: true,
  platform: 'node',
  target: 'node20',
  external: ['semver'],
  legalComments: 'none',
  logLevel: 'warning',
  metafile: true,
};
rmSync(cacheFile, { force: true });

let inputs;
let cacheNote = '';
if (!codeCache) {
  const result = await build({
    ...options,
    outfile,
    format: 'esm',
    // The bundle runs as ESM; js-yaml is CommonJS and esbuild wraps it, so give the wrapper a `require`.
    banner: { js: "import { createRequire as __oasdiffCreateRequire } from 'node:module'; const require = __oasdiffCreateRequire(import.meta.url);" },
  });
  inputs = Object.keys(result.metafile.inputs).length;
} else {
  // The code as the body of a CommonJS function; the loader passes `import.meta.url` and
  // `import.meta.resolve` as two more parameters (the code uses nothing else of `import.meta`).
  const result = await build({
    ...options,
    write: false,
    format: 'cjs',
    define: { 'import.meta.url': '__oasdiffMetaUrl', 'import.meta.resolve': '__oasdiffMetaResolve' },
  });
  inputs = Object.keys(result.metafile.inputs).length;
  const body = result.outputFiles[0].text.replace(/^#!.*\n/, '');
  if (/\bimport\s*\(/.test(body)) throw new Error('bundle-cli: the code uses import(), which vm.Script cannot run without a module linker');
  // Strict, as the ES modules it was bundled from are (esbuild writes the directive itself).
  if (!body.startsWith('"use strict";')) throw new Error('bundle-cli: expected esbuild to write "use strict" first');
  const source = `(function (exports, require, module, __filename, __dirname, __oasdiffMetaUrl, __oasdiffMetaResolve) {${body}\n})`;
  const loader = `#!/usr/bin/env node
// oasdiff-js CLI (bundled by scripts/bundle-cli.mjs): the code below runs through vm.Script with the
// V8 code cache beside this file when V8 accepts it, and is compiled as usual otherwise.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import vm from 'node:vm';
const self = fileURLToPath(import.meta.url);
let cachedData;
try {
  cachedData = readFileSync(self.replace(/\\.js$/, '.cache'));
} catch {
  cachedData = undefined;
}
const script = new vm.Script(${JSON.stringify(source)}, { filename: self, cachedData });
if (globalThis.__oasdiffCodeCacheScript) globalThis.__oasdiffCodeCacheScript(script);
const require = createRequire(self);
const module = { exports: {} };
script.runInThisContext()(module.exports, require, module, self, path.dirname(self), import.meta.url, (specifier) => pathToFileURL(require.resolve(specifier)).href);
`;
  // On a clean checkout nothing has made dist/bin yet (esbuild makes it only when it writes).
  mkdirSync(path.dirname(outfile), { recursive: true });
  writeFileSync(outfile, loader, { mode: 0o755 });
  // One run of the CLI in a child process that keeps the script and writes its cache on exit. The
  // hook is a global set by that process's own code: no argument or variable makes a CLI run write.
  const specs = path.resolve(pkg, '../../specs/v1');
  if (!existsSync(specs)) cacheNote = ', no code cache (no specs/v1 to run on)';
  else {
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', `
      import { writeFileSync } from 'node:fs';
      let script;
      globalThis.__oasdiffCodeCacheScript = (s) => (script = s);
      process.on('exit', () => writeFileSync(${JSON.stringify(cacheFile)}, script.createCachedData()));
      process.argv = [process.argv[0], ${JSON.stringify(outfile)}, 'history', ${JSON.stringify(specs)}, '--format', 'json'];
      await import(${JSON.stringify(pathToFileURL(outfile).href)});
    `], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
    if (child.status !== 0 || !existsSync(cacheFile)) {
      rmSync(cacheFile, { force: true });
      cacheNote = `, no code cache (the run failed: ${(child.stderr || `exit ${child.status}`).trim().split('\n')[0]})`;
    } else cacheNote = `, code cache ${Math.round(readFileSync(cacheFile).length / 1024)} KB`;
  }
}
const bytes = readFileSync(outfile).length;
console.log(`bundle-cli: ${path.relative(pkg, outfile)} (${inputs} modules, ${Math.round(bytes / 1024)} KB)${cacheNote}`);
