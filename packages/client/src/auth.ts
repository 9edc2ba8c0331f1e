/** Where the bearer token comes from when the `token` option is absent. */
export const TOKEN_ENV_VAR = 'ASTRO_API_TOKEN';

/**
 * The token from the option, else from `ASTRO_API_TOKEN`. Fails at construction, not at the first
 * request, so a missing secret shows up where the client is configured. Messages never echo the value.
 */
export function resolveToken(option: string | undefined, factory: string): string {
  const fromEnv = typeof process === 'object' ? process.env?.[TOKEN_ENV_VAR] : undefined;
  const token = (option ?? fromEnv ?? '').trim();
  if (token === '') {
    throw new TypeError(`${factory}: no API token. Pass { token } or set the ${TOKEN_ENV_VAR} environment variable.`);
  }
  // Header values may not hold control characters or spaces; fetch would reject them later with a
  // message that quotes the whole header, token included, so refuse them here without quoting.
  if (!/^[\x21-\x7e]+$/.test(token)) {
    const source = option !== undefined ? 'the token option' : TOKEN_ENV_VAR;
    throw new TypeError(`${factory}: ${source} holds characters that cannot be sent in an HTTP header (spaces or control characters).`);
  }
  return token;
}
