import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createFakeApi } from '../testing/fake-api';
import { createUsageStore, refreshEveryMs } from './usage-store';

const point = { bucket: '2026-01-01T10:00', key: 'gpt-4o', inputTokens: 10, outputTokens: 5, costUsd: 0.01, requests: 1 };
const totals = { key: 'gpt-4o', requests: 1, errors: 0, inputTokens: 10, outputTokens: 5, cachedTokens: 0, costUsd: 0.01 };
const recorded = { provider: 'openai', requestedModel: 'gpt-4o', costUsd: 0.01, status: 200 };

const setup = () => {
  const fake = createFakeApi({ 'usage.series': () => [point], 'usage.totals': () => [totals] });
  const store = createUsageStore({ api: fake.api, notify: () => undefined });
  store.getState().connect();
  return { fake, store };
};

describe('usage store', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-01-02T00:00:00Z'));
  });
  afterEach(() => vi.useRealTimers());

  it('loads series and totals for the range and grouping', async () => {
    const { fake, store } = setup();
    await store.getState().setRange('7d');
    const since = Date.parse('2025-12-26T00:00:00Z');
    expect(fake.callsOf('usage.series')).toEqual([{ by: 'model', bucket: 'day', since }]);
    expect(fake.callsOf('usage.totals')).toEqual([{ groupBy: 'model', since }]);
    await store.getState().setBy('agent');
    expect(fake.callsOf('usage.series')[1]).toMatchObject({ by: 'agent' });
    expect(store.getState()).toMatchObject({ series: [point], totals: [totals], since, loaded: true });
  });

  it('refetches once per burst of usage while watched, and only marks stale otherwise', async () => {
    const { fake, store } = setup();
    fake.emit('usage.recorded', recorded);
    await vi.advanceTimersByTimeAsync(refreshEveryMs);
    expect(fake.callsOf('usage.series')).toHaveLength(0);

    const unwatch = store.getState().watch();
    await vi.advanceTimersByTimeAsync(0);
    expect(fake.callsOf('usage.series')).toHaveLength(1);
    for (let i = 0; i < 5; i++) fake.emit('usage.recorded', recorded);
    await vi.advanceTimersByTimeAsync(refreshEveryMs);
    expect(fake.callsOf('usage.series')).toHaveLength(2);
    unwatch();
    store.getState().watch();
    await vi.advanceTimersByTimeAsync(0);
    expect(fake.callsOf('usage.series')).toHaveLength(2);
  });
});
