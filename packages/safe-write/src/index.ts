/**
 * The one way this repository replaces a file that a person may own: the codemod, the docs pipeline,
 * spec changesets, generated types and every CLI `--output` write through here.
 *
 * What a write guarantees:
 * - **never half-written**: the bytes go to a temp file in the target's own folder, are fsynced, and
 *   the temp file is renamed over the target (atomic on one file system); a kill or a full disk leaves
 *   either the old bytes or the new ones, never an empty or cut file;
 * - **never over a change it did not see**: given the snapshot the caller read, the target is read again
 *   just before the rename, and a file whose size or hash differs is left alone (`SafeWriteError`
 *   with code `changed`);
 * - **never outside its root**: with `root`, a target whose real folder is not inside the root's real
 *   path, or a target that is itself a link, is refused;
 * - **never over a read-only file**: a target the user cannot write is refused, not replaced;
 * - **the file's own conventions kept**: its mode; and for text written with `encodeText`, its BOM and
 *   its line-ending style.
 */
import { createHash, randomBytes } from 'node:crypto';
import {
  accessSync,
  closeSync,
  constants,
  fchmodSync,
  fsyncSync,
  lstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';

export type SafeWriteErrorCode = 'changed' | 'outside-root' | 'symlink' | 'not-a-file' | 'read-only' | 'io';

/** A refused or failed write. The target is unchanged whenever this is thrown. */
export class SafeWriteError extends Error {
  readonly code: SafeWriteErrorCode;
  readonly file: string;
  constructor(code: SafeWriteErrorCode, file: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SafeWriteError';
    this.code = code;
    this.file = file;
  }
}

/** What a file held when it was read: enough to tell later whether anyone changed it. */
export interface FileSnapshot {
  readonly file: string;
  readonly bytes: Buffer;
  readonly size: number;
  readonly hash: string;
  readonly mode: number;
}

export function hashBytes(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Reads a file with the facts a later `writeFileSafely` checks; `undefined` when it does not exist. */
export function readSnapshot(file: string): FileSnapshot | undefined {
  let bytes: Buffer;
  let mode: number;
  try {
    bytes = readFileSync(file);
    mode = statSync(file).mode & 0o7777;
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return undefined;
    throw error;
  }
  return { file, bytes, size: bytes.length, hash: hashBytes(bytes), mode };
}

export interface WriteOptions {
  /**
   * What the caller read before computing the new content. `null` means the file must still be
   * absent; `undefined` skips the check (for files nobody edits by hand, such as build output).
   */
  expected?: FileSnapshot | null;
  /** Refuse targets whose real folder lies outside this folder, and targets that are links. */
  root?: string;
  /** Mode for a new file (default 0o644); an existing file keeps its own. */
  mode?: number;
  /** Create missing parent folders (default false). */
  createFolders?: boolean;
  /** Skip the fsyncs (tests of behaviour only; never in the tools). */
  durable?: boolean;
}

/** Replaces `file` with `data`, atomically and only under the conditions described at the top. */
export function writeFileSafely(file: string, data: string | Uint8Array, options: WriteOptions = {}): void {
  const folder = path.dirname(path.resolve(file));
  if (options.createFolders) mkdirSync(folder, { recursive: true });
  if (options.root !== undefined) checkInside(file, folder, options.root);
  const current = lstatOrUndefined(file);
  if (current) {
    if (current.isSymbolicLink()) {
      throw new SafeWriteError('symlink', file, `${file}: is a symbolic link; left unchanged`);
    }
    if (!current.isFile()) throw new SafeWriteError('not-a-file', file, `${file}: is not a regular file; left unchanged`);
    // A file without any write bit is read-only by intent, also for root (who passes every access check).
    if ((current.mode & 0o222) === 0 || !canWrite(file)) {
      throw new SafeWriteError('read-only', file, `${file}: is read-only; left unchanged`);
    }
  }
  const mode = current ? current.mode & 0o7777 : (options.mode ?? 0o644);
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const durable = options.durable ?? true;
  const temp = path.join(folder, tempName(path.basename(file)));
  let fd: number | undefined;
  try {
    fd = openSync(temp, 'wx', 0o600);
    let offset = 0;
    while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
    fchmodSync(fd, mode);
    if (durable) fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    checkUnchanged(file, options.expected);
    renameSync(temp, file);
  } catch (error) {
    if (fd !== undefined) closeQuietly(fd);
    rmSync(temp, { force: true });
    if (error instanceof SafeWriteError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code && USER_IO_ERRORS.has(code)) {
      throw new SafeWriteError('io', file, `${file}: could not be written (${describeErrno(code)}); left unchanged`, { cause: error });
    }
    throw error;
  }
  if (durable) syncFolder(folder);
}

/** `.<name>.<pid>.<8 hex>.tmp`: the temp file a write of `<name>` uses until its rename. */
const TEMP_NAME = /^\.(.+)\.(\d+)\.[0-9a-f]{8}\.tmp$/;

function tempName(base: string): string {
  return `.${base}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
}

/** True when `name` (a file name, not a path) has the shape of a temp file of `writeFileSafely`. */
export function isSafeWriteTemp(name: string): boolean {
  return TEMP_NAME.test(name);
}

/** The name of the file a temp file of `writeFileSafely` was written for (`undefined` for any other name). */
export function tempFileTarget(name: string): string | undefined {
  return TEMP_NAME.exec(name)?.[1];
}

/**
 * True when `name` is a temp file of `writeFileSafely` whose writer is no longer running (killed
 * between writing and renaming): such a file holds nothing anyone needs and may be removed. A temp
 * file of this process or of a live process is never stale.
 */
export function isStaleTemp(name: string): boolean {
  const match = TEMP_NAME.exec(name);
  if (!match) return false;
  const pid = Number(match[2]);
  if (!Number.isSafeInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return isErrno(error, 'ESRCH');
  }
}

/** The text conventions of a file that an edit keeps. */
export interface TextStyle {
  readonly bom: boolean;
  readonly eol: '\n' | '\r\n';
}

/** Splits bytes into text (without BOM) and the style they were written in. */
export function decodeText(bytes: Uint8Array): { text: string; style: TextStyle } {
  let text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  const bom = text.charCodeAt(0) === 0xfeff;
  if (bom) text = text.slice(1);
  return { text, style: { bom, eol: dominantEol(text) } };
}

/** The line ending most lines of `text` use (LF when there is no line break or a tie). */
export function dominantEol(text: string): '\n' | '\r\n' {
  let crlf = 0;
  let lf = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
    if (i > 0 && text.charCodeAt(i - 1) === 13) crlf++;
    else lf++;
  }
  return crlf > lf ? '\r\n' : '\n';
}

/** Text as bytes in a file's style: every line break becomes the style's, the BOM is put back. */
export function encodeText(text: string, style: TextStyle): Buffer {
  const body = style.eol === '\r\n' ? text.replace(/\r?\n/g, '\r\n') : text.replace(/\r\n/g, '\n');
  return Buffer.from(style.bom ? `\ufeff${body}` : body, 'utf8');
}

/** True when `inner` (a real path) is `outer` or lies below it. */
export function isInside(outer: string, inner: string): boolean {
  const relative = path.relative(outer, inner);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

function checkInside(file: string, folder: string, root: string): void {
  const realRoot = realpathSync.native(root);
  const realFolder = realpathSync.native(folder);
  if (!isInside(realRoot, realFolder)) {
    throw new SafeWriteError('outside-root', file, `${file}: lies outside ${root} (through a link); left unchanged`);
  }
}

function checkUnchanged(file: string, expected: FileSnapshot | null | undefined): void {
  if (expected === undefined) return;
  const now = readSnapshot(file);
  if (expected === null) {
    if (now) throw new SafeWriteError('changed', file, `${file}: appeared while it was being written; left unchanged`);
    return;
  }
  if (!now) throw new SafeWriteError('changed', file, `${file}: was deleted since it was read; not recreated`);
  if (now.size !== expected.size || now.hash !== expected.hash) {
    throw new SafeWriteError('changed', file, `${file}: changed since it was read; left unchanged`);
  }
}

const USER_IO_ERRORS = new Set(['ENOSPC', 'EDQUOT', 'EACCES', 'EPERM', 'EROFS', 'EFBIG', 'EIO', 'ENOENT', 'ENOTDIR']);

function describeErrno(code: string): string {
  switch (code) {
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EDQUOT':
      return 'disk quota exceeded';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'read-only file system';
    case 'ENOENT':
    case 'ENOTDIR':
      return 'its folder does not exist';
    case 'EFBIG':
      return 'the file is larger than the file system or a size limit allows';
    default:
      return code;
  }
}

function canWrite(file: string): boolean {
  try {
    accessSync(file, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

function lstatOrUndefined(file: string) {
  try {
    return lstatSync(file);
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return undefined;
    throw error;
  }
}

function syncFolder(folder: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(folder, 'r');
    fsyncSync(fd);
  } catch {
    // Some platforms cannot fsync a folder; the rename itself is still atomic.
  } finally {
    if (fd !== undefined) closeQuietly(fd);
  }
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // already closed
  }
}

function isErrno(error: unknown, code: string): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === code;
}
