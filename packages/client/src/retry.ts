/**
 * When and how long to wait before retrying. Pure functions: the transport (transport.ts) applies them.
 */

/** Retry settings; `retry: false` in the client options turns retries off. */
export interface RetryOptions {
  /** Retries after the first attempt (so `2` means at most 3 attempts). Default 2. */
  retries?: number;
  /** Base of the exponential backoff, in milliseconds. Default 250. */
  minDelayMs?: number;
  /** Cap of any single wait, including one asked for by `Retry-After`. Default 10000. */
  maxDelayMs?: number;
  /**
   * Methods that may be retried; a subset of GET, HEAD, OPTIONS, PUT, DELETE (the idempotent
   * methods of RFC 9110 §9.2.2). POST and PATCH are refused: a retried POST could create a
   * second token, or rotate one twice (rotating invalidates the previous value at once).
   */
  methods?: readonly string[];
  /** Called before each wait, e.g. to log retries. */
  onRetry?: (event: RetryEvent) => void;
}

export interface RetryEvent {
  /** 1 for the first retry. */
  attempt: number;
  delayMs: number;
  method: string;
  url: string;
  /** The status that caused the retry, or undefined after a network error. */
  status: number | undefined;
}

export interface RetryPolicy {
  retries: number;
  minDelayMs: number;
  maxDelayMs: number;
  methods: ReadonlySet<string>;
  onRetry: ((event: RetryEvent) => void) | undefined;
}

export const IDEMPOTENT_METHODS: readonly string[] = ['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE'];

export const DEFAULT_RETRY = { retries: 2, minDelayMs: 250, maxDelayMs: 10_000 } as const;

/** Validates the `retry` option; `false` gives a policy with no retries. */
export function resolveRetryPolicy(options: RetryOptions | false | undefined): RetryPolicy {
  if (options === false) return { ...DEFAULT_RETRY, retries: 0, methods: new Set(), onRetry: undefined };
  const retries = options?.retries ?? DEFAULT_RETRY.retries;
  const minDelayMs = options?.minDelayMs ?? DEFAULT_RETRY.minDelayMs;
  const maxDelayMs = options?.maxDelayMs ?? DEFAULT_RETRY.maxDelayMs;
  if (!Number.isInteger(retries) || retries < 0) throw new TypeError(`retry.retries must be a whole number ≥ 0, got ${retries}`);
  for (const [name, value] of [['minDelayMs', minDelayMs], ['maxDelayMs', maxDelayMs]] as const) {
    if (!Number.isFinite(value) || value < 0) throw new TypeError(`retry.${name} must be a number ≥ 0, got ${value}`);
  }
  const methods = (options?.methods ?? IDEMPOTENT_METHODS).map((method) => method.toUpperCase());
  const refused = methods.filter((method) => !IDEMPOTENT_METHODS.includes(method));
  if (refused.length > 0) {
    throw new TypeError(`retry.methods may only name idempotent methods (${IDEMPOTENT_METHODS.join(', ')}); refused: ${refused.join(', ')}`);
  }
  return { retries, minDelayMs, maxDelayMs, methods: new Set(methods), onRetry: options?.onRetry };
}

/** 429 Too Many Requests and every 5xx are worth another try; other statuses will not change. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || (status >= 500 && status <= 599);
}

/**
 * "Full jitter" backoff: a uniform wait in [0, min(max, min·2^(attempt-1))). Spreading retries
 * over the whole window keeps many clients that failed together from retrying together.
 * `attempt` is 1 for the first retry; `random` returns a number in [0, 1).
 */
export function backoffDelay(attempt: number, policy: Pick<RetryPolicy, 'minDelayMs' | 'maxDelayMs'>, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.minDelayMs * 2 ** (attempt - 1));
  return Math.floor(random() * ceiling);
}

/**
 * Milliseconds asked for by a `Retry-After` header (RFC 9110 §10.2.3): either delay-seconds or an
 * HTTP-date. Undefined when the header is absent or unreadable; never negative.
 */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // Every HTTP-date form names a month; without this, Date.parse would read "-1" as a year.
  if (!/[a-z]{3}/i.test(text)) return undefined;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** The wait before retry number `attempt`: the server's `Retry-After` when given, else backoff; capped. */
export function retryDelay(attempt: number, policy: RetryPolicy, retryAfterMs: number | undefined, random?: () => number): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, policy.maxDelayMs);
  return backoffDelay(attempt, policy, random);
}
