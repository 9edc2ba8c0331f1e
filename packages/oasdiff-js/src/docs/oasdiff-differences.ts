/**
 * oasdiff rule ids we do not implement under the same id on purpose, with the reason. Written by
 * hand; docs/oasdiff-coverage.md lists them apart from the ids that are simply not implemented yet.
 */
export interface Difference {
  readonly match: RegExp;
  /** `not implemented`: no rule yet, with what the engine reports instead (kept here so that no id is missing without a reason). */
  readonly status: 'different' | 'not applicable' | 'not implemented';
  readonly reason: string;
}

export const oasdiffDifferences: readonly Difference[] = [
  {
    match: /^(request|response)-body-media-type-item-schema-(added|removed|removed-untyped)$/,
    status: 'not applicable',
    reason: '`itemSchema` is a media type field of OpenAPI 3.2 (sequential media types such as `application/jsonl`); the engine reads OpenAPI 3.0 and 3.1, where the field does not exist, so it is never compared.',
  },
  {
    match: /^api-security-anonymous-access-(added|removed)$/,
    status: 'not implemented',
    reason: 'An empty security requirement (`{}`, anonymous access) is not compared: adding `{}` to or removing it from a security list reports no change.',
  },
  {
    match: /^api-security-component-(api-key-in|api-key-name|bearer-format|http-scheme|oauth-refresh-url|openid-connect-url)-changed$/,
    status: 'not implemented',
    reason: 'A security scheme is compared by its `type` (`api-security-component-type-changed`) and its OAuth flows (token URL, authorization URL, scopes); `in` and `name` of an apiKey scheme, `scheme` and `bearerFormat` of an http scheme, a flow\'s `refreshUrl` and `openIdConnectUrl` are not compared, so their changes report nothing.',
  },
  {
    match: /^(request-body|request-parameter|request-parameter-property|request-property|response-body|response-property|response-header)-schema-became-(not-)?false$/,
    status: 'not implemented',
    reason: 'A boolean schema (OpenAPI 3.1 `false`, which accepts nothing) is read as an empty schema: a schema becoming `false` reports the keywords it lost (`response-body-type-removed`, …), not a schema that refuses every value.',
  },
  {
    match: /^(request-property-removed-(before-sunset|with-deprecation)|response-required-property-removed-(before-sunset|with-deprecation))$/,
    status: 'not implemented',
    reason: 'A property\'s `deprecated` and `x-sunset` are not read when it is removed: the removal reports `request-property-removed` (warning) or `response-required-property-removed` (breaking) whether or not the property was deprecated first and its sunset date passed.',
  },
  {
    match: /^request-required-property-became-not-read-only-in-openapi-31$/,
    status: 'not implemented',
    reason: 'Schema rules do not see the document\'s OpenAPI version: a required request property that is no longer read-only reports `request-required-property-became-not-read-only` (breaking) in 3.1 too, where `required` already applied to it in requests.',
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

/**
 * Our rules that report what oasdiff does not report at all, on purpose (oasdiff has no id for it).
 * Written by hand, with the reason; the mutation study (scripts/mutation-study.mjs) sets these aside.
 */
export const ownRules: ReadonlyArray<{ match: RegExp; reason: string }> = [
  {
    match: /^schema-/,
    reason: 'A component schema that no operation reaches is still part of the published contract (generated clients include it): its changes are reported under `schema-*` ids, with no direction. oasdiff compares schemas only through the operations that use them and says nothing about these.',
  },
  {
    match: /^request-read-only-property-(removed|became-required)$/,
    reason: 'A read-only property is not sent in requests, so removing it or making it required changes nothing for senders; the engine still says so, at info, on the request side (oasdiff\'s request walk skips read-only properties and reports nothing). The response side reports the same change under oasdiff\'s ids.',
  },
  {
    match: /^(request|response)-(body|property|parameter)-(format-(added|removed|changed)|type-(added|removed))$|^request-(body|property|parameter)-type-specialized$/,
    reason: 'These ids name the keyword that changed (a format, or a type gained or lost); oasdiff files the same change under `*-type-changed`, `-generalized` or `-specialized`. The level is the one oasdiff\'s verdict gives, except response `*-type-removed` and `*-format-removed`, which stay warnings: another keyword beside them usually still fixes the value.',
  },
];

/**
 * How a shared component's change is reported, where that differs from oasdiff by design: once, with
 * every operation it affects, where oasdiff reports it again at each operation. Where the operations
 * reach the component in different ways, oasdiff's level may differ from one operation to the next;
 * ours is one level for all of them.
 */
export const sharedComponentLevel = {
  reason:
    'A component change is reported once, at one level and under one id, where oasdiff reports it at each operation, read as that use reads it. When some operations reach the component only through an allOf (oasdiff caps those findings at warning) and others directly, oasdiff gives the same id at both levels; ours gives it once, at the level of the direct use (it is capped only when every use is under allOf). When some bodies that carry it are JSON and others are not, oasdiff gives `*-type-changed` for the JSON ones and `*-type-compatible` for the others; ours gives `*-type-changed` once (it reads as compatible only when no body is JSON).',
  /** True when a finding oasdiff gives some operations only is explained: it also gives the finding ours gives, at the use ours reads. */
  explains(id: string, theirLevel: string, ourLevels: ReadonlySet<string>, theirLevels: ReadonlySet<string>): boolean {
    const both = (entry: string) => ourLevels.has(entry) && theirLevels.has(entry);
    if (theirLevel === 'warning' && both(`${id}:breaking`)) return true;
    const compatible = /^(.*)-type-compatible$/.exec(id);
    return compatible !== null && theirLevel === 'info' && both(`${compatible[1]}-type-changed:breaking`);
  },
};

/**
 * Where a change's meaning differs from what oasdiff reports, on purpose, with the proof. All but the
 * media-type row have a scenario in test/fixtures/families (its expect.json names the oasdiff test and
 * what we report instead), checked by test/families.test.ts; that one came from the mutation study.
 */
export const meaningDifferences: ReadonlyArray<{ change: string; oasdiff: string; ours: string; why: string }> = [
  {
    change: 'A bound narrowed inside `not` (e.g. a lower `maxLength` under `not` in a request)',
    oasdiff: 'walks into `not` with the outer direction: `request-property-max-length-decreased`, breaking',
    ours: '`*-not-changed`, warning',
    why: 'Under `not` the meaning inverts: a narrower `not` schema refuses fewer values, so the request accepts more, not less.',
  },
  {
    change: 'A parameter\'s 3.1 type list gains a type (`[integer]` → `[integer, string]`)',
    oasdiff: 'breaking (its loose parameter verdict treats only a `string` target as containing the old type)',
    ours: '`request-parameter-list-of-types-widened`, info',
    why: 'Every value the parameter accepted is still accepted.',
  },
  {
    change: 'A bound changed inside `if`/`then`/`else`',
    oasdiff: 'reads the bound as if it applied to the property, at error level',
    ours: '`*-then-changed` / `*-else-changed` / `*-if-changed`, compared whole, warning',
    why: 'The bound applies only when the condition holds; whether a given payload is affected depends on the condition, which the engine does not evaluate.',
  },
  {
    change: 'A bound in an `allOf` member at a body\'s root',
    oasdiff: 'names the member as a property (`request-property-*`)',
    ours: 'the body id (`request-body-*`), capped at warning like oasdiff\'s',
    why: 'An allOf member at the root constrains the body itself; there is no property.',
  },
  {
    change: 'An operation\'s `operationId` replaced',
    oasdiff: 'reads it as the old id removed (`api-operation-id-removed`), info',
    ours: '`api-operation-id-changed`, warning',
    why: 'Generated clients name their methods after the operationId: a renamed method breaks their callers\' code.',
  },
  {
    change: 'A response body or property loses its `type` or `format`',
    oasdiff: '`*-type-changed`, breaking',
    ours: '`response-*-type-removed` / `-format-removed`, warning',
    why: 'Another keyword beside it (an enum, properties, a `$ref`) usually still fixes what is returned; readers should check, which is what a warning asks.',
  },
  {
    change: 'A media type with parameters (`application/json; charset=utf-8`)',
    oasdiff: 'not JSON (it compares the whole string), so a type change there may read as `*-type-compatible`',
    ours: 'JSON (parameters are set aside before the name is compared)',
    why: 'RFC 6838 and RFC 8259: the parameters do not change the media type; the body is JSON either way.',
  },
];
