import type { RequestLogEntry } from '@shared/contract';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createFakeApi } from '../testing/fake-api';
import { createRequestsStore, followEveryMs, pageSize } from './requests-store';

const entry = (id: number, overrides: Partial<RequestLogEntry> = {}): RequestLogEntry => ({
  id, ts: 1_000 + id, client: 'sdk', inbound: 'chat', requestedModel: 'gpt-4o', provider: 'openai', upstreamModel: 'gpt-4o', fallbacks: [], status: 200, error: null,
  latencyMs: 10, ttfbMs: 5, inputTokens: 1, outputTokens: 1, cachedTokens: 0, costUsd: 0, attempts: 1, stream: false, agentId: null, taskId: null, hasBodies: false, ...overrides,
});
const recorded = { provider: 'openai', requestedModel: 'gpt-4o', costUsd: 0, status: 200 };

describe('requests store', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('loads the newest page with the filter, and pages back from the last row', async () => {
    const page = Array.from({ length: pageSize }, (_, index) => entry(200 - index));
    const fake = createFakeApi({ 'usage.requests': (input) => (input.before ? [entry(1)] : page) });
    const store = createRequestsStore({ api: fake.api, notify: () => undefined });
    await store.getState().setFilter({ status: 'error', provider: 'openai', model: ' gpt-4o ' });
    expect(fake.callsOf('usage.requests')).toEqual([{ limit: pageSize, status: 'error', provider: 'openai', model: 'gpt-4o' }]);
    expect(store.getState()).toMatchObject({ loaded: true, more: true });
    await store.getState().loadMore();
    expect(fake.callsOf('usage.requests')[1]).toMatchObject({ before: 151 });
    expect(store.getState().rows.at(-1)!.id).toBe(1);
    expect(store.getState().more).toBe(false);
  });

  it('puts new calls on top while the log is open, and fetches nothing while it is not', async () => {
    let newest = 2;
    const fake = createFakeApi({ 'usage.requests': (input) => (input.after !== undefined ? [entry(newest)] : [entry(1)]) });
    const store = createRequestsStore({ api: fake.api, notify: () => undefined });
    store.getState().connect();
    fake.emit('usage.recorded', recorded);
    await vi.advanceTimersByTimeAsync(followEveryMs);
    expect(fake.callsOf('usage.requests')).toHaveLength(0);
    const unwatch = store.getState().watch();
    await vi.advanceTimersByTimeAsync(0);
    fake.emit('usage.recorded', recorded);
    fake.emit('usage.recorded', recorded);
    await vi.advanceTimersByTimeAsync(followEveryMs);
    expect(fake.callsOf('usage.requests')).toEqual([{ limit: pageSize }, { limit: 500, after: 1 }]);
    expect(store.getState().rows.map((row) => row.id)).toEqual([2, 1]);
    unwatch();
    newest = 3;
    fake.emit('usage.recorded', recorded);
    await vi.advanceTimersByTimeAsync(followEveryMs);
    expect(fake.callsOf('usage.requests')).toHaveLength(2);
  });

  it('opens a row with its bodies and closes it again', async () => {
    const fake = createFakeApi({ 'usage.request': ({ id }) => ({ ...entry(id), bodies: { request: '{"model":"gpt-4o"}', response: '{}' } }) });
    const store = createRequestsStore({ api: fake.api, notify: () => undefined });
    await store.getState().toggle(7);
    expect(store.getState().detail.entry?.bodies?.request).toBe('{"model":"gpt-4o"}');
    await store.getState().toggle(7);
    expect(store.getState().openId).toBeNull();
  });
});
