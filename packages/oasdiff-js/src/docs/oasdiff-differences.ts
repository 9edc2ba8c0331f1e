/**
 * oasdiff rule ids we do not implement under the same id on purpose, with the reason. Written by
 * hand; docs/oasdiff-coverage.md lists them apart from the ids that are simply not implemented yet.
 */
export interface Difference {
  readonly match: RegExp;
  readonly status: 'different' | 'not applicable';
  readonly reason: string;
}

export const oasdiffDifferences: readonly Difference[] = [
  {
    match: /^(api-version-not-bumped|api-major-version-not-bumped|api-version-decreased)$/,
    status: 'different',
    reason:
      'Versioning policy is not a diff: the engine reports `api-version-changed`, and the repository derives the required bump from the highest change level (`scripts/spec-changeset.mjs`).',
  },
];

export function differenceOf(id: string): Difference | undefined {
  return oasdiffDifferences.find((d) => d.match.test(id));
}

/** Why a level differs from oasdiff's for the same id (every other level is oasdiff's). */
export const levelReasons: ReadonlyArray<{ match: RegExp; reason: string }> = [
  {
    match: /discriminator-property-name-changed$/,
    reason: 'Every payload is dispatched on the discriminator; a reader or server still looking at the old property misreads all of them.',
  },
];
