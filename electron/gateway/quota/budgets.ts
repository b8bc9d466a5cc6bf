import type { GatewayConfig } from '../../../shared/schemas/config.js';
import type { BudgetLimit, BudgetPeriods } from '../../../shared/schemas/quota.js';
import type { EventBus } from '../events/bus.js';
import type { BudgetEvent, GatewayEvents } from '../events/gateway-events.js';
import type { UsageLedger } from '../store/usage-ledger.js';
import type { SpendScope, SpendTracker } from './spend-tracker.js';

export type BudgetLevel = 'ok' | 'warning' | 'exceeded';

export interface BudgetStatus extends BudgetEvent {
  warnAt: number;
  level: BudgetLevel;
  resetsAt: string;
}

const periods = ['daily', 'monthly'] as const;
// Asked on every model call: answered once per config object.
const anyBudget = new WeakMap<object, boolean>();
// Cents hide small budgets (a task's few thousand tokens): below a dollar, four decimals.
const money = (usd: number) => `$${usd.toFixed(usd >= 1 ? 2 : 4)}`;

/**
 * Budgets from config `budgets:` against the spend in the usage ledger: warns at `warnAt`,
 * blocks at `limitUsd`. Everything here reads the tracker's running totals, so a check
 * costs a few map lookups.
 */
export class Budgets {
  private readonly levels = new Map<string, BudgetLevel>();

  constructor(
    private readonly config: () => GatewayConfig,
    private readonly spend: SpendTracker,
    private readonly bus: EventBus<GatewayEvents>,
    ledger: UsageLedger,
  ) {
    ledger.onRecord((row) => {
      if (!row.costUsd || !this.any()) return;
      // After the tracker added the row (it subscribed first).
      this.watch({ kind: 'overall' });
      if (row.provider) this.watch({ kind: 'provider', id: row.provider });
      if (row.agentId) this.watch({ kind: 'agent', id: row.agentId });
    });
    bus.on('config.changed', () => spend.invalidate());
  }

  /** Every configured budget with its spend and level (for GET /model-gateway/budgets). */
  statuses(): BudgetStatus[] {
    const budgets = this.config().budgets;
    const scopes: SpendScope[] = [
      ...(budgets.overall ? [{ kind: 'overall' as const }] : []),
      ...Object.keys(budgets.providers).map((id) => ({ kind: 'provider' as const, id })),
      ...Object.keys(budgets.agents).map((id) => ({ kind: 'agent' as const, id })),
    ];
    return scopes.flatMap((scope) => this.statusesOf(scope));
  }

  /** The message that blocks a model call of this agent (overall or agent budget spent), if any. */
  blockCall(agentId: string | null | undefined): string | undefined {
    if (!this.any()) return undefined;
    return this.exceeded({ kind: 'overall' }) ?? (agentId ? this.exceeded({ kind: 'agent', id: agentId }) : undefined);
  }

  /** Why a provider is passed by in chains (its own budget spent), if it is. */
  providerBlock(providerId: string): string | undefined {
    if (!this.config().budgets.providers[providerId]) return undefined;
    return this.exceeded({ kind: 'provider', id: providerId });
  }

  private any(): boolean {
    const budgets = this.config().budgets;
    let configured = anyBudget.get(budgets);
    if (configured === undefined) {
      configured = Boolean(budgets.overall) || Object.keys(budgets.providers).length > 0 || Object.keys(budgets.agents).length > 0;
      anyBudget.set(budgets, configured);
    }
    return configured;
  }

  private periodsOf(scope: SpendScope): BudgetPeriods | undefined {
    const budgets = this.config().budgets;
    return scope.kind === 'overall' ? budgets.overall : (scope.kind === 'provider' ? budgets.providers : budgets.agents)[scope.id];
  }

  private exceeded(scope: SpendScope): string | undefined {
    return this.statusesOf(scope).find((status) => status.level === 'exceeded')?.summary;
  }

  private statusesOf(scope: SpendScope): BudgetStatus[] {
    const configured = this.periodsOf(scope);
    if (!configured) return [];
    const spent = this.spend.spend(scope);
    const resets = this.spend.resets();
    return periods.flatMap((period) => {
      const limit: BudgetLimit | undefined = configured[period];
      if (!limit) return [];
      const spentUsd = Math.round(spent[period] * 1e6) / 1e6;
      const level: BudgetLevel = spentUsd >= limit.limitUsd ? 'exceeded' : spentUsd >= limit.limitUsd * limit.warnAt ? 'warning' : 'ok';
      const id = scope.kind === 'overall' ? null : scope.id;
      const who = scope.kind === 'overall' ? 'overall' : `${scope.kind} '${scope.id}'`;
      const resetsAt = new Date(period === 'daily' ? resets.day : resets.month).toISOString();
      const verb = level === 'exceeded' ? 'has reached' : 'is at';
      const summary = `Budget ${level === 'ok' ? 'status' : level}: the ${who} ${period} budget ${verb} ${money(spentUsd)} of ${money(limit.limitUsd)} (resets ${resetsAt})`;
      return [{ budget: [scope.kind, id, period].filter(Boolean).join(':'), scope: scope.kind, id, period, spentUsd, limitUsd: limit.limitUsd, warnAt: limit.warnAt, level, resetsAt, summary }];
    });
  }

  private watch(scope: SpendScope): void {
    for (const status of this.statusesOf(scope)) {
      const key = `${status.budget}@${status.resetsAt}`;
      const before = this.levels.get(key) ?? 'ok';
      if (status.level === before) continue;
      this.levels.set(key, status.level);
      const { warnAt: _warnAt, level: _level, resetsAt: _resetsAt, ...event } = status;
      if (status.level === 'exceeded') this.bus.emit('budget.exceeded', event);
      else if (status.level === 'warning' && before === 'ok') this.bus.emit('budget.warning', event);
    }
  }
}
