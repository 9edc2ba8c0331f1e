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
    match: /^(request|response)-(optional|required)-property-became-(not-)?(read|write)-only$/,
    status: 'different',
    reason:
      'Reported under the unsplit id (`request-property-became-read-only`, `response-property-became-not-write-only`, …): one fact gets one rule, and whether the property is required is in the change (`new.required`). All are info here; oasdiff warns on `response-required-property-became-not-write-only`, but a property that starts appearing in responses gives readers more, not less.',
  },
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
  {
    match: /^response-(body|property)-pattern-property-removed$/,
    reason: 'Dropping a patternProperties constraint widens what readers may receive, as `additionalProperties` opening or an enum value added do; those are warnings too.',
  },
  // props: related response media types
  {
    match: /^response-media-type-name-changed$/,
    reason: "oasdiff v1.37.0's own checker gives it a warning (rules.go; its test `TestChangeMediaTypeParameters`), and the rule now fires only when the change cannot be ordered; the reference list records the info level of an older release.",
  },
  {
    match: /^api-security-scope-added$/,
    reason: 'Tokens issued without the new scope are refused by the operation: callers must act, so it is more than info.',
  },
];
