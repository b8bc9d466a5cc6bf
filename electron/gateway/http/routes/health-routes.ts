import { Router } from 'express';
import { z } from 'zod';
import type { ModelServices } from '../../models/pipeline/handle-model-call.js';
import type { ProviderHealth } from '../../models/providers/provider-states.js';
import { badRequest } from '../http-error.js';
import type { Readiness } from '../readiness.js';
import { usageGroupBys } from '../../store/usage-ledger.js';

/**
 * `/health` is the one route without a token. As agentmesh 1.x answers it: `ok` (or
 * `starting` while the gateway recovers), epoch-ms `timestamp`, and every agent's status.
 */
export function publicHealthRoutes(readiness: Readiness, agents: () => { id: string; name: string; status: string }[]): Router {
  const router = Router();
  router.get('/health', (_req, res) => {
    res.json({ status: readiness.ready ? 'ok' : 'starting', timestamp: Date.now(), agents: agents() });
  });
  return router;
}

const usageQuery = z.object({
  group_by: z.enum(usageGroupBys).default('model'),
  since: z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined) return 0;
      const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
      if (Number.isNaN(ms)) {
        ctx.addIssue({ code: 'custom', message: 'since must be an ISO date or epoch milliseconds' });
        return z.NEVER;
      }
      return ms;
    }),
});

export function modelGatewayRoutes(services: ModelServices): Router {
  const router = Router();
  router.get('/model-gateway/health', (_req, res) => {
    // The 1.x shape: `name` and `summary` per provider; reason, circuit and quota are ours.
    const providers = services.providers.health().map((entry) => withQuota(services, entry));
    const named = (entry: (typeof providers)[number]) => ({ name: entry.id, ...entry, summary: entry.summary ?? entry.reason ?? 'available' });
    res.json({
      status: providers.some((provider) => provider.available) ? 'ok' : 'degraded',
      timestamp: Date.now(),
      providers_available: providers.filter((provider) => provider.available).map(named),
      providers_unavailable: providers.filter((provider) => !provider.available).map(named),
    });
  });
  router.get('/model-gateway/usage', (req, res) => {
    const parsed = usageQuery.safeParse(req.query);
    if (!parsed.success) throw badRequest(parsed.error.issues.map((issue) => `${issue.path.join('.') || 'query'}: ${issue.message}`).join('; '));
    const { group_by: groupBy, since } = parsed.data;
    const totals = services.ledger.totals(groupBy, since);
    const summary = services.summaries?.summary(since, Date.now() + 1, services.config().prices);
    const sum = (key: 'requests' | 'inputTokens' | 'outputTokens' | 'costUsd') => totals.reduce((acc, row) => acc + row[key], 0);
    res.json({
      group_by: groupBy,
      since: new Date(since).toISOString(),
      totals: { requests: sum('requests'), inputTokens: sum('inputTokens'), outputTokens: sum('outputTokens'), costUsd: Math.round(sum('costUsd') * 1e6) / 1e6 },
      groups: totals,
      ...(summary ? { peak_hour: summary.peakHour, cost_breakdown: summary.cost } : {}),
    });
  });
  return router;
}

/** Adds the quota summary; a provider out of balance or over budget is unavailable, with the reason. */
function withQuota(services: ModelServices, entry: ProviderHealth): ProviderHealth & { summary?: string } {
  const provider = services.config().providers.find((candidate) => candidate.id === entry.id);
  if (!provider || !services.quota) return entry;
  const quota = services.quota.providerEntry(provider);
  const skipped = services.guard?.skipReason(provider);
  return {
    ...entry,
    ...(skipped && entry.available ? { available: false, reason: skipped } : {}),
    summary: quota.summary,
    ...(quota.balance !== undefined ? { balance: quota.balance, currency: quota.currency } : {}),
    ...(quota.usedPercent !== undefined ? { usedPercent: quota.usedPercent } : {}),
    ...(quota.resetsAt ? { resetsAt: quota.resetsAt } : {}),
  };
}
