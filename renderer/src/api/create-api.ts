import { contract, type EventName, type MethodName } from '@shared/contract';
import { formatIssues } from '@shared/schemas/config';
import { ApiError } from './api-error';
import { createHttpTransport, type HttpTransportOptions } from './http-transport';
import { createIpcTransport } from './ipc-transport';
import type { Api, Listener, MeshBridge, Transport } from './types';

export interface ApiEnvironment {
  /** Set by the Electron preload; its presence means "desktop app". */
  mesh?: MeshBridge;
  http: HttpTransportOptions;
}

/** Picks IPC when the preload is there, HTTP+SSE otherwise, and types it from the contract. */
export function createApi(environment: ApiEnvironment): Api {
  return typedApi(environment.mesh ? createIpcTransport(environment.mesh) : createHttpTransport(environment.http));
}

export function typedApi(transport: Transport): Api {
  return {
    transport: transport.kind,
    async call(name, input) {
      // Same schema the server applies: a bad form field fails here, named, without a round trip.
      const parsed = contract[name as MethodName].input.safeParse(input ?? {});
      if (!parsed.success) throw new ApiError('INVALID_INPUT', formatIssues(parsed.error), 400);
      return (await transport.call(name, parsed.data)) as never;
    },
    on<E extends EventName>(name: E, listener: Listener<E>) {
      return transport.on(name, listener as (payload: unknown) => void);
    },
    onConnection: (listener) => transport.onConnection(listener),
  };
}
