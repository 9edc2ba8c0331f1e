import { documentationOnly, type Level, type RuleDefinition } from '../types.js';
import { operationRule } from './endpoints.js';
import { refine } from './parameters.js';

/**
 * Form and multipart `encoding` entries say how each property is serialised. A sender encoding a part
 * the old way is misread by a server that expects the new way (and a reader of a response the same),
 * so content type, style and explode changes break; allowReserved only widens or narrows escaping.
 */
function encodingRules(where: 'request' | 'response'): RuleDefinition[] {
  const prefix = where === 'request' ? 'request-body' : 'response-body';
  const body = where === 'request' ? 'the request body' : 'a response';
  const rule = (change: Extract<import('../../diff/tree.js').OperationFact, { kind: 'encoding' }>['change'], id: string, level: Level, description: string) =>
    operationRule('encoding', `${prefix}-${id}`, level, where, 'changed', 'endpoints', description, (f) => f.where === where && f.change === change);
  return [
    rule('content-type-changed', 'encoding-content-type-changed', 'breaking', `The content type of a form or multipart part of ${body} (encoding.contentType) changed.`),
    rule('style-changed', 'encoding-style-changed', 'breaking', `The serialisation style of a form part of ${body} (encoding.style, default form) changed.`),
    rule('explode-changed', 'encoding-explode-changed', 'breaking', `Whether a form part of ${body} is exploded (encoding.explode, default from style) changed.`),
    rule('allow-reserved-changed', 'encoding-allow-reserved-changed', where === 'request' ? 'warning' : 'info', `Whether a form part of ${body} may carry reserved characters unescaped (encoding.allowReserved) changed.`),
    rule('headers-changed', 'encoding-headers-changed', 'info', `The headers declared for a multipart part of ${body} (encoding.headers) changed.`),
  ];
}

