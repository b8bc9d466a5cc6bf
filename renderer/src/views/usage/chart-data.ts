import type { UsagePoint } from '@shared/contract';

export type Metric = 'cost' | 'tokens';
export type Bucket = 'hour' | 'day';

export interface ChartSeries {
  key: string;
  label: string;
  values: number[];
  total: number;
}
export interface ChartData {
  buckets: string[];
  series: ChartSeries[];
  /** Tallest stacked bar. */
  max: number;
}

const hourMs = 3_600_000;
const dayMs = 24 * hourMs;
export const otherKey = '\u0000other';

/** Bucket names exactly as the usage ledger writes them (UTC): `2026-01-02T15:00` or `2026-01-02`. */
export const bucketName = (ms: number, bucket: Bucket) => (bucket === 'hour' ? `${new Date(ms).toISOString().slice(0, 13)}:00` : new Date(ms).toISOString().slice(0, 10));

/** Enough for 30 days of hours; a window wider than this is a bug, not a chart. */
const maxBuckets = 24 * 31;

export function bucketsBetween(since: number, now: number, bucket: Bucket): string[] {
  const step = bucket === 'hour' ? hourMs : dayMs;
  if (now - since > step * maxBuckets) throw new RangeError(`usage window too wide for ${bucket} buckets`);
  const names: string[] = [];
  for (let at = Math.floor(since / step) * step; at <= now; at += step) names.push(bucketName(at, bucket));
  return names;
}

export const keyLabel = (key: string) => (key === otherKey ? 'Other' : key || '(none)');

export const metricValue = (point: { costUsd: number; inputTokens: number; outputTokens: number }, metric: Metric) =>
  metric === 'cost' ? point.costUsd : point.inputTokens + point.outputTokens;

/**
 * Lays usage points out as stacked series over every bucket of the window (empty ones
 * too). The biggest keys get their own colour; the rest share one "Other" series.
 */
export function chartData(points: UsagePoint[], options: { since: number; now: number; bucket: Bucket; metric: Metric; maxSeries?: number }): ChartData {
  const buckets = bucketsBetween(options.since, options.now, options.bucket);
  const index = new Map(buckets.map((name, position) => [name, position]));
  const totals = new Map<string, number>();
  for (const point of points) totals.set(point.key, (totals.get(point.key) ?? 0) + metricValue(point, options.metric));
  const ranked = [...totals].filter(([, total]) => total > 0).sort((a, b) => b[1] - a[1]);
  const limit = options.maxSeries ?? 6;
  const own = new Set(ranked.slice(0, ranked.length > limit ? limit - 1 : limit).map(([key]) => key));
  const series = new Map<string, ChartSeries>();
  for (const point of points) {
    const position = index.get(point.bucket);
    const value = metricValue(point, options.metric);
    if (position === undefined || !value) continue;
    const key = own.has(point.key) ? point.key : otherKey;
    let entry = series.get(key);
    if (!entry) {
      entry = { key, label: keyLabel(key), values: buckets.map(() => 0), total: 0 };
      series.set(key, entry);
    }
    entry.values[position]! += value;
    entry.total += value;
  }
  const ordered = [...series.values()].sort((a, b) => (a.key === otherKey ? 1 : b.key === otherKey ? -1 : b.total - a.total));
  const max = Math.max(0, ...buckets.map((_, position) => ordered.reduce((sum, entry) => sum + entry.values[position]!, 0)));
  return { buckets, series: ordered, max };
}

/** A round axis top: 1, 2 or 5 times a power of ten. */
export function niceMax(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 5, 10].find((factor) => factor * power >= value) ?? 10;
  return step * power;
}
