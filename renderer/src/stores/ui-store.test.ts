import { afterEach, describe, expect, it, vi } from 'vitest';
import { createUiStore } from './ui-store';

describe('ui store', () => {
  afterEach(() => vi.useRealTimers());

  it('shows a repeated toast once and dismisses toasts after a while', () => {
    vi.useFakeTimers();
    const store = createUiStore();
    const first = store.getState().push({ kind: 'error', message: 'refresh failed' });
    expect(store.getState().push({ kind: 'error', message: 'refresh failed' })).toBe(first);
    store.getState().push({ kind: 'info', message: 'saved' });
    expect(store.getState().toasts).toHaveLength(2);
    vi.advanceTimersByTime(5_000);
    expect(store.getState().toasts.map((toast) => toast.message)).toEqual(['refresh failed']);
    store.getState().dismiss(first);
    expect(store.getState().toasts).toEqual([]);
  });
});
