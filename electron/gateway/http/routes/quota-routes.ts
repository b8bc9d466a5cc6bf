import { Router } from 'express';
import { z } from 'zod';
import type { ModelServices } from '../../models/pipeline/handle-model-call.js';
import { testRoute } from '../../quota/route-tester.js';
import { HttpError } from '../http-error.js';
import { parseOr400 } from '../validate.js';

const flag = z.enum(['0', '1', 'true', 'false']).optional().transform((value) => value === '1' || value === 'true');

const instant = (fallback: () => number) =>
  z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined) return fallback();
      const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
      if (Number.isNaN(ms)) {
        ctx.addIssue({ code: 'custom', message: 'an ISO date or epoch milliseconds' });
        return z.NEVER;
      }
      return ms;
    });

const quotaQuery = z.object({ refresh: flag });
const routeQuery = z.object({ model: z.string().min(1, 'model is required'), agent: z.string().min(1).optional() });
const summaryQuery = z.object({ since: instant(() => Date.now() - 30 * 86_400_000), until: instant(() => Date.now() + 1) });

function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new HttpError(501, 'NOT_CONFIGURED', `${what} is not available in this gateway`);
  return value;
}

/** Balances and subscriptions, the routing tester, budgets and the usage summary. */
export function quotaRoutes(services: ModelServices): Router {
  const router = Router();
  router.get('/model-gateway/quota', async (req, res) => {
    const { refresh } = parseOr400(quotaQuery, req.query, 'query');
    res.json(await need(services.quota, 'Quota tracking').snapshot(refresh));
  });
  router.get('/model-gateway/route', (req, res) => {
    const { model, agent } = parseOr400(routeQuery, req.query, 'query');
    res.json(testRoute(services, model, agent));
  });
  router.get('/model-gateway/budgets', (_req, res) => {
    res.json({ budgets: need(services.budgets, 'Budgets').statuses() });
  });
  router.get('/model-gateway/usage/summary', (req, res) => {
    const { since, until } = parseOr400(summaryQuery, req.query, 'query');
    if (until <= since) throw new HttpError(400, 'INVALID_REQUEST', 'query: until must be after since');
    res.json(need(services.summaries, 'The usage summary').summary(since, until, services.config().prices));
  });
  return router;
}
