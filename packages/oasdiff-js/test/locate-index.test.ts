/**
 * The JSON locator reads each container once and keeps what it passed; asked many pointers in any
 * order (repeats included), it answers what a fresh scan from the top answers for each (property).
 */
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { createLocator } from '../src/render/locate.js';
import { appendPointer, parsePointer } from '@astro-api/spec-loader';

/** The oracle: one pointer, one scan from the top of the text, the line of the deepest key (or item) found. */
function scanLine(text: string, tokens: readonly string[]): number {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \n\r\t'.includes(text[i]!)) i++;
  };
  const str = () => {
    const start = i++;
    while (text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const skip = () => {
    ws();
    if (text[i] === '"') return void str();
    if (text[i] === '{' || text[i] === '[') {
      let depth = 0;
      for (;;) {
        if (text[i] === '"') {
          str();
          continue;
        }
        if (text[i] === '{' || text[i] === '[') depth++;
        if (text[i] === '}' || text[i] === ']') depth--;
        i++;
        if (depth === 0) return;
      }
    }
    while (i < text.length && !',}] \n\r\t'.includes(text[i]!)) i++;
  };
  let best = 0;
  for (const token of tokens) {
    ws();
    const open = text[i];
    if (open !== '{' && open !== '[') break;
    i++;
    let found = false;
    // Members in order: an object's by name, an array's by position.
    for (let n = 0; ; n++) {
      ws();
      if (text[i] === (open === '{' ? '}' : ']') || (open === '{' && text[i] !== '"')) break;
      const at = i;
      let name = String(n);
      if (open === '{') {
        name = str();
        ws();
        i++;
      }
      if (name === token) {
        best = at;
        found = true;
        break;
      }
      skip();
      ws();
      if (text[i] !== ',') break;
      i++;
    }
    if (!found) break;
  }
  return text.slice(0, best).split('\n').length;
}

/** Every path of a value, plus a few that lead nowhere. */
function pathsOf(value: unknown, prefix: string[] = [], out: string[][] = []): string[][] {
  out.push(prefix, [...prefix, 'no such member'], [...prefix, '99']);
  if (Array.isArray(value)) value.forEach((v, i) => pathsOf(v, [...prefix, String(i)], out));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) pathsOf(v, [...prefix, k], out);
  return out;
}

it('answers each pointer as a scan from the top would, whatever was asked before (property)', () => {
  fc.assert(
    fc.property(
      fc.dictionary(fc.string({ unit: fc.constantFrom('a', 'b', '/', '~', '"', '\\', ' ', 'é', '\n') }), fc.jsonValue({ maxDepth: 4 }), { maxKeys: 6 }),
      fc.constantFrom<number | string>(0, 1, 2, 4, '\t'),
      fc.infiniteStream(fc.nat()),
      (doc, indent, picks) => {
        const text = JSON.stringify(doc, null, indent);
        const paths = pathsOf(doc);
        const locate = createLocator(text);
        const order = paths.map((_, i) => i).concat(paths.map((_, i) => i));
        const it = picks[Symbol.iterator]();
        for (let k = order.length - 1; k > 0; k--) {
          const j = it.next().value! % (k + 1);
          [order[k], order[j]] = [order[j]!, order[k]!];
        }
        for (const n of order) {
          const pointer = appendPointer('', ...paths[n]!);
          expect(locate(pointer)).toBe(scanLine(text, parsePointer(pointer)));
        }
      },
    ),
    { numRuns: 300 },
  );
});
