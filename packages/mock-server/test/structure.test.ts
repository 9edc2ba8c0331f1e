import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src');
const MAX_LINES = 300;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(path.join(dir, entry.name)) : entry.name.endsWith('.ts') ? [path.join(dir, entry.name)] : [],
  );
}

/** Relative imports of a module (type-only imports too: a cycle of types is still a cycle of modules). */
export function importsOf(file: string, text: string): string[] {
  const out: string[] = [];
  for (const match of text.matchAll(/\b(?:import|export)\b[^'";]*?\bfrom\s+'(\.{1,2}\/[^']+)'/g)) {
    out.push(path.resolve(path.dirname(file), match[1]!.replace(/\.js$/, '.ts')));
  }
  return out;
}

/** Every cycle in a module graph, each as the list of modules on it. */
export function findCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string) => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') cycles.push(stack.slice(stack.indexOf(next)));
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of graph.keys()) if (!state.has(node)) visit(node);
  return cycles;
}

describe('mock module structure', () => {
  const files = sourceFiles(src);
  const graph = new Map(files.map((file) => [file, importsOf(file, readFileSync(file, 'utf8'))]));

  it(`no module passes ${MAX_LINES} lines`, () => {
    const long = files.map((f) => [path.relative(src, f), readFileSync(f, 'utf8').split('\n').length] as const).filter(([, n]) => n > MAX_LINES);
    expect(long).toEqual([]);
  });

  it('no two modules import each other in a circle', () => {
    expect(findCycles(graph).map((cycle) => cycle.map((f) => path.relative(src, f)).join(' → '))).toEqual([]);
  });

  it('the cycle finder finds cycles (type-only imports included)', () => {
    const a = '/x/a.ts';
    const b = '/x/b.ts';
    expect(importsOf(a, "import type { B } from './b.js';")).toEqual([b]);
    expect(findCycles(new Map([[a, [b]], [b, [a]]]))).toEqual([[a, b]]);
    expect(findCycles(new Map([[a, [b]], [b, []]]))).toEqual([]);
  });

  it('every import resolves to a file of the package', () => {
    const missing = [...graph.values()].flat().filter((target) => !graph.has(target));
    expect(missing).toEqual([]);
  });
});
