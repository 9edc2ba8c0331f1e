import { existsSync, lstatSync, readdirSync, rmdirSync, rmSync, type Stats } from 'node:fs';
import path from 'node:path';
import { SpecError } from '@astro-api/spec-loader';
import { hashBytes, isSafeWriteTemp, isStaleTemp, readSnapshot, SafeWriteError, writeFileSafely, type FileSnapshot } from '@astro-api/safe-write';

/**
 * How the docs pipeline replaces its output without destroying anything a person wrote.
 *
 * Each output folder (`docs/changelog`, `docs/migration`) holds a manifest, `.generated.json`, that lists
 * every file the pipeline wrote there and the sha256 of the bytes it wrote. A run
 * - writes a file that is missing, or whose bytes still hash to what the manifest recorded;
 * - leaves alone, and names, every file in the folder the manifest does not list (`faq.md`);
 * - refuses, before writing anything, when a file it would replace was edited by hand since (its hash
 *   is not the recorded one) or was never generated (a person's file at a path the pipeline now wants);
 *   `force` replaces such files instead;
 * - removes a file it no longer generates only when it is unchanged since generated, and otherwise
 *   leaves it, reported, as the person's file (even with `force`);
 * - writes file by file through `writeFileSafely` (temp file in the same folder, fsync, rename), never a
 *   whole-folder swap: a kill leaves every file either old or new.
 *
 * A kill between two file writes is survived by a `pending` section: before the first write the
 * manifest is rewritten to list, besides each file's current hash, the hash about to be written, so
 * either state is recognised as the pipeline's own on the next run. Scratch files of a killed run (the
 * temp files of `writeFileSafely`, the `<folder>.tmp-*` folders of the old folder swap) are removed.
 */
export const MANIFEST_NAME = '.generated.json';

const MANIFEST_COMMENT =
  'Written by the docs pipeline (pnpm docs): each file it generated in this folder and the sha256 of what it last wrote. ' +
  'A file whose bytes differ was edited by hand and is not overwritten without --force; files not listed are never touched. Do not edit.';

/** Paths relative to the manifest's folder (POSIX separators) → sha256 hex. */
export interface Manifest {
  readonly files: ReadonlyMap<string, string>;
  /** Hashes an interrupted run was about to write; empty after a complete run. */
  readonly pending: ReadonlyMap<string, string>;
}

const HASH = /^[0-9a-f]{64}$/;

export function parseManifest(shownAs: string, text: string): Manifest {
  const fail = (why: string): never => {
    throw new SpecError(shownAs, `not a docs-pipeline manifest (${why}); delete it and run again (files that then differ from fresh output are kept and reported)`);
  };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return fail((error as Error).message.split('\n')[0]!);
  }
  const table = (key: 'files' | 'pending'): Map<string, string> => {
    const value = (data as Record<string, unknown> | null)?.[key];
    if (value === undefined && key === 'pending') return new Map();
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail(`"${key}" is not an object`);
    const entries = Object.entries(value as Record<string, unknown>);
    for (const [file, hash] of entries) {
      if (typeof hash !== 'string' || !HASH.test(hash)) fail(`"${key}.${file}" is not a sha256`);
      if (!isPlainRelative(file)) fail(`"${key}.${file}" is not a path inside the folder`);
    }
    return new Map(entries as Array<[string, string]>);
  };
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return fail('not a JSON object');
  return { files: table('files'), pending: table('pending') };
}

export function renderManifest(files: ReadonlyMap<string, string>, pending: ReadonlyMap<string, string> = new Map()): string {
  const sorted = (map: ReadonlyMap<string, string>) => Object.fromEntries([...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const data: Record<string, unknown> = { $comment: MANIFEST_COMMENT, files: sorted(files) };
  if (pending.size > 0) data.pending = sorted(pending);
  return `${JSON.stringify(data, null, 2)}\n`;
}

/** An empty manifest is not written where there was none. */
const EMPTY_MANIFEST = renderManifest(new Map());

/** The manifest a complete run writes for `folder`, from the fresh output (paths relative to the repository). */
export function manifestFor(folder: string, fresh: ReadonlyMap<string, string>): string {
  const files = new Map<string, string>();
  for (const [file, content] of fresh) if (owns(folder, file)) files.set(path.posix.relative(folder, file), hashBytes(Buffer.from(content, 'utf8')));
  return renderManifest(files);
}

export function readManifest(repoRoot: string, folder: string): { manifest: Manifest; snapshot: FileSnapshot } | undefined {
  const shownAs = `${folder}/${MANIFEST_NAME}`;
  const snapshot = readSnapshot(path.join(repoRoot, shownAs));
  if (!snapshot) return undefined;
  return { manifest: parseManifest(shownAs, snapshot.bytes.toString('utf8')), snapshot };
}

/** Files under `folder` (repository-relative, POSIX), without the manifest and temp files; `temps` collects stale temp files. */
export function listFolder(repoRoot: string, folder: string, temps: string[] = []): string[] {
  const dir = path.join(repoRoot, folder);
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const relative = `${folder}/${entry.name}`;
    if (entry.isDirectory()) return listFolder(repoRoot, relative, temps);
    if (isSafeWriteTemp(entry.name)) {
      if (isStaleTemp(entry.name)) temps.push(relative);
      return [];
    }
    return [relative];
  });
}

