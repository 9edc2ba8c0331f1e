import { documentationOnly, type RuleDefinition } from '../types.js';
import { operationRule } from './endpoints.js';

export const parameterRules: RuleDefinition[] = [
  operationRule('parameter', 'new-request-path-parameter', 'breaking', 'request', 'added', 'parameters', 'A path parameter was added; existing URLs no longer match.', (f) => f.change === 'added' && f.new?.in === 'path'),
  operationRule('parameter', 'new-required-request-parameter', 'breaking', 'request', 'added', 'parameters', 'A required query, header or cookie parameter was added; requests without it fail.', (f) => f.change === 'added' && f.new?.in !== 'path' && f.new?.required === true),
  operationRule('parameter', 'new-optional-request-parameter', 'info', 'request', 'added', 'parameters', 'An optional parameter was added.', (f) => f.change === 'added' && f.new?.in !== 'path' && f.new?.required !== true),
  operationRule('parameter', 'request-parameter-removed', 'warning', 'request', 'removed', 'parameters', 'A parameter was removed; clients still sending it may be ignored or refused.', (f) => f.change === 'removed' && f.old?.deprecated !== true),
  operationRule('parameter', 'request-parameter-removed-with-deprecation', 'info', 'request', 'removed', 'parameters', 'A parameter that had been deprecated was removed.', (f) => f.change === 'removed' && f.old?.deprecated === true),
  operationRule('parameter', 'request-parameter-renamed', 'breaking', 'request', 'changed', 'parameters', 'A query, header or cookie parameter was renamed (declared, or inferred when unambiguous).', (f) => f.change === 'renamed' && f.new?.in !== 'path'),
  operationRule('parameter', 'request-path-parameter-renamed', 'info', 'request', 'changed', 'parameters', 'A path variable was renamed (`/orgs/{org_id}` → `/orgs/{org}`): the URL a caller sends is unchanged, so HTTP callers are unaffected, but typed SDKs that name path parameters break at compile time.', (f) => f.change === 'renamed' && f.new?.in === 'path'),
  operationRule('parameter', 'request-parameter-became-required', 'breaking', 'request', 'changed', 'parameters', 'An optional parameter became required.', (f) => f.change === 'became-required'),
  operationRule('parameter', 'request-parameter-became-optional', 'info', 'request', 'changed', 'parameters', 'A required parameter became optional.', (f) => f.change === 'became-optional'),
  operationRule('parameter', 'request-parameter-deprecated', 'info', 'request', 'deprecated', 'deprecated', 'A parameter was marked deprecated.', (f) => f.change === 'deprecated'),
  operationRule('parameter', 'request-parameter-reactivated', 'info', 'request', 'changed', 'deprecated', 'A deprecated parameter is no longer deprecated.', (f) => f.change === 'reactivated'),
  documentationOnly(operationRule('parameter', 'request-parameter-description-changed', 'info', 'request', 'changed', 'parameter-descriptions', 'The description of a parameter changed.', (f) => f.change === 'description-changed')),
  operationRule('parameter', 'request-parameter-style-changed', 'breaking', 'request', 'changed', 'parameters', 'The serialisation style of a parameter changed (defaults included); clients keep encoding values the old way.', (f) => f.change === 'style-changed'),
  operationRule('parameter', 'request-parameter-explode-changed', 'breaking', 'request', 'changed', 'parameters', 'Whether an array or object parameter is exploded changed (defaults included); clients keep encoding values the old way.', (f) => f.change === 'explode-changed'),
  documentationOnly(operationRule('parameter', 'request-parameter-examples-changed', 'info', 'request', 'changed', 'parameters', 'The example or examples of a parameter were added, changed or removed.', (f) => f.change === 'examples-changed')),
  operationRule('parameter-order', 'request-parameter-order-changed', 'info', 'request', 'changed', 'parameters', 'Parameters present on both sides appear in a different order (matching is by name, so this is not a rename).', () => true),
];
