import type { Cancellation } from '../providers/http-client.js';

/**
 * The same error for every call a client leaves: made once, its stack already formatted, so a
 * burst of aborts neither allocates nor formats one each. It is never shown to anyone.
 */
const clientLeft = new DOMException('The client closed the request', 'AbortError');
void clientLeft.stack;

/**
 * One model call's cancellation: a flag and a list of listeners. Node's AbortSignal is an
 * EventTarget that costs microseconds to create and to listen on, paid by every call though
 * few are ever aborted; a real one is made only for the node APIs that insist on it.
 */
export class CallAbort implements Cancellation {
  aborted = false;
  readonly reason: unknown = clientLeft;
  private listeners: (() => void)[] = [];
  private controller: AbortController | undefined;

  /** A real AbortSignal (timers, events.once), tied to this call. */
  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.aborted) this.controller.abort(this.reason);
    }
    return this.controller.signal;
  }

  addEventListener(_type: 'abort', listener: () => void): void {
    if (!this.aborted) this.listeners.push(listener);
  }

  removeEventListener(_type: 'abort', listener: () => void): void {
    const at = this.listeners.indexOf(listener);
    if (at !== -1) this.listeners.splice(at, 1);
  }

  abort(): void {
    if (this.aborted) return;
    this.aborted = true;
    const listeners = this.listeners;
    this.listeners = [];
    for (const listener of listeners) listener();
    this.controller?.abort(this.reason);
  }
}
