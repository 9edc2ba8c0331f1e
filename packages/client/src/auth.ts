/** Where the bearer token comes from when the `token` option is absent. */
export const TOKEN_ENV_VAR = 'ASTRO_API_TOKEN';

/**
 * The `token` option: a string, or a function returning one (sync or async). A function is called
 * before every request, retries included, so a rotated token is picked up without a new client.
 */
export type TokenSource = string | (() => string | Promise<string>);

/** Gives the token of each request; remembers the values it gave out so errors can redact them. */
export interface TokenProvider {
  /** The token for the next request (validated). */
  get(): string | Promise<string>;
  /** Every value handed out so far (the last few, for redaction). */
  readonly seen: readonly string[];
}

/** How many token values are remembered for redaction (a rotating source hands out new ones). */
const REMEMBERED = 8;

/**
 * The token from the option, else from `ASTRO_API_TOKEN`. A missing or malformed static token fails
 * at construction, where the client is configured. Messages never echo the value.
 */
export function tokenProvider(option: TokenSource | undefined, factory: string): TokenProvider {
  if (typeof option === 'function') {
    const seen: string[] = [];
    const remember = (value: unknown): string => {
      const token = check(typeof value === 'string' ? value.trim() : '', factory, 'the token function', typeof value !== 'string');
      if (!seen.includes(token)) {
        seen.push(token);
        if (seen.length > REMEMBERED) seen.shift();
      }
      return token;
    };
    return {
      seen,
      get() {
        const value = option();
        return value instanceof Promise ? value.then(remember) : remember(value);
      },
    };
  }
  const fromEnv = typeof process === 'object' ? process.env?.[TOKEN_ENV_VAR] : undefined;
  const source = option !== undefined ? 'the token option' : TOKEN_ENV_VAR;
  const token = check((option ?? fromEnv ?? '').trim(), factory, source, false);
  const seen = [token];
  return { seen, get: () => token };
}

function check(token: string, factory: string, source: string, notString: boolean): string {
  if (notString) throw new TypeError(`${factory}: ${source} must return a string.`);
  if (token === '') {
    throw new TypeError(
      source === TOKEN_ENV_VAR || source === 'the token option'
        ? `${factory}: no API token. Pass { token } or set the ${TOKEN_ENV_VAR} environment variable.`
        : `${factory}: ${source} returned an empty token.`,
    );
  }
  // Header values may not hold control characters or spaces; fetch would reject them later with a
  // message that quotes the whole header, token included, so refuse them here without quoting.
  if (!/^[\x21-\x7e]+$/.test(token)) {
    throw new TypeError(`${factory}: ${source} holds characters that cannot be sent in an HTTP header (spaces or control characters).`);
  }
  return token;
}
