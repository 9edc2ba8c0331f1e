/**
 * openapi-fetch builds a `Request` for every call so that middleware can read and replace it; the
 * transport then hands it to `fetch`, which builds a second one. In Node 20 a `Request` costs about
 * as much as the loopback round trip it describes, so when no middleware is registered (nobody can
 * look at the object) the client passes this stand-in as openapi-fetch's `Request` option instead,
 * and the transport calls `fetch(url, init)` once, like hand-written code would. With middleware,
 * the real `Request` is used and hooks see exactly what they always see.
 */
export class LeanRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Headers;
  /** The serialised body as openapi-fetch produced it (a string, FormData, …), or null. */
  readonly body: NonNullable<RequestInit['body']> | null;
  readonly signal: AbortSignal | null;
  /** The RequestInit openapi-fetch built (redirect, caller extras such as `dispatcher`). */
  readonly init: RequestInit;

  constructor(input: string, init: RequestInit = {}) {
    this.url = input;
    this.init = init;
    this.method = (init.method ?? 'GET').toUpperCase();
    this.headers = init.headers instanceof Headers ? init.headers : new Headers(init.headers);
    this.body = init.body ?? null;
    this.signal = init.signal ?? null;
  }

  /** The real `Request` this stands for, for a custom `fetch` that expects one. */
  toRequest(headers: Headers): Request {
    return new Request(this.url, { ...this.init, method: this.method, headers, body: this.body, signal: this.signal });
  }
}
