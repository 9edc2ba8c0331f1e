import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { equalSubtrees, forEachRef, forEachRefLazy, hashDocument, loadSpec, MIN_HASHED_NODES, refsWithin, sameSubtree, startStringGeneration, subtreeHash } from '../src/index.js';

const schema = (extra: Record<string, unknown> = {}) => ({
  type: 'object',
  required: ['id', 'name'],
  properties: { id: { type: 'string', format: 'uuid' }, name: { type: 'string', maxLength: 64 }, size: { type: 'integer', minimum: 1 }, tags: { type: 'array', items: { $ref: '#/components/schemas/Tag' } } },
  ...extra,
});

describe('subtree hashes', () => {
  it('equal texts hash equal; any change to a value, key, key order, type or $ref changes the hash', () => {
    const h = (v: unknown) => subtreeHash(structuredClone(v));
    expect(h(schema())).toBe(h(schema()));
    expect(h(schema({ description: 'x' }))).not.toBe(h(schema()));
    expect(h({ a: 1, b: 2 })).not.toBe(h({ b: 2, a: 1 })); // key order is part of the text
    expect(h({ a: 1 })).not.toBe(h({ a: '1' }));
    expect(h({ a: 1 })).not.toBe(h({ a: 1.5 }));
    expect(h({ a: null })).not.toBe(h({ a: false }));
    expect(h([])).not.toBe(h({}));
    expect(h([1, 2])).not.toBe(h([2, 1]));
    expect(h({ a: [1] })).not.toBe(h({ a: [[1]] }));
    expect(h({ $ref: '#/components/schemas/A' })).not.toBe(h({ $ref: '#/components/schemas/B' }));
    const long = 'a'.repeat(500);
    expect(h({ d: long })).not.toBe(h({ d: long + 'b' }));
    expect(h({ d: long })).toBe(h({ d: 'a'.repeat(500) }));
  });

  it('string numbers carry over to the next generation and are forgotten after that (history keeps two documents)', () => {
    const h = () => subtreeHash(structuredClone({ description: 'a text only this test uses', n: 1 }));
    const first = h();
    startStringGeneration();
    expect(h()).toBe(first); // known to the previous generation: same number, same hash
    startStringGeneration();
    startStringGeneration(); // two generations without it: forgotten, numbered anew
    expect(h()).not.toBe(first);
  });

  it('many near-identical values get distinct hashes', () => {
    const seen = new Set<number>();
    for (let i = 0; i < 20_000; i++) seen.add(subtreeHash({ type: 'integer', maximum: i, name: `n${i % 97}` }));
    expect(seen.size).toBe(20_000);
  });

  it('sameSubtree: by the tables of two documents, "unknown" (false) for nodes too small to be remembered', () => {
    const a = { components: { schemas: { S: schema() } } };
    const b = structuredClone(a);
    const ha = hashDocument(a);
    const hb = hashDocument(b);
    expect(sameSubtree(a.components.schemas.S, b.components.schemas.S, ha, hb)).toBe(true);
    expect(sameSubtree(a, b, ha, hb)).toBe(true);
    b.components.schemas.S.properties.name.maxLength = 65;
    const hb2 = hashDocument(b);
    expect(sameSubtree(a, b, ha, hb2)).toBe(false);
    expect(sameSubtree(a.components.schemas.S, b.components.schemas.S, ha, hb2)).toBe(false);
    // `{type: string}` is too small to be remembered: the caller compares it itself.
    expect(sameSubtree(a.components.schemas.S.properties.id, b.components.schemas.S.properties.id, ha, hb2)).toBe(false);
    expect(sameSubtree(a.components.schemas.S.properties.id, b.components.schemas.S.properties.id)).toBe(true);
  });
});

