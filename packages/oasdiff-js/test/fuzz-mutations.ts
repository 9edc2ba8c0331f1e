/** Structural mutations of a parsed spec, for the fuzz tests. Pure: each returns a changed copy or changes the given clone. */
import fc from 'fast-check';

export type Mutation =
  | { kind: 'delete'; at: number }
  | { kind: 'swap-type'; at: number; value: unknown }
  | { kind: 'duplicate-key'; at: number }
  | { kind: 'ref'; at: number; ref: string }
  | { kind: 'deep'; at: number; depth: number }
  | { kind: 'huge-string'; at: number; length: number }
  | { kind: 'huge-number'; at: number; value: number | string };

const refTargets = [
  '#/components/schemas/DoesNotExist',
  '#/components/schemas/Loop', // made cyclic by the mutation below
  '#/',
  '#',
  '#/paths/~1nowhere',
  '../../../../../../etc/passwd',
  '/etc/passwd',
  '/dev/zero',
  '/proc/self/environ',
  'missing.yaml#/A',
  'http://127.0.0.1:9/spec.yaml#/A',
  'https://example.invalid/a.yaml',
  'file:///etc/passwd',
  '',
  '#/components/schemas/%ZZ',
];

/** Where a mutation lands: uniform over the document's nodes (fast-check would otherwise favour the first few, the root's own keys). */
const anywhere = fc.noBias(fc.nat());

export const mutationArbitrary: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: anywhere }),
  fc.record({
    kind: fc.constant('swap-type' as const),
    at: anywhere,
    value: fc.oneof(fc.constant(null), fc.integer(), fc.string(), fc.boolean(), fc.constant([]), fc.constant({}), fc.constant([null]), fc.constant({ $ref: 5 })),
  }),
  fc.record({ kind: fc.constant('duplicate-key' as const), at: anywhere }),
  fc.record({ kind: fc.constant('ref' as const), at: anywhere, ref: fc.constantFrom(...refTargets) }),
  fc.record({ kind: fc.constant('deep' as const), at: anywhere, depth: fc.integer({ min: 50, max: 400 }) }),
  fc.record({ kind: fc.constant('huge-string' as const), at: anywhere, length: fc.integer({ min: 10_000, max: 2_000_000 }) }),
  fc.record({
    kind: fc.constant('huge-number' as const),
    at: anywhere,
    value: fc.constantFrom<number | string>(1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 5e-324, -0, '123456789012345678901234567890'),
  }),
);

interface Slot {
  parent: Record<string, unknown> | unknown[];
  key: string | number;
}

/** Every (parent, key) pair of the document, in a stable order. */
function slots(document: unknown): Slot[] {
  const out: Slot[] = [];
  const stack: unknown[] = [document];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === null || typeof node !== 'object') continue;
    if (Array.isArray(node)) {
      node.forEach((child, i) => {
        out.push({ parent: node, key: i });
        stack.push(child);
      });
    } else {
      for (const [key, child] of Object.entries(node)) {
        out.push({ parent: node as Record<string, unknown>, key });
        stack.push(child);
      }
    }
  }
  return out;
}

function set(slot: Slot, value: unknown): void {
  (slot.parent as Record<string | number, unknown>)[slot.key] = value;
}

/** Applies one mutation to `document` (changed in place) and returns the document (or its replacement). */
export function applyMutation(document: unknown, mutation: Mutation): unknown {
  const all = slots(document);
  if (all.length === 0) return mutation.kind === 'swap-type' ? mutation.value : document;
  const slot = all[mutation.at % all.length]!;
  const here = (slot.parent as Record<string | number, unknown>)[slot.key];
  switch (mutation.kind) {
    case 'delete':
      if (Array.isArray(slot.parent)) slot.parent.splice(slot.key as number, 1);
      else delete slot.parent[slot.key as string];
      break;
    case 'swap-type':
      set(slot, structuredClone(mutation.value));
      break;
    case 'duplicate-key':
      // A parsed document cannot hold a key twice; copy a sibling's value under a key that differs
      // only by case, and give the same operation two ids, the closest a parsed tree gets.
      if (!Array.isArray(slot.parent)) {
        slot.parent[String(slot.key).toUpperCase()] = structuredClone(here);
        slot.parent[`${String(slot.key)} `] = structuredClone(here);
      }
      break;
    case 'ref': {
      set(slot, { $ref: mutation.ref });
      if (mutation.ref.endsWith('/Loop') && document !== null && typeof document === 'object') {
        const root = document as { components?: { schemas?: Record<string, unknown> } };
        if (root.components && typeof root.components === 'object' && !Array.isArray(root.components)) {
          root.components.schemas = { ...(root.components.schemas ?? {}), Loop: { $ref: '#/components/schemas/Loop2' }, Loop2: { $ref: '#/components/schemas/Loop' } };
        }
      }
      break;
    }
    case 'deep': {
      let value: unknown = { type: 'string' };
      for (let i = 0; i < mutation.depth; i++) value = { type: 'array', items: value };
      set(slot, value);
      break;
    }
    case 'huge-string':
      set(slot, 'x'.repeat(mutation.length));
      break;
    case 'huge-number':
      set(slot, mutation.value);
      break;
  }
  return document;
}
