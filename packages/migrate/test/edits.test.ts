import { describe, expect, it } from 'vitest';
import { applyEdits } from '../src/edits.js';
import type { Edit } from '../src/model.js';

const rule = 'token-type-to-scope' as const;
const edit = (start: number, end: number, text: string): Edit => ({ start, end, text, rule });

describe('applyEdits', () => {
  it.each([
    { name: 'no edits', text: 'token.type', edits: [], want: 'token.type' },
    { name: 'one replacement', text: 'token.type', edits: [edit(6, 10, 'scope')], want: 'token.scope' },
    {
      name: 'edits in any order, offsets of the original text',
      text: 'a.type + b.type',
      edits: [edit(2, 6, 'scope'), edit(11, 15, 'scope')],
      want: 'a.scope + b.scope',
    },
    { name: 'the same edit twice counts once', text: 'x.type', edits: [edit(2, 6, 'scope'), edit(2, 6, 'scope')], want: 'x.scope' },
    { name: 'insertion at a point', text: '{ type }', edits: [edit(2, 2, 'scope: ')], want: '{ scope: type }' },
  ])('$name', ({ text, edits, want }) => {
    expect(applyEdits(text, edits)).toBe(want);
  });

  it('rejects overlapping edits (a rule bug, not a user error)', () => {
    expect(() => applyEdits('token.type', [edit(0, 8, 'a'), edit(6, 10, 'b')])).toThrow(/overlapping edits/);
  });
});
