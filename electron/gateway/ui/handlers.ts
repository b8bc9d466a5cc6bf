import { agentHandlers } from './agent-handlers.js';
import { auditedHandlers } from './audited-handlers.js';
import { hubHandlers } from './hub-handlers.js';
import { memoryHandlers } from './memory-handlers.js';
import { monitorHandlers } from './monitor-handlers.js';
import { orchestrationHandlers } from './orchestration-handlers.js';
import { providerHandlers } from './provider-handlers.js';
import { routeHandlers } from './route-handlers.js';
import { serviceHandlers } from './service-handlers.js';
import { settingsHandlers } from './settings-handlers.js';
import { spaceHandlers } from './space-handlers.js';
import { taskHandlers } from './task-handlers.js';
import type { Handlers, UiContext } from './types.js';
import { usageHandlers } from './usage-handlers.js';

/** Every contract method, served once here for both the IPC and the HTTP face (the state-changing ones audited). */
export function createUiHandlers(ctx: UiContext): Handlers {
  const handlers = {
    ...agentHandlers(ctx),
    ...hubHandlers(ctx),
    ...taskHandlers(ctx),
    ...providerHandlers(ctx),
    ...routeHandlers(ctx),
    ...usageHandlers(ctx),
    ...settingsHandlers(ctx),
    ...spaceHandlers(ctx),
    ...monitorHandlers(ctx),
    ...serviceHandlers(ctx),
    ...memoryHandlers(ctx),
    ...orchestrationHandlers(ctx),
  } satisfies Handlers;
  return auditedHandlers(handlers, ctx.services.manager.audit);
}
