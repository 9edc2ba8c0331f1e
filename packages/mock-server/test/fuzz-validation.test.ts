/**
 * Fuzzing the mock's request validation through its public API (startMockServer): every operation
 * of the v1 spec is called with generated path parameters, queries, headers and bodies — valid
 * samples, wrong types, unknown fields, invalid JSON, huge and deeply nested values, odd content
 * types. Every answer must be a well-formed 2xx/4xx (never a 5xx, never a dropped connection), and
 * the server must keep answering afterwards.
 *
 * The seed changes every run and is printed; replay with FUZZ_SEED=<seed>. FUZZ_RUNS sets the count
 * (default 150, a few seconds).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleFromSchema, startMockServer, type MockServer, type OperationInfo } from '../src/index.js';

const seed = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const numRuns = Number(process.env.FUZZ_RUNS ?? 150);

let mock: MockServer;
beforeAll(async () => {
  mock = await startMockServer({ api: 'v1', selfCheck: true, log: () => {} });
});
afterAll(async () => {
  await mock?.close();
});

const odd = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.constantFrom('', ' ', '..', '../..', '%2e%2e', '%00', 'a/b', '\u0000', '🙂', '-1', '1e309', 'true', 'null', '[]', '{}', 'x'.repeat(5000)),
);
const jsonish = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.constantFrom<unknown>(null, [], {}, '', 0, -1, 1e308, 'x'.repeat(200_000)),
  fc.integer({ min: 50, max: 3000 }).map((depth) => JSON.parse(`${'['.repeat(depth)}${']'.repeat(depth)}`)),
);
const bodyKind = fc.constantFrom('sample', 'sample+junk', 'sample-wrong-types', 'random', 'invalid-json', 'none');
const contentType = fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', '', 'application/json; charset=latin1');

function wrongTypes(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return typeof value === 'string' ? 5 : 'five';
  if (Array.isArray(value)) return { notAnArray: true };
  return Object.fromEntries(Object.entries(value).map(([k, v], i) => [k, i % 2 === 0 ? wrongTypes(v) : v]));
}

describe('fuzz: the mock server on generated requests', () => {
  it(`answers every request with a 2xx or a 4xx (seed ${seed}, ${numRuns} requests)`, async () => {
    console.log(`mock-server fuzz: seed ${seed}, ${numRuns} requests (replay: FUZZ_SEED=${seed})`);
    const operations: readonly OperationInfo[] = mock.spec.operations;
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: operations.length - 1 }),
        fc.boolean(),
        fc.dictionary(fc.string({ maxLength: 12 }), odd, { maxKeys: 4 }),
        fc.array(odd, { maxLength: 6 }),
        fc.dictionary(fc.stringMatching(/^x-[a-z-]{1,12}$/), fc.stringMatching(/^[ -~]{0,40}$/), { maxKeys: 3 }),
        bodyKind,
        jsonish,
        contentType,
        async (which, realPathParams, extraQuery, queryValues, extraHeaders, kind, random, type) => {
          const op = operations[which]!;
          const prepared = realPathParams ? mock.prepare(op.operationId) : {};
          let route = op.path;
          for (const p of op.parameters.filter((x) => x.in === 'path')) {
            route = route.replace(`{${p.name}}`, encodeURIComponent(prepared[p.name] ?? (p.name === 'organizationId' ? mock.organizationId : queryValues[0] ?? 'nope')));
          }
          const url = new URL(mock.url + route);
          op.parameters.filter((x) => x.in === 'query').forEach((p, i) => url.searchParams.append(p.name, queryValues[i % Math.max(queryValues.length, 1)] ?? ''));
          for (const [k, v] of Object.entries(extraQuery)) url.searchParams.append(k, v);
          const headers: Record<string, string> = { ...extraHeaders, authorization: `Bearer ${mock.bootstrapToken}` };
          let body: string | undefined;
          const schema = op.requestBody?.schemaPointer;
          const sample = schema ? sampleFromSchema(mock.spec, schema, { optional: true }) : random;
          if (op.method !== 'get' && op.method !== 'head') {
            if (kind === 'sample') body = JSON.stringify(sample);
            else if (kind === 'sample+junk') body = JSON.stringify(typeof sample === 'object' && sample !== null ? { ...sample, unexpectedField: random } : random);
            else if (kind === 'sample-wrong-types') body = JSON.stringify(wrongTypes(sample));
            else if (kind === 'random') body = JSON.stringify(random);
            else if (kind === 'invalid-json') body = '{"a": [1, 2,, }';
            if (body !== undefined && type !== '') headers['content-type'] = type;
          }
          const res = await fetch(url, { method: op.method.toUpperCase(), headers, body });
          const text = await res.text();
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          expect(res.status, `${op.method} ${url.pathname}: ${text.slice(0, 300)}`).toBeLessThan(500);
          if (res.status >= 400) {
            const parsed = JSON.parse(text) as { statusCode: number; message: string };
            expect(parsed.statusCode).toBe(res.status);
            expect(typeof parsed.message).toBe('string');
          }
        },
      ),
      { seed, numRuns, endOnFailure: true },
    );
    // Still serving after everything above.
    const health = await fetch(`${mock.url}/organizations/${mock.organizationId}`, { headers: { authorization: `Bearer ${mock.bootstrapToken}` } });
    expect(health.status).toBe(200);
    expect(mock.selfCheckFailures).toEqual([]);
    console.log(`mock-server fuzz: statuses ${[...statuses].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s}×${n}`).join(', ')}; 0 crashes`);
  });
});