export interface Write {
  readonly file: string;
  readonly content: string;
  /** What the file held when planned (`null`: absent); the write is refused if it changed since. */
  readonly expected: FileSnapshot | null;
}

export interface FolderPlan {
  readonly folder: string;
  readonly writes: readonly Write[];
  readonly removals: ReadonlyArray<{ file: string; expected: FileSnapshot }>;
  /** Manifest on disk when planned (`null`: absent). */
  readonly manifestSnapshot: FileSnapshot | null;
  /** Written before the first change: recorded hashes of what is on disk now, and `pending` ones about to be written. */
  readonly interim: string;
  /** Written last. */
  readonly final: string;
  /** Scratch files and folders of killed runs, removed first. */
  readonly scratch: readonly string[];
}

export interface DocsPlan {
  readonly folders: readonly FolderPlan[];
  /** Files a run would overwrite although a person wrote or edited them: when any, nothing is written. */
  readonly conflicts: readonly string[];
  /** One line per file left alone. */
  readonly notes: readonly string[];
  readonly counts: { readonly written: number; readonly removed: number; readonly unchanged: number };
}

function owns(folder: string, file: string): boolean {
  return file.startsWith(`${folder}/`);
}

function isPlainRelative(file: string): boolean {
  return file !== '' && !file.startsWith('/') && !file.split('/').some((part) => part === '' || part === '.' || part === '..');
}

function lstatOrUndefined(file: string): Stats | undefined {
  try {
    return lstatSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
    throw error;
  }
}

/**
 * Decides, without writing anything, what bringing `folders` up to date with `files` takes. Throws a
 * one-line `SafeWriteError` or `SpecError` for a target that cannot be replaced at all (a link, a
 * folder, a read-only file) or a broken manifest.
 */
export function planDocsWrite(repoRoot: string, folders: readonly string[], files: ReadonlyMap<string, string>, options: { force?: boolean } = {}): DocsPlan {
  for (const file of files.keys()) {
    if (!folders.some((folder) => owns(folder, file)) || !isPlainRelative(file)) {
      throw new Error(`refusing to write ${file}: it is outside ${folders.join(', ')}`);
    }
  }
  const conflicts: string[] = [];
  const notes: string[] = [];
  const counts = { written: 0, removed: 0, unchanged: 0 };
  const plans: FolderPlan[] = [];
  for (const folder of folders) {
    const read = readManifest(repoRoot, folder);
    const recorded = read?.manifest ?? { files: new Map<string, string>(), pending: new Map<string, string>() };
    const ours = (relative: string, hash: string) => recorded.files.get(relative) === hash || recorded.pending.get(relative) === hash;
    const temps: string[] = [];
    const onDisk = new Set(listFolder(repoRoot, folder, temps));
    onDisk.delete(`${folder}/${MANIFEST_NAME}`);
    const writes: Write[] = [];
    const removals: Array<{ file: string; expected: FileSnapshot }> = [];
    const interimFiles = new Map<string, string>();
    const pending = new Map<string, string>();
    const finalFiles = new Map<string, string>();

    for (const [file, content] of files) {
      if (!owns(folder, file)) continue;
      const relative = path.posix.relative(folder, file);
      const target = path.join(repoRoot, file);
      const hash = hashBytes(Buffer.from(content, 'utf8'));
      finalFiles.set(relative, hash);
      const stat = lstatOrUndefined(target);
      if (stat && (stat.isSymbolicLink() || !stat.isFile())) {
        throw new SafeWriteError(stat.isSymbolicLink() ? 'symlink' : 'not-a-file', file, `${file}: is ${stat.isSymbolicLink() ? 'a symbolic link' : 'not a regular file'}; nothing written`);
      }
      if (stat && (stat.mode & 0o222) === 0) throw new SafeWriteError('read-only', file, `${file}: is read-only; nothing written`);
      const snapshot = stat ? readSnapshot(target) ?? null : null;
      if (snapshot === null) {
        writes.push({ file, content, expected: null });
        pending.set(relative, hash);
        continue;
      }
      if (snapshot.hash === hash) {
        interimFiles.set(relative, hash);
        counts.unchanged++;
        continue;
      }
      if (ours(relative, snapshot.hash) || options.force) {
        if (ours(relative, snapshot.hash)) interimFiles.set(relative, snapshot.hash);
        writes.push({ file, content, expected: snapshot });
        pending.set(relative, hash);
        continue;
      }
      conflicts.push(
        recorded.files.has(relative) || recorded.pending.has(relative)
          ? `${file}: edited by hand since pnpm docs wrote it; not overwritten`
          : `${file}: not generated by the docs pipeline; not overwritten`,
      );
    }

    const recordedPaths = new Set([...recorded.files.keys(), ...recorded.pending.keys()]);
    for (const relative of [...recordedPaths].sort()) {
      const file = `${folder}/${relative}`;
      if (files.has(file)) continue;
      const snapshot = onDisk.has(file) ? readSnapshot(path.join(repoRoot, file)) : undefined;
      if (!snapshot) continue;
      if (ours(relative, snapshot.hash)) {
        removals.push({ file, expected: snapshot });
        interimFiles.set(relative, snapshot.hash);
      } else {
        notes.push(`${file}: no longer generated, but edited by hand since; left alone`);
      }
    }
    for (const file of [...onDisk].sort()) {
      if (files.has(file)) continue;
      if (!recordedPaths.has(path.posix.relative(folder, file))) notes.push(`${file}: left alone: not generated by the docs pipeline`);
    }

    const scratch = [...temps, ...legacyScratch(repoRoot, folder)];
    const final = renderManifest(finalFiles);
    counts.written += writes.length;
    counts.removed += removals.length;
    plans.push({
      folder,
      writes,
      removals,
      manifestSnapshot: read?.snapshot ?? null,
      interim: renderManifest(interimFiles, pending),
      final,
      scratch,
    });
  }
  return { folders: plans, conflicts, notes, counts };
}

