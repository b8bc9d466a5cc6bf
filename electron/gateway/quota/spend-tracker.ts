import type { Db } from '../store/database.js';
import type { UsageLedger, UsageRow } from '../store/usage-ledger.js';

export type SpendScope = { kind: 'overall' } | { kind: 'provider'; id: string } | { kind: 'agent'; id: string };
export interface Spend {
  daily: number;
  monthly: number;
}

export type Zone = 'local' | 'utc';

/** The start of the day and month containing `now`, and the start of the next day. */
export function periodBounds(now: number, zone: Zone): { dayStart: number; monthStart: number; nextDay: number; nextMonth: number } {
  const date = new Date(now);
  if (zone === 'utc') {
    const [y, m, d] = [date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()];
    return { dayStart: Date.UTC(y, m, d), monthStart: Date.UTC(y, m, 1), nextDay: Date.UTC(y, m, d + 1), nextMonth: Date.UTC(y, m + 1, 1) };
  }
  const [y, m, d] = [date.getFullYear(), date.getMonth(), date.getDate()];
  return { dayStart: new Date(y, m, d).getTime(), monthStart: new Date(y, m, 1).getTime(), nextDay: new Date(y, m, d + 1).getTime(), nextMonth: new Date(y, m + 1, 1).getTime() };
}

/**
 * Spend today and this month, overall, per provider and per agent. One SQL sum (over the
 * `ts` index) when first asked and when a day begins; in between, every recorded row is
 * added as it arrives, so the request path never queries.
 */
export class SpendTracker {
  private bounds: ReturnType<typeof periodBounds> | undefined;
  private overall: Spend = { daily: 0, monthly: 0 };
  private readonly providers = new Map<string, Spend>();
  private readonly agents = new Map<string, Spend>();
  private readonly sum;

  constructor(
    db: Db,
    private readonly ledger: UsageLedger,
    private readonly zone: () => Zone,
    private readonly now: () => number = Date.now,
  ) {
    this.sum = db.prepare<{ month: number; day: number }, { provider: string | null; agent: string | null; monthly: number; daily: number }>(
      `SELECT provider, agent_id AS agent, SUM(cost_usd) AS monthly, SUM(CASE WHEN ts >= @day THEN cost_usd ELSE 0 END) AS daily
       FROM usage WHERE ts >= @month GROUP BY provider, agent_id`,
    );
    ledger.onRecord((row) => this.add(row));
  }

  spend(scope: SpendScope): Spend {
    this.ensureCurrent();
    if (scope.kind === 'overall') return this.overall;
    return (scope.kind === 'provider' ? this.providers : this.agents).get(scope.id) ?? { daily: 0, monthly: 0 };
  }

  /** When the current day and month end (for "resets at" messages). */
  resets(): { day: number; month: number } {
    this.ensureCurrent();
    return { day: this.bounds!.nextDay, month: this.bounds!.nextMonth };
  }

  /** Recount at the next question (the timezone setting changed). */
  invalidate(): void {
    this.bounds = undefined;
  }

  private ensureCurrent(): void {
    const now = this.now();
    if (this.bounds && now < this.bounds.nextDay) return;
    this.bounds = periodBounds(now, this.zone());
    this.ledger.flush();
    this.overall = { daily: 0, monthly: 0 };
    this.providers.clear();
    this.agents.clear();
    for (const row of this.sum.all({ month: this.bounds.monthStart, day: this.bounds.dayStart })) {
      this.bump(row.provider, row.agent, row.daily, row.monthly);
    }
  }

  private add(row: UsageRow): void {
    // Before the first query, the query itself will count this row (it flushes first).
    if (!this.bounds || !row.costUsd || row.ts < this.bounds.monthStart) return;
    this.bump(row.provider, row.agentId ?? null, row.ts >= this.bounds.dayStart ? row.costUsd : 0, row.costUsd);
  }

  private bump(provider: string | null, agent: string | null, daily: number, monthly: number): void {
    const into = (spend: Spend) => {
      spend.daily += daily;
      spend.monthly += monthly;
    };
    into(this.overall);
    if (provider) into(entry(this.providers, provider));
    if (agent) into(entry(this.agents, agent));
  }
}

function entry(map: Map<string, Spend>, key: string): Spend {
  let spend = map.get(key);
  if (!spend) {
    spend = { daily: 0, monthly: 0 };
    map.set(key, spend);
  }
  return spend;
}
