import type { AgentConfig } from '../../../shared/schemas/agent.js';
import type { GatewayConfig } from '../../../shared/schemas/config.js';
import type { Logger } from '../log/logger.js';
import { claudeProjectDirs, ClaudeTranscripts } from './claude-transcripts.js';
import { summarizeClaude } from './claude-usage.js';
import { codexHomeOf, readCodexUsage } from './codex-rate-limits.js';
import type { QuotaEntry, QuotaLevel } from './quota-entry.js';
import { claudeEntry, codexEntry } from './subscriptions.js';

const CLAUDE_LOOKBACK_MS = 7 * 86_400_000;

export interface LocalSubscriptionDeps {
  config: () => GatewayConfig;
  logger: Logger;
  now: () => number;
  /** Told the level of every fresh read, keyed by where it was read (for quota events). */
  judged(key: string, level: QuotaLevel, entry: QuotaEntry): void;
}

/**
 * The Codex and Claude Code subscriptions, read from their files (no network), per home
 * directory: an agent with its own CODEX_HOME or CLAUDE_CONFIG_DIR is a different login.
 * Each read is reused for `quota.cacheSeconds`.
 */
export class LocalSubscriptions {
  private readonly cache = new Map<string, { at: number; entry: Promise<QuotaEntry | undefined> }>();
  private readonly transcripts = new ClaudeTranscripts();

  constructor(private readonly deps: LocalSubscriptionDeps) {}

  /** Both subscriptions as the environment `env` finds them (the ones whose files exist). */
  async entries(env: NodeJS.ProcessEnv, force: boolean): Promise<QuotaEntry[]> {
    if (!this.deps.config().quota.localSubscriptions) return [];
    const entries = await Promise.all([this.codex(env, force), this.claude(env, force)]);
    return entries.filter((entry): entry is QuotaEntry => entry !== undefined);
  }

  /** The subscription an agent's CLI draws on, unless its model calls go through the gateway. */
  forAgent(agent: AgentConfig, gatewayEnv: NodeJS.ProcessEnv): Promise<QuotaEntry | undefined> {
    if (agent.routeModelsThroughGateway || !this.deps.config().quota.localSubscriptions) return Promise.resolve(undefined);
    const env = { ...gatewayEnv, ...agent.env };
    if (agent.adapter === 'codex') return this.codex(env, false);
    if (agent.adapter === 'claude-code') return this.claude(env, false);
    return Promise.resolve(undefined);
  }

  private codex(env: NodeJS.ProcessEnv, force: boolean): Promise<QuotaEntry | undefined> {
    const home = codexHomeOf(env);
    return this.cached(`codex:${home}`, force, async () => {
      const usage = await readCodexUsage(home, this.deps.now());
      return usage.found ? codexEntry(usage, this.deps.now()) : undefined;
    });
  }

  private claude(env: NodeJS.ProcessEnv, force: boolean): Promise<QuotaEntry | undefined> {
    const dirs = claudeProjectDirs(env);
    return this.cached(`claude:${dirs.join(',')}`, force, async () => {
      const now = this.deps.now();
      const scan = await this.transcripts.scan(dirs, now - CLAUDE_LOOKBACK_MS);
      const { prices, quota } = this.deps.config();
      return scan.files > 0 ? claudeEntry(summarizeClaude(scan, now, prices, quota.claudeCode), now) : undefined;
    });
  }

  private cached(key: string, force: boolean, read: () => Promise<QuotaEntry | undefined>): Promise<QuotaEntry | undefined> {
    const known = this.cache.get(key);
    if (known && !force && this.deps.now() - known.at < this.deps.config().quota.cacheSeconds * 1000) return known.entry;
    const entry = read()
      .then((result) => {
        if (result) this.deps.judged(key, levelOf(result, this.deps.config().quota.warnPercent), result);
        return result;
      })
      .catch((error: unknown) => {
        this.deps.logger.warn('reading local usage failed', { source: key, error: String(error) });
        return undefined;
      });
    this.cache.set(key, { at: this.deps.now(), entry });
    return entry;
  }
}

function levelOf(entry: QuotaEntry, warnPercent: number): QuotaLevel {
  if (!entry.available) return 'exhausted';
  return entry.usedPercent !== undefined && entry.usedPercent >= warnPercent ? 'warning' : 'ok';
}
