import { Router } from 'express';
import { z } from 'zod';
import type { ModelServices } from '../../models/pipeline/handle-model-call.js';
import { badRequest } from '../http-error.js';

/** `/health` is the one route without a token: it says only that the gateway is up. */
export function publicHealthRoutes(agentsOnline: () => unknown[]): Router {
  const router = Router();
  router.get('/health', (_req, res) => {
    res.json({ status: 'healthy', timestamp: new Date().toISOString(), agents: agentsOnline() });
  });
  return router;
}

const usageQuery = z.object({
  group_by: z.enum(['model', 'provider', 'day', 'agent', 'task']).default('model'),
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
    const providers = services.providers.health();
    res.json({
      status: providers.some((provider) => provider.available) ? 'healthy' : 'degraded',
      available: providers.filter((provider) => provider.available),
      unavailable: providers.filter((provider) => !provider.available),
    });
  });
  router.get('/model-gateway/usage', (req, res) => {
    const parsed = usageQuery.safeParse(req.query);
    if (!parsed.success) throw badRequest(parsed.error.issues.map((issue) => `${issue.path.join('.') || 'query'}: ${issue.message}`).join('; '));
    const { group_by: groupBy, since } = parsed.data;
    const totals = services.ledger.totals(groupBy, since);
    const sum = (key: 'requests' | 'inputTokens' | 'outputTokens' | 'costUsd') => totals.reduce((acc, row) => acc + row[key], 0);
    res.json({
      group_by: groupBy,
      since: new Date(since).toISOString(),
      totals: { requests: sum('requests'), inputTokens: sum('inputTokens'), outputTokens: sum('outputTokens'), costUsd: Math.round(sum('costUsd') * 1e6) / 1e6 },
      groups: totals,
    });
  });
  return router;
}
