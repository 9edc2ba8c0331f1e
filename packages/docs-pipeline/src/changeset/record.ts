import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { readSnapshot, writeFileSafely, type FileSnapshot } from '@astro-api/safe-write';
import { parseManifest, renderManifest, type Manifest } from '../atomic-write.js';

/**
 * What `pnpm changeset:spec` last wrote in this clone: each `.changeset/spec-*.md` it wrote and the
 * sha256 of the text. It lives in the git folder (`.git/astro-api-spec-changesets.json`), not in
 * `.changeset/`, because it describes this clone's files and is never committed; a clone without it
 * treats every existing changeset as a person's (replaced only when identical to fresh output, or with
 * `--force`). Same format as the docs manifests, `pending` included, so a kill between the record and
 * a changeset write never turns the tool's own file into a "hand edit".
 */
export const RECORD_NAME = 'astro-api-spec-changesets.json';

export interface ChangesetRecord {
  readonly file: string;
  readonly manifest: Manifest;
  readonly snapshot: FileSnapshot | null;
}

export function recordFile(repoRoot: string): string {
  const gitPath = execFileSync('git', ['rev-parse', '--git-path', RECORD_NAME], { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  return path.resolve(repoRoot, gitPath);
}

export function readRecord(repoRoot: string): ChangesetRecord {
  const file = recordFile(repoRoot);
  const snapshot = readSnapshot(file) ?? null;
  const manifest = snapshot ? parseManifest(path.relative(repoRoot, file), snapshot.bytes.toString('utf8')) : { files: new Map(), pending: new Map() };
  return { file, manifest, snapshot };
}

/** Replaces the record; returns the new one's snapshot for the next write's check. */
export function writeRecord(record: { file: string; snapshot: FileSnapshot | null }, files: ReadonlyMap<string, string>, pending?: ReadonlyMap<string, string>): FileSnapshot | null {
  writeFileSafely(record.file, renderManifest(files, pending), { expected: record.snapshot });
  return readSnapshot(record.file) ?? null;
}
