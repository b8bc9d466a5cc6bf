import type { ContractEvents, EventName, MethodInput, MethodName, MethodOutput } from './index.js';

/** `tasks.submit` -> `tasksSubmit`: the type-level twin of the contract's `methodKey`. */
type Camel<S extends string> = S extends `${infer Head}.${infer Tail}` ? `${Head}${Capitalize<Camel<Tail>>}` : S;
/** `task.status` -> `onTaskStatus`: the twin of `eventKey`. */
type OnEvent<E extends string> = `on${Capitalize<Camel<E>>}`;

export type Unsubscribe = () => void;

/** `window.mesh` in the desktop app: one function per contract method, one `on<Event>` per event, nothing else. */
export type MeshApi = { [M in MethodName as Camel<M>]: (input: MethodInput<M>) => Promise<MethodOutput<M>> } & {
  [E in EventName as OnEvent<E>]: (listener: (payload: ContractEvents[E]) => void) => Unsubscribe;
};
