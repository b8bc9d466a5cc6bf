import { Router } from 'express';
import { registerAgentSchema } from '../../../../shared/schemas/agent.js';
import type { AgentRegistry } from '../../agents/agent-registry.js';
import { parseOr400 } from '../validate.js';

export function agentRoutes(agents: AgentRegistry): Router {
  const router = Router();
  router.get('/agents', (_req, res) => {
    const list = agents.list();
    res.json({ agents: list, total: list.length });
  });
  router.post('/agents', (req, res) => {
    res.status(201).json(agents.register(parseOr400(registerAgentSchema, req.body)));
  });
  router.get('/agents/:id', (req, res) => {
    res.json(agents.get(req.params.id));
  });
  router.patch('/agents/:id', (req, res) => {
    res.json(agents.patch(req.params.id, req.body));
  });
  router.delete('/agents/:id', (req, res) => {
    agents.remove(req.params.id);
    res.status(204).end();
  });
  router.post('/agents/:id/detect', async (req, res) => {
    agents.get(req.params.id);
    await agents.detect(req.params.id);
    res.json(agents.get(req.params.id));
  });
  return router;
}
