import type { AgentConfig } from '../../../shared/schemas/agent.js';
import type { GatewayConfig, ProviderConfig } from '../../../shared/schemas/config.js';
import type { EventBus } from '../events/bus.js';
import type { GatewayEvents } from '../events/gateway-events.js';
import type { Logger } from '../log/logger.js';
import type { ProviderStates } from '../models/providers/provider-states.js';
import { balanceEntry, balanceLevel, balanceSkipReason } from './balance-entry.js';
import { balancePlan, fetchBalance, type BalancePlan, type BalanceReading, type FetchOptions } from './balance-fetcher.js';
import { LocalServerProbes } from './local-server-probe.js';
import { LocalSubscriptions } from './local-subscriptions.js';
import type { QuotaEntry, QuotaLevel } from './quota-entry.js';

export interface QuotaDeps {
  config: () => GatewayConfig;
  providers: ProviderStates;
  bus: EventBus<GatewayEvents>;
  logger: Logger;
  env: NodeJS.ProcessEnv;
  fetch?: FetchOptions;
  now?: () => number;
}

interface Known {
  reading: BalanceReading;
  at: number;
  /** The plan the reading was made with: a config edit that changes it makes the reading stale. */
  planKey: string;
}

/**
 * Knows every provider's balance and the local Codex / Claude Code subscriptions. Routing
 * asks it synchronously (cached figures only, never the network); fetches happen in the
 * background, when figures are older than `quota.cacheSeconds`, or on request.
 */
export class QuotaService {
  private readonly known = new Map<string, Known>();
  private readonly inflight = new Map<string, Promise<void>>();
  private readonly levels = new Map<string, QuotaLevel>();
  private readonly local: LocalSubscriptions;
  private readonly probes: LocalServerProbes;
  private timer: NodeJS.Timeout | undefined;
  private stopped = true;
  private unsubscribe: (() => void)[] = [];
  private readonly now: () => number;

  constructor(private readonly deps: QuotaDeps) {
    this.now = deps.now ?? Date.now;
    this.probes = new LocalServerProbes(this.now);
    this.local = new LocalSubscriptions({ config: deps.config, logger: deps.logger, now: this.now, judged: (key, level, entry) => this.judge(key, entry.provider, level, entry.summary, entry) });
  }

  start(): void {
    this.stopped = false;
    void this.refreshAll(false);
    this.schedule();
    const { bus } = this.deps;
    this.unsubscribe = [
      bus.on('config.changed', () => void this.refreshAll(false)),
      // A provider that answers 402 (DeepSeek's "Insufficient Balance") has likely run out: look now.
      bus.on('usage.recorded', (row) => {
        const provider = row.provider ? this.deps.config().providers.find((candidate) => candidate.id === row.provider) : undefined;
        if (!provider) return;
        if (row.status === 402 && planOf(provider).kind === 'fetch') void this.refresh(provider);
        // A local server that served a call is there.
        if (row.status < 500 && planOf(provider).kind === 'local') this.probes.note(provider, true);
      }),
    ];
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    for (const off of this.unsubscribe) off();
    this.unsubscribe = [];
  }

  /** Why routing should skip this provider now (out of balance, over the usage threshold); sync. */
  skipReason(provider: ProviderConfig): string | undefined {
    const plan = planOf(provider);
    if (plan.kind !== 'fetch' || !provider.enabled || provider.apiKey === '') return undefined;
    const known = this.known.get(provider.id);
    if (!known || this.stale(known, plan)) void this.refresh(provider);
    if (!known || known.planKey !== planKey(plan)) return undefined;
    return balanceSkipReason(known.reading, plan, this.deps.config().quota);
  }

  /** The cached entry of one provider (no fetch). */
  providerEntry(provider: ProviderConfig): QuotaEntry {
    const plan = planOf(provider);
    const known = this.known.get(provider.id);
    const usable = known && plan.kind === 'fetch' && known.planKey === planKey(plan) ? known : undefined;
    const entry = balanceEntry(provider, plan, usable?.reading, usable?.at, this.deps.config().quota, this.probes.result(provider));
    const health = this.deps.providers.unavailableReason(provider);
    return health ? { ...entry, available: false, reason: health } : entry;
  }

  /** Every provider and local subscription, refreshing what is older than the cache (or all, forced). */
  async snapshot(force = false): Promise<Record<string, QuotaEntry>> {
    await Promise.all([this.refreshAll(force), this.probeLocalServers(force)]);
    const result: Record<string, QuotaEntry> = {};
    for (const provider of this.deps.config().providers) result[provider.id] = this.providerEntry(provider);
    for (const entry of await this.local.entries(this.deps.env, force)) {
      const key = result[entry.provider] ? `${entry.provider}-subscription` : entry.provider;
      result[key] = entry;
    }
    return result;
  }

