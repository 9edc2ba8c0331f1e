import type { Reply } from './context.js';
import type { OperationInfo } from './spec.js';

/**
 * Drift mode (`astro-api-mock --drift`, `startMockServer({ drift: true })`): the mock breaks its own
 * contract in five known ways, each on one known read operation, so that tools meant to catch a server
 * drifting from its spec (the conformance runner, the validating proxy) can be shown to catch each one.
 * Only successful answers of these operations change; everything else is served as usual.
 *
 * | operation        | APIs                  | drift                                                        |
 * |------------------|-----------------------|--------------------------------------------------------------|
 * | GetWorkspace     | v1, v1beta1-platform  | required property `createdAt` left out                       |
 * | ListWorkspaces   | v1, v1beta1-platform  | `totalCount` sent as a string (wrong type)                   |
 * | GetOrganization  | v1, v1beta1-platform  | status 203, which the operation does not declare             |
 * | ListUsers        | v1, v1beta1-iam       | `users[*].status` is `DORMANT`, a value the enum does not have |
 * | ListRoles        | v1, v1beta1-iam       | the JSON body sent as `text/plain` (wrong content type)      |
 */
export interface Drift {
  operationId: string;
  kind: 'missing-required' | 'wrong-type' | 'undeclared-status' | 'unknown-enum-value' | 'wrong-content-type';
  description: string;
  apply(reply: Reply): Reply;
}

type Body = Record<string, unknown>;

const objectBody = (reply: Reply): Body | undefined =>
  reply.body !== null && typeof reply.body === 'object' && !Array.isArray(reply.body) && !Buffer.isBuffer(reply.body) ? (reply.body as Body) : undefined;

export const DRIFTS: readonly Drift[] = [
  {
    operationId: 'GetWorkspace',
    kind: 'missing-required',
    description: 'the Workspace lacks its required `createdAt`',
    apply(reply) {
      const body = objectBody(reply);
      if (!body) return reply;
      const { createdAt: _left, ...rest } = body;
      return { ...reply, body: rest };
    },
  },
  {
    operationId: 'ListWorkspaces',
    kind: 'wrong-type',
    description: '`totalCount` is a string, not an integer',
    apply: (reply) => (objectBody(reply) ? { ...reply, body: { ...objectBody(reply), totalCount: String(objectBody(reply)!.totalCount) } } : reply),
  },
  {
    operationId: 'GetOrganization',
    kind: 'undeclared-status',
    description: 'answers 203, a status the operation does not declare',
    apply: (reply) => ({ ...reply, status: 203 }),
  },
  {
    operationId: 'ListUsers',
    kind: 'unknown-enum-value',
    description: 'every user has `status: DORMANT`, a value the enum does not list',
    apply(reply) {
      const body = objectBody(reply);
      if (!body || !Array.isArray(body.users)) return reply;
      return { ...reply, body: { ...body, users: body.users.map((user) => ({ ...(user as Body), status: 'DORMANT' })) } };
    },
  },
  {
    operationId: 'ListRoles',
    kind: 'wrong-content-type',
    description: 'the JSON body is sent as text/plain',
    apply: (reply) => (reply.body === undefined ? reply : { ...reply, body: JSON.stringify(reply.body), contentType: 'text/plain; charset=utf-8' }),
  },
];

/** The reply with its planted drift, if the operation has one and the reply is a success; otherwise as it was. */
export function applyDrift(operation: OperationInfo, reply: Reply): Reply {
  if (reply.status < 200 || reply.status >= 300) return reply;
  const drift = DRIFTS.find((d) => d.operationId === operation.operationId);
  return drift ? drift.apply(reply) : reply;
}
