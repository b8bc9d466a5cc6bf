import { agentHandlers } from './agent-handlers.js';
import { hubHandlers } from './hub-handlers.js';
import { orchestrationHandlers } from './orchestration-handlers.js';
import { providerHandlers } from './provider-handlers.js';
import { routeHandlers } from './route-handlers.js';
import { settingsHandlers } from './settings-handlers.js';
import { spaceHandlers } from './space-handlers.js';
import { taskHandlers } from './task-handlers.js';
import type { Handlers, UiContext } from './types.js';
import { usageHandlers } from './usage-handlers.js';

/** Every contract method, served once here for both the IPC and the HTTP face. */
export function createUiHandlers(ctx: UiContext): Handlers {
  return {
    ...agentHandlers(ctx),
    ...hubHandlers(ctx),
    ...taskHandlers(ctx),
    ...providerHandlers(ctx),
    ...routeHandlers(ctx),
    ...usageHandlers(ctx),
    ...settingsHandlers(ctx),
    ...spaceHandlers(ctx),
    ...orchestrationHandlers(ctx),
  } satisfies Handlers;
}
