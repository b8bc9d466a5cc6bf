import express, { type Express } from 'express';
import type { Logger } from '../log/logger.js';
import type { ModelServices } from '../models/pipeline/handle-model-call.js';
import { errorMapper } from './error-mapper.js';
import { authGuard, hostGuard, jsonOnly, originGuard, type GuardOptions } from './guards.js';
import { HttpError } from './http-error.js';
import { modelGatewayRoutes, publicHealthRoutes } from './routes/health-routes.js';
import { modelRoutes } from './routes/model-routes.js';

export interface AppDeps {
  guards: GuardOptions;
  models: ModelServices;
  logger: Logger;
}

/** Builds the express app without listening; the server object owns the socket. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');

  app.use(hostGuard(deps.guards));
  app.use(originGuard(deps.guards));
  app.use(publicHealthRoutes(() => []));
  app.use(authGuard(deps.guards));
  app.use(jsonOnly);
  app.use(modelRoutes(deps.models));
  app.use(express.json({ limit: '1mb' }));
  app.use(modelGatewayRoutes(deps.models));
  app.use((req, _res, next) => next(new HttpError(404, 'NOT_FOUND', `No route for ${req.method} ${req.path}`)));
  app.use(errorMapper(deps.logger));
  return app;
}
