import { describe, expect, it } from 'vitest';
import { cell, sectionBody } from '../src/markdown-sections.js';

const page = ['# Title', '', '## Summary', '', '- one', '- two', '', '### Detail', 'inside', '', '## Added', '', '- x', ''].join('\n');

describe('sectionBody', () => {
  it('returns a section up to the next heading of the same level, keeping deeper headings', () => {
    expect(sectionBody(page, 'Summary')).toBe('- one\n- two\n\n### Detail\ninside');
  });
  it('returns undefined when the heading is missing', () => {
    expect(sectionBody(page, 'Removed')).toBeUndefined();
  });
  it('reads to the end when no heading follows', () => {
    expect(sectionBody(page, 'Added')).toBe('- x');
  });
});

describe('cell', () => {
  it('escapes pipes and folds newlines', () => {
    expect(cell('a|b\nc')).toBe('a\\|b c');
  });
});
