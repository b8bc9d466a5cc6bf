import type { EventName, MethodName } from '@shared/contract';
import { ApiError } from './api-error';
import type { ConnectionState, Transport, Unsubscribe } from './types';

/** The part of EventSource we use, so tests can hand in a fake. */
export interface EventSourceLike {
  readonly readyState: number;
  onopen: ((event: Event) => void) | null;
  onerror: ((event: Event) => void) | null;
  addEventListener(type: string, listener: (event: MessageEvent<string>) => void): void;
  close(): void;
}

export interface HttpTransportOptions {
  fetch: (url: string, init: RequestInit) => Promise<Response>;
  openEvents: (url: string) => EventSourceLike;
  /** Prefix before `/api`; empty for the gateway's own origin. */
  baseUrl?: string;
  /** Wait before reopening a stream the server closed (EventSource gives up on a 401 or 5xx). */
  reopenMs?: number;
}

const CLOSED = 2;
export const sessionEnded = 'Your dashboard session has ended. Run `agentmesh dashboard` for a new login link, then reload.';

/** POST /api/<method> for calls, one EventSource on /api/events for every event. */
export function createHttpTransport(options: HttpTransportOptions): Transport {
  const base = options.baseUrl ?? '';
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const connectionListeners = new Set<(state: ConnectionState) => void>();
  let state: ConnectionState = 'connecting';
  let source: EventSourceLike | undefined;

  const setState = (next: ConnectionState) => {
    if (next === state) return;
    state = next;
    for (const listener of connectionListeners) listener(next);
  };

  const dispatch = (name: string, data: string) => {
    const payload: unknown = JSON.parse(data);
    for (const listener of listeners.get(name) ?? []) {
      // One failing listener must not starve the others; rethrown so it is still reported.
      try {
        listener(payload);
      } catch (error) {
        setTimeout(() => {
          throw error;
        });
      }
    }
  };

  const attach = (stream: EventSourceLike, name: string) => stream.addEventListener(name, (event) => dispatch(name, event.data));

  const call = async (name: MethodName, input: unknown) => {
    let response: Response;
    try {
      response = await options.fetch(`${base}/api/${name}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(input ?? {}),
        credentials: 'same-origin',
      });
    } catch (error) {
      throw new ApiError('NETWORK', 'Cannot reach the gateway. Is it still running?', null, { cause: error });
    }
    const body = await readJson(response);
    if (response.ok) return body;
    if (response.status === 401) setState('signed-out');
    throw toApiError(response.status, body);
  };

  const open = () => {
    const stream = options.openEvents(`${base}/api/events`);
    source = stream;
    for (const name of listeners.keys()) attach(stream, name);
    stream.onopen = () => setState('open');
    stream.onerror = () => {
      if (state !== 'signed-out') setState('reconnecting');
      if (stream.readyState !== CLOSED) return;
      stream.close();
      source = undefined;
      // EventSource hides the status of a refused stream; one call tells an expired session
      // (401 -> signed-out) from a gateway that is down. Either way, keep trying: a login in
      // another tab sets the cookie for this one too.
      void call('gateway.status', {}).catch(() => undefined);
      setTimeout(() => source ?? open(), options.reopenMs ?? 3_000);
    };
  };

  return {
    kind: 'http',
    call,
    on(name: EventName, listener: (payload: unknown) => void): Unsubscribe {
      let set = listeners.get(name);
      if (!set) {
        set = new Set();
        listeners.set(name, set);
        if (source) attach(source, name);
      }
      set.add(listener);
      if (!source) open();
      return () => set.delete(listener);
    },
    onConnection(listener) {
      connectionListeners.add(listener);
      listener(state);
      return () => connectionListeners.delete(listener);
    },
  };
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    if (response.ok) throw new ApiError('BAD_RESPONSE', 'The gateway answered with something that is not JSON', response.status);
    return undefined;
  }
}

function toApiError(status: number, body: unknown): ApiError {
  const error = (body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  const code = typeof error?.code === 'string' ? error.code : `HTTP_${status}`;
  if (status === 401) return new ApiError(code, sessionEnded, status);
  const message = typeof error?.message === 'string' ? error.message : `The gateway answered HTTP ${status}`;
  return new ApiError(code, message, status);
}
