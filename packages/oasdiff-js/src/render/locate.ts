/**
 * Line numbers for JSON pointers, for annotations (`--format github`, SARIF regions, HTML links).
 *
 * The loader keeps documents, not source positions (keeping them would cost every comparison time and
 * memory for the few formats that need them), so the line is found on demand in the file's text:
 * JSON by a scan that descends only into the keys of the pointer, YAML by block indentation. Both
 * return the line of the deepest token they found, so a pointer to something that no longer exists
 * lands on its nearest surviving parent; flow-style YAML (`{a: 1}`) resolves to the line of the flow.
 */
import { parsePointer } from '@astro-api/spec-loader';

/** 1-based line of `pointer` in `text` (JSON or YAML); 1 when not even the first token is found. */
export function lineOfPointer(text: string, pointer: string): number {
  return createLocator(text)(pointer);
}

/** A locator for one file's text; split once, ask many times. */
export function createLocator(text: string): (pointer: string) => number {
  const trimmed = text.trimStart();
  const json = trimmed.startsWith('{') || trimmed.startsWith('[');
  let lines: Array<YamlLine | undefined> | undefined;
  const blocks: BlockKeys = { keys: new Map(), ends: new Map() };
  let index: JsonIndex | undefined;
  let newlines: number[] | undefined;
  return (pointer) => {
    let tokens: string[];
    try {
      tokens = parsePointer(pointer);
    } catch {
      return 1;
    }
    if (json) {
      index ??= new JsonIndex(text);
      const offset = index.offset(tokens);
      if (offset !== undefined) return lineAt((newlines ??= newlineOffsets(text)), offset);
    }
    lines ??= yamlLines(text);
    return yamlLine(lines, tokens, blocks);
  };
}

/** Offsets of the text's line feeds, in order. */
function newlineOffsets(text: string): number[] {
  const out: number[] = [];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) out.push(i);
  return out;
}

/** 1-based line of `offset`: one more than the line feeds before it (binary search). */
function lineAt(newlines: readonly number[], offset: number): number {
  let low = 0;
  let high = newlines.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (newlines[mid]! < offset) low = mid + 1;
    else high = mid;
  }
  return low + 1;
}

/** What a scan has read of one object or array of the text: its members so far, and where it stopped. */
interface Container {
  /** Object: member name → where its key starts and its value starts (the first of a repeated name). */
  readonly keys: Map<string, { key: number; value: number }> | undefined;
  /** Array: where each item read so far starts. */
  readonly items: number[] | undefined;
  /** Where the next member starts (after its comma), or -1 once the container has been read to its end. */
  next: number;
}

/**
 * The offsets of JSON pointers in a JSON text. Each object or array is read at most once, and only as
 * far as a question needs: every member passed on the way is kept, so a later pointer into the same
 * container resumes where the last one stopped instead of reading from the top again. Asking for every
 * change's pointers of a large spec read the whole file once per pointer (Cloudflare's 4 MB, 1,475
 * changes: 19 s for `--format github`).
 */
class JsonIndex {
  readonly #text: string;
  readonly #containers = new Map<number, Container>();

  constructor(text: string) {
    this.#text = text;
  }

  /** Offset of the deepest value on the pointer's path (the key of an object member), or undefined when the text is not JSON. */
  offset(tokens: readonly string[]): number | undefined {
    try {
      let at = this.#ws(0);
      let best = 0;
      for (const token of tokens) {
        const found = this.#member(at, token);
        if (found === undefined) break;
        best = found.key;
        at = this.#ws(found.value);
      }
      return best;
    } catch {
      return undefined;
    }
  }

