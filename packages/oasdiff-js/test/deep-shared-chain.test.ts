/** A chain of ~5,000 `components/responses` references used by 1,000 operations: no stack overflow, and a change at its end is still found. */
import { describe, expect, it } from 'vitest';
import { diffSpecs, loadSide, specFromDocument } from '../src/index.js';

function spec(last: string) {
  const responses: Record<string, unknown> = {};
  const depth = 5000;
  for (let i = 0; i < depth; i++) responses[`R${i}`] = { $ref: `#/components/responses/R${i + 1}` };
  responses[`R${depth}`] = { description: 'OK', content: { 'application/json': { schema: { type: 'string', enum: ['a', last] } } } };
  const paths: Record<string, unknown> = {};
  for (let i = 0; i < 1000; i++) paths[`/items${i}`] = { get: { operationId: `get${i}`, responses: { 200: { $ref: '#/components/responses/R0' } } } };
  return specFromDocument({ openapi: '3.0.3', info: { title: 'Chain', version: '1' }, paths, components: { responses } }, `chain-${last}.json`);
}

describe('deep chain of shared responses', () => {
  it('compares without a RangeError, reports nothing for identical sides and the change at the end of the chain otherwise', () => {
    const base = loadSide([spec('b')]);
    expect(diffSpecs(base, loadSide([spec('b')])).changes).toEqual([]);
    const changed = diffSpecs(base, loadSide([spec('c')])).changes;
    expect(changed.length).toBeGreaterThan(0);
    expect(changed.some((c) => c.id.includes('enum-value'))).toBe(true);
  }, 120_000);
});
