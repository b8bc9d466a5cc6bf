import { describe, expect, it } from 'vitest';
import { bucketsBetween, chartData, niceMax, otherKey } from './chart-data';

const point = (bucket: string, key: string, costUsd: number, tokens = 0) => ({ bucket, key, costUsd, inputTokens: tokens, outputTokens: 0, requests: 1 });

describe('usage chart data', () => {
  it('lists every bucket of the window in the ledger format', () => {
    const since = Date.parse('2026-01-01T22:30:00Z');
    const now = Date.parse('2026-01-02T01:10:00Z');
    expect(bucketsBetween(since, now, 'hour')).toEqual(['2026-01-01T22:00', '2026-01-01T23:00', '2026-01-02T00:00', '2026-01-02T01:00']);
    expect(bucketsBetween(since, now, 'day')).toEqual(['2026-01-01', '2026-01-02']);
  });

  it('stacks series per bucket, biggest first, folding the tail into Other', () => {
    const data = chartData(
      [point('2026-01-01', 'a', 3), point('2026-01-02', 'a', 1), point('2026-01-02', 'b', 2), point('2026-01-02', 'c', 0.5), point('2026-01-02', '', 0.25)],
      { since: Date.parse('2026-01-01T00:00:00Z'), now: Date.parse('2026-01-02T12:00:00Z'), bucket: 'day', metric: 'cost', maxSeries: 3 },
    );
    expect(data.series.map((entry) => [entry.label, entry.values])).toEqual([
      ['a', [3, 1]],
      ['b', [0, 2]],
      ['Other', [0, 0.75]],
    ]);
    expect(data.series[2]?.key).toBe(otherKey);
    expect(data.max).toBe(3.75);
  });

  it('charts tokens when asked and rounds the axis', () => {
    const data = chartData([point('2026-01-01', 'a', 0, 1234)], { since: Date.parse('2026-01-01T00:00:00Z'), now: Date.parse('2026-01-01T05:00:00Z'), bucket: 'day', metric: 'tokens' });
    expect(data.max).toBe(1234);
    expect(niceMax(1234)).toBe(2000);
    expect(niceMax(0.03)).toBeCloseTo(0.05);
  });
});

describe('usage chart window', () => {
  it('refuses a window far wider than any range (e.g. since = 0)', () => {
    expect(() => bucketsBetween(0, Date.parse('2026-01-01T00:00:00Z'), 'hour')).toThrow(RangeError);
  });
});
