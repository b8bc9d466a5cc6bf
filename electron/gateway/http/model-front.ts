import type { RequestListener, ServerResponse } from 'node:http';
import type { Logger } from '../log/logger.js';
import type { ModelServices } from '../models/pipeline/handle-model-call.js';
import type { TaskStore } from '../tasks/task-store.js';
import { BodyBudget } from './bounded-raw-body.js';
import { writeError } from './error-mapper.js';
import { hostRefusal, identify, jsonRefusal, originRefusal, pauseRefusal, unauthorized, type GuardOptions } from './guards.js';
import type { Readiness } from './readiness.js';
import { modelBodyLimit, modelRoutes, type ModelRequest, type ModelRoute } from './routes/model-routes.js';

export interface ModelFrontDeps {
  guards: GuardOptions;
  readiness: Readiness;
  paused: () => boolean;
  models: ModelServices;
  taskStore: TaskStore;
  logger: Logger;
}

/**
 * The server's request listener: the /v1 model routes are served here with node:http, and
 * every other request goes to `fallback` (the express app). A model call passes the same
 * checks, in the same order and from the same functions, as a request through express:
 * Host, Origin, startup gate, token, JSON-only, pause, then the in-flight body budget.
 * Express's per-request work (router walk, prototype swaps, body-parser) was a larger share
 * of a model call's CPU than the gateway's own code.
 */
export function modelFront(deps: ModelFrontDeps, fallback: RequestListener): RequestListener {
  const routes = modelRoutes(deps.models, deps.taskStore);
  // One budget for all model routes: sixteen 60 MB histories at once must not take 2 GB.
  const budget = new BodyBudget(modelBodyLimit, () => deps.models.config().limits.inflightRequestBytes);

  const serve = async (req: ModelRequest, res: ServerResponse, path: string, route: ModelRoute) => {
    const { guards } = deps;
    const refusal = hostRefusal(req, guards) ?? originRefusal(req, guards) ?? deps.readiness.refusal();
    if (refusal) throw refusal;
    const identity = identify(req, guards);
    if (!identity) throw unauthorized();
    const refused = jsonRefusal(req) ?? pauseRefusal(req.method, path, deps.paused);
    if (refused) throw refused;
    if (route.body) req.body = await budget.read(req, res);
    await route.serve(req, res, identity);
  };

  return (req, res) => {
    const path = routePath(req.url ?? '/');
    const route = routes.get(`${req.method === 'HEAD' ? 'GET' : req.method} ${path}`);
    if (!route) return fallback(req, res);
    serve(req, res, path, route).catch((error: unknown) => writeError(res, path, error, deps.logger));
  };
}

/** The path as express matches it: no query, any case, an optional trailing slash. */
function routePath(url: string): string {
  const query = url.indexOf('?');
  let path = (query === -1 ? url : url.slice(0, query)).toLowerCase();
  if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
  return path;
}