/** `docs/changelog.tmp-XXXXXX` and `….old` folders that the earlier whole-folder swap left when killed. */
function legacyScratch(repoRoot: string, folder: string): string[] {
  const parent = path.posix.dirname(folder);
  const name = path.posix.basename(folder);
  const dir = path.join(repoRoot, parent);
  if (!existsSync(dir)) return [];
  const pattern = new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.tmp-[A-Za-z0-9]{6}(?:\\.old)?$`);
  return readdirSync(dir)
    .filter((entry) => pattern.test(entry))
    .map((entry) => `${parent}/${entry}`);
}

/**
 * Carries out a plan made by `planDocsWrite` (which must have no conflicts). Each file is replaced on
 * its own through `writeFileSafely`, refusing any file that changed since it was planned; the manifest
 * is written first with the pending hashes and last without them.
 */
export function applyDocsPlan(repoRoot: string, plan: DocsPlan): void {
  if (plan.conflicts.length > 0) throw new Error('applyDocsPlan: the plan has conflicts');
  for (const folder of plan.folders) {
    for (const scratch of folder.scratch) rmSync(path.join(repoRoot, scratch), { recursive: true, force: true });
    const manifestFile = path.join(repoRoot, folder.folder, MANIFEST_NAME);
    const unchanged = folder.writes.length === 0 && folder.removals.length === 0;
    if (unchanged && (folder.manifestSnapshot?.bytes.toString('utf8') ?? EMPTY_MANIFEST) === folder.final) continue;
    let manifest = folder.manifestSnapshot;
    const writeManifest = (text: string) => {
      writeFileSafely(manifestFile, text, { expected: manifest, root: repoRoot, createFolders: true });
      manifest = readSnapshot(manifestFile) ?? null;
    };
    if (!unchanged) writeManifest(folder.interim);
    for (const write of folder.writes) {
      writeFileSafely(path.join(repoRoot, write.file), write.content, { expected: write.expected, root: repoRoot, createFolders: true });
    }
    for (const removal of folder.removals) removeIfUnchanged(repoRoot, folder.folder, removal.file, removal.expected);
    writeManifest(folder.final);
  }
}

function removeIfUnchanged(repoRoot: string, folder: string, file: string, expected: FileSnapshot): void {
  const target = path.join(repoRoot, file);
  const now = readSnapshot(target);
  if (!now) return;
  if (now.hash !== expected.hash) throw new SafeWriteError('changed', file, `${file}: changed while pnpm docs ran; left unchanged`);
  rmSync(target);
  // Folders the removal emptied (an API that left the manifest), up to the output folder itself.
  let dir = path.dirname(target);
  const top = path.join(repoRoot, folder);
  while (dir.startsWith(`${top}${path.sep}`) && readdirSync(dir).length === 0) {
    rmdirSync(dir);
    dir = path.dirname(dir);
  }
}
