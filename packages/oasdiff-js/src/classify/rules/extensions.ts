/**
 * Generic extension rules: every `x-` extension other than the known ones (`knownExtensions` in
 * diff/extensions.ts, each with rules of its own) is compared by value wherever it sits, as info.
 *
 * They are documentation only. The OpenAPI specification gives an extension no meaning on the wire:
 * what it does is up to a tool (an SDK generator, a gateway, a docs site), and the ones this engine
 * knows a meaning for have their own rules, with a level. The ground truth the engine is accounted
 * against (../shared/tools/groundtruth) classes `x-` keys with descriptions and examples for the same
 * reason. So these changes are listed, and kept out of migration counts and version bumps.
 *
 * Ids follow the operation family (`api-extension-added|removed|changed`): `<place>-extension-<change>`.
 * Schema extensions are in the schema families (`<prefix>-schema-extension-<change>`, rules/schema.ts).
 */
import type { DocumentFact, OperationFact } from '../../diff/tree.js';
import type { Direction, RuleDefinition } from '../types.js';

type Change = 'added' | 'removed' | 'changed';
const changes: Change[] = ['added', 'removed', 'changed'];
const verb = (c: Change) => (c === 'added' ? 'gained' : c === 'removed' ? 'lost' : 'changed the value of');

type OperationNode = NonNullable<Extract<OperationFact, { kind: 'extension' }>['node']>;
const operationNodes: Array<[OperationNode, string, Direction, string]> = [
  ['parameter', 'request-parameter', 'request', 'A request parameter'],
  ['request-body', 'request-body', 'request', 'A request body'],
  ['request-media-type', 'request-body-media-type', 'request', 'A media type of a request body'],
  ['response', 'response', 'response', 'A response (or the responses map of an operation)'],
  ['response-media-type', 'response-media-type', 'response', 'A media type of a response'],
  ['response-header', 'response-header', 'response', 'A response header'],
];

type DocumentNode = Extract<DocumentFact, { kind: 'extension' }>['node'];
const documentNodes: Array<[DocumentNode, string, string]> = [
  ['document', 'api-document', 'The document root'],
  ['info', 'api-info', 'The info object'],
  ['paths', 'api-paths', 'The paths object'],
  ['components', 'api-components', 'The components object'],
  ['security-scheme', 'api-security-scheme', 'A security scheme'],
  ['path', 'api-path', 'A path item'],
  ['tag', 'api-tag', 'A tag definition (the top-level tags list)'],
  ['server', 'api-server', 'A server'],
];

export const extensionRules: RuleDefinition[] = [
  ...operationNodes.flatMap(([node, prefix, direction, noun]) =>
    changes.map(
      (change): RuleDefinition => ({
        id: `${prefix}-extension-${change}`,
        level: 'info',
        direction,
        action: change,
        group: 'info',
        description: `${noun} ${verb(change)} an x- extension (compared generically; known extensions have their own rules).`,
        documentation: true,
        on: 'operation',
        key: 'operation:extension',
        match: (f) => f.kind === 'operation' && f.fact.kind === 'extension' && f.fact.node === node && f.fact.change === change,
      }),
    ),
  ),
  ...documentNodes.flatMap(([node, prefix, noun]) =>
    changes.map(
      (change): RuleDefinition => ({
        id: `${prefix}-extension-${change}`,
        level: 'info',
        direction: 'none',
        action: change,
        group: 'info',
        description: `${noun} ${verb(change)} an x- extension (compared generically; known extensions have their own rules).`,
        documentation: true,
        on: 'document',
        key: 'document:extension',
        match: (f) => f.kind === 'document' && f.fact.kind === 'extension' && f.fact.node === node && f.fact.change === change,
      }),
    ),
  ),
];
