import type { DocumentFact } from '../../diff/tree.js';
import { documentationOnly, type Action, type Group, type Level, type RuleDefinition } from '../types.js';

function documentRule<K extends DocumentFact['kind']>(kind: K, id: string, level: Level, action: Action, group: Group, description: string, match: (f: Extract<DocumentFact, { kind: K }>) => boolean): RuleDefinition {
  return { id, level, direction: 'none', action, group, description, documentation: false, on: 'document', key: `document:${kind}`, match: (f) => f.kind === 'document' && f.fact.kind === kind && match(f.fact as Extract<DocumentFact, { kind: K }>) };
}

export const documentRules: RuleDefinition[] = [
  documentRule('server', 'api-server-added', 'info', 'added', 'servers', 'A server URL was added.', (f) => f.change === 'added'),
  documentRule('server', 'api-server-removed', 'warning', 'removed', 'servers', 'A server URL was removed; clients configured with it must move.', (f) => f.change === 'removed'),
  documentationOnly(documentRule('info', 'api-title-changed', 'info', 'changed', 'info', 'The title of the API changed.', (f) => f.field === 'title')),
  documentRule('info', 'api-version-changed', 'info', 'changed', 'info', 'The version string of the API (info.version) changed.', (f) => f.field === 'version'),
  documentRule('global-security', 'api-global-security-added', 'info', 'added', 'security', 'A global security requirement was added.', (f) => f.change === 'added'),
  documentRule('global-security', 'api-global-security-removed', 'breaking', 'removed', 'security', 'A global security requirement was removed.', (f) => f.change === 'removed'),
  documentRule('global-security', 'api-global-security-scope-added', 'breaking', 'added', 'security', 'A global security requirement needs an additional scope.', (f) => f.change === 'scope-added'),
  documentRule('global-security', 'api-global-security-scope-removed', 'info', 'removed', 'security', 'A global security requirement needs one scope fewer.', (f) => f.change === 'scope-removed'),
  documentRule('webhook', 'webhook-added', 'info', 'added', 'endpoints', 'A webhook (OpenAPI 3.1 `webhooks`) was added.', (f) => f.change === 'added'),
  documentRule('webhook', 'webhook-removed', 'breaking', 'removed', 'endpoints', 'A webhook was removed; receivers built for it stop getting calls.', (f) => f.change === 'removed'),
  documentRule('oauth', 'api-security-component-oauth-scope-added', 'info', 'added', 'security', 'An OAuth 2 flow of a security scheme gained a scope.', (f) => f.change === 'scope-added'),
  documentRule('oauth', 'api-security-component-oauth-scope-removed', 'info', 'removed', 'security', 'An OAuth 2 flow of a security scheme lost a scope.', (f) => f.change === 'scope-removed'),
  documentationOnly(documentRule('oauth', 'api-security-component-oauth-scope-changed', 'info', 'changed', 'security', 'The description of a scope of an OAuth 2 flow changed.', (f) => f.change === 'scope-changed')),
  documentRule('oauth', 'api-security-component-oauth-token-url-changed', 'warning', 'changed', 'security', 'The token URL of an OAuth 2 flow changed.', (f) => f.change === 'token-url-changed'),
  documentRule('oauth', 'api-security-component-oauth-url-changed', 'warning', 'changed', 'security', 'The authorization URL of an OAuth 2 flow changed.', (f) => f.change === 'url-changed'),
  documentRule('component', 'api-component-added', 'info', 'added', 'info', 'A response, parameter, request body, header, link, callback or path item was added to components (operations that use it report their own changes).', (f) => f.change === 'added' && f.section !== 'examples'),
  documentRule('component', 'api-component-removed', 'info', 'removed', 'info', 'A response, parameter, request body, header, link, callback or path item was removed from components (operations that used it report their own changes).', (f) => f.change === 'removed' && f.section !== 'examples'),
  documentRule('component', 'api-component-changed', 'info', 'changed', 'info', 'A response, parameter, request body, header, link, callback or path item that no operation compares (none reaches it) changed.', (f) => f.change === 'changed' && f.section !== 'examples'),
  documentationOnly(documentRule('component', 'api-example-component-added', 'info', 'added', 'info', 'A named example was added to components.', (f) => f.change === 'added' && f.section === 'examples')),
  documentationOnly(documentRule('component', 'api-example-component-removed', 'info', 'removed', 'info', 'A named example was removed from components.', (f) => f.change === 'removed' && f.section === 'examples')),
  documentationOnly(documentRule('component', 'api-example-component-changed', 'info', 'changed', 'info', 'A named example in components changed (its summary, description or value); use sites refer to it by name.', (f) => f.change === 'changed' && f.section === 'examples')),
  documentRule('security-scheme', 'api-security-component-added', 'info', 'added', 'security', 'A security scheme was added to components.', (f) => f.change === 'added'),
  documentRule('security-scheme', 'api-security-component-removed', 'info', 'removed', 'security', 'A security scheme was removed from components.', (f) => f.change === 'removed'),
  documentRule('security-scheme', 'api-security-component-type-changed', 'breaking', 'changed', 'security', 'The type of a security scheme changed.', (f) => f.change === 'type-changed'),
];

export const componentRules: RuleDefinition[] = [
  { id: 'api-schema-added', level: 'info', direction: 'none', action: 'added', group: 'schemas', description: 'A schema was added to components.', documentation: false, on: 'component', key: 'component:added', match: (f) => f.kind === 'component' && f.diff.change === 'added' },
  { id: 'api-schema-removed', level: 'info', direction: 'none', action: 'removed', group: 'schemas', description: 'A schema was removed from components (operations that used it report their own changes).', documentation: false, on: 'component', key: 'component:removed', match: (f) => f.kind === 'component' && f.diff.change === 'removed' },
  { id: 'api-schema-renamed', level: 'info', direction: 'none', action: 'changed', group: 'schemas', description: 'A schema was renamed: declared with x-renamed-from or a rename hint, or inferred when exactly one schema was removed and one identical schema added.', documentation: false, on: 'component', key: 'component:renamed', match: (f) => f.kind === 'component' && f.diff.change === 'renamed' },
];
