// Preload (node --import) for test/client-writers.test.ts: the process kills itself with SIGKILL just
// before its KILL_AT_RENAME-th fs.renameSync, as a crash or an OOM kill would stop it.
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';

const killAt = Number(process.env.KILL_AT_RENAME);
let renames = 0;
const rename = fs.renameSync;
fs.renameSync = (from, to) => {
  renames++;
  if (renames === killAt) process.kill(process.pid, 'SIGKILL');
  return rename(from, to);
};
syncBuiltinESMExports();
