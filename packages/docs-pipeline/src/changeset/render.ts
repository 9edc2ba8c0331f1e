import { SPEC_CONSUMERS, type BumpType } from '../review/acknowledge.js';

export interface SpecChangeset {
  /** Path relative to the repository root: `.changeset/spec-<api>-<date>.md`. */
  readonly file: string;
  readonly text: string;
}

/**
 * A changeset for the packages the spec feeds. The body is the changelog entry's summary, so the
 * release notes and the changelog say the same thing.
 */
export function renderSpecChangeset(api: string, date: string, bump: BumpType, summary: string): SpecChangeset {
  const front = SPEC_CONSUMERS.map((name) => `"${name}": ${bump}`);
  const text = [
    '---',
    ...front,
    '---',
    '',
    `Spec \`${api}\` revision ${date} (changelog: \`docs/changelog/${api}/${date}.md\`):`,
    '',
    summary.trim() || '- No summary.',
    '',
  ].join('\n');
  return { file: `.changeset/spec-${api}-${date}.md`, text };
}
