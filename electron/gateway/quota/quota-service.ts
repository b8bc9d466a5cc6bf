import type { AgentConfig } from '../../../shared/schemas/agent.js';
import type { GatewayConfig, ProviderConfig } from '../../../shared/schemas/config.js';
import type { EventBus } from '../events/bus.js';
import type { GatewayEvents } from '../events/gateway-events.js';
import type { Logger } from '../log/logger.js';
import type { ProviderStates } from '../models/providers/provider-states.js';
import { balanceEntry, balanceLevel, balanceSkipReason } from './balance-entry.js';
import { balancePlan, fetchBalance, type BalancePlan, type BalanceReading, type FetchOptions } from './balance-fetcher.js';
import { claudeProjectDirs, ClaudeTranscripts } from './claude-transcripts.js';
import { summarizeClaude } from './claude-usage.js';
import { codexHomeOf, readCodexUsage } from './codex-rate-limits.js';
import type { QuotaEntry, QuotaLevel } from './quota-entry.js';
import { claudeEntry, codexEntry } from './subscriptions.js';

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

const CLAUDE_LOOKBACK_MS = 7 * 86_400_000;

/**
 * Knows every provider's balance and the local Codex / Claude Code subscriptions. Routing
 * asks it synchronously (cached figures only, never the network); fetches happen in the
 * background, when figures are older than `quota.cacheSeconds`, or on request.
 */
export class QuotaService {
  private readonly known = new Map<string, Known>();
  private readonly inflight = new Map<string, Promise<void>>();
  private readonly levels = new Map<string, QuotaLevel>();
  private readonly local = new Map<string, { at: number; entry: Promise<QuotaEntry | undefined> }>();
  private readonly transcripts = new ClaudeTranscripts();
  private timer: NodeJS.Timeout | undefined;
  private stopped = true;
  private readonly now: () => number;

  constructor(private readonly deps: QuotaDeps) {
    this.now = deps.now ?? Date.now;
  }

  start(): void {
    this.stopped = false;
    void this.refreshAll(false);
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  /** Why routing should skip this provider now (out of balance, over the usage threshold); sync. */
  skipReason(provider: ProviderConfig): string | undefined {
    const plan = planOf(provider);
    if (plan.kind !== 'fetch') return undefined;
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
    const entry = balanceEntry(provider, plan, usable?.reading, usable?.at, this.deps.config().quota);
    const health = this.deps.providers.unavailableReason(provider);
    return health ? { ...entry, available: false, reason: health } : entry;
  }

  /** Every provider and local subscription, refreshing what is older than the cache (or all, forced). */
  async snapshot(force = false): Promise<Record<string, QuotaEntry>> {
    await this.refreshAll(force);
    const result: Record<string, QuotaEntry> = {};
    for (const provider of this.deps.config().providers) result[provider.id] = this.providerEntry(provider);
    for (const entry of await this.localEntries(this.deps.env, force)) {
      const key = result[entry.provider] ? `${entry.provider}-subscription` : entry.provider;
      result[key] = entry;
    }
    return result;
  }

  /** The subscription an agent's CLI draws on (Codex or Claude Code login), unless it routes through us. */
  async subscriptionFor(agent: AgentConfig): Promise<QuotaEntry | undefined> {
    if (agent.routeModelsThroughGateway || !this.deps.config().quota.localSubscriptions) return undefined;
    const env = { ...this.deps.env, ...agent.env };
    if (agent.adapter === 'codex') return this.codex(env, false);
    if (agent.adapter === 'claude-code') return this.claude(env, false);
    return undefined;
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

  private localEntries(env: NodeJS.ProcessEnv, force: boolean): Promise<QuotaEntry[]> {
    if (!this.deps.config().quota.localSubscriptions) return Promise.resolve([]);
    return Promise.all([this.codex(env, force), this.claude(env, force)]).then((entries) => entries.filter((entry): entry is QuotaEntry => entry !== undefined));
  }

  private codex(env: NodeJS.ProcessEnv, force: boolean): Promise<QuotaEntry | undefined> {
    const home = codexHomeOf(env);
    return this.cachedLocal(`codex:${home}`, force, async () => {
      const usage = await readCodexUsage(home, this.now());
      return usage.found ? codexEntry(usage, this.now()) : undefined;
    });
  }

  private claude(env: NodeJS.ProcessEnv, force: boolean): Promise<QuotaEntry | undefined> {
    const dirs = claudeProjectDirs(env);
    return this.cachedLocal(`claude:${dirs.join(',')}`, force, async () => {
      const now = this.now();
      const scan = await this.transcripts.scan(dirs, now - CLAUDE_LOOKBACK_MS);
      const { prices, quota } = this.deps.config();
      return scan.files > 0 ? claudeEntry(summarizeClaude(scan, now, prices, quota.claudeCode), now) : undefined;
    });
  }

  private cachedLocal(key: string, force: boolean, read: () => Promise<QuotaEntry | undefined>): Promise<QuotaEntry | undefined> {
    const cached = this.local.get(key);
    if (cached && !force && this.now() - cached.at < this.cacheMs()) return cached.entry;
    const entry = read()
      .then((result) => {
        if (result) this.judge(key, result.provider, subscriptionLevel(result, this.deps.config().quota.warnPercent), result.summary, result);
        return result;
      })
      .catch((error: unknown) => {
        this.deps.logger.warn('reading local usage failed', { source: key, error: String(error) });
        return undefined;
      });
    this.local.set(key, { at: this.now(), entry });
    return entry;
  }

  private refresh(provider: ProviderConfig): Promise<void> {
    const running = this.inflight.get(provider.id);
    if (running) return running;
    const plan = planOf(provider);
    if (plan.kind !== 'fetch') return Promise.resolve();
    const job = fetchBalance(plan, this.deps.fetch)
      .then((reading) => {
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
      const work = seconds > 0 ? Promise.all([this.refreshAll(false), this.localEntries(this.deps.env, false)]) : Promise.resolve();
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

function subscriptionLevel(entry: QuotaEntry, warnPercent: number): QuotaLevel {
  if (!entry.available) return 'exhausted';
  return entry.usedPercent !== undefined && entry.usedPercent >= warnPercent ? 'warning' : 'ok';
}

function pick(entry: QuotaEntry) {
  return {
    ...(entry.usedPercent !== undefined ? { usedPercent: entry.usedPercent } : {}),
    ...(entry.balance !== undefined ? { balance: entry.balance } : {}),
    ...(entry.currency ? { currency: entry.currency } : {}),
  };
}