  /** The member `token` of the container at `at` (its key's offset, or the item's, and its value's), reading on from where the container's last reading stopped. */
  #member(at: number, token: string): { key: number; value: number } | undefined {
    const text = this.#text;
    const c = text[at];
    if (c !== '{' && c !== '[') return undefined;
    let container = this.#containers.get(at);
    if (!container) this.#containers.set(at, (container = c === '{' ? { keys: new Map(), items: undefined, next: this.#ws(at + 1) } : { keys: undefined, items: [], next: this.#ws(at + 1) }));
    if (container.keys) {
      const known = container.keys.get(token);
      if (known) return known;
      while (container.next !== -1) {
        let i = container.next;
        if (text[i] !== '"') {
          container.next = -1;
          break;
        }
        const keyAt = i;
        const end = this.#stringEnd(i);
        const key = JSON.parse(text.slice(keyAt, end)) as string;
        i = this.#ws(end) + 1; // ':'
        const value = this.#ws(i);
        const member = { key: keyAt, value };
        if (!container.keys.has(key)) container.keys.set(key, member);
        i = this.#ws(this.#skip(value));
        container.next = text[i] === ',' ? this.#ws(i + 1) : -1;
        if (key === token) return member;
      }
      return undefined;
    }
    const items = container.items!;
    const index = Number(token);
    if (!Number.isInteger(index) || index < 0) return undefined;
    while (items.length <= index && container.next !== -1) {
      const i = container.next;
      if (text[i] === ']') {
        container.next = -1;
        break;
      }
      items.push(i);
      const after = this.#ws(this.#skip(i));
      container.next = text[after] === ',' ? this.#ws(after + 1) : -1;
    }
    return index < items.length ? { key: items[index]!, value: items[index]! } : undefined;
  }

  #ws(i: number): number {
    const text = this.#text;
    while (i < text.length && (text[i] === ' ' || text[i] === '\n' || text[i] === '\r' || text[i] === '\t')) i++;
    return i;
  }

  /** Just past the string that starts at `i`. */
  #stringEnd(i: number): number {
    const text = this.#text;
    i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    return i + 1;
  }

  /** Just past the value that starts at `i` (a container to its matching bracket, strings skipped). */
  #skip(i: number): number {
    const text = this.#text;
    const c = text[i];
    if (c === '"') return this.#stringEnd(i);
    if (c === '{' || c === '[') {
      let depth = 0;
      while (i < text.length) {
        const ch = text[i];
        if (ch === '"') {
          i = this.#stringEnd(i);
          continue;
        }
        if (ch === '{' || ch === '[') depth++;
        else if (ch === '}' || ch === ']') {
          depth--;
          if (depth === 0) return i + 1;
        }
        i++;
      }
      return i;
    }
    while (i < text.length && !',}] \n\r\t'.includes(text[i]!)) i++;
    return i;
  }
}

interface YamlLine {
  /** Column where the content starts after any `- ` sequence markers. */
  indent: number;
  /** Columns of the `- ` markers on this line. */
  dashes: number[];
  content: string;
}

function yamlLines(text: string): Array<YamlLine | undefined> {
  return text.split('\n').map((raw) => {
    let col = 0;
    while (raw[col] === ' ') col++;
    if (col >= raw.length || raw[col] === '#' || raw.trim() === '' || raw.startsWith('---') || raw.startsWith('...')) return undefined;
    const dashes: number[] = [];
    while (raw[col] === '-' && (raw[col + 1] === ' ' || col + 1 === raw.length)) {
      dashes.push(col);
      col += 1;
      while (raw[col] === ' ') col++;
    }
    return { indent: col, dashes, content: raw.slice(col).replace(/\r$/, '') };
  });
}

