/**
 * The abort handle of one call: what cancels its fetch when the deadline passes or the caller aborts.
 *
 * Why not always an `AbortController`: bench/overhead.mjs measured a plain `fetch` with an
 * AbortController signal at 1.06-1.08x a `fetch` without one on loopback, most of the client's whole
 * budget. The cost is Node's EventTarget (creating the signal, `setMaxListeners`, `addEventListener`)
 * plus what undici does with it. undici's `Request` takes any AbortSignal-like object (its WebIDL
 * conversion of `RequestInit.signal` is deliberately not strict, for polyfilled signals) and only
 * subscribes to its `abort` event, so a small object that keeps its listeners in an array does the
 * same job for about half the cost.
 *
 * That relies on how the runtime's fetch treats a signal, so it is checked once per process
 * (`lightSignalsWork`): a Request is built with a light signal, the signal is aborted, and the
 * Request's own signal must then be aborted with the same reason. Where that fails (another fetch
 * implementation, a future Node), every call uses a real AbortController instead.
 */

type Listener = (this: unknown, event: { type: 'abort' }) => void;

/** An AbortSignal-like object: `aborted`, `reason`, the `abort` event; nothing else of EventTarget. */
class LightSignal {
  aborted = false;
  reason: unknown = undefined;
  #listeners: Listener[] = [];

  addEventListener(type: string, listener: Listener): void {
    if (type === 'abort' && typeof listener === 'function' && !this.#listeners.includes(listener)) this.#listeners.push(listener);
  }

  removeEventListener(type: string, listener: Listener): void {
    const i = type === 'abort' ? this.#listeners.indexOf(listener) : -1;
    if (i !== -1) this.#listeners.splice(i, 1);
  }

  /**
   * undici asks Node's `events.getMaxListeners` about the signal it is given and raises the limit when
   * it is the default. For an object with a `getMaxListeners` method, Node reads `_maxListeners`, so a
   * value here skips that step; without both, Node would throw (and undici swallow) an error per call.
   */
  _maxListeners = 1500;

  getMaxListeners(): number {
    return this._maxListeners;
  }

  setMaxListeners(n: number): void {
    this._maxListeners = n;
  }

  /** Read by Node's `events.getEventListeners`. */
  listeners(type: string): Listener[] {
    return type === 'abort' ? [...this.#listeners] : [];
  }

  throwIfAborted(): void {
    if (this.aborted) throw this.reason;
  }

  fire(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    const event = { type: 'abort' as const };
    for (const listener of this.#listeners.splice(0)) listener.call(this, event);
  }
}

export interface AbortHandle {
  /** Given to fetch (or to a Request) as `signal`. */
  readonly signal: AbortSignal;
  abort(reason: unknown): void;
}

let light: boolean | undefined;

/** Whether the runtime's `Request` follows a light signal (checked once, on first use). */
export function lightSignalsWork(): boolean {
  if (light === undefined) {
    try {
      const probe = new LightSignal();
      const request = new Request('http://localhost/', { signal: probe as unknown as AbortSignal });
      const reason = new Error('probe');
      probe.fire(reason);
      light = request.signal.aborted && request.signal.reason === reason;
    } catch {
      light = false;
    }
  }
  return light;
}

/** Test hook: forces one kind of handle (true: light, false: AbortController, undefined: probe again). */
export function setLightSignals(value: boolean | undefined): void {
  light = value;
}

export function abortHandle(): AbortHandle {
  if (lightSignalsWork()) {
    const signal = new LightSignal();
    return { signal: signal as unknown as AbortSignal, abort: (reason) => signal.fire(reason) };
  }
  const controller = new AbortController();
  return { signal: controller.signal, abort: (reason) => controller.abort(reason) };
}
