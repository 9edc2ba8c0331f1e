/**
 * The mock's limits, in one place (docs/limits.md repeats them). Each can be changed through
 * `startMockServer` options; tests check each one at the limit and just past it.
 */
export const DEFAULT_LIMITS = {
  /** Largest request body; a longer one is answered 413 without being buffered. */
  maxBodyBytes: 1024 * 1024,
  /** Largest request-line + header section (Node's `maxHeaderSize`); past it Node answers 431. */
  maxHeaderBytes: 16 * 1024,
  /** Time allowed for the complete header section (slow-loris sockets are closed after it). */
  headersTimeoutMs: 10_000,
  /** Time allowed for the whole request, body included. */
  requestTimeoutMs: 30_000,
  /** Idle time before a keep-alive connection is closed. */
  keepAliveTimeoutMs: 5_000,
  /** Open connections at once; further ones are closed at once by Node. */
  maxConnections: 256,
  /** Tokens kept (API and agent tokens together); creating more is refused with 400. */
  maxTokens: 10_000,
  /** Items per collection (Workspaces, Deployments, deploys of one Deployment, …); more is refused with 400. */
  maxItemsPerCollection: 10_000,
} as const;

export type Limits = { -readonly [K in keyof typeof DEFAULT_LIMITS]: number };
