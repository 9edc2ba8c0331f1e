/**
 * Parsing a JSON text against an earlier revision of it. Two revisions of a published spec share most
 * of their text: `parseJsonAgainst` answers every member whose text is byte-for-byte the same as the
 * earlier member at the same place (matched by name, array items by position, from the top down) with
 * the earlier document's own object; only the rest is parsed (`JSON.parse` of each differing piece).
 * The result is the value `JSON.parse(text)` gives, member order and `__proto__` members included; it
 * only shares objects with the earlier document, which nobody changes after loading. Comparing the two
 * documents then finds the unchanged parts at once (`a === b`), and the loader's walk takes what it
 * recorded of them from the earlier walk instead of walking them again (see `recordAndVisitRefs`).
 *
 * How: the earlier text is scanned once, `SCAN_DEPTH` levels below the top, for the spans of its
 * members (kept with it, and deepened where a later comparison needs it). The new text is read in one
 * pass guided by those spans (`guided`): at each member, one string comparison with the earlier
 * member's text either skips the whole member or sends the pass one level down (a large container) or
 * to `JSON.parse` (anything else). Only the new text's differing parts are read character by character.
 *
 * Nothing is trusted from a scan alone. The levels the pass reads are checked against the JSON grammar
 * as they are read, and every piece is either parsed by `JSON.parse` or equal, as text, to a piece of
 * the earlier text, which was itself accepted (by `JSON.parse`, or by this same check). So a text that
 * `JSON.parse` refuses comes back `undefined`, and the caller parses it the ordinary way, which reports
 * the error with its line.
 */

/** The member spans of one object or array of a JSON text. */
interface Span {
  /** Offsets of the container's own brackets: [start, end) (end -1 while it is being read). */
  readonly start: number;
  end: number;
  /** Member names for an object (in text order, repeats kept), null for an array. */
  readonly keys: string[] | null;
  /** Each member value's text: [starts[i], ends[i]). */
  readonly starts: number[];
  readonly ends: number[];
  /** The spans of member values that are containers, where they were scanned (else null). */
  readonly inner: Array<Span | null>;
}

/** How many levels below the top the first scan records (path items' operations, components' members). */
const SCAN_DEPTH = 2;
/** A differing container at least this long (in characters) is scanned one level deeper, not parsed whole. */
const RESCAN_CHARS = 2048;
/** How many levels down a differing piece is followed before it is parsed whole (bounds the recursion). */
const MAX_LEVELS = 64;
/** Members past which a rebuilt object is made a dictionary at once. */
const LARGE_OBJECT = 32;

/** A parsed JSON text and, once scanned, its spans: what a later revision is parsed against. */
export interface EarlierJson {
  readonly text: string;
  readonly document: unknown;
}

const spansOf = new WeakMap<EarlierJson, Span | null>();

/** Thrown inside the build when the text is not what `JSON.parse` would accept as it stands. */
class NotJson {}
const NOT_JSON = new NotJson();

/** Statistics of the last call (for tests and benchmarks): characters taken from the earlier document and parsed anew. */
export const deltaStats = { reused: 0, parsed: 0 };

/**
 * `JSON.parse(text)`, sharing with `earlier.document` every member whose text is the same in
 * `earlier.text` at the same place; undefined when the text is not plain JSON (let the ordinary parse
 * report it) or its top is not the earlier kind of container. `next` is what a revision after this one
 * is parsed against.
 */
export function parseJsonAgainst(text: string, earlier: EarlierJson): { document: unknown; next: EarlierJson } | undefined {
  deltaStats.reused = 0;
  deltaStats.parsed = 0;
  if (text === earlier.text) {
    deltaStats.reused = text.length;
    return { document: earlier.document, next: earlier };
  }
  let before = spansOf.get(earlier);
  if (before === undefined) spansOf.set(earlier, (before = scanText(earlier.text)));
  const first = skipSpace(text, 0);
  const c = text.charCodeAt(first);
  // Only an object or array of the earlier kind is read against the earlier one; the rest is the ordinary parse's.
  if (before === null || c !== earlier.text.charCodeAt(before.start) || earlier.document === null || typeof earlier.document !== 'object') return undefined;
  let built: { value: unknown; span: Span };
  try {
    built = guided(text, first, earlier.text, before, earlier.document, 0);
  } catch {
    // Not JSON as it stands, or nested too deeply for the stack: the ordinary parse decides and reports.
    return undefined;
  }
  if (skipSpace(text, built.span.end) !== text.length) return undefined;
  const next: EarlierJson = { text, document: built.value };
  spansOf.set(next, built.span);
  return { document: built.value, next };
}

/** The top container of a JSON text, scanned `SCAN_DEPTH` levels down; null if the text is not an object or array with only whitespace around it. */
function scanText(text: string): Span | null {
  const first = skipSpace(text, 0);
  const c = text.charCodeAt(first);
  if (c !== 123 && c !== 91) return null;
  const span = scanContainer(text, first, SCAN_DEPTH);
  if (span === null || skipSpace(text, span.end) !== text.length) return null;
  return span;
}

