/**
 * The locators keep what they read for later pointers: JSON each container's members, YAML each
 * block's keys and ends. Asked many pointers in any order (repeats included), each answers what a
 * fresh reading answers for each pointer (property).
 */
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { createLocator, lineOfPointer } from '../src/render/locate.js';
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

/** Block YAML of a value: mappings, sequences (a mapping item starts on its dash line), plain scalars. */
function blockYaml(value: unknown, indent = 0): string[] {
  const pad = ' '.repeat(indent);
  const scalar = (v: unknown) => (v === null ? 'null' : typeof v === 'object' ? (Array.isArray(v) ? '[]' : '{}') : String(v));
  const nested = (v: unknown) => v !== null && typeof v === 'object' && Object.keys(v).length > 0;
  const out: string[] = [];
  if (Array.isArray(value)) {
    for (const item of value) {
      if (!nested(item)) out.push(`${pad}- ${scalar(item)}`);
      else if (Array.isArray(item)) out.push(`${pad}-`, ...blockYaml(item, indent + 2));
      else {
        const [first, ...rest] = blockYaml(item, indent + 2);
        out.push(`${pad}- ${first!.trimStart()}`, ...rest);
      }
    }
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (nested(v)) out.push(`${pad}${k}:`, ...blockYaml(v, indent + 2));
      else out.push(`${pad}${k}: ${scalar(v)}`);
    }
  }
  return out;
}

it('YAML: a locator asked many pointers answers each as a fresh one does (property)', () => {
  const leaf = fc.oneof(fc.integer(), fc.constantFrom('x', 'yes', 'a b'));
  const { tree } = fc.letrec((tie) => ({
    tree: fc.oneof({ depthSize: 'small' }, leaf, tie('map'), tie('list')),
    map: fc.dictionary(fc.constantFrom('a', 'b', 'get', 'paths', 'name', 'in'), tie('tree'), { minKeys: 1, maxKeys: 4 }),
    list: fc.array(tie('tree'), { minLength: 1, maxLength: 3 }),
  }));
  fc.assert(
    fc.property(fc.dictionary(fc.constantFrom('openapi', 'paths', 'components', 'tags'), tree, { minKeys: 1, maxKeys: 4 }), fc.infiniteStream(fc.nat()), (doc, picks) => {
      const text = blockYaml(doc).join('\n') + '\n';
      const pointers = pathsOf(doc).map((tokens) => appendPointer('', ...tokens));
      const locate = createLocator(text);
      const it = picks[Symbol.iterator]();
      for (let k = 0; k < pointers.length * 2; k++) {
        const pointer = pointers[it.next().value! % pointers.length]!;
        expect(locate(pointer)).toBe(lineOfPointer(text, pointer));
      }
    }),
    { numRuns: 300 },
  );
});
