/**
 * Child process for test/write-safety.test.ts: runs `pnpm docs` in the folder given as the first
 * argument and kills itself with SIGKILL just before the k-th rename (k = second argument), the way
 * a crash, an OOM kill or a closed laptop would stop it. Run with `node --import tsx`.
 */
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';

const [root, killAt] = process.argv.slice(2);
if (!root || !killAt) throw new Error('usage: killed-run.ts <repo-root> <k>');
const k = Number(killAt);
let renames = 0;
const rename = fs.renameSync;
fs.renameSync = (from: fs.PathLike, to: fs.PathLike) => {
  renames++;
  if (renames === k) process.kill(process.pid, 'SIGKILL');
  return rename(from, to);
};
// Named imports of node:fs (in the pipeline and in @astro-api/safe-write) see the patched function.
syncBuiltinESMExports();

const { runGenerateDocs } = await import('../src/cli/generate-docs.js');
process.exitCode = runGenerateDocs([], { cwd: root, stdout: () => {}, stderr: (text) => void process.stderr.write(text) });
