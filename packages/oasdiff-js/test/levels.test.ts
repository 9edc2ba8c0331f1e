/**
 * The level of a change depends on its direction. These expectations are written by hand from what
 * each change does to a client; they do not come from the catalogue, so a level changed there by
 * mistake fails here (the fixture pairs check that each rule fires, not that its level is right).
 */
import { describe, expect, it } from 'vitest';
import { rules } from '../src/index.js';

const expectations: Array<[id: string, level: 'breaking' | 'warning' | 'info', why: string]> = [
  ['new-required-request-parameter', 'breaking', 'existing calls do not send it'],
  ['new-optional-request-parameter', 'info', 'existing calls still work'],
  ['request-parameter-removed', 'warning', 'the server now ignores what clients send'],
  ['request-parameter-order-changed', 'info', 'parameters are identified by (in, name), not position'],
  ['new-required-request-property', 'breaking', 'existing bodies lack it'],
  ['request-body-media-type-schema-added', 'breaking', 'bodies the server accepted may no longer match the new schema'],
  ['request-body-media-type-schema-removed', 'info', 'the server accepts any body'],
  ['response-body-media-type-schema-added', 'info', 'responses only become described'],
  ['response-body-media-type-schema-removed', 'warning', 'readers lose the shape they relied on'],
  ['request-property-pattern-generalized', 'info', 'a pattern of .* accepts every string: nothing is refused'],
  ['request-parameter-pattern-generalized', 'info', 'a pattern of .* accepts every string: nothing is refused'],
  ['request-property-pattern-changed', 'warning', 'the server may refuse strings it accepted'],
  ['request-read-only-property-max-decreased', 'info', 'a read-only property is not sent in a request, so a narrower bound refuses nothing'],
  ['request-read-only-property-enum-value-removed', 'info', 'a read-only property is not sent in a request'],
  ['request-read-only-property-min-increased', 'info', 'a read-only property is not sent in a request'],
  ['request-property-max-decreased', 'breaking', 'the server refuses values it accepted (the property is not read-only)'],
  ['response-write-only-property-enum-value-added', 'info', 'a write-only property is never in a response'],
  ['response-required-write-only-property-removed', 'info', 'a write-only property is never in a response, so no reader relied on it'],
  ['response-optional-write-only-property-removed', 'info', 'a write-only property is never in a response'],
  ['response-required-write-only-property-added', 'info', 'a write-only property is never in a response'],
  ['response-optional-write-only-property-added', 'info', 'a write-only property is never in a response'],
  ['response-write-only-property-became-optional', 'info', 'readers never receive it, so it cannot go missing'],
  ['response-write-only-property-became-required', 'info', 'readers never receive it'],
  ['response-required-property-added', 'info', 'clients receive more than before'],
  ['response-required-property-removed', 'breaking', 'clients rely on it being present'],
  ['request-property-enum-value-added', 'info', 'the server accepts more'],
  ['request-property-enum-value-removed', 'breaking', 'the server refuses a value it accepted'],
  ['response-property-enum-value-added', 'warning', "oasdiff's level: clients that switch over every value may not handle it, but APIs add values in minor releases (Astro: DAG, DAG_TAG)"],
  ['request-parameter-default-value-added', 'breaking', "oasdiff's level: callers that omit the parameter get another behaviour"],
  ['request-parameter-default-value-changed', 'breaking', "oasdiff's level: callers that omit the parameter get another behaviour"],
  ['request-property-format-added', 'breaking', 'the server may refuse values it accepted'],
  ['response-property-format-added', 'info', 'responses only become more precise'],
  ['request-property-format-removed', 'info', 'the server accepts more'],
  ['response-property-format-removed', 'warning', 'clients may get values they did not expect'],
  ['request-parameter-max-decreased', 'breaking', 'the server refuses values it accepted'],
  ['request-parameter-max-increased', 'info', 'the server accepts more'],
  ['response-property-max-increased', 'breaking', 'clients may get larger values'],
  ['request-property-became-nullable', 'info', 'the server accepts more'],
  ['response-property-became-nullable', 'breaking', 'clients may receive null'],
  ['response-success-status-removed', 'breaking', 'clients expect that status'],
  ['api-path-removed-without-deprecation', 'breaking', 'calls to it fail'],
  ['endpoint-added', 'info', 'nothing existing changes'],
  ['response-description-changed', 'info', 'prose only; nothing on the wire changes'],
  ['request-body-schema-description-changed', 'info', 'prose only; nothing on the wire changes'],
  ['response-body-schema-description-changed', 'info', 'prose only; nothing on the wire changes'],
  ['request-body-additional-properties-forbidden', 'breaking', 'bodies with unlisted properties the server accepted are now refused'],
  ['request-property-additional-properties-allowed', 'info', 'the server accepts more'],
  ['response-body-additional-properties-allowed', 'warning', 'clients may receive property names they do not know'],
  ['response-property-additional-properties-forbidden', 'info', 'clients receive less than before'],
  ['request-parameter-min-became-exclusive', 'breaking', 'the bound value itself is now refused'],
  ['request-parameter-max-became-inclusive', 'info', 'the server accepts the bound value too'],
  ['response-property-max-became-inclusive', 'breaking', 'clients may receive the bound value, as with a raised maximum'],
  ['response-property-min-became-exclusive', 'info', 'responses only become narrower'],
  ['request-body-not-added', 'breaking', 'values the server accepted may now be excluded'],
  ['response-property-not-removed', 'warning', 'clients may receive values that used to be excluded'],
  ['request-body-pattern-property-added', 'breaking', 'properties with matching names are constrained where they were free'],
  ['response-body-pattern-property-removed', 'warning', 'clients may receive matching properties of any shape'],
  ['response-property-example-changed', 'info', 'an example is documentation; nothing on the wire changes'],
  ['response-examples-changed', 'info', 'an example is documentation; nothing on the wire changes'],
  ['request-parameter-style-changed', 'breaking', 'clients keep serialising the value the old way'],
  ['request-parameter-explode-changed', 'breaking', 'clients keep serialising the value the old way'],
  ['request-property-type-added', 'breaking', 'values of other types the server accepted are now refused'],
  ['response-property-type-added', 'info', 'responses only become narrower'],
  ['request-property-type-removed', 'info', 'the server accepts more'],
  ['response-property-type-removed', 'warning', 'clients may receive another type; beside allOf the members usually still fix it, so not breaking'],
  ['request-body-contains-added', 'breaking', 'arrays without a matching item are now refused (oasdiff: ERR)'],
  ['response-body-contains-removed', 'breaking', 'clients relying on a matching item may not get one (oasdiff: ERR)'],
  ['request-property-if-added', 'breaking', 'a conditional constraint narrows what the server accepts (oasdiff: ERR)'],
  ['response-property-then-removed', 'breaking', 'a conditional guarantee clients relied on is gone (oasdiff: ERR)'],
  ['request-body-prefix-items-added', 'info', 'oasdiff: INFO in requests, ERR in responses; taken as is'],
  ['response-body-prefix-items-added', 'breaking', 'oasdiff: ERR'],
  ['request-body-dependent-required-added', 'breaking', 'bodies lacking the newly dependent property are refused'],
  ['response-property-unevaluated-properties-removed', 'breaking', 'clients may receive unconstrained extra properties (oasdiff: ERR)'],
  ['request-body-content-encoding-changed', 'breaking', 'senders encode the string the old way'],
  ['request-body-list-of-types-narrowed', 'breaking', 'values of the dropped type are refused'],
  ['response-body-list-of-types-widened', 'breaking', 'clients may receive a type they do not handle'],
  ['request-body-max-contains-decreased', 'breaking', 'arrays with more matching items are refused'],
  ['response-body-discriminator-mapping-added', 'info', 'oasdiff: INFO'],
  ['request-property-became-required-with-default', 'breaking', 'requests that relied on the default now fail (oasdiff: ERR)'],
  ['request-parameter-removed-with-deprecation', 'info', 'clients were warned by the deprecation (oasdiff: INFO)'],
  ['api-extension-changed', 'info', 'an unknown extension says nothing a client can rely on'],
  ['api-stability-decreased', 'breaking', 'the operation no longer promises the stability clients relied on (oasdiff: ERR)'],
  ['api-stability-increased', 'info', 'a stronger promise breaks nobody'],
  ['webhook-removed', 'breaking', 'receivers built for the webhook stop getting calls (oasdiff: ERR)'],
  ['api-security-component-oauth-scope-added', 'info', 'oasdiff: INFO; operations report the scopes they require'],
  ['request-body-unique-items-added', 'breaking', 'arrays with repeated elements the server accepted are refused'],
  ['response-body-unique-items-removed', 'warning', 'clients may receive repeated elements'],
  ['request-body-items-added', 'breaking', 'elements the server accepted may now be refused'],
  ['response-property-items-removed', 'warning', 'clients may receive elements of any shape'],
  ['request-property-additional-properties-schema-added', 'breaking', 'unlisted properties the server accepted may now be refused'],
  ['response-body-additional-properties-schema-removed', 'warning', 'clients may receive unlisted properties of any shape'],
  ['request-body-encoding-content-type-changed', 'breaking', 'senders encode the part with the old content type'],
  ['request-body-encoding-style-changed', 'breaking', 'senders serialise the part the old way'],
  ['request-body-encoding-explode-changed', 'breaking', 'senders serialise the part the old way'],
  ['request-body-encoding-allow-reserved-changed', 'warning', 'escaping rules change; most values are unaffected'],
  ['request-body-encoding-headers-changed', 'info', 'part headers describe, they rarely gate'],
  ['response-body-encoding-content-type-changed', 'breaking', 'readers decode the part with the old content type'],
  ['response-body-encoding-allow-reserved-changed', 'info', 'readers unescape either way'],
  // lifecycle: x-sunset dates, deprecation periods, property stability (oasdiff's levels: ERR for a broken promise, INFO for an announcement)
  ['endpoint-deprecated-with-sunset', 'info', 'an announcement with a date far enough away breaks nobody'],
  ['api-deprecated-sunset-missing', 'breaking', 'under a deprecation period clients are owed a removal date (oasdiff: ERR)'],
  ['api-deprecated-sunset-parse', 'breaking', 'a sunset that is not a date promises nothing a client can plan by (oasdiff: ERR)'],
  ['api-sunset-date-too-small', 'breaking', 'clients get less notice than the deprecation period promises (oasdiff: ERR)'],
  ['sunset-deleted', 'breaking', 'clients lose the date they planned their migration by (oasdiff: ERR)'],
  ['api-sunset-date-changed-too-small', 'breaking', 'the removal moved closer than the deprecation period allows (oasdiff: ERR)'],
  ['api-sunset-date-changed-earlier', 'breaking', 'the date itself was the promise clients planned by (oasdiff: ERR)'],
  ['request-parameter-sunset-date-changed-earlier', 'breaking', 'the date itself was the promise clients planned by (oasdiff: ERR)'],
  ['api-path-sunset-parse', 'breaking', 'a sunset that is not a date cannot be honoured or checked (oasdiff: ERR)'],
  ['api-path-removed-before-sunset', 'breaking', 'clients were promised the path until its sunset date (oasdiff: ERR)'],
  ['api-removed-before-sunset', 'breaking', 'clients were promised the operation until its sunset date (oasdiff: ERR)'],
  ['request-parameter-deprecated-sunset-missing', 'breaking', 'under a deprecation period clients are owed a removal date (oasdiff: ERR)'],
  ['request-parameter-sunset-date-too-small', 'breaking', 'clients get less notice than the deprecation period promises (oasdiff: ERR)'],
  ['request-parameter-sunset-parse', 'breaking', 'a sunset that is not a date promises nothing (oasdiff: ERR)'],
  ['request-parameter-sunset-deleted', 'breaking', 'clients lose the date they planned by (oasdiff: ERR)'],
  ['request-parameter-sunset-date-changed-too-small', 'breaking', 'the removal moved closer than the deprecation period allows (oasdiff: ERR)'],
  ['request-parameter-removed-before-sunset', 'breaking', 'clients were promised the parameter until its sunset date (oasdiff: ERR)'],
  ...(['request', 'response'] as const).flatMap((direction): Array<[string, 'breaking' | 'info', string]> => [
    [`${direction}-property-deprecated-with-sunset`, 'info', 'an announcement with a date far enough away breaks nobody'],
    [`${direction}-property-deprecated-sunset-missing`, 'breaking', 'under a deprecation period clients are owed a removal date (oasdiff: ERR)'],
    [`${direction}-property-deprecated-sunset-invalid`, 'breaking', 'a sunset that is not a date promises nothing (oasdiff: ERR)'],
    [`${direction}-property-sunset-date-too-small`, 'breaking', 'clients get less notice than the deprecation period promises (oasdiff: ERR)'],
    [`${direction}-property-sunset-deleted`, 'breaking', 'clients lose the date they planned by (oasdiff: ERR)'],
    [`${direction}-property-sunset-date-changed-too-small`, 'breaking', 'the removal moved closer than the deprecation period allows (oasdiff: ERR)'],
    [`${direction}-property-sunset-date-changed-earlier`, 'breaking', 'the date itself was the promise clients planned by (oasdiff: ERR)'],
    [`${direction}-property-stability-decreased`, 'breaking', 'the property no longer promises the stability clients relied on (oasdiff: ERR)'],
    [`${direction}-property-stability-increased`, 'info', 'a stronger promise breaks nobody'],
  ]),
];

