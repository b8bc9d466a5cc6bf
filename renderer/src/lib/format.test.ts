import { describe, expect, it } from 'vitest';
import { formatCost, formatDuration, formatRelative, splitList, taskDuration } from './format';

describe('format', () => {
  it('prints costs with the precision they need', () => {
    expect(formatCost(0)).toBe('$0');
    expect(formatCost(12.345)).toBe('$12.35');
    expect(formatCost(0.0123)).toBe('$0.012');
    expect(formatCost(0.000123)).toBe('$0.00012');
  });

  it('prints durations and task run time', () => {
    expect(formatDuration(450)).toBe('450 ms');
    expect(formatDuration(83_000)).toBe('1m 23s');
    expect(formatDuration(3_720_000)).toBe('1h 2m');
    expect(taskDuration({ started_at: '2026-01-01T00:00:00Z', finished_at: '2026-01-01T00:00:05Z' })).toBe('5s');
    expect(taskDuration({ started_at: null, finished_at: null })).toBeNull();
  });

  it('prints relative times and splits lists', () => {
    expect(formatRelative('2026-01-01T00:00:00Z', Date.parse('2026-01-01T00:05:00Z'))).toMatch(/5 minutes ago/);
    expect(splitList(' a, b ,,c\nd ')).toEqual(['a', 'b', 'c', 'd']);
  });
});