function skipSpace(text: string, i: number): number {
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 10 || c === 13 || c === 9) i++;
    else return i;
  }
}

/** The offset just past the string that starts at `i` (a `"`), or -1 if it does not end. */
function skipString(text: string, i: number): number {
  let j = text.indexOf('"', i + 1);
  while (j !== -1 && text.charCodeAt(j - 1) === 92) {
    let k = j - 1;
    while (text.charCodeAt(k - 1) === 92) k--;
    // An odd run of backslashes escapes the quote; an even one is escaped backslashes.
    if ((j - k) % 2 === 0) break;
    j = text.indexOf('"', j + 1);
  }
  return j === -1 ? -1 : j + 1;
}

/**
 * The offset just past the value that starts at `i`, without reading it: a container to its matching
 * bracket (strings skipped), a scalar to the next delimiter; -1 where the text ends first. Whether the
 * value is well formed is decided later, by `JSON.parse` or by equality with an earlier piece.
 */
function skipValue(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c === 34) return skipString(text, i);
  if (c === 123 || c === 91) {
    let depth = 0;
    const n = text.length;
    while (i < n) {
      const d = text.charCodeAt(i);
      if (d === 34) {
        i = skipString(text, i);
        if (i === -1) return -1;
        continue;
      }
      if (d === 123 || d === 91) depth++;
      else if (d === 125 || d === 93) {
        if (--depth === 0) return i + 1;
      }
      i++;
    }
    return -1;
  }
  let j = i;
  for (;;) {
    const d = text.charCodeAt(j);
    if (d === 44 || d === 125 || d === 93 || d === 32 || d === 10 || d === 13 || d === 9 || d !== d) break;
    j++;
  }
  return j === i ? -1 : j;
}

const CONTROL = /[\u0000-\u001f]/;

/** A member name at `[start, end)` (quotes included), as `JSON.parse` reads it; throws NOT_JSON if it is not a valid string. */
function keyAt(text: string, start: number, end: number): string {
  const raw = text.slice(start + 1, end - 1);
  if (raw.indexOf('\\') === -1) {
    if (CONTROL.test(raw)) throw NOT_JSON;
    return raw;
  }
  return parsePiece(text, start, end) as string;
}

/** A span for the container that starts at `start`, its members to be added as they are read. */
function openSpan(start: number, isObject: boolean): Span {
  return { start, end: -1, keys: isObject ? [] : null, starts: [], ends: [], inner: [] };
}

/** Where the value of the member whose name `nameAt` read last starts (a second result without an allocation). */
let valueStart = 0;

/** Reads a member's `"name" :` at `i` (whitespace around the colon): the name as JSON.parse reads it, the value's start in `valueStart`; throws NOT_JSON. */
function nameAt(text: string, i: number): string {
  if (text.charCodeAt(i) !== 34) throw NOT_JSON;
  const nameEnd = skipString(text, i);
  if (nameEnd === -1) throw NOT_JSON;
  const name = keyAt(text, i, nameEnd);
  i = skipSpace(text, nameEnd);
  if (text.charCodeAt(i) !== 58) throw NOT_JSON;
  valueStart = skipSpace(text, i + 1);
  return name;
}

/**
 * Reads the object or array at `i` one level deep, checking that level's grammar; members that are
 * containers are scanned again while `depth` > 0, else only skipped. Null when the level is not
 * well-formed JSON.
 */
function scanContainer(text: string, i: number, depth: number): Span | null {
  const isObject = text.charCodeAt(i) === 123;
  const close = isObject ? 125 : 93;
  const container = openSpan(i, isObject);
  i = skipSpace(text, i + 1);
  if (text.charCodeAt(i) === close) {
    container.end = i + 1;
    return container;
  }
  for (;;) {
    if (isObject) {
      try {
        container.keys!.push(nameAt(text, i));
      } catch {
        return null;
      }
      i = valueStart;
    }
    const c = text.charCodeAt(i);
    let end: number;
    let span: Span | null = null;
    if ((c === 123 || c === 91) && depth > 0) {
      span = scanContainer(text, i, depth - 1);
      if (span === null) return null;
      end = span.end;
    } else {
      end = skipValue(text, i);
      if (end === -1) return null;
    }
    container.starts.push(i);
    container.ends.push(end);
    container.inner.push(span);
    i = skipSpace(text, end);
    const d = text.charCodeAt(i);
    if (d === close) {
      container.end = i + 1;
      return container;
    }
    if (d !== 44) return null;
    i = skipSpace(text, i + 1);
  }
}

function parsePiece(text: string, start: number, end: number): unknown {
  deltaStats.parsed += end - start;
  try {
    return JSON.parse(text.slice(start, end));
  } catch {
    throw NOT_JSON;
  }
}

/**
 * The container that starts at `i` of `text` (the same kind as the earlier one, `old` of `oldText`,
 * whose value is `oldValue`), read and built in one pass guided by the earlier one: each member is
 * matched with the earlier member of its name (array items by position); if the text that follows is
 * the earlier member's text, that is the member (the earlier value, skipped at the speed of a string
 * comparison); a large differing container is read the same way one level down; anything else is
 * skipped and parsed. Returns the value and the container's spans, for a later revision.
 */
