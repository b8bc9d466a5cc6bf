import type { ProviderConfig } from '../../../shared/schemas/config.js';
import type { QuotaConfig } from '../../../shared/schemas/quota.js';
import type { BalancePlan, BalanceReading } from './balance-fetcher.js';
import type { ProbeResult } from './local-server-probe.js';
import { formatMoney, formatPercent, type QuotaEntry, type QuotaLevel } from './quota-entry.js';

type FetchPlan = Extract<BalancePlan, { kind: 'fetch' }>;

/** How bad a reading is: out of balance (or refused), near the warning line, or fine. */
export function balanceLevel(reading: BalanceReading | undefined, plan: FetchPlan, quota: QuotaConfig): QuotaLevel {
  // A failed refresh keeps the last figures: judge by those, not by the failure.
  if (!reading) return 'ok';
  if (reading.allowed === false) return 'exhausted';
  if (reading.balance !== undefined && reading.balance <= plan.minBalance) return 'exhausted';
  if (reading.usedPercent !== undefined && reading.usedPercent >= 100) return 'exhausted';
  if (plan.warnBelow !== undefined && reading.balance !== undefined && reading.balance <= plan.warnBelow) return 'warning';
  if (reading.usedPercent !== undefined && reading.usedPercent >= quota.warnPercent) return 'warning';
  return 'ok';
}

/** Why routing should pass this provider by, from its last reading; undefined when it should not. */
export function balanceSkipReason(reading: BalanceReading | undefined, plan: FetchPlan, quota: QuotaConfig): string | undefined {
  if (!reading) return undefined;
  if (balanceLevel(reading, plan, quota) === 'exhausted') {
    if (reading.allowed === false) return `out of balance (the provider refuses calls${reading.balance !== undefined ? `; ${formatMoney(reading.balance, reading.currency)} left` : ''})`;
    if (reading.balance !== undefined && reading.balance <= plan.minBalance) return `out of balance (${formatMoney(reading.balance, reading.currency)} left, minimum ${formatMoney(plan.minBalance, reading.currency)})`;
    return `quota used up (${formatPercent(reading.usedPercent ?? 100)})`;
  }
  if (reading.usedPercent !== undefined && reading.usedPercent >= quota.skipPercent) return `usage ${formatPercent(reading.usedPercent)} is over the ${formatPercent(quota.skipPercent)} threshold`;
  return undefined;
}

function summaryOf(reading: BalanceReading | undefined): string {
  if (!reading) return 'balance not fetched yet';
  if (reading.error && reading.balance === undefined && !reading.note) return `balance unknown: ${reading.error}`;
  const parts: string[] = [];
  if (reading.balance !== undefined) parts.push(`${formatMoney(reading.balance, reading.currency)} left`);
  if (reading.note) parts.push(reading.note);
  if (reading.usedPercent !== undefined) parts.push(`${formatPercent(reading.usedPercent)} of the limit used`);
  if (reading.allowed === false) parts.push('the provider refuses calls');
  if (reading.error) parts.push(`last refresh failed: ${reading.error}`);
  return parts.join('; ');
}

/** A model server on this machine: "local server" once it answered, never of one that is not there. */
function localSummary(provider: ProviderConfig, probe: ProbeResult | undefined): string {
  if (!probe) return 'not checked yet whether the server answers';
  if (probe.answered) return 'local server: no balance to run out of';
  return `nothing answers at ${new URL(provider.baseUrl).host}${probe.error ? ` (${probe.error})` : ''}; is the server running?`;
}

/** The quota entry of a provider from its plan and its last reading (kept across a failed refresh). */
export function balanceEntry(
  provider: ProviderConfig,
  plan: BalancePlan,
  reading: BalanceReading | undefined,
  checkedAt: number | undefined,
  quota: QuotaConfig,
  probe?: ProbeResult,
): QuotaEntry {
  const at = new Date(checkedAt ?? Date.now()).toISOString();
  if (plan.kind === 'local') return { provider: provider.id, kind: 'local', source: 'local', available: true, summary: localSummary(provider, probe), checkedAt: at };
  if (plan.kind === 'none') return { provider: provider.id, kind: 'untracked', available: true, summary: plan.why, checkedAt: at };
  const skip = balanceSkipReason(reading, plan, quota);
  const entry: QuotaEntry = { provider: provider.id, kind: 'balance', source: plan.source, available: !skip, summary: summaryOf(reading), checkedAt: at };
  if (skip) entry.reason = skip;
  if (reading?.balance !== undefined) entry.balance = reading.balance;
  if (reading?.currency) entry.currency = reading.currency;
  if (reading?.usedPercent !== undefined) entry.usedPercent = reading.usedPercent;
  if (reading?.error) entry.error = reading.error;
  return entry;
}
