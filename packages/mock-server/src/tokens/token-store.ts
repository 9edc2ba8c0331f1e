import type { Caller } from '../context.js';
import { HttpError } from '../http-error.js';
import { hashToken, newId, newTokenValue } from '../ids.js';
import type { RoleGrant } from '../permissions.js';
import { isoSeconds } from '../sample.js';

export type TokenScope = 'ORGANIZATION' | 'WORKSPACE' | 'DEPLOYMENT';

export interface TokenRole extends RoleGrant {
  readonly deploymentId?: string;
}

export interface Subject {
  id: string;
  subjectType: 'SERVICEKEY';
  apiTokenName: string;
}

/** An API token as the mock keeps it: the secret value itself is never stored, only its SHA-256. */
export interface TokenRecord extends Caller {
  readonly organizationId: string;
  name: string;
  description: string;
  readonly kind: 'STANDARD' | 'DIRECT_ACCESS';
  roles: TokenRole[];
  hash: string;
  shortToken: string;
  readonly createdAt: Date;
  updatedAt: Date;
  readonly startAt: Date;
  readonly endAt: Date | undefined;
  readonly expiryPeriodInDays: number | undefined;
  lastUsedAt: Date | undefined;
  lastRotatedAt: Date | undefined;
  readonly createdBy: Subject;
  updatedBy: Subject;
  /** Set for agent tokens: the Deployment whose remote workers use it. */
  readonly agentDeploymentId: string | undefined;
}

export interface IssueInput {
  name: string;
  description?: string | undefined;
  scope: TokenScope;
  entityId: string;
  kind?: TokenRecord['kind'] | undefined;
  roles: TokenRole[];
  expiryDays?: number | undefined;
  now: Date;
  createdBy?: Subject | undefined;
  agentDeploymentId?: string | undefined;
  value?: string | undefined;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Every token the mock issued (API and agent tokens), looked up by the SHA-256 of its value. At most
 * `maxTokens` are kept; `version` changes whenever something a list can filter or sort on changes, so
 * list orderings can be cached between mutations instead of sorting the whole store per request.
 */
export class TokenStore {
  private readonly tokens = new Map<string, TokenRecord>();
  private readonly byHash = new Map<string, string>();
  /** Hashes of every value ever issued (rotated and deleted ones too), so logs can recognise and redact them. */
  private readonly everIssued = new Set<string>();
  /** Lengths of every value ever issued (not the values), so logs can look for them as substrings. */
  private readonly lengths = new Set<number>();
  private changes = 0;
  readonly organizationId: string;
  readonly maxTokens: number;

  constructor(organizationId: string, maxTokens: number) {
    this.organizationId = organizationId;
    this.maxTokens = maxTokens;
  }

  get size(): number {
    return this.tokens.size;
  }

  get version(): number {
    return this.changes;
  }

  /** Records a change to a token that lists can see (name, roles, updatedAt, …). */
  changed(): void {
    this.changes++;
  }

  /** All tokens in creation order (a Map keeps insertion order). */
  all(): IterableIterator<TokenRecord> {
    return this.tokens.values();
  }

  get(id: string): TokenRecord | undefined {
    return this.tokens.get(id);
  }

  /** True when `value` is, or once was, a token this mock issued. */
  isTokenValue(value: string): boolean {
    return this.everIssued.has(hashToken(value));
  }

  valueLengths(): Iterable<number> {
    return this.lengths;
  }

  /** Creates a token and returns its record and the one-time secret value. */
  issue(input: IssueInput): { record: TokenRecord; value: string } {
    if (this.tokens.size >= this.maxTokens) throw new HttpError(400, `the mock keeps at most ${this.maxTokens} tokens; delete some first`);
    const value = input.value ?? newTokenValue();
    const id = newId();
    const subject = input.createdBy ?? { id, subjectType: 'SERVICEKEY' as const, apiTokenName: input.name };
    const record: TokenRecord = {
      id,
      organizationId: this.organizationId,
      name: input.name,
      description: input.description ?? '',
      scope: input.scope,
      entityId: input.entityId,
      kind: input.kind ?? 'STANDARD',
      roles: input.roles,
      hash: hashToken(value),
      shortToken: value.slice(0, 14),
      createdAt: input.now,
      updatedAt: input.now,
      startAt: input.now,
      endAt: input.expiryDays !== undefined ? new Date(input.now.getTime() + input.expiryDays * DAY_MS) : undefined,
      expiryPeriodInDays: input.expiryDays,
      lastUsedAt: undefined,
      lastRotatedAt: undefined,
      createdBy: subject,
      updatedBy: subject,
      agentDeploymentId: input.agentDeploymentId,
    };
    if (this.byHash.has(record.hash)) throw new Error('token value already in use');
    this.tokens.set(id, record);
    this.byHash.set(record.hash, id);
    this.everIssued.add(record.hash);
    this.lengths.add(value.length);
    this.changed();
    return { record, value };
  }

  /** Looks a bearer value up by its hash; refuses expired tokens and marks the token as used. */
  authenticate(value: string, now: Date): { token: TokenRecord } | { problem: string } {
    const id = this.byHash.get(hashToken(value));
    const token = id === undefined ? undefined : this.tokens.get(id);
    if (!token) return { problem: 'the bearer token is not valid (unknown, rotated or deleted)' };
    if (token.endAt && now.getTime() >= token.endAt.getTime()) return { problem: `the API token expired at ${isoSeconds(token.endAt)}` };
    if (now.getTime() < token.startAt.getTime()) return { problem: 'the API token is not valid yet' };
    token.lastUsedAt = now;
    return { token };
  }

  /** A new value for the token; the old hash is dropped at once, so the old value gets 401 from now on. */
  rotate(token: TokenRecord): string {
    const value = newTokenValue();
    this.byHash.delete(token.hash);
    token.hash = hashToken(value);
    token.shortToken = value.slice(0, 14);
    this.byHash.set(token.hash, token.id);
    this.everIssued.add(token.hash);
    this.lengths.add(value.length);
    this.changed();
    return value;
  }

  /** Deletion is permanent: the record and its hash are dropped, so the value can never authenticate again. */
  remove(token: TokenRecord): void {
    this.tokens.delete(token.id);
    this.byHash.delete(token.hash);
    this.changed();
  }
}

export function subjectOf(token: Caller): Subject {
  return { id: token.id, subjectType: 'SERVICEKEY', apiTokenName: token.name };
}
