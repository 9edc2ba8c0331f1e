/**
 * Where a change is in the files a person edits: file (as the user or the repository names it) and
 * line. Used by the `github`, `sarif` and `html` formats; the others need no source text.
 */
import path from 'node:path';
import { readSource, refIdentity, type SpecFile } from '@astro-api/spec-loader';
import type { Side } from '../load/side.js';
import type { Change } from '../result.js';
import { createLocator } from './locate.js';

export interface Place {
  /** Path relative to the working directory (or, for `REV:path` inputs, to the repository root). */
  file: string;
  line: number;
}

export interface Places {
  /** The place of a change in the new spec (its nearest surviving parent for removals), else in the old one. */
  of(change: Change): Place | undefined;
  /** The place of a pointer on one side. */
  at(side: 'base' | 'revision', pointer: string | undefined): Place | undefined;
}

/** Turns sides into a resolver of `change.pointers`; each file is read and split at most once, on first use. */
/** `maxFileBytes`: the limit the sides were loaded with (`--max-file-bytes`), so a large file still gets line numbers. */
export function placesOf(base: Side, revision: Side, cwd = process.cwd(), maxFileBytes?: number): Places {
  const tables = { base: fileTable(base), revision: fileTable(revision) };
  const locators = new Map<SpecFile, (pointer: string) => number>();
  const at = (sideName: 'base' | 'revision', shown: string | undefined): Place | undefined => {
    if (shown === undefined) return undefined;
    const hash = shown.indexOf('#');
    const prefix = hash === -1 ? '' : shown.slice(0, hash);
    const pointer = hash === -1 ? shown : shown.slice(hash + 1);
    const file = tables[sideName].get(prefix);
    if (!file) return undefined;
    let locate = locators.get(file);
    if (!locate) {
      let text = '';
      try {
        text = readSource(file.source, file.shownAs, maxFileBytes);
      } catch {
        // The file was read moments ago by the loader; if it vanished, report no line rather than fail.
      }
      locate = createLocator(text);
      locators.set(file, locate);
    }
    const name = file.source.kind === 'git' ? file.source.file : path.relative(cwd, file.source.file) || file.source.file;
    return { file: name.split(path.sep).join('/'), line: locate(pointer) };
  };
  return {
    at,
    of(change) {
      // A removal has no revision pointer: look for the old pointer in the new file, which lands on the nearest parent that survived.
      if (change.pointers.revision !== undefined) return at('revision', change.pointers.revision);
      const inNew = at('revision', change.pointers.base);
      return inNew ?? at('base', change.pointers.base);
    },
  };
}

/** The pointer prefixes `showPointer` writes (`''` for the first root, `shownAs` for other roots, the ref identity for other files). */
function fileTable(side: Side): Map<string, SpecFile> {
  const table = new Map<string, SpecFile>();
  for (const part of side.parts) {
    const spec = part.spec;
    table.set(part.index === 0 ? '' : spec.shownAs, spec.root);
    for (const file of spec.files.values()) {
      if (file === spec.root) continue;
      table.set(refIdentity(spec, { file, pointer: '' }).replace(/#$/, ''), file);
    }
  }
  return table;
}