  /** The subscription an agent's CLI draws on (Codex or Claude Code login), unless it routes through us. */
  subscriptionFor(agent: AgentConfig): Promise<QuotaEntry | undefined> {
    return this.local.forAgent(agent, this.deps.env);
  }

  async refreshAll(force: boolean): Promise<void> {
    const due = this.deps.config().providers.filter((provider) => {
      const plan = planOf(provider);
      if (plan.kind !== 'fetch' || !provider.enabled || provider.apiKey === '') return false;
      const known = this.known.get(provider.id);
      return force || !known || this.stale(known, plan);
    });
    await Promise.all(due.map((provider) => this.refresh(provider)));
  }

  /**
   * Asks each model server on this machine whether it is there (when its last answer is older
   * than the cache), for the dashboard and the quota API only: routing never waits on it, and
   * nothing is asked until someone looks. A change of answer is announced.
   */
  async probeLocalServers(force = false): Promise<void> {
    const due = this.deps.config().providers.filter((provider) => provider.enabled && planOf(provider).kind === 'local' && (force || this.probes.due(provider, this.cacheMs())));
    await Promise.all(
      due.map(async (provider) => {
        const before = this.probes.result(provider)?.answered;
        await this.probes.probe(provider);
        if (this.probes.result(provider)?.answered !== before) this.deps.bus.emit('provider.probed', { provider: provider.id });
      }),
    );
  }

  private refresh(provider: ProviderConfig): Promise<void> {
    const running = this.inflight.get(provider.id);
    if (running) return running;
    const plan = planOf(provider);
    if (plan.kind !== 'fetch') return Promise.resolve();
    const job = fetchBalance(plan, this.deps.fetch)
      .then((fetched) => {
        // A balance API's error text may echo the key it was sent; it is shown in the UI and health.
        const reading = fetched.error ? { ...fetched, error: this.deps.logger.redact(fetched.error) } : fetched;
        const previous = this.known.get(provider.id);
        const merged = reading.error && previous?.planKey === planKey(plan) ? { ...previous.reading, error: reading.error } : reading;
        if (reading.error) this.deps.logger.warn('balance refresh failed', { provider: provider.id, error: reading.error });
        this.known.set(provider.id, { reading: merged, at: this.now(), planKey: planKey(plan) });
        const quota = this.deps.config().quota;
        const entry = balanceEntry(provider, plan, merged, this.now(), quota);
        this.judge(`provider:${provider.id}`, provider.id, balanceLevel(merged, plan, quota), entry.summary, entry);
      })
      .finally(() => this.inflight.delete(provider.id));
    this.inflight.set(provider.id, job);
    return job;
  }

  /** Emits quota events when an entry's level changes. */
  private judge(key: string, provider: string, level: QuotaLevel, summary: string, entry: QuotaEntry): void {
    const before = this.levels.get(key) ?? 'ok';
    this.levels.set(key, level);
    if (level === before) return;
    const { bus } = this.deps;
    if (level === 'exhausted') bus.emit('quota.exhausted', { provider, reason: entry.reason ?? summary, summary });
    else if (level === 'warning') {
      bus.emit('quota.warning', { provider, summary, ...pick(entry) });
    } else bus.emit('quota.restored', { provider, summary });
  }

  private stale(known: Known, plan: Extract<BalancePlan, { kind: 'fetch' }>): boolean {
    return known.planKey !== planKey(plan) || this.now() - known.at >= this.cacheMs();
  }

  private cacheMs(): number {
    return this.deps.config().quota.cacheSeconds * 1000;
  }

  private schedule(): void {
    if (this.stopped) return;
    const seconds = this.deps.config().quota.refreshSeconds;
    this.timer = setTimeout(() => {
      const work = seconds > 0 ? Promise.all([this.refreshAll(false), this.local.entries(this.deps.env, false)]) : Promise.resolve();
      void work.finally(() => this.schedule());
    }, (seconds || 60) * 1000);
    this.timer.unref();
  }
}

// Plans are asked for on every routed call: work each out once per provider config object
// (a config reload brings new objects, so an edit is seen at once).
const plans = new WeakMap<ProviderConfig, BalancePlan>();

function planOf(provider: ProviderConfig): BalancePlan {
  let plan = plans.get(provider);
  if (!plan) {
    plan = balancePlan(provider);
    plans.set(provider, plan);
  }
  return plan;
}

const planKeys = new WeakMap<BalancePlan, string>();
function planKey(plan: BalancePlan): string {
  let key = planKeys.get(plan);
  if (key === undefined) {
    key = JSON.stringify(plan);
    planKeys.set(plan, key);
  }
  return key;
}

function pick(entry: QuotaEntry) {
  return {
    ...(entry.usedPercent !== undefined ? { usedPercent: entry.usedPercent } : {}),
    ...(entry.balance !== undefined ? { balance: entry.balance } : {}),
    ...(entry.currency ? { currency: entry.currency } : {}),
  };
}