describe('equalSubtrees: the direct comparison the differ makes instead of hashing', () => {
  // JSON-like values with few distinct leaves and keys, so that generated pairs are often equal or nearly so.
  const leaf = fc.constantFrom<unknown>(0, -0, 1, 1.5, NaN, Infinity, -Infinity, '', '1', 'a', true, false, null);
  const value = fc.letrec((tie) => ({
    node: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('node'), { maxLength: 4 }), fc.dictionary(fc.constantFrom('a', 'b', 'c', '$ref', '__proto__'), tie('node'), { maxKeys: 4 })),
  })).node;

  /** A copy with every object's keys in the opposite order (the same value, another text). */
  const reverseKeys = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(reverseKeys) : v !== null && typeof v === 'object' ? Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reverseKeys(x)])) : v;

  it('property: answers exactly as equal subtree hashes do (key order, NaN, -0, types, nesting)', () => {
    fc.assert(
      fc.property(value, value, fc.constantFrom('other', 'copy', 'keys reversed'), (a, b, how) => {
        const y = how === 'other' ? b : how === 'copy' ? structuredClone(a) : reverseKeys(a);
        expect(equalSubtrees(a, y)).toBe(subtreeHash(structuredClone(a)) === subtreeHash(structuredClone(y)));
        expect(equalSubtrees(a, y, hashDocument(a))).toBe(equalSubtrees(a, y));
      }),
      { numRuns: 2000, seed: 20261207 },
    );
  });

  it('remembers one answer per large node and partner: a third document gets its own answer', () => {
    const a = { components: { schemas: { S: schema(), T: schema({ title: 't' }) } } };
    const same = structuredClone(a);
    const other = structuredClone(a);
    other.components.schemas.S.properties.name.maxLength = 65;
    const table = hashDocument(a);
    expect(equalSubtrees(a, same, table)).toBe(true);
    expect(equalSubtrees(a, other, table)).toBe(false);
    expect(equalSubtrees(a.components.schemas.S, other.components.schemas.S, table)).toBe(false);
    expect(equalSubtrees(a.components.schemas.T, other.components.schemas.T, table)).toBe(true);
    // Asked again, in another order: the remembered answers are per partner.
    expect(equalSubtrees(a.components.schemas.S, same.components.schemas.S, table)).toBe(true);
    expect(equalSubtrees(a, same, table)).toBe(true);
    expect(equalSubtrees(a, other, table)).toBe(false);
  });

  it('the loader\'s walk hashes nothing; a large node is hashed when asked, as a copy in memory is', () => {
    const document = { components: { schemas: { S: schema(), Small: { type: 'string' } } } };
    const table = hashDocument(document);
    expect(table.has(document.components.schemas.S)).toBe(true);
    expect(table.has(document.components.schemas.Small)).toBe(false); // fewer than MIN_HASHED_NODES nodes
    expect(MIN_HASHED_NODES).toBeGreaterThan(2);
    expect(table.get(document.components.schemas.S)).toBe(subtreeHash(structuredClone(document.components.schemas.S)));
    expect(table.get(document)).toBe(subtreeHash(structuredClone(document)));
    expect(table.get(document.components.schemas.Small)).toBeUndefined();
  });
});

describe('loadSpec fills each file\'s hashes', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'spec-loader-hash-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('root and referenced files alike; equal components of two revisions hash equal', () => {
    const doc = (maxLength: number) => ({
      openapi: '3.0.3',
      info: { title: 't', version: '1' },
      paths: { '/a': { get: { responses: { '200': { description: 'ok', content: { 'application/json': { schema: { $ref: 'models.json#/Model' } } } } } } } },
      components: { schemas: { S: schema(), T: schema({ maxLength }), Tag: { type: 'string' } } },
    });
    writeFileSync(path.join(dir, 'models.json'), JSON.stringify({ Model: schema({ title: 'Model' }), components: { schemas: { Tag: { type: 'string' } } } }));
    writeFileSync(path.join(dir, 'old.json'), JSON.stringify(doc(1)));
    writeFileSync(path.join(dir, 'new.json'), JSON.stringify(doc(2)));
    const before = loadSpec(path.join(dir, 'old.json'));
    const after = loadSpec(path.join(dir, 'new.json'));
    expect(before.files.size).toBe(2);
    for (const file of before.files.values()) expect(file.hashes?.size).toBeGreaterThan(0);
    const s = (spec: typeof before, name: string) => spec.document.components!.schemas![name];
    expect(sameSubtree(s(before, 'S'), s(after, 'S'), before.root.hashes, after.root.hashes)).toBe(true);
    expect(sameSubtree(s(before, 'T'), s(after, 'T'), before.root.hashes, after.root.hashes)).toBe(false);
    expect(subtreeHash(s(before, 'S'), before.root.hashes)).toBe(subtreeHash(structuredClone(s(before, 'S'))));
  });
});

