import { createStore, type StateCreator } from 'zustand/vanilla';
import type { ConnectionState } from '../api';

export type ToastKind = 'info' | 'success' | 'warning' | 'error';
export interface ToastInput {
  kind: ToastKind;
  message: string;
}
export interface Toast extends ToastInput {
  id: number;
}

export interface UiSlice {
  toasts: Toast[];
  connection: ConnectionState;
  push(toast: ToastInput): number;
  dismiss(id: number): void;
  setConnection(state: ConnectionState): void;
}
export type UiStore = UiSlice;

const lifetimeMs: Record<ToastKind, number> = { info: 5_000, success: 5_000, warning: 8_000, error: 10_000 };

export const createUiSlice: StateCreator<UiStore, [], [], UiSlice> = (set, get) => {
  let nextId = 1;
  return {
    toasts: [],
    connection: 'connecting',
    push(toast) {
      // A background failure repeating on every event should show once, not stack up.
      const same = get().toasts.find((entry) => entry.kind === toast.kind && entry.message === toast.message);
      if (same) return same.id;
      const id = nextId++;
      set((state) => ({ toasts: [...state.toasts.slice(-4), { ...toast, id }] }));
      setTimeout(() => get().dismiss(id), lifetimeMs[toast.kind]);
      return id;
    },
    dismiss: (id) => set((state) => ({ toasts: state.toasts.filter((toast) => toast.id !== id) })),
    setConnection: (connection) => set({ connection }),
  };
};

export const createUiStore = () => createStore<UiStore>()((...args) => ({ ...createUiSlice(...args) }));

export const uiSelectors = {
  toasts: (state: UiStore) => state.toasts,
  connection: (state: UiStore) => state.connection,
};