export const bodyRules: RuleDefinition[] = [
  operationRule('request-body', 'request-body-added-required', 'breaking', 'request', 'added', 'endpoints', 'A required request body was added.', (f) => f.change === 'added' && f.required),
  operationRule('request-body', 'request-body-added-optional', 'info', 'request', 'added', 'endpoints', 'An optional request body was added.', (f) => f.change === 'added' && !f.required),
  operationRule('request-body', 'request-body-removed', 'breaking', 'request', 'removed', 'endpoints', 'The request body was removed.', (f) => f.change === 'removed'),
  operationRule('request-body', 'request-body-became-required', 'breaking', 'request', 'changed', 'endpoints', 'The request body became required.', (f) => f.change === 'became-required'),
  operationRule('request-body', 'request-body-became-optional', 'info', 'request', 'changed', 'endpoints', 'The request body became optional.', (f) => f.change === 'became-optional'),
  operationRule('media-type', 'request-body-media-type-added', 'info', 'request', 'added', 'endpoints', 'The request body accepts an additional media type.', (f) => f.where === 'request' && f.change === 'added'),
  operationRule('media-type', 'request-body-media-type-removed', 'breaking', 'request', 'removed', 'endpoints', 'The request body no longer accepts a media type.', (f) => f.where === 'request' && f.change === 'removed'),
  documentationOnly(operationRule('media-type', 'request-body-examples-changed', 'info', 'request', 'changed', 'endpoints', 'The example or examples of a request body media type were added, changed or removed.', (f) => f.where === 'request' && f.change === 'examples-changed')),
  // oasdiff's levels: a schema added to a request media type constrains what senders may send; removed from a response, readers lose what they relied on.
  operationRule('media-type', 'request-body-media-type-schema-added', 'breaking', 'request', 'added', 'endpoints', 'A request body media type that declared no schema gained one; bodies it accepted may now be refused.', (f) => f.where === 'request' && f.change === 'schema-added'),
  operationRule('media-type', 'request-body-media-type-schema-removed', 'info', 'request', 'removed', 'endpoints', 'A request body media type lost its schema; any body is accepted.', (f) => f.where === 'request' && f.change === 'schema-removed'),
  operationRule('media-type', 'response-body-media-type-schema-added', 'info', 'response', 'added', 'endpoints', 'A response media type that declared no schema gained one.', (f) => f.where === 'response' && f.change === 'schema-added'),
  operationRule('media-type', 'response-body-media-type-schema-removed', 'breaking', 'response', 'removed', 'endpoints', 'A response media type lost its schema; its body may be anything.', (f) => f.where === 'response' && f.change === 'schema-removed'),
  ...encodingRules('request'),
  ...encodingRules('response'),
  operationRule('response', 'response-success-status-added', 'info', 'response', 'added', 'endpoints', 'A success (2xx) response status was added.', (f) => f.change === 'added' && /^2/.test(f.status)),
  operationRule('response', 'response-success-status-removed', 'breaking', 'response', 'removed', 'endpoints', 'A success (2xx) response status was removed.', (f) => f.change === 'removed' && /^2/.test(f.status)),
  operationRule('response', 'response-non-success-status-added', 'info', 'response', 'added', 'endpoints', 'A non-success response status was added.', (f) => f.change === 'added' && !/^2/.test(f.status)),
  operationRule('response', 'response-non-success-status-removed', 'info', 'response', 'removed', 'endpoints', 'A non-success response status was removed.', (f) => f.change === 'removed' && !/^2/.test(f.status)),
  documentationOnly(operationRule('response', 'response-description-changed', 'info', 'response', 'changed', 'endpoints', 'The description of a response was added, changed or removed.', (f) => f.change === 'description-changed')),
  operationRule('media-type', 'response-media-type-added', 'info', 'response', 'added', 'endpoints', 'A response gained a media type.', (f) => f.where === 'response' && f.change === 'added'),
  operationRule('media-type', 'response-media-type-removed', 'breaking', 'response', 'removed', 'endpoints', 'A response lost a media type that clients may request.', (f) => f.where === 'response' && f.change === 'removed'),
  // props: a response media type replaced by a related one (oasdiff pairs them by containment): a more specific name
  // only narrows what readers get, a more general one may bring bodies they cannot parse; parameters likewise.
  operationRule('media-type', 'response-media-type-name-specialized', 'info', 'response', 'changed', 'endpoints', 'A response media type was replaced by a more specific one (`application/json` → `application/problem+json`).', (f) => f.where === 'response' && f.change === 'name-specialized'),
  operationRule('media-type', 'response-media-type-name-generalized', 'breaking', 'response', 'changed', 'endpoints', 'A response media type was replaced by a more general one (`application/problem+json` → `application/json`); readers may get bodies they cannot parse.', (f) => f.where === 'response' && f.change === 'name-generalized'),
  operationRule('media-type', 'response-media-type-name-changed', 'warning', 'response', 'changed', 'endpoints', 'A response media type was replaced by a related one in a way that cannot be ordered (its parameters changed in several ways, or with its name).', (f) => f.where === 'response' && f.change === 'name-changed'),
  operationRule('media-type', 'response-media-type-parameter-added', 'info', 'response', 'changed', 'endpoints', 'A response media type gained a parameter (`charset`); what the server may send only narrows.', (f) => f.where === 'response' && f.change === 'parameter-added'),
  operationRule('media-type', 'response-media-type-parameter-removed', 'breaking', 'response', 'changed', 'endpoints', 'A response media type lost a parameter (`charset`); readers relying on it may get bodies they cannot read.', (f) => f.where === 'response' && f.change === 'parameter-removed'),
  operationRule('media-type', 'response-media-type-parameter-changed', 'breaking', 'response', 'changed', 'endpoints', 'The value of a parameter of a response media type changed (`charset=utf-8` → `utf-16`); readers written for the old value misread bodies.', (f) => f.where === 'response' && f.change === 'parameter-changed'),
  documentationOnly(operationRule('media-type', 'response-examples-changed', 'info', 'response', 'changed', 'endpoints', 'The example or examples of a response media type were added, changed or removed.', (f) => f.where === 'response' && f.change === 'examples-changed')),
  operationRule('response-header', 'response-header-added', 'info', 'response', 'added', 'endpoints', 'A response header was added.', (f) => f.change === 'added'),
  operationRule('response-header', 'required-response-header-removed', 'breaking', 'response', 'removed', 'endpoints', 'A required response header was removed.', (f) => f.change === 'removed' && f.required),
  operationRule('response-header', 'optional-response-header-removed', 'info', 'response', 'removed', 'endpoints', 'An optional response header was removed.', (f) => f.change === 'removed' && !f.required),
  operationRule('response-header', 'response-header-became-optional', 'breaking', 'response', 'changed', 'endpoints', 'A response header that was always sent may now be missing.', (f) => f.change === 'became-optional'),
  operationRule('response-header', 'response-header-became-required', 'info', 'response', 'changed', 'endpoints', 'A response header is now always sent.', (f) => f.change === 'became-required'),
];

// props: oasdiff's id for an enum value removed at the root of a response media type's schema (use sites
// only: a component schema's root may be any property's type, so it keeps the response-body id).
refine('response-body-enum-value-removed', 'response-mediatype-enum-value-removed', 'info', 'The schema of a response media type lost an enum value at its root; readers only receive less.', (f) => f.kind === 'schema' && f.scope?.at === 'response-body');
// The rest of oasdiff's `response-mediatype-*` enum family, read the same way (use sites only).
refine('response-body-enum-value-added', 'response-mediatype-enum-value-added', 'breaking', 'The schema of a response media type gained an enum value at its root; readers that switch over all values may not handle it.', (f) => f.kind === 'schema' && f.scope?.at === 'response-body');
refine('response-body-became-enum', 'response-mediatype-became-enum', 'info', 'The schema of a response media type was restricted to an enum at its root; readers only receive less.', (f) => f.kind === 'schema' && f.scope?.at === 'response-body');
refine('response-body-became-not-enum', 'response-mediatype-became-not-enum', 'breaking', 'The schema of a response media type is no longer restricted to an enum at its root; readers may receive values they do not know.', (f) => f.kind === 'schema' && f.scope?.at === 'response-body');