function guided(text: string, i: number, oldText: string, old: Span, oldValue: unknown, level: number): { value: unknown; span: Span } {
  const isObject = old.keys !== null;
  const close = isObject ? 125 : 93;
  const container = openSpan(i, isObject);
  const oldKeys = old.keys ?? [];
  const oldCount = old.starts.length;
  const oldRecord = oldValue as Record<string, unknown>;
  const oldItems = oldValue as unknown[];
  /** The earlier member of each name (the last of repeated names, the one JSON.parse keeps); built at the first name out of step. */
  let index: Map<string, number> | undefined;
  // An earlier object that repeats a name holds fewer members than names: look every name up.
  if (isObject && Object.keys(oldRecord).length !== oldCount) index = indexOf(oldKeys);
  let shift = 0;
  const out: Record<string, unknown> | unknown[] = isObject ? {} : [];
  // An object of many members goes straight to the dictionary form JSON.parse gives such objects,
  // instead of passing through a new hidden class per member added.
  if (isObject && oldCount > LARGE_OBJECT) {
    (out as Record<string, unknown>)['\u0000'] = 0;
    delete (out as Record<string, unknown>)['\u0000'];
  }
  i = skipSpace(text, i + 1);
  if (text.charCodeAt(i) !== close) {
    for (let n = 0; ; n++) {
      let key = '';
      let at = -1;
      if (isObject) {
        key = nameAt(text, i);
        i = valueStart;
        // Members mostly keep their order: the earlier member at the same place (after the members
        // added or removed before it) is tried first.
        const guess = n + shift;
        if (index === undefined && guess < oldCount && oldKeys[guess] === key) at = guess;
        else {
          index ??= indexOf(oldKeys);
          at = index.get(key) ?? -1;
        }
        if (at !== -1 && index === undefined) shift = at - n;
      } else if (n < oldCount) at = n;
      let value: unknown;
      let end = -1;
      let span: Span | null = null;
      if (at !== -1) {
        const oldStart = old.starts[at]!;
        const oldEnd = old.ends[at]!;
        const length = oldEnd - oldStart;
        const was = isObject ? oldRecord[oldKeys[at]!] : oldItems[at];
        if (text.slice(i, i + length) === oldText.slice(oldStart, oldEnd) && delimited(text, i + length, oldText.charCodeAt(oldStart))) {
          deltaStats.reused += length;
          value = was;
          end = i + length;
          // At the same offset, the earlier spans inside hold for this text too.
          if (oldStart === i) span = old.inner[at]!;
        } else {
          const c = text.charCodeAt(i);
          if ((c === 123 || c === 91) && c === oldText.charCodeAt(oldStart) && length >= RESCAN_CHARS && level < MAX_LEVELS && was !== null && typeof was === 'object') {
            let theirs: Span | null = old.inner[at]!;
            if (theirs === null) {
              // The earlier text was read as JSON, so its scan does not fail; if it did, parse.
              theirs = scanContainer(oldText, oldStart, 0);
              if (theirs !== null && theirs.end === oldEnd) old.inner[at] = theirs;
              else theirs = null;
            }
            if (theirs !== null) {
              const built = guided(text, i, oldText, theirs, was, level + 1);
              value = built.value;
              span = built.span;
              end = span.end;
            }
          }
        }
      }
      if (end === -1) {
        end = skipValue(text, i);
        if (end === -1) throw NOT_JSON;
        value = parsePiece(text, i, end);
      }
      container.starts.push(i);
      container.ends.push(end);
      container.inner.push(span);
      if (isObject) {
        container.keys!.push(key);
        // A name given twice ends as JSON.parse leaves it: the last value, at the first one's place.
        if (key === '__proto__') Object.defineProperty(out, key, { value, writable: true, enumerable: true, configurable: true });
        else (out as Record<string, unknown>)[key] = value;
      } else (out as unknown[]).push(value);
      i = skipSpace(text, end);
      const d = text.charCodeAt(i);
      if (d === close) break;
      if (d !== 44) throw NOT_JSON;
      i = skipSpace(text, i + 1);
    }
  }
  container.end = i + 1;
  return { value: out, span: container };
}

/**
 * Whether a value that starts with the earlier member's text ends where that text ends: an object,
 * array or string ends with its own closing character; a number or literal must be followed by a
 * delimiter (`12` is not the start of `123`).
 */
function delimited(text: string, at: number, first: number): boolean {
  if (first === 123 || first === 91 || first === 34) return true;
  const c = text.charCodeAt(at);
  return c === 44 || c === 125 || c === 93 || c === 32 || c === 10 || c === 13 || c === 9 || c !== c;
}

/** Name → the index of its last occurrence. */
function indexOf(names: readonly string[]): Map<string, number> {
  const index = new Map<string, number>();
  for (let j = 0; j < names.length; j++) index.set(names[j]!, j);
  return index;
}
