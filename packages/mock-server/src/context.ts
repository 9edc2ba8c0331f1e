import type { RoleGrant } from './permissions.js';
import type { OperationInfo } from './spec.js';

/** Who made a request: the API token that authenticated it (its secret value is never kept). */
export interface Caller {
  readonly id: string;
  readonly name: string;
  readonly scope: 'ORGANIZATION' | 'WORKSPACE' | 'DEPLOYMENT';
  /** The Organization, Workspace or Deployment the token belongs to. */
  readonly entityId: string;
  readonly roles: readonly RoleGrant[];
}

/** A validated request on its way to a handler. */
export interface RequestContext {
  readonly operation: OperationInfo;
  readonly pathParams: Readonly<Record<string, string>>;
  /** Query values after Ajv coercion and defaults (`offset`, `limit`). */
  readonly query: Readonly<Record<string, unknown>>;
  readonly body: unknown;
  /** The API token that authenticated the request; undefined only for operations without security. */
  readonly caller: Caller | undefined;
  readonly now: Date;
}

export interface Reply {
  readonly status: number;
  readonly body?: unknown;
  /** Defaults to the media type the spec declares for the status (JSON for objects). */
  readonly contentType?: string;
}

/** The status an operation answers with on success: its first declared 2xx. */
export function successStatus(operation: OperationInfo): number {
  const found = operation.responses.map((r) => r.status).find((s) => /^2\d\d$/.test(s));
  return found ? Number(found) : 200;
}

/** The schema pointer of the JSON body of a declared status, if any. */
export function responseSchema(operation: OperationInfo, status: number): { mediaType: string; pointer: string | undefined } | undefined {
  const response =
    operation.responses.find((r) => r.status === String(status)) ??
    operation.responses.find((r) => r.status === `${String(status)[0]}XX`) ??
    operation.responses.find((r) => r.status === 'default');
  if (!response) return undefined;
  const [mediaType, pointer] = [...response.content][0] ?? [];
  return mediaType === undefined ? { mediaType: '', pointer: undefined } : { mediaType, pointer };
}