function keyOf(content: string): string | undefined {
  const quoted = /^(["'])((?:\\.|(?!\1).)*)\1\s*:(\s|$)/.exec(content);
  if (quoted) return quoted[1] === '"' ? (JSON.parse(`"${quoted[2]}"`) as string) : quoted[2]!.replace(/''/g, "'");
  const plain = /^([^\s#][^#]*?)\s*:(\s|$)/.exec(content);
  return plain?.[1];
}

/**
 * What pointers into one YAML text have read of it, for the pointers after them: the keys of each
 * mapping block (`first:to:column` → key → its line, the first of a repeated key), and where each
 * child block ends. Without it every pointer read the file's blocks from their tops again (the
 * Stripe quarter's `--format github` spent 0.6 s there).
 */
interface BlockKeys {
  readonly keys: Map<string, Map<string, number>>;
  readonly ends: Map<string, number>;
}

/** The keys at `column` of the block that starts at line `first`, up to the first line less indented, each at its first line. */
function blockKeys(source: ReadonlyArray<YamlLine | undefined>, first: number, to: number, column: number): Map<string, number> {
  const keys = new Map<string, number>();
  for (let k = first; k < to; k++) {
    const l = source[k];
    if (!l) continue;
    if (l.indent < column && k !== first) break;
    if (l.indent !== column) continue;
    const key = keyOf(l.content);
    if (key !== undefined && !keys.has(key)) keys.set(key, k);
  }
  return keys;
}

function yamlLine(source: ReadonlyArray<YamlLine | undefined>, tokens: string[], blocks: BlockKeys): number {
  // Sequence items are read as mappings by dropping their dash; those edits live in an overlay.
  const overlay = new Map<number, YamlLine>();
  const get = (k: number) => overlay.get(k) ?? source[k];
  // The current node: the block of lines (from, to) holding its content, and the indent of the content.
  let from = 0;
  let to = source.length;
  let at = 0; // 0-based line of the deepest token found
  let parentIndent = -1;
  for (const token of tokens) {
    // The first content line of the block decides whether it is a mapping or a sequence.
    let first = from;
    while (first < to && !get(first)) first++;
    const head = get(first);
    if (!head) break;
    let found = -1;
    let childIndent = -1;
    const isSequence = head.dashes.length > 0 && (head.dashes[0]! > parentIndent);
    if (isSequence && /^\d+$/.test(token)) {
      const column = head.dashes[0]!;
      let n = -1;
      for (let k = first; k < to; k++) {
        const l = get(k);
        if (!l) continue;
        const lineColumn = l.dashes[0] ?? l.indent;
        if (lineColumn < column) break;
        if (l.dashes[0] === column) n++;
        if (n === Number(token)) {
          found = k;
          // The item's content may start on the dash line (`- name: x`) at indent, or below it.
          childIndent = l.dashes.length > 1 ? l.dashes[1]! : column;
          break;
        }
      }
    } else if (!isSequence || head.dashes[0]! <= parentIndent) {
      const column = head.indent;
      // The keys of a block are read once, for every later pointer into it. They depend on the lines'
      // indents and contents only, which a sequence item read as a mapping (the overlay) keeps.
      const blockKey = `${first}:${to}:${column}`;
      let keys = blocks.keys.get(blockKey);
      if (!keys) blocks.keys.set(blockKey, (keys = blockKeys(source, first, to, column)));
      const line = keys.get(token);
      if (line !== undefined) {
        found = line;
        childIndent = column;
      }
    }
    if (found === -1) break;
    at = found;
    // The child's block: following lines indented deeper than this one (a sequence under a key may sit at the key's indent).
    const own = get(found)!;
    const afterKey = own.content.replace(/^[^:]*:\s*/, '');
    const inlineValue = !isSequence && afterKey !== '' && !afterKey.startsWith('#') && !afterKey.startsWith('|') && !afterKey.startsWith('>') && !afterKey.startsWith('&');
    if (inlineValue) break; // scalar or flow value on this line: nothing deeper to find by indentation
    // Where the child's block ends depends on source lines only (the lines after `found`), so it is
    // found once for every pointer that passes this way.
    const endKey = `${found}:${to}:${childIndent}:${isSequence ? 's' : 'm'}`;
    let end = blocks.ends.get(endKey);
    if (end === undefined) {
      end = found + 1;
      for (; end < to; end++) {
        const l = get(end);
        if (!l) continue;
        const column = l.dashes[0] ?? l.indent;
        if (isSequence ? column <= childIndent : column < childIndent || (column === childIndent && l.dashes.length === 0)) break;
      }
      blocks.ends.set(endKey, end);
    }
    // For `- key: v` the dash line itself is the item's first content line.
    from = isSequence && own.dashes.length > 0 ? found : found + 1;
    if (isSequence) {
      // Treat the item as a mapping whose keys sit at the item's content indent: strip the dash of the first line.
      overlay.set(found, { indent: own.indent, dashes: own.dashes.slice(1), content: own.content });
    }
    to = end;
    parentIndent = isSequence ? childIndent : childIndent;
  }
  return at + 1;
}
