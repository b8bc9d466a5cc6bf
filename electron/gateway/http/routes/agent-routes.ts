import { Router } from 'express';
import { registerAgentSchema } from '../../../../shared/schemas/agent.js';
import type { AgentRegistry } from '../../agents/agent-registry.js';
import { parseOr400 } from '../validate.js';
import { seedAgent } from './seed-views.js';

/** Agents as agentmesh 1.x lists and registers them: a JSON array, `{id, status: "registered"}`. */
export function agentRoutes(agents: AgentRegistry): Router {
  const router = Router();
  router.get('/agents', (_req, res) => {
    const list = agents.list();
    res.set('x-total-count', String(list.length)).json(list.map(seedAgent));
  });
  router.post('/agents', (req, res) => {
    const agent = seedAgent(agents.register(parseOr400(registerAgentSchema, req.body)));
    res.status(201).json({ id: agent.id, status: 'registered', agent });
  });
  router.get('/agents/:id', (req, res) => {
    res.json(seedAgent(agents.get(req.params.id)));
  });
  router.patch('/agents/:id', (req, res) => {
    res.json(seedAgent(agents.patch(req.params.id, req.body)));
  });
  router.delete('/agents/:id', (req, res) => {
    agents.remove(req.params.id);
    res.status(204).end();
  });
  router.post('/agents/:id/detect', async (req, res) => {
    agents.get(req.params.id);
    await agents.detect(req.params.id);
    res.json(seedAgent(agents.get(req.params.id)));
  });
  return router;
}