describe('levels by direction', () => {
  it.each(expectations)('%s is %s (%s)', (id, level) => {
    const rule = rules.find((candidate) => candidate.id === id);
    expect(rule, `rule ${id} is in the catalogue`).toBeDefined();
    expect(rule!.level).toBe(level);
  });
});

/**
 * Documentation-only rules, written out by hand: prose, titles, summaries and examples. A rule that
 * changes what a client sends or receives must never be in this list (docs-pipeline drops these from
 * migration counts and version bumps), and a prose rule must never be missing from it.
 */
const documentationRules = new Set<string>([
  'endpoint-summary-changed',
  'endpoint-description-changed',
  'api-title-changed',
  'request-parameter-description-changed',
  'request-parameter-examples-changed',
  'request-body-examples-changed',
  'response-description-changed',
  'response-examples-changed',
  'request-property-description-changed',
  'response-property-description-changed',
  'schema-description-changed',
  'schema-example-changed',
  'api-security-component-oauth-scope-changed',
  'api-example-component-added',
  'api-example-component-removed',
  'api-example-component-changed',
  ...['request-parameter', 'request-body', 'request-property', 'response-body', 'response-property', 'response-header'].map((prefix) => `${prefix}-example-changed`),
  ...['request-parameter', 'request-body', 'response-body', 'response-header'].map((prefix) => `${prefix}-schema-description-changed`),
]);

describe('documentation-only flag', () => {
  it('is set on exactly the prose and example rules', () => {
    const flagged = rules.filter((rule) => rule.documentation).map((rule) => rule.id).sort();
    expect(flagged).toEqual([...documentationRules].sort());
  });
  it('is never set on a rule that can break or warn', () => {
    expect(rules.filter((rule) => rule.documentation && rule.level !== 'info').map((rule) => rule.id)).toEqual([]);
  });
});
