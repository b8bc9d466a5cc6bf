import type { ContractEvents, EventName, MethodInput, MethodName, MethodOutput } from '@shared/contract';
import type { MeshApi } from '@shared/contract/mesh-api';

export type Listener<E extends EventName> = (payload: ContractEvents[E]) => void;
export type Unsubscribe = () => void;

/** `window.mesh` as the Electron preload builds it, typed from the shared contract. */
export type MeshBridge = MeshApi;

/**
 * The event stream's health: IPC is always open; SSE can drop and come back, and in a
 * browser the session cookie can expire ('signed-out': a new login link is needed).
 */
export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'signed-out';

/** The untyped half a transport implements; `createApi` puts the contract's types on it. */
export interface Transport {
  readonly kind: 'ipc' | 'http';
  call(name: MethodName, input: unknown): Promise<unknown>;
  on(name: EventName, listener: (payload: unknown) => void): Unsubscribe;
  onConnection(listener: (state: ConnectionState) => void): Unsubscribe;
}

/** The renderer's one door to the gateway; nothing outside `api/` knows which transport is behind it. */
export interface Api {
  readonly transport: 'ipc' | 'http';
  call<M extends MethodName>(name: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
  on<E extends EventName>(name: E, listener: Listener<E>): Unsubscribe;
  /** Called at once with the current state, then on every change. */
  onConnection(listener: (state: ConnectionState) => void): Unsubscribe;
}
