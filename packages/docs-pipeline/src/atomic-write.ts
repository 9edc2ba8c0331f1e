import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Replaces whole output folders (for example `docs/changelog`) with the given files, so that a
 * failure never leaves a folder half-written: everything is first written to a scratch folder next
 * to the target (same file system, so `rename` is atomic), then each target folder is swapped in.
 *
 * `files` maps paths relative to `root` to their content; every path must lie in one of `folders`.
 */
export function replaceFolders(root: string, folders: readonly string[], files: ReadonlyMap<string, string>): void {
  const owner = (file: string) => folders.find((folder) => file === folder || file.startsWith(`${folder}/`));
  for (const file of files.keys()) {
    if (!owner(file)) throw new Error(`refusing to write ${file}: it is outside ${folders.join(', ')}`);
  }
  const staged: Array<{ target: string; scratch: string }> = [];
  try {
    for (const folder of folders) {
      const target = path.join(root, folder);
      mkdirSync(path.dirname(target), { recursive: true });
      const scratch = mkdtempSync(`${target}.tmp-`);
      staged.push({ target, scratch });
      for (const [file, content] of files) {
        if (owner(file) !== folder) continue;
        const destination = path.join(scratch, path.relative(folder, file));
        mkdirSync(path.dirname(destination), { recursive: true });
        writeFileSync(destination, content);
      }
    }
  } catch (error) {
    for (const { scratch } of staged) rmSync(scratch, { recursive: true, force: true });
    throw error;
  }
  for (const { target, scratch } of staged) {
    const old = `${scratch}.old`;
    let hadOld = true;
    try {
      renameSync(target, old);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      hadOld = false;
    }
    renameSync(scratch, target);
    if (hadOld) rmSync(old, { recursive: true, force: true });
  }
}
