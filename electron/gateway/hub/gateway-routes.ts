import express, { Router, type NextFunction, type Request, type Response } from 'express';
import { agentIdSchema, type AgentInfo, type AgentState } from '../../../shared/schemas/agent.js';
import { httpSendSchema } from '../../../shared/schemas/hub.js';
import packageJson from '../../../package.json' with { type: 'json' };
import type { AgentRegistry } from '../agents/agent-registry.js';
import { toHttpError } from '../http/error-mapper.js';
import { HttpError } from '../http/http-error.js';
import { parseOr400 } from '../http/validate.js';
import type { AgentSessions } from './agent-sessions.js';
import type { AgentTokens } from './agent-tokens.js';
import { HubError } from './hub-error.js';
import type { HubMessageStore } from './message-store.js';
import type { MessageRouter } from './message-router.js';

/** The registry's states as the spec's `status` values: the one table of this face. */
const specStatus: Record<AgentState, string> = { online: 'online', busy: 'busy', offline: 'offline', disabled: 'offline' };

/** GET /gateway/agents entry. */
function specAgent(agent: AgentInfo) {
  return { agent_id: agent.id, agent_name: agent.name, capabilities: agent.capabilities, status: specStatus[agent.state], last_heartbeat: agent.remote?.lastHeartbeat ?? null };
}

/** GET /gateway/agents/{agent_id}: the entry, when it connected, and its Agent Card. */
function specAgentDetail(agent: AgentInfo) {
  const { agent_id: _id, agent_name: _name, capabilities: _capabilities, ...card } = agent.remote?.card ?? {};
  return {
    ...specAgent(agent),
    connected_at: agent.remote?.connectedAt ?? null,
    ...card,
    session_id: agent.remote?.sessionId ?? null,
    disconnected_at: agent.remote?.disconnectedAt ?? null,
    max_concurrent: agent.maxConcurrent,
    running_tasks: agent.running,
    messages_sent: agent.remote?.messagesSent ?? 0,
    messages_received: agent.remote?.messagesReceived ?? 0,
  };
}

export interface GatewayFaceDeps {
  agents: AgentRegistry;
  sessions: AgentSessions;
  router: MessageRouter;
  store: HubMessageStore;
  tokens: AgentTokens;
  startedAt: number;
}

/**
 * The hub's HTTP face (specs/001) and the management of per-agent tokens. It parses its own
 * JSON so that a malformed body is answered with the spec's INVALID_MESSAGE.
 */
export function hubHttpRoutes(deps: GatewayFaceDeps): Router {
  const router = Router();
  router.use(['/gateway', '/agents/:id/tokens'], express.json({ limit: '1mb' }));
  router.get('/gateway/agents', (_req, res) => {
    const agents = deps.agents.list().filter((agent) => agent.kind === 'remote' && agent.state !== 'offline');
    res.json({ agents: agents.map(specAgent) });
  });
  router.get('/gateway/agents/:agent_id', (req, res) => {
    const agent = deps.agents.list().find((candidate) => candidate.id === req.params.agent_id && candidate.kind === 'remote');
    if (!agent) throw new HubError('AGENT_NOT_FOUND', `No agent '${req.params.agent_id}' has connected to the hub`);
    res.json(specAgentDetail(agent));
  });
  router.post('/gateway/send', async (req, res) => {
    const parsed = httpSendSchema.safeParse(req.body ?? {});
    if (!parsed.success) throw new HubError('INVALID_MESSAGE', parsed.error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`).join('; '));
    const gone = new AbortController();
    res.on('close', () => gone.abort());
    res.json(await deps.router.fromHttp(parsed.data, gone.signal));
  });
  router.get('/gateway/status', (_req, res) => {
    res.json({
      status: 'running',
      version: packageJson.version,
      uptime_seconds: Math.floor((Date.now() - deps.startedAt) / 1_000),
      connected_agents: deps.sessions.connected(),
      total_messages: deps.store.total(),
    });
  });

  router.post('/agents/:id/tokens', (req, res) => {
    const id = parseOr400(agentIdSchema, req.params.id, 'params');
    if (deps.agents.kindOf(id) === 'process') throw new HttpError(409, 'AGENT_EXISTS', `'${id}' is a process agent of this gateway; hub tokens are for agents that connect over /gateway/connect`);
    res.status(201).json(deps.tokens.create(id));
  });
  router.get('/agents/:id/tokens', (req, res) => {
    res.json({ tokens: deps.tokens.list(req.params.id) });
  });
  router.delete('/agents/:id/tokens/:tokenId', (req, res) => {
    if (!deps.tokens.revoke(req.params.id, req.params.tokenId)) throw new HubError('AGENT_NOT_FOUND', `Agent '${req.params.id}' has no token '${req.params.tokenId}'`);
    deps.sessions.closeToken(req.params.tokenId);
    res.status(204).end();
  });
  router.use(['/gateway'], (error: unknown, _req: Request, _res: Response, next: NextFunction) => {
    const mapped = toHttpError(error);
    // The body parser's refusals, in the spec's words.
    next(mapped.status === 400 || mapped.status === 413 ? new HubError('INVALID_MESSAGE', mapped.message) : error);
  });
  return router;
}
