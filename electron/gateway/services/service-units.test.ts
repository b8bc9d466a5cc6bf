import { describe, expect, it } from 'vitest';
import { backoffDelay, recentFailures } from './backoff.js';
import { parseLogLine } from './log-level.js';
import { conditionMatches, matchingRule, type ClientRequest } from './rule-matcher.js';
import { ServiceSelector } from './service-selector.js';

const request = (headers: Record<string, string> = {}, query = '', clientIp = '10.0.0.7'): ClientRequest => ({ headers, query: new URLSearchParams(query), clientIp });

describe('log levels guessed from a line', () => {
  it.each([
    ['{"level":"error","msg":"db down"}', 'error', 'db down'],
    ['{"level":50,"msg":"pino error"}', 'error', 'pino error'],
    ['{"severity":"WARNING","message":"slow"}', 'warn', 'slow'],
    ['INFO:root:started', 'info', 'INFO:root:started'],
    ['2024-01-01 [WARN] disk 91%', 'warn', '2024-01-01 [WARN] disk 91%'],
    ['Traceback (most recent call last):', 'error', 'Traceback (most recent call last):'],
    ['ValueError: bad port', 'error', 'ValueError: bad port'],
    ['debug: cache miss', 'debug', 'debug: cache miss'],
    ['just text', 'info', 'just text'],
    ['{not json', 'info', '{not json'],
  ])('%s -> %s', (line, level, message) => {
    expect(parseLogLine(line)).toEqual({ level, message });
  });
});

describe('service rule conditions', () => {
  it('reads headers, query and client IP with every operator', () => {
    const req = request({ 'x-user-tier': 'vip', 'user-agent': 'bot/2.1' }, 'region=eu-west');
    expect(conditionMatches({ field: 'header.X-User-Tier', operator: 'equals', value: 'vip' }, req)).toBe(true);
    expect(conditionMatches({ field: 'header.x-user-tier', operator: 'not_equals', value: 'vip' }, req)).toBe(false);
    expect(conditionMatches({ field: 'header.user-agent', operator: 'contains', value: 'bot' }, req)).toBe(true);
    expect(conditionMatches({ field: 'query.region', operator: 'prefix', value: 'eu-' }, req)).toBe(true);
    expect(conditionMatches({ field: 'query.region', operator: 'regex', value: '^eu-(west|north)$' }, req)).toBe(true);
    expect(conditionMatches({ field: 'client_ip', operator: 'in', value: ['10.0.0.7', '10.0.0.8'] }, req)).toBe(true);
    expect(conditionMatches({ field: 'client_ip', operator: 'in', value: '10.0.0.1, 10.0.0.2' }, req)).toBe(false);
    expect(conditionMatches({ field: 'header.absent', operator: 'equals', value: '' }, req)).toBe(false);
    expect(conditionMatches({ field: 'header.absent', operator: 'not_equals', value: 'x' }, req)).toBe(true);
  });

  it('takes the enabled rule of highest priority whose conditions all hold', () => {
    const base = { target_strategy: 'least_connections' as const, target_tags: ['t'], conditions: [{ field: 'header.x-a', operator: 'equals' as const, value: '1' }] };
    const rules = [
      { ...base, rule_id: 'low', name: 'low', priority: 1, enabled: true },
      { ...base, rule_id: 'high', name: 'high', priority: 9, enabled: true },
      { ...base, rule_id: 'off', name: 'off', priority: 99, enabled: false },
    ];
    expect(matchingRule(rules, request({ 'x-a': '1' }))?.rule_id).toBe('high');
    expect(matchingRule(rules, request({ 'x-a': '2' }))).toBeUndefined();
  });
});

describe('instance selection', () => {
  const candidates = [
    { id: 'b', name: 'b', weight: 1, activeConnections: 1 },
    { id: 'a', name: 'a', weight: 3, activeConnections: 4 },
    { id: 'c', name: 'c', weight: 1, activeConnections: 1 },
  ];
  it('least_connections, round_robin per key, random and weighted', () => {
    const selector = new ServiceSelector();
    expect(selector.pick(candidates, 'least_connections', 'k')?.id).toBe('b');
    expect([1, 2, 3, 4].map(() => selector.pick(candidates, 'round_robin', 'k')?.id)).toEqual(['a', 'b', 'c', 'a']);
    expect(selector.pick(candidates, 'round_robin', 'other')?.id).toBe('a');
    expect(selector.pick(candidates, 'random', 'k', () => 0.99)?.id).toBe('c');
    expect(selector.pick(candidates, 'weighted', 'k', () => 0.5)?.id).toBe('a');
    expect(selector.pick(candidates, 'weighted', 'k', () => 0.7)?.id).toBe('b');
    expect(selector.pick([], 'random', 'k')).toBeUndefined();
  });
});

describe('restart backoff', () => {
  it('doubles from the first step up to the cap, and counts crashes in the window', () => {
    expect([0, 1, 2, 3, 6, 7, 40].map((attempt) => backoffDelay(attempt, 1_000, 60_000))).toEqual([1_000, 2_000, 4_000, 8_000, 60_000, 60_000, 60_000]);
    expect(recentFailures([1_000, 50_000, 90_000], 100_000, 60_000)).toEqual([50_000, 90_000, 100_000]);
  });
});
