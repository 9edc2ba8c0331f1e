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
  // props: parameter-property and header-property variants, path-level parameters, related response media types, x-extensible-enum
  ['request-parameter-property-became-nullable', 'info', 'the server accepts null as well'],
  ['request-parameter-property-became-not-nullable', 'breaking', 'callers sending null are refused'],
  ['request-parameter-property-enum-value-added', 'info', 'the server accepts one more value'],
  ['request-parameter-property-enum-value-removed', 'breaking', 'callers sending that value are refused'],
  ['request-parameter-property-list-of-types-narrowed', 'breaking', 'values of the dropped type are refused'],
  ['request-parameter-property-list-of-types-widened', 'info', 'the server accepts more'],
  ['request-parameter-property-type-generalized', 'info', 'every integer is a number: nothing is refused'],
  ['request-parameter-property-type-specialized', 'breaking', 'values of the old type are refused however the object is serialised'],
  ['request-parameter-property-type-changed', 'warning', "oasdiff's level: a change to string breaks JSON-encoded objects only; the serialisation is not known"],
  ['request-header-property-became-enum', 'breaking', 'callers sending another value are refused'],
  ['new-required-request-header-property', 'breaking', 'existing headers lack it'],
  ['request-header-property-became-required', 'breaking', 'existing headers may lack it'],
  ['new-required-request-default-parameter-to-existing-path', 'breaking', 'every operation of the path now needs it; existing calls do not send it'],
  ['new-optional-request-default-parameter-to-existing-path', 'info', 'existing calls still work'],
  ['request-parameter-x-extensible-enum-value-removed', 'breaking', 'the server no longer lists a value callers send'],
  ['request-property-x-extensible-enum-value-removed', 'breaking', 'the server no longer lists a value callers send'],
  ['response-property-x-extensible-enum-value-removed', 'info', 'readers of an open enum already handle any value; they receive less'],
  ['response-property-x-extensible-enum-value-added', 'info', 'an open enum: readers must accept values they do not know'],
  ['response-media-type-name-specialized', 'info', 'application/problem+json is still JSON: readers get a narrower kind'],
  ['response-media-type-name-generalized', 'breaking', 'readers may get bodies of a kind they cannot parse'],
  ['response-media-type-name-changed', 'warning', "oasdiff's level: the change cannot be ordered, so it may or may not break readers"],
  ['response-media-type-parameter-added', 'info', 'what the server may send only narrows'],
  ['response-media-type-parameter-removed', 'breaking', 'readers lose the promise the parameter made (a charset)'],
  ['response-media-type-parameter-changed', 'breaking', 'readers written for the old value (a charset) misread bodies'],
  ['response-mediatype-enum-value-removed', 'info', 'readers only receive less'],
  // shapes: annotation-only allOf members, oneOf wrappings, type swaps where values are text
  ['request-body-all-of-added-annotation-only', 'info', 'a member with only annotations constrains nothing (oasdiff: INFO)'],
  ['request-property-all-of-removed-annotation-only', 'info', 'a member with only annotations constrained nothing (oasdiff: INFO)'],
  ['response-body-all-of-removed-annotation-only', 'info', 'a member with only annotations constrained nothing (oasdiff: INFO)'],
  ['response-property-all-of-added-annotation-only', 'info', 'a member with only annotations constrains nothing (oasdiff: INFO)'],
  ['request-body-all-of-added', 'breaking', 'a member with constraints narrows what the server accepts'],
  ['request-body-wrapped-in-one-of', 'breaking', 'a body valid before may match no alternative, or several, which oneOf refuses (oasdiff: ERR)'],
  ['response-body-wrapped-in-one-of', 'breaking', 'readers built for one object get alternatives none of which is that object (oasdiff: ERR)'],
  ['request-body-wrapped-in-one-of-original-preserved', 'warning', 'the original still matches, unless it also matches another alternative (oasdiff: WARN)'],
  ['request-body-type-compatible', 'info', 'in XML or text any value can be sent as a string (oasdiff: INFO)'],
  ['request-property-type-compatible', 'info', 'in XML or text any value can be sent as a string (oasdiff: INFO)'],
  ['response-body-type-compatible', 'info', 'readers of a non-JSON string read the new value as text (oasdiff: INFO)'],
  ['response-property-type-compatible', 'info', 'readers of a non-JSON string read the new value as text (oasdiff: INFO)'],
  ['response-header-type-compatible', 'info', 'a header value is text on the wire (oasdiff: INFO)'],
  ['response-header-type-changed', 'breaking', 'a header that was a number becomes a string readers cannot parse as before'],
  // shapes: generic x- extensions are info wherever they sit
  ['request-parameter-extension-added', 'info', 'an unknown extension says nothing a client can rely on'],
  ['response-header-extension-removed', 'info', 'an unknown extension says nothing a client can rely on'],
  ['response-media-type-extension-changed', 'info', 'an unknown extension says nothing a client can rely on'],
  ['request-property-extension-changed', 'info', 'an unknown extension says nothing a client can rely on'],
  ['response-body-schema-extension-added', 'info', 'an unknown extension says nothing a client can rely on'],
  ['schema-extension-removed', 'info', 'an unknown extension says nothing a client can rely on'],
  ['api-info-extension-changed', 'info', 'an unknown extension says nothing a client can rely on'],
  ['api-path-extension-added', 'info', 'an unknown extension says nothing a client can rely on'],
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
  // shapes: every generic x- extension rule (an extension has no meaning on the wire; known ones have their own rules)
  ...['added', 'removed', 'changed'].flatMap((change) => [
    ...['api', 'request-parameter', 'request-body', 'request-body-media-type', 'response', 'response-media-type', 'response-header', 'api-document', 'api-info', 'api-path', 'api-tag', 'api-server'].map((place) => `${place}-extension-${change}`),
    ...['request-parameter', 'request-body', 'response-body', 'response-header'].map((prefix) => `${prefix}-schema-extension-${change}`),
    ...['request-property', 'response-property', 'schema'].map((prefix) => `${prefix}-extension-${change}`),
  ]),
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
