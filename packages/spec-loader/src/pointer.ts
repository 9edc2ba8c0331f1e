/** JSON Pointer (RFC 6901) helpers. */

export function escapeToken(token: string | number): string {
  return String(token).replace(/~/g, '~0').replace(/\//g, '~1');
}

export function unescapeToken(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** Builds a pointer from tokens: `['paths', '/a/{b}', 'get']` → `/paths/~1a~1{b}/get`. */
export function toPointer(tokens: ReadonlyArray<string | number>): string {
  return tokens.length === 0 ? '' : '/' + tokens.map(escapeToken).join('/');
}

export function appendPointer(pointer: string, ...tokens: Array<string | number>): string {
  return pointer + tokens.map((t) => '/' + escapeToken(t)).join('');
}

export function parsePointer(pointer: string): string[] {
  if (pointer === '' || pointer === '/') return [];
  if (!pointer.startsWith('/')) throw new Error(`not a JSON pointer: ${pointer}`);
  return pointer.slice(1).split('/').map(unescapeToken);
}

/**
 * A JSON pointer written as a URI fragment (RFC 6901 §6): each token escaped, then URI-encoded, so that
 * `/paths/~1a~1{b}` can follow `#` in a `$ref` that Ajv resolves (`{` is not allowed in a fragment).
 */
export function pointerToUriFragment(pointer: string): string {
  return parsePointer(pointer).map((token) => '/' + encodeURIComponent(escapeToken(token))).join('');
}

/** Returns the node at `pointer`, or `undefined` when a step is missing. */
export function getAtPointer(root: unknown, pointer: string): unknown {
  // parsePointer's tokens, read in place: the loader checks every reference target with this, cold.
  if (pointer === '' || pointer === '/') return root;
  if (!pointer.startsWith('/')) throw new Error(`not a JSON pointer: ${pointer}`);
  let node: unknown = root;
  let start = 1;
  for (;;) {
    const slash = pointer.indexOf('/', start);
    const raw = slash === -1 ? pointer.slice(start) : pointer.slice(start, slash);
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[raw.includes('~') ? unescapeToken(raw) : raw];
    if (node === undefined) return undefined;
    if (slash === -1) return node;
    start = slash + 1;
  }
}
