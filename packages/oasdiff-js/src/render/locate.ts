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
  return (pointer) => {
    let tokens: string[];
    try {
      tokens = parsePointer(pointer);
    } catch {
      return 1;
    }
    const offset = json ? jsonOffset(text, tokens) : undefined;
    if (offset !== undefined) return lineAt(text, offset);
    lines ??= yamlLines(text);
    return yamlLine(lines, tokens);
  };
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** Offset of the deepest value on the pointer's path in JSON text, or undefined when the text is not JSON. */
function jsonOffset(text: string, tokens: string[]): number | undefined {
  let i = 0;
  let best = 0;
  const ws = () => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\n' || text[i] === '\r' || text[i] === '\t')) i++;
  };
  const readString = (): string => {
    const start = i;
    i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const skip = (): void => {
    ws();
    const c = text[i];
    if (c === '"') return void readString();
    if (c === '{' || c === '[') {
      let depth = 0;
      while (i < text.length) {
        const ch = text[i];
        if (ch === '"') {
          readString();
          continue;
        }
        if (ch === '{' || ch === '[') depth++;
        else if (ch === '}' || ch === ']') {
          depth--;
          if (depth === 0) return void i++;
        }
        i++;
      }
      return;
    }
    while (i < text.length && !',}] \n\r\t'.includes(text[i]!)) i++;
  };
  try {
    for (const token of tokens) {
      ws();
      const c = text[i];
      let found = false;
      if (c === '{') {
        i++;
        for (;;) {
          ws();
          if (text[i] !== '"') break;
          const keyAt = i;
          const key = readString();
          ws();
          i++; // ':'
          if (key === token) {
            best = keyAt;
            found = true;
            break;
          }
          skip();
          ws();
          if (text[i] === ',') i++;
          else break;
        }
      } else if (c === '[') {
        i++;
        const index = Number(token);
        for (let n = 0; Number.isInteger(index); n++) {
          ws();
          if (text[i] === ']') break;
          if (n === index) {
            best = i;
            found = true;
            break;
          }
          skip();
          ws();
          if (text[i] === ',') i++;
          else break;
        }
      }
      if (!found) break;
    }
  } catch {
    return undefined;
  }
  return best;
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

function yamlLine(source: ReadonlyArray<YamlLine | undefined>, tokens: string[]): number {
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
      for (let k = first; k < to; k++) {
        const l = get(k);
        if (!l) continue;
        if (l.indent < column && k !== first) break;
        if (l.indent === column && keyOf(l.content) === token) {
          found = k;
          childIndent = column;
          break;
        }
      }
    }
    if (found === -1) break;
    at = found;
    // The child's block: following lines indented deeper than this one (a sequence under a key may sit at the key's indent).
    const own = get(found)!;
    const afterKey = own.content.replace(/^[^:]*:\s*/, '');
    const inlineValue = !isSequence && afterKey !== '' && !afterKey.startsWith('#') && !afterKey.startsWith('|') && !afterKey.startsWith('>') && !afterKey.startsWith('&');
    if (inlineValue) break; // scalar or flow value on this line: nothing deeper to find by indentation
    let end = found + 1;
    for (; end < to; end++) {
      const l = get(end);
      if (!l) continue;
      const column = l.dashes[0] ?? l.indent;
      if (isSequence ? column <= childIndent : column < childIndent || (column === childIndent && l.dashes.length === 0)) break;
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
