import { Router } from 'express';
import type { Registry } from 'prom-client';
import { z } from 'zod';
import { actorKinds } from '../../../../shared/schemas/monitor.js';
import type { AuditLog } from '../../audit/audit-log.js';
import { parseOr400 } from '../validate.js';

const auditQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(1_000).default(100),
  before: z.coerce.number().int().positive().optional(),
  actor_kind: z.enum(actorKinds).optional(),
  face: z.string().min(1).max(64).optional(),
});

/** `GET /metrics` (Prometheus text) and `GET /audit` (the audit log, newest first); both behind the token. */
export function monitorRoutes(deps: { registry: () => Promise<Registry>; audit: AuditLog }): Router {
  const router = Router();
  router.get('/metrics', async (_req, res) => {
    const registry = await deps.registry();
    res.type(registry.contentType).send(await registry.metrics());
  });
  router.get('/audit', (req, res) => {
    const query = parseOr400(auditQuery, req.query, 'query');
    res.json(deps.audit.list({ limit: query.limit, beforeId: query.before, actorKind: query.actor_kind, face: query.face }));
  });
  return router;
}
