import type { ContractEvents, EventName, MethodInput, MethodName, MethodOutput } from '@shared/contract';

/** `tasks.submit` -> `tasksSubmit`, the type-level twin of the contract's `methodKey`. */
type Camel<S extends string> = S extends `${infer Head}.${infer Tail}` ? `${Head}${Capitalize<Camel<Tail>>}` : S;
export type MethodKey<M extends string> = Camel<M>;
/** `task.status` -> `onTaskStatus`, the twin of `eventKey`. */
export type EventKey<E extends string> = `on${Capitalize<Camel<E>>}`;

export type Listener<E extends EventName> = (payload: ContractEvents[E]) => void;
export type Unsubscribe = () => void;

/** What the Electron preload exposes as `window.mesh`: one function per method and event. */
export type MeshBridge = { [M in MethodName as MethodKey<M>]: (input: MethodInput<M>) => Promise<MethodOutput<M>> } & {
  [E in EventName as EventKey<E>]: (listener: Listener<E>) => Unsubscribe;
};

/** The event stream's health: IPC is always open; SSE can drop and come back. */
export type ConnectionState = 'connecting' | 'open' | 'reconnecting';

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
