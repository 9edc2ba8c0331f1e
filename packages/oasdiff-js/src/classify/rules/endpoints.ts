import type { OperationFact } from '../../diff/tree.js';
import { documentationOnly, type Action, type Direction, type Group, type Level, type RuleDefinition } from '../types.js';

type OpFact = Exclude<OperationFact, { kind: 'schema' }>;

function endpointRule(id: string, level: Level, action: Action, description: string, match: (d: import('../../diff/tree.js').OperationDiff) => boolean): RuleDefinition {
  const key = `endpoint:${action === 'added' ? 'added' : 'removed'}`;
  return { id, level, direction: 'none', action, group: 'endpoints', description, documentation: false, on: 'endpoint', key, match: (f) => f.kind === 'endpoint' && match(f.diff) };
}

/** A rule on an operation-level fact of kind `K` (`key` = `operation:<K>`). */
export function operationRule<K extends OpFact['kind']>(
  kind: K,
  id: string,
  level: Level,
  direction: Direction,
  action: Action,
  group: Group,
  description: string,
  match: (fact: Extract<OpFact, { kind: K }>) => boolean,
): RuleDefinition {
  return { id, level, direction, action, group, description, documentation: false, on: 'operation', key: `operation:${kind}`, match: (f) => f.kind === 'operation' && f.fact.kind === kind && match(f.fact as Extract<OpFact, { kind: K }>) };
}

export const endpointRules: RuleDefinition[] = [
  endpointRule('endpoint-added', 'info', 'added', 'An operation (method and path) was added.', (d) => d.change === 'added'),
  endpointRule('api-path-removed-without-deprecation', 'breaking', 'removed', 'A path lost its last operation without being deprecated first; clients calling it now get 404.', (d) => d.change === 'removed' && d.pathRemoved === true && !d.wasDeprecated),
  endpointRule('api-path-removed-with-deprecation', 'info', 'removed', 'A path was removed after its operation had been deprecated.', (d) => d.change === 'removed' && d.pathRemoved === true && d.wasDeprecated === true && d.sunsetRemoval === undefined),
  endpointRule('api-removed-without-deprecation', 'breaking', 'removed', 'An operation was removed (its path remains) without being deprecated first.', (d) => d.change === 'removed' && d.pathRemoved !== true && !d.wasDeprecated),
  endpointRule('api-removed-with-deprecation', 'info', 'removed', 'An operation was removed after being deprecated (its path remains).', (d) => d.change === 'removed' && d.pathRemoved !== true && d.wasDeprecated === true && d.sunsetRemoval === undefined),
  operationRule('deprecation', 'endpoint-deprecated', 'info', 'none', 'deprecated', 'deprecated', 'An operation was marked deprecated.', (f) => f.change === 'deprecated'),
  operationRule('deprecation', 'endpoint-reactivated', 'info', 'none', 'changed', 'deprecated', 'A deprecated operation is no longer deprecated.', (f) => f.change === 'reactivated'),
  operationRule('field', 'api-operation-id-added', 'info', 'none', 'added', 'endpoints', 'An operation gained an operationId.', (f) => f.field === 'operationId' && f.change === 'added'),
  operationRule('field', 'api-operation-id-removed', 'info', 'none', 'removed', 'endpoints', 'An operation lost its operationId.', (f) => f.field === 'operationId' && f.change === 'removed'),
  operationRule('field', 'api-operation-id-changed', 'warning', 'none', 'changed', 'endpoints', 'An operationId changed; generated clients rename the method.', (f) => f.field === 'operationId' && f.change === 'changed'),
  documentationOnly(operationRule('field', 'endpoint-summary-changed', 'info', 'none', 'changed', 'endpoints', 'The summary of an operation was added, changed or removed.', (f) => f.field === 'summary')),
  documentationOnly(operationRule('field', 'endpoint-description-changed', 'info', 'none', 'changed', 'endpoints', 'The description of an operation was added, changed or removed.', (f) => f.field === 'description')),
  // shapes: documentation only, like every generic extension rule (see rules/extensions.ts); the nodes inside an operation have their own families.
  documentationOnly(operationRule('extension', 'api-extension-added', 'info', 'none', 'added', 'endpoints', 'An operation gained an x- extension (compared generically; known extensions have their own rules).', (f) => f.change === 'added' && f.node === undefined)),
  documentationOnly(operationRule('extension', 'api-extension-removed', 'info', 'none', 'removed', 'endpoints', 'An operation lost an x- extension.', (f) => f.change === 'removed' && f.node === undefined)),
  documentationOnly(operationRule('extension', 'api-extension-changed', 'info', 'none', 'changed', 'endpoints', 'The value of an x- extension of an operation changed.', (f) => f.change === 'changed' && f.node === undefined)),
  operationRule('stability', 'api-stability-decreased', 'breaking', 'none', 'changed', 'endpoints', 'The x-stability-level of an operation decreased (stable → beta → alpha → draft); clients relying on its stability lose that promise.', (f) => f.change === 'decreased'),
  operationRule('stability', 'api-stability-increased', 'info', 'none', 'changed', 'endpoints', 'The x-stability-level of an operation increased towards stable.', (f) => f.change === 'increased'),
  operationRule('stability', 'api-invalid-stability-level', 'breaking', 'none', 'changed', 'endpoints', 'The x-stability-level of an operation is not one of draft, alpha, beta or stable.', (f) => f.change === 'invalid'),
  operationRule('tag', 'api-tag-added', 'info', 'none', 'added', 'endpoints', 'An operation gained a tag.', (f) => f.change === 'added'),
  operationRule('tag', 'api-tag-removed', 'info', 'none', 'removed', 'endpoints', 'An operation lost a tag.', (f) => f.change === 'removed'),
  operationRule('permission', 'api-permission-added', 'warning', 'request', 'added', 'permissions', 'An operation now requires a permission (x-permission); callers without it are refused.', (f) => f.change === 'added'),
  operationRule('permission', 'api-permission-removed', 'info', 'request', 'removed', 'permissions', 'An operation no longer declares a required permission (x-permission).', (f) => f.change === 'removed'),
  operationRule('permission', 'api-permission-changed', 'warning', 'request', 'changed', 'permissions', 'The permission an operation requires (x-permission) changed.', (f) => f.change === 'changed'),
  operationRule('security', 'api-security-added', 'info', 'request', 'added', 'security', 'An operation gained a security requirement.', (f) => f.change === 'added'),
  operationRule('security', 'api-security-removed', 'breaking', 'request', 'removed', 'security', 'An operation lost a security requirement.', (f) => f.change === 'removed'),
  operationRule('security', 'api-security-scope-added', 'breaking', 'request', 'added', 'security', 'A security requirement of an operation needs an additional scope; tokens without it are refused.', (f) => f.change === 'scope-added'),
  operationRule('security', 'api-security-scope-removed', 'info', 'request', 'removed', 'security', 'A security requirement of an operation needs one scope fewer.', (f) => f.change === 'scope-removed'),
];
