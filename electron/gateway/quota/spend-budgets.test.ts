import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configSchema, type GatewayConfig } from '../../../shared/schemas/config.js';
import { createEventBus } from '../events/bus.js';
import type { BudgetEvent, GatewayEvents } from '../events/gateway-events.js';
import { openDatabase, type Db } from '../store/database.js';
import { UsageLedger, type UsageRow } from '../store/usage-ledger.js';
import { Budgets } from './budgets.js';
import { periodBounds, SpendTracker } from './spend-tracker.js';

let db: Db;
let ledger: UsageLedger;
let now: number;
let config: GatewayConfig;

const row = (fields: Partial<UsageRow>): UsageRow => ({
  ts: now, client: null, inbound: 'chat', requestedModel: 'm', provider: 'deep', upstreamModel: 'm', status: 200, error: null,
  latencyMs: 1, ttfbMs: null, inputTokens: 1, outputTokens: 1, cachedTokens: 0, costUsd: 0, attempts: 1, stream: false, ...fields,
});

beforeEach(() => {
  db = openDatabase(mkdtempSync(join(tmpdir(), 'agentmesh-spend-')));
  ledger = new UsageLedger(db, 10_000);
  now = Date.UTC(2025, 9, 15, 12, 0, 0);
  config = configSchema.parse({
    providers: [{ id: 'deep', type: 'openai-chat', baseUrl: 'http://127.0.0.1:1/v1' }],
    budgets: { timezone: 'utc', overall: { monthly: { limitUsd: 10 } }, providers: { deep: { daily: { limitUsd: 1, warnAt: 0.5 } } }, agents: { codex: { daily: { limitUsd: 2 } } } },
  });
});
afterEach(() => db.close());

describe('spend tracker', () => {
  it('sums the ledger once, then keeps running totals without querying', () => {
    ledger.record(row({ ts: Date.UTC(2025, 9, 1, 1), costUsd: 3 })); // this month, not today
    ledger.record(row({ ts: Date.UTC(2025, 8, 30, 23), costUsd: 100 })); // last month
    ledger.record(row({ ts: now - 1_000, costUsd: 0.25, agentId: 'codex' }));
    const tracker = new SpendTracker(db, ledger, () => 'utc', () => now);
    expect(tracker.spend({ kind: 'overall' })).toEqual({ daily: 0.25, monthly: 3.25 });
    expect(tracker.spend({ kind: 'agent', id: 'codex' })).toEqual({ daily: 0.25, monthly: 0.25 });
    // Rows recorded later are added as they come (and are not flushed yet).
    ledger.record(row({ costUsd: 0.5, provider: 'other', agentId: 'codex' }));
    expect(tracker.spend({ kind: 'overall' })).toEqual({ daily: 0.75, monthly: 3.75 });
    expect(tracker.spend({ kind: 'provider', id: 'other' })).toEqual({ daily: 0.5, monthly: 0.5 });
    expect(tracker.spend({ kind: 'agent', id: 'codex' }).daily).toBe(0.75);
  });

  it('starts a new day at midnight of the configured zone', () => {
    const tracker = new SpendTracker(db, ledger, () => 'utc', () => now);
    ledger.record(row({ costUsd: 1 }));
    expect(tracker.spend({ kind: 'overall' }).daily).toBe(1);
    now = Date.UTC(2025, 9, 16, 0, 0, 1);
    expect(tracker.spend({ kind: 'overall' })).toEqual({ daily: 0, monthly: 1 });
    expect(periodBounds(Date.UTC(2025, 11, 31, 12), 'utc')).toEqual({
      dayStart: Date.UTC(2025, 11, 31), monthStart: Date.UTC(2025, 11, 1), nextDay: Date.UTC(2026, 0, 1), nextMonth: Date.UTC(2026, 0, 1),
    });
    const local = periodBounds(now, 'local');
    expect(new Date(local.dayStart).getHours()).toBe(0);
  });
});

describe('budgets', () => {
  const setup = () => {
    const bus = createEventBus<GatewayEvents>();
    const events: [string, BudgetEvent][] = [];
    bus.on('budget.warning', (event) => events.push(['warning', event]));
    bus.on('budget.exceeded', (event) => events.push(['exceeded', event]));
    const tracker = new SpendTracker(db, ledger, () => config.budgets.timezone, () => now);
    return { budgets: new Budgets(() => config, tracker, bus, ledger), events };
  };

  it('warns once at warnAt and blocks a provider at its limit', () => {
    const { budgets, events } = setup();
    expect(budgets.providerBlock('deep')).toBeUndefined();
    ledger.record(row({ costUsd: 0.3 }));
    ledger.record(row({ costUsd: 0.3 }));
    ledger.record(row({ costUsd: 0.1 }));
    expect(events.map(([level, event]) => [level, event.budget, event.spentUsd])).toEqual([['warning', 'provider:deep:daily', 0.6]]);
    ledger.record(row({ costUsd: 0.4 }));
    expect(events.map(([level]) => level)).toEqual(['warning', 'exceeded']);
    expect(budgets.providerBlock('deep')).toMatch(/^Budget exceeded: the provider 'deep' daily budget has reached \$1\.10 of \$1\.00 \(resets 2025-10-16T00:00:00\.000Z\)$/);
    expect(budgets.providerBlock('elsewhere')).toBeUndefined();
    // The provider budget does not block calls as such; only overall and agent budgets do.
    expect(budgets.blockCall(null)).toBeUndefined();
  });

  it('blocks an agent at its limit and everyone at the overall limit', () => {
    const { budgets } = setup();
    ledger.record(row({ costUsd: 2, provider: 'x', agentId: 'codex' }));
    expect(budgets.blockCall('codex')).toMatch(/agent 'codex' daily budget has reached \$2\.00 of \$2\.00/);
    expect(budgets.blockCall('claude')).toBeUndefined();
    expect(budgets.blockCall(undefined)).toBeUndefined();
    ledger.record(row({ costUsd: 8, provider: 'x' }));
    expect(budgets.blockCall(undefined)).toMatch(/overall monthly budget has reached \$10\.00 of \$10\.00 \(resets 2025-11-01/);
    expect(budgets.statuses().map((status) => [status.budget, status.level])).toEqual([
      ['overall:monthly', 'exceeded'],
      ['provider:deep:daily', 'ok'],
      ['agent:codex:daily', 'exceeded'],
    ]);
  });

  it('costs nothing when no budget is configured', () => {
    config = configSchema.parse({});
    const { budgets } = setup();
    ledger.record(row({ costUsd: 1_000 }));
    expect(budgets.blockCall('anyone')).toBeUndefined();
    expect(budgets.statuses()).toEqual([]);
  });
});
