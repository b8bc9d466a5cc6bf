import type { ContractEvents, EventName, MethodInput, MethodName, MethodOutput } from '@shared/contract';
import { ApiError } from '../api/api-error';
import type { Api, ConnectionState } from '../api/types';

export type FakeHandler<M extends MethodName> = (input: MethodInput<M>) => MethodOutput<M> | Promise<MethodOutput<M>>;
export type FakeHandlers = { [M in MethodName]?: FakeHandler<M> };

/** An in-memory Api for store tests: handlers answer calls, `emit` plays an event. */
export function createFakeApi(handlers: FakeHandlers = {}) {
  const listeners = new Map<EventName, Set<(payload: never) => void>>();
  const connection = new Set<(state: ConnectionState) => void>();
  const calls: { name: MethodName; input: unknown }[] = [];
  const api: Api = {
    transport: 'http',
    async call(name, input) {
      calls.push({ name, input });
      const handler = handlers[name] as FakeHandler<typeof name> | undefined;
      if (!handler) throw new ApiError('NOT_IMPLEMENTED', `the fake has no ${name}`);
      return handler(input) as never;
    },
    on(name, listener) {
      const set = listeners.get(name) ?? new Set();
      listeners.set(name, set);
      set.add(listener as (payload: never) => void);
      return () => set.delete(listener as (payload: never) => void);
    },
    onConnection(listener) {
      connection.add(listener);
      listener('open');
      return () => connection.delete(listener);
    },
  };
  return {
    api,
    handlers,
    calls,
    callsOf: (name: MethodName) => calls.filter((call) => call.name === name).map((call) => call.input),
    emit<E extends EventName>(name: E, payload: ContractEvents[E]) {
      for (const listener of listeners.get(name) ?? []) (listener as (payload: ContractEvents[E]) => void)(payload);
    },
    setConnection: (state: ConnectionState) => connection.forEach((listener) => listener(state)),
    listenerCount: (name: EventName) => listeners.get(name)?.size ?? 0,
  };
}

/** Lets pending promise callbacks run. */
export const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
