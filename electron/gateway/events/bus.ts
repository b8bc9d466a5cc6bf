import { EventEmitter } from 'node:events';

/**
 * A typed publish/subscribe bus. Kept behind this small interface so that a broker-backed
 * bus (NATS, Redis streams) can replace it without touching publishers or subscribers.
 */
export interface EventBus<Events extends Record<string, unknown>> {
  emit<K extends keyof Events & string>(type: K, payload: Events[K]): void;
  on<K extends keyof Events & string>(type: K, listener: (payload: Events[K]) => void): () => void;
}

export function createEventBus<Events extends Record<string, unknown>>(): EventBus<Events> {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return {
    emit(type, payload) {
      emitter.emit(type, payload);
    },
    on(type, listener) {
      const wrapped = listener as (payload: unknown) => void;
      emitter.on(type, wrapped);
      return () => emitter.off(type, wrapped);
    },
  };
}
