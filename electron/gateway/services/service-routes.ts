import express, { Router, type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import { registerServiceSchema, serviceConfigUpdateSchema } from '../../../shared/schemas/services.js';
import { toHttpError } from '../http/error-mapper.js';
import { HttpError } from '../http/http-error.js';
import type { Logger } from '../log/logger.js';
import { ServiceError } from './service-error.js';
import type { AgentServices } from './agent-services.js';
import { serviceOpsRoutes } from './service-ops-routes.js';
import { parseSpec } from './parse-spec.js';
import { serviceDetail, serviceSummary } from './service-views.js';

const listQuery = z.strictObject({
  tag: z.string().optional(),
  status: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(1_000).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
const restartBody = z.strictObject({ countdown_seconds: z.number().int().min(0).max(3_600).default(0), message: z.string().max(1_000).optional() }).optional();
export const notifyBody = z.strictObject({
  type: z.string().min(1).max(64).default('announcement'),
  message: z.string().min(1).max(4_000),
  severity: z.enum(['info', 'warning', 'critical']).default('info'),
  countdown_seconds: z.number().int().min(0).max(86_400).optional(),
});


/**
 * The myagent-manager management API (specs/004) under /api/v1: every answer carries
 * `success`, every error is `{success: false, error: {code, message, details}}`.
 */
export function agentServiceRoutes(services: AgentServices, logger: Logger): Router {
  const { manager, proxy, sampler } = services;
  const router = Router();
  // Its own body parser, mounted before the app's, so a malformed body is answered in this API's shape.
  router.use(servicePaths, express.json({ limit: '1mb' }));
  router.post('/services', async (req, res) => {
    const runtime = await manager.register(parseSpec(registerServiceSchema, req.body, 'body'));
    res.status(201).json({ success: true, service_id: runtime.id, message: 'Service registered successfully', endpoint: serviceSummary(runtime, manager).endpoint, status: runtime.status });
  });
  router.get('/services', (req, res) => {
    const query = parseSpec(listQuery, req.query, 'query');
    const all = manager
      .list()
      .filter((runtime) => (!query.tag || runtime.record.tags.includes(query.tag)) && (!query.status || runtime.status === query.status))
      .map((runtime) => serviceSummary(runtime, manager));
    const page = all.slice(query.offset, query.offset + query.limit);
    res.json({ success: true, services: page, total: all.length, page: { limit: query.limit, offset: query.offset, has_next: query.offset + page.length < all.length } });
  });
  router.get('/services/:id', (req, res) => {
    res.json({ success: true, ...serviceDetail(manager.get(req.params.id), manager, sampler) });
  });
  router.post('/services/:id/start', async (req, res) => {
    const runtime = await manager.start(req.params.id);
    res.json({ success: true, service_id: runtime.id, status: runtime.status, message: 'Service started' });
  });
  router.post('/services/:id/stop', async (req, res) => {
    const runtime = await manager.stop(req.params.id);
    res.json({ success: true, service_id: runtime.id, status: runtime.status, message: 'Service stopped' });
  });
  router.post('/services/:id/restart', async (req, res) => {
    const body = parseSpec(restartBody, req.body, 'body');
    const runtime = manager.get(req.params.id);
    if (body?.countdown_seconds) {
      services.scheduleRestart(runtime.id, body.countdown_seconds, body.message);
      return void res.status(202).json({ success: true, service_id: runtime.id, status: runtime.status, message: `Restart in ${body.countdown_seconds} s`, countdown_seconds: body.countdown_seconds });
    }
    await manager.restart(runtime.id);
    res.json({ success: true, service_id: runtime.id, status: runtime.status, message: 'Service restarted' });
  });
  router.put('/services/:id/config', (req, res) => {
    const runtime = manager.updateConfig(req.params.id, parseSpec(serviceConfigUpdateSchema, req.body, 'body'));
    res.json({ success: true, service_id: runtime.id, config: runtime.record.config, message: 'Configuration updated' });
  });
  router.delete('/services/:id', async (req, res) => {
    const runtime = manager.get(req.params.id);
    await manager.remove(runtime.id);
    res.json({ success: true, service_id: runtime.id, message: 'Service removed' });
  });
  router.post('/services/:id/notify', (req, res) => {
    const runtime = manager.get(req.params.id);
    const notified = proxy.notify(runtime.id, parseSpec(notifyBody, req.body, 'body'));
    res.json({ success: true, service_id: runtime.id, notified_clients: notified });
  });
  router.use(serviceOpsRoutes(services));
  router.use(specErrors(logger));
  return router;
}

/** The path prefixes of this API under /api/v1 (the orchestration face shares /api/v1). */
export const servicePaths = ['/services', '/connections', '/routing', '/stats', '/health', '/logs'];

/** Errors in the spec's shape, with a timestamp in `details`. */
function specErrors(logger: Logger) {
  return (error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const mapped = toHttpError(error);
    if (mapped.status >= 500 && !(error instanceof ServiceError)) logger.error('request failed', { path: req.path, error: String(mapped.cause ?? mapped.message) });
    // Body-parser codes (INVALID_JSON, PAYLOAD_TOO_LARGE) are the spec's INVALID_REQUEST.
    const code = error instanceof HttpError || mapped.status >= 500 ? mapped.code : 'INVALID_REQUEST';
    const details = error instanceof ServiceError ? error.details : mapped.code !== code ? { reason: mapped.code } : {};
    res.status(mapped.status).json({ success: false, error: { code, message: logger.redact(mapped.message), details: { ...details, timestamp: new Date().toISOString() } } });
  };
}