describe('refsWithin', () => {
  it('lists the $ref strings of a node in forEachRef order, not those inside examples or extensions', () => {
    const node = {
      allOf: [{ $ref: '#/a' }, { $ref: '#/b' }],
      properties: { example: { $ref: '#/c' }, p: { $ref: '#/a' } },
      example: { $ref: '#/not-a-ref' },
      'x-data': { $ref: '#/not-either' },
    };
    expect(refsWithin(node)).toEqual(['#/a', '#/c', '#/a', '#/b']);
    expect(refsWithin(node)).toBe(refsWithin(node)); // remembered
    expect(refsWithin('text')).toEqual([]);
  });

  it('tells which references stand where a schema goes, by the keys above them', () => {
    const op = {
      parameters: [{ $ref: '#/components/parameters/Limit' }, { name: 'q', in: 'query', schema: { $ref: '#/components/schemas/Query' } }],
      requestBody: { $ref: '#/components/requestBodies/Body' },
      responses: {
        '200': { description: 'ok', content: { 'application/json': { schema: { type: 'array', items: { $ref: 'models.yaml' } } } } },
        '400': { $ref: '#/components/responses/BadRequest' },
        default: { description: 'x', content: { 'application/json': { schema: { allOf: [{ $ref: '#/components/schemas/E' }], properties: { parameters: { $ref: 'other.yaml#/P' } } } } } },
      },
    };
    const table = hashDocument({ paths: { '/a': { get: op } } });
    const refs = table.refs(op)!;
    const positions = table.refsInSchemaPosition(op)!;
    expect(Object.fromEntries(refs.map((ref, i) => [ref, positions[i]]))).toEqual({
      '#/components/parameters/Limit': false,
      '#/components/schemas/Query': true,
      '#/components/requestBodies/Body': false,
      'models.yaml': true,
      '#/components/responses/BadRequest': false,
      '#/components/schemas/E': true,
      'other.yaml#/P': true, // a property named "parameters" is still a schema
    });
    expect(table.refsInSchemaPosition({ $ref: '#/x' })).toBeUndefined();
  });

  it('for a loaded file, reads what the loader recorded: the same lists as walking each node again', () => {
    const root = fileURLToPath(new URL('../../../specs/v1/', import.meta.url));
    const latest = readdirSync(root).filter((name) => /^\d{4}-\d{2}-\d{2}\.yaml$/.test(name)).sort().pop()!;
    const spec = loadSpec(path.join(root, latest));
    const table = spec.root.hashes!;
    let recorded = 0;
    let total = 0;
    const visit = (node: unknown): void => {
      if (node === null || typeof node !== 'object') return;
      const fromTable = table.refs(node);
      if (fromTable) {
        recorded++;
        total += fromTable.length;
        expect(fromTable).toEqual(collect(node));
        expect(refsWithin(node, table)).toBe(fromTable);
      }
      for (const value of Object.values(node)) visit(value);
    };
    const collect = (node: object) => {
      const found: string[] = [];
      forEachRef(node, (ref) => found.push(ref));
      return found;
    };
    visit(spec.document);
    expect(recorded).toBeGreaterThan(100);
    expect(total).toBeGreaterThan(100);
    // A node too small to be remembered is walked on request.
    const small = { $ref: '#/components/schemas/X' };
    expect(table.refs(small)).toBeUndefined();
    expect(refsWithin(small, table)).toEqual(['#/components/schemas/X']);
  });

  it('walks a node it has no record of as forEachRef does: same strings, same order, same exclusions', () => {
    const collect = (node: object) => {
      const found: string[] = [];
      forEachRefLazy(node, (ref) => found.push(ref));
      return found;
    };
    // Every object and array of a real spec four levels down or deeper (a path's operation, a
    // component's members), asked without a table: each is walked on request.
    const root = fileURLToPath(new URL('../../../specs/v1/', import.meta.url));
    const latest = readdirSync(root).filter((name) => /^\d{4}-\d{2}-\d{2}\.yaml$/.test(name)).sort().pop()!;
    const document = structuredClone(loadSpec(path.join(root, latest)).document);
    let compared = 0;
    let withRefs = 0;
    const visit = (node: unknown, depth: number): void => {
      if (node === null || typeof node !== 'object') return;
      if (depth >= 4) {
        const expected = collect(node);
        expect(refsWithin(node)).toEqual(expected);
        compared++;
        if (expected.length > 1) withRefs++;
      }
      for (const value of Object.values(node)) visit(value, depth + 1);
    };
    visit(document, 0);
    expect(compared).toBeGreaterThan(1000);
    expect(withRefs).toBeGreaterThan(50);
    // An Example Object's value is data, unless the `examples` above it is a property name; nested arrays keep their order.
    const node = {
      examples: { one: { value: { $ref: '#/data' }, other: { $ref: '#/e1' } } },
      properties: { examples: { a: { value: { $ref: '#/kept' } } }, list: { items: [[{ $ref: '#/i1' }, { $ref: '#/i2' }], { $ref: '#/i3' }] } },
      'x-ext': { $ref: '#/ext' },
      $ref: '#/own',
    };
    expect(refsWithin(node)).toEqual(collect(node));
    expect(refsWithin(node)).toEqual(['#/own', '#/i1', '#/i2', '#/i3', '#/kept', '#/e1']);
    // Deeper than the recursion goes: the same answer from the iterative walk.
    let deep: Record<string, unknown> = { $ref: '#/bottom' };
    for (let i = 0; i < 5000; i++) deep = { allOf: [deep], properties: { [`p${i}`]: { $ref: `#/p${i}` } } };
    expect(refsWithin(deep)).toEqual(collect(deep));
    expect(refsWithin(deep)).toHaveLength(5001);
  });
});
