import { Router, type Request, type Response } from 'express';
import { catalogQuerySchema, controlBodySchema, deployBodySchema, dispatchBodySchema, messageBodySchema } from '../../../shared/schemas/orchestration.js';
import { parseOr400 } from '../http/validate.js';
import type { Orchestration } from './create-orchestration.js';

const routeModeHeaders = ['x-finger-route-mode', 'x-agentmesh-route-mode'];

/** Aborts when the client goes away before the answer: a blocking wait then stops waiting (the task goes on). */
function clientGone(res: Response): AbortSignal {
  const controller = new AbortController();
  res.once('close', () => {
    if (!res.writableEnded) controller.abort();
  });
  return controller.signal;
}

/** The orchestration interface's REST face (specs/002 §2), under the management token. */
export function orchestrationRoutes(orchestration: Orchestration, env: NodeJS.ProcessEnv): Router {
  const router = Router();
  const api = { via: 'api' } as const;
  router.post('/api/v1/message', async (req: Request, res) => {
    const body = parseOr400(messageBodySchema, req.body);
    const testHeader = routeModeHeaders.some((name) => String(req.headers[name] ?? '').toLowerCase() === 'test');
    res.json(await orchestration.message(body, { testHeader, testEnv: env.NODE_ENV === 'test' }, api, clientGone(res)));
  });
  router.get('/api/v1/agents/catalog', (req, res) => {
    const { layer } = parseOr400(catalogQuerySchema, req.query, 'query');
    res.json(orchestration.catalog(layer));
  });
  router.post('/api/v1/agents/dispatch', async (req, res) => {
    res.json(await orchestration.dispatch(parseOr400(dispatchBodySchema, req.body), api, clientGone(res)));
  });
  router.post('/api/v1/agents/control', async (req, res) => {
    res.json(await orchestration.control(parseOr400(controlBodySchema, req.body), api));
  });
  router.post('/api/v1/agents/deploy', (req, res) => {
    res.status(201).json(orchestration.deploy(parseOr400(deployBodySchema, req.body)));
  });
  return router;
}
