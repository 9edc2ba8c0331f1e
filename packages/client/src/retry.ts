/**
 * When and how long to wait before retrying. Pure functions: the request pipeline (client.ts) applies them.
 */

/** Retry settings; `retry: false` in the client options turns retries off. */
export interface RetryOptions {
  /** Retries after the first attempt (so `2` means at most 3 attempts). Default 2. */
  retries?: number;
  /** Base of the exponential backoff, in milliseconds. Default 250. */
  minDelayMs?: number;
  /** Cap of one backoff wait (when the server sent no `Retry-After`). Default 10000. */
  maxDelayMs?: number;
  /**
   * Longest `Retry-After` the client waits for. A shorter one is honoured in full; when the server
   * asks for more, the client does not retry and gives back that response instead of coming back
   * earlier than asked. Default 60000.
   */
  maxRetryAfterMs?: number;
  /**
   * Methods whose 5xx answers and connection failures are retried; a subset of GET, HEAD, OPTIONS,
   * PUT, DELETE (the idempotent methods of RFC 9110 §9.2.2). POST and PATCH are refused: a retried
   * POST could create a second token, or rotate one twice. A 429 is retried for every method, as
   * the server refused it before doing any work.
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
  /** The `Retry-After` wait the server asked for, in milliseconds, if any. */
  retryAfterMs: number | undefined;
}

export interface RetryPolicy {
  retries: number;
  minDelayMs: number;
  maxDelayMs: number;
  maxRetryAfterMs: number;
  methods: ReadonlySet<string>;
  onRetry: ((event: RetryEvent) => void) | undefined;
}

export const IDEMPOTENT_METHODS: readonly string[] = ['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE'];

export const DEFAULT_RETRY = { retries: 2, minDelayMs: 250, maxDelayMs: 10_000, maxRetryAfterMs: 60_000 } as const;

export const NO_RETRY: RetryPolicy = Object.freeze({ ...DEFAULT_RETRY, retries: 0, methods: new Set<string>(), onRetry: undefined });

/** Validates the `retry` option; `false` gives a policy with no retries. */
export function resolveRetryPolicy(options: RetryOptions | false | undefined): RetryPolicy {
  if (options === false) return NO_RETRY;
  const retries = options?.retries ?? DEFAULT_RETRY.retries;
  const minDelayMs = options?.minDelayMs ?? DEFAULT_RETRY.minDelayMs;
  const maxDelayMs = options?.maxDelayMs ?? DEFAULT_RETRY.maxDelayMs;
  const maxRetryAfterMs = options?.maxRetryAfterMs ?? DEFAULT_RETRY.maxRetryAfterMs;
  if (!Number.isInteger(retries) || retries < 0) throw new TypeError(`retry.retries must be a whole number ≥ 0, got ${retries}`);
  for (const [name, value] of [['minDelayMs', minDelayMs], ['maxDelayMs', maxDelayMs], ['maxRetryAfterMs', maxRetryAfterMs]] as const) {
    if (!Number.isFinite(value) || value < 0) throw new TypeError(`retry.${name} must be a number ≥ 0, got ${value}`);
  }
  const methods = (options?.methods ?? IDEMPOTENT_METHODS).map((method) => method.toUpperCase());
  const refused = methods.filter((method) => !IDEMPOTENT_METHODS.includes(method));
  if (refused.length > 0) {
    throw new TypeError(`retry.methods may only name idempotent methods (${IDEMPOTENT_METHODS.join(', ')}); refused: ${refused.join(', ')}`);
  }
  return { retries, minDelayMs, maxDelayMs, maxRetryAfterMs, methods: new Set(methods), onRetry: options?.onRetry };
}

/**
 * Whether a status is worth another try of this method: 429 for every method (the request was
 * refused before any work); 5xx for the policy's idempotent methods, except 501 Not Implemented and
 * 505 HTTP Version Not Supported, which will not change. Other statuses are final.
 */
export function isRetryable(status: number, method: string, policy: Pick<RetryPolicy, 'methods'>): boolean {
  if (status === 429) return true;
  if (status < 500 || status > 599 || status === 501 || status === 505) return false;
  return policy.methods.has(method);
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

/**
 * The wait before retry number `attempt`: the server's `Retry-After` in full when given, else
 * backoff. `undefined` when the server asked for more than `maxRetryAfterMs` (do not retry).
 */
export function retryDelay(attempt: number, policy: RetryPolicy, retryAfterMs: number | undefined, random?: () => number): number | undefined {
  if (retryAfterMs !== undefined) return retryAfterMs <= policy.maxRetryAfterMs ? retryAfterMs : undefined;
  return backoffDelay(attempt, policy, random);
}
