import { eventKey, methodKey, type EventName, type MethodName } from '@shared/contract';
import { ApiError } from './api-error';
import type { MeshBridge, Transport } from './types';

type AnyMethod = (input: unknown) => Promise<unknown>;
type AnySubscribe = (listener: (payload: unknown) => void) => () => void;

// ipcRenderer.invoke wraps a handler's error as "Error invoking remote method '<channel>': <Name>: <message>".
const remotePrefix = /^Error invoking remote method '[^']*':\s*(?:\w*Error:\s*)?/;

/** The Electron preload's `window.mesh`: a named function per method, `on<Event>` per event. */
export function createIpcTransport(mesh: MeshBridge): Transport {
  const bridge = mesh as unknown as Record<string, AnyMethod | AnySubscribe | undefined>;
  const find = <T>(key: string, what: string): T => {
    const entry = bridge[key];
    if (typeof entry !== 'function') throw new ApiError('NOT_AVAILABLE', `This build of the desktop app has no ${what}`);
    return entry as T;
  };
  return {
    kind: 'ipc',
    async call(name: MethodName, input: unknown) {
      const invoke = find<AnyMethod>(methodKey(name), `method ${name}`);
      try {
        return await invoke(input);
      } catch (error) {
        throw fromIpcError(error);
      }
    },
    on(name: EventName, listener) {
      return find<AnySubscribe>(eventKey(name), `event ${name}`)(listener);
    },
    onConnection(listener) {
      listener('open');
      return () => undefined;
    },
  };
}

/** Main may send `{ code, message }` as JSON in the error message; otherwise the text is the message. */
export function fromIpcError(error: unknown): ApiError {
  const raw = error instanceof Error ? error.message : String(error);
  const text = raw.replace(remotePrefix, '');
  try {
    const parsed = JSON.parse(text) as { code?: unknown; message?: unknown; status?: unknown };
    if (typeof parsed.code === 'string' && typeof parsed.message === 'string') {
      return new ApiError(parsed.code, parsed.message, typeof parsed.status === 'number' ? parsed.status : null, { cause: error });
    }
  } catch {
    // Not JSON: a plain message.
  }
  return new ApiError('IPC_ERROR', text, null, { cause: error });
}
