import { Router } from 'express';
import { z } from 'zod';
import { serviceLogLevels, serviceRuleInputSchema } from '../../../shared/schemas/services.js';
import type { AgentServices } from './agent-services.js';
import { parseSpec } from './parse-spec.js';
import { timeseriesMetrics } from './service-sampler.js';
import { healthView, statsOverview } from './service-views.js';

const connectionsQuery = z.strictObject({
  service_id: z.string().optional(),
  status: z.enum(['active', 'closed']).optional(),
  limit: z.coerce.number().int().min(1).max(1_000).default(100),
});
const disconnectBody = z.strictObject({ reason: z.string().max(120).default('Administrative disconnect'), notify_client: z.boolean().default(true) }).prefault({});
const rulesQuery = z.strictObject({ enabled: z.enum(['true', 'false']).optional() });
const testBody = z.strictObject({
  headers: z.record(z.string(), z.string()).default({}),
  query: z.record(z.string(), z.string()).default({}),
  client_ip: z.string().default('127.0.0.1'),
});
const duration = z.string().regex(/^\d+[smhd]$/, 'a duration such as 30s, 5m, 1h, 7d');
const timeseriesQuery = z.strictObject({
  metric: z.enum(timeseriesMetrics).default('connections'),
  period: duration.default('1h'),
  interval: duration.default('5m'),
  service_id: z.string().optional(),
});
const historyQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(10_000).default(50) });
const logsQuery = z.strictObject({
  level: z.enum(serviceLogLevels).optional(),
  limit: z.coerce.number().int().min(1).max(10_000).default(100),
  since: z.iso.datetime({ offset: true }).optional(),
  after_id: z.coerce.number().int().min(0).optional(),
});
const searchQuery = z.strictObject({ query: z.string().min(1).max(1_000), service_id: z.string().optional(), limit: z.coerce.number().int().min(1).max(1_000).default(50) });

const unitMs = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const toMs = (text: string) => Number(text.slice(0, -1)) * unitMs[text.at(-1) as keyof typeof unitMs];

/** Connections, service rules, stats, health and logs of agent services (specs/004 §1.2–1.6). */
export function serviceOpsRoutes(services: AgentServices): Router {
  const { manager, proxy, rules, sampler } = services;
  const router = Router();
  const serviceId = (idOrName: string | undefined) => (idOrName ? manager.get(idOrName).id : undefined);

  router.get('/connections', (req, res) => {
    const query = parseSpec(connectionsQuery, req.query, 'query');
    const all = manager.connections.list({ serviceId: serviceId(query.service_id), status: query.status });
    res.json({ success: true, connections: all.slice(0, query.limit), total: all.length });
  });
  router.post('/connections/:id/disconnect', (req, res) => {
    const body = parseSpec(disconnectBody, req.body, 'body');
    proxy.disconnect(req.params.id, body.reason, body.notify_client);
    res.json({ success: true, connection_id: req.params.id, message: 'Connection closed' });
  });

  router.post('/routing/rules', (req, res) => {
    const rule = rules.create(parseSpec(serviceRuleInputSchema, req.body, 'body'));
    res.status(201).json({ success: true, rule_id: rule.rule_id, rule, message: 'Routing rule created' });
  });
  router.get('/routing/rules', (req, res) => {
    const query = parseSpec(rulesQuery, req.query, 'query');
    const all = rules.list().filter((rule) => query.enabled === undefined || String(rule.enabled) === query.enabled);
    res.json({ success: true, rules: [...all].sort((a, b) => b.priority - a.priority), total: all.length });
  });
  router.put('/routing/rules/:id', (req, res) => {
    const rule = rules.update(req.params.id, parseSpec(serviceRuleInputSchema.partial().strict(), req.body, 'body'));
    res.json({ success: true, rule_id: rule.rule_id, rule, message: 'Routing rule updated' });
  });
  router.delete('/routing/rules/:id', (req, res) => {
    const rule = rules.remove(req.params.id);
    res.json({ success: true, rule_id: rule.rule_id, message: 'Routing rule deleted' });
  });
  // The dashboard's tester: which instance would a client with these headers reach now?
  router.post('/routing/test', (req, res) => {
    const body = parseSpec(testBody, req.body, 'body');
    const headers = Object.fromEntries(Object.entries(body.headers).map(([name, value]) => [name.toLowerCase(), value]));
    const query = new URLSearchParams(body.query);
    res.json({ success: true, ...services.testRoute({ headers, query, clientIp: body.client_ip, service: query.get('service') ?? undefined, tag: query.get('tag') ?? undefined, sessionId: query.get('session_id') ?? undefined, hint: query.get('routing_hint') ?? undefined }) });
  });

  router.get('/stats/overview', (_req, res) => {
    res.json({ success: true, ...statsOverview(manager, sampler) });
  });
  router.get('/stats/timeseries', (req, res) => {
    const query = parseSpec(timeseriesQuery, req.query, 'query');
    const data = sampler.timeseries(query.metric, toMs(query.period), Math.max(1_000, toMs(query.interval)), serviceId(query.service_id));
    res.json({ success: true, metric: query.metric, period: query.period, interval: query.interval, data });
  });

  router.get('/health/services/:id', (req, res) => {
    const runtime = manager.get(req.params.id);
    res.json({ success: true, service_id: runtime.id, name: runtime.record.name, service_status: runtime.status, ...healthView(runtime) });
  });
  router.post('/health/services/:id/check', async (req, res) => {
    const runtime = manager.get(req.params.id);
    const check = await services.checkHealth(runtime.id);
    res.json({ success: true, service_id: runtime.id, ...check });
  });
  router.get('/health/services/:id/history', (req, res) => {
    const runtime = manager.get(req.params.id);
    const query = parseSpec(historyQuery, req.query, 'query');
    const history = manager.health.history(runtime.id, query.limit);
    res.json({ success: true, service_id: runtime.id, history, total: history.length });
  });

  router.get('/logs/services/:id', (req, res) => {
    const runtime = manager.get(req.params.id);
    const query = parseSpec(logsQuery, req.query, 'query');
    const logs = manager.logs.list(runtime.id, { level: query.level, limit: query.limit, since: query.since && new Date(query.since).toISOString(), afterId: query.after_id });
    res.json({ success: true, service_id: runtime.id, logs, total: logs.length });
  });
  router.get('/logs/search', (req, res) => {
    const query = parseSpec(searchQuery, req.query, 'query');
    const logs = manager.logs.search(query.query, { serviceId: serviceId(query.service_id), limit: query.limit });
    res.json({ success: true, query: query.query, logs, total: logs.length });
  });
  return router;
}
