import { Router } from 'express';
import { z } from 'zod';
import type { TaskRoutingConfig } from '../../../../shared/schemas/task-routing.js';
import type { AgentRegistry } from '../../agents/agent-registry.js';
import { explainRoute } from '../../tasks/task-rules.js';
import { parseOr400 } from '../validate.js';

const testBody = z.strictObject({ task: z.string().trim().min(1).max(200_000), capabilities: z.array(z.string().min(1)).default([]) });

/** The task-rule tester: where a task sent to `gateway` would go, and why (nothing is submitted). */
export function routingRoutes(agents: AgentRegistry, routing: () => TaskRoutingConfig): Router {
  const router = Router();
  router.post('/routing/test', async (req, res) => {
    const { task, capabilities } = parseOr400(testBody, req.body);
    res.json(await explainRoute(agents, routing(), task, capabilities));
  });
  return router;
}
