import { Router } from 'express';
import type { EventBus } from '../events/bus.js';
import type { GatewayEvents } from '../events/gateway-events.js';
import type { Identity } from '../http/guards.js';
import { HttpError } from '../http/http-error.js';
import type { SpaceMemory } from '../memory/space-memory.js';
import type { Orchestration } from '../orchestration/create-orchestration.js';
import type { TaskStore } from '../tasks/task-store.js';
import { createMcpServer } from './mcp-server.js';

export const mcpPath = '/mcp';

/**
 * The MCP server over streamable HTTP, stateless: each POST gets its own server and transport.
 * The Host and Origin guards (DNS rebinding) and the token check ran before this; besides the
 * management token, the token of a task that runs in the orchestrator role opens it, and what
 * that task dispatches becomes its children.
 */
export function mcpHttpRoutes(deps: { orchestration: Orchestration; taskStore: TaskStore; bus: EventBus<GatewayEvents>; memory?: SpaceMemory }): Router {
  const router = Router();
  router.post(mcpPath, async (req, res) => {
    const identity = (res.locals.identity ?? {}) as Identity;
    if (identity.taskId && !deps.orchestration.mayOrchestrate(identity.taskId)) {
      throw new HttpError(403, 'NOT_ORCHESTRATOR', 'This task does not run in the orchestrator role: its token does not open the runtime tools');
    }
    const server = await createMcpServer({ orchestration: deps.orchestration, taskStore: deps.taskStore, bus: deps.bus, ...(deps.memory ? { memory: deps.memory } : {}), caller: { via: 'mcp', ...(identity.taskId ? { taskId: identity.taskId } : {}) } });
    // Loaded with the first call, like the server (mcp-server.ts).
    const { StreamableHTTPServerTransport } = await import('@modelcontextprotocol/sdk/server/streamableHttp.js');
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.once('close', () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req, res, req.body);
  });
  // Stateless: no server-initiated stream to open (GET) and no session to end (DELETE).
  router.all(mcpPath, (_req, res) => {
    res.set('Allow', 'POST').status(405).json({ jsonrpc: '2.0', error: { code: -32000, message: 'Method not allowed: this MCP endpoint is stateless; POST JSON-RPC messages' }, id: null });
  });
  return router;
}
