import type { IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';
import { z } from 'zod';
import { agentIdSchema } from '../../../shared/schemas/agent.js';
import { capabilitySchema, type HubConfig } from '../../../shared/schemas/hub.js';
import { bearerOf, type GuardOptions, type Identity } from '../http/guards.js';
import { HttpError } from '../http/http-error.js';
import { refuseUpgrade, type Upgrade, type UpgradeRoute } from '../http/upgrade-router.js';
import { websocketEndpoint } from '../http/websocket-endpoint.js';
import type { Logger } from '../log/logger.js';
import type { NetworkMeter } from '../metrics/network-meter.js';
import type { AgentSessions, ConnectParams } from './agent-sessions.js';
import type { AgentTokens } from './agent-tokens.js';
import type { FrameHandler } from './frame-handler.js';

export interface HubSocketDeps {
  path: string;
  sessions: AgentSessions;
  tokens: AgentTokens;
  frames: FrameHandler;
  /** Whether a process agent (a CLI of this machine) already has this id. */
  isLocalAgent(id: string): boolean;
  /** Read once, when the first agent connects: a new limit needs a restart. */
  config: () => HubConfig;
  logger: Logger;
  network?: NetworkMeter;
}

const capabilitiesParam = z
  .string()
  .optional()
  .transform((text, ctx) => {
    if (!text?.trim()) return [];
    if (!text.trim().startsWith('[')) return text.split(',').map((part) => part.trim()).filter(Boolean);
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'a JSON array of strings, or a comma-separated list' });
      return z.NEVER;
    }
  })
  .pipe(z.array(capabilitySchema).max(64));

const connectQuery = z.object({
  agent_id: agentIdSchema,
  agent_name: z.string().trim().min(1).max(200).optional(),
  capabilities: capabilitiesParam,
  max_concurrent: z.coerce.number().int().min(1).max(64).default(1),
});

/** The token of an upgrade: `Authorization: Bearer`, or `?token=` for clients that cannot set headers. */
const tokenOf = (req: IncomingMessage, url: URL) => bearerOf(req) ?? url.searchParams.get('token') ?? undefined;

/**
 * `WS /gateway/connect?agent_id=…&agent_name=…&capabilities=[…]`: opened by the management
 * token, or by a per-agent token for its own agent_id only (that token opens nothing else).
 */
export function hubSocketRoute(deps: HubSocketDeps): UpgradeRoute & { clients(): number; close(): void } {
  let endpoint: ReturnType<typeof websocketEndpoint> | undefined;
  const params = new WeakMap<IncomingMessage, ConnectParams>();
  const endpointOf = () =>
    (endpoint ??= websocketEndpoint({
      maxPayload: deps.config().maxMessageBytes,
      logger: deps.logger,
      onConnection: (ws, upgrade) => serve(ws, upgrade, params.get(upgrade.req)!, deps),
    }));
  return {
    path: deps.path,
    authenticate(req: IncomingMessage, url: URL, guards: GuardOptions): Identity | undefined {
      const given = tokenOf(req, url);
      const management = guards.authenticate(given, req);
      if (management && !management.taskId) return management;
      const agentToken = deps.tokens.verify(given);
      if (agentToken && agentToken.agentId === url.searchParams.get('agent_id')) return { agentId: agentToken.agentId, tokenId: agentToken.tokenId };
      return undefined;
    },
    accept(upgrade: Upgrade) {
      const parsed = connectQuery.safeParse(Object.fromEntries(upgrade.url.searchParams));
      if (!parsed.success) {
        const detail = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'query'}: ${issue.message}`).join('; ');
        return refuseUpgrade(upgrade.socket, new HttpError(400, 'INVALID_MESSAGE', detail));
      }
      const query = parsed.data;
      if (deps.isLocalAgent(query.agent_id)) {
        return refuseUpgrade(upgrade.socket, new HttpError(409, 'AGENT_EXISTS', `'${query.agent_id}' is an agent of this gateway's config; connect under another agent_id`));
      }
      if (!deps.sessions.hasRoom(query.agent_id)) {
        return refuseUpgrade(upgrade.socket, new HttpError(503, 'HUB_FULL', `The hub already has ${deps.config().maxAgents} agents connected (hub.maxAgents)`));
      }
      params.set(upgrade.req, { agentId: query.agent_id, agentName: query.agent_name ?? query.agent_id, capabilities: query.capabilities, maxConcurrent: query.max_concurrent });
      endpointOf().accept(upgrade);
    },
    clients: () => endpoint?.clients() ?? 0,
    close: () => endpoint?.close(),
  };
}

function serve(ws: WebSocket, upgrade: Upgrade, params: ConnectParams, deps: HubSocketDeps): void {
  const network = deps.network;
  // Every frame to and from the agent counts toward the bytes the gateway carried for it.
  const socket = network
    ? { send: (data: string) => (network.add(params.agentId, Buffer.byteLength(data)), ws.send(data)), close: (code: number, reason: string) => ws.close(code, reason), get bufferedAmount() { return ws.bufferedAmount; } }
    : ws;
  const session = deps.sessions.open(params, socket, upgrade.identity.tokenId);
  ws.on('message', (raw: Buffer) => {
    network?.add(params.agentId, raw.length);
    deps.frames.handle(session, String(raw));
  });
  ws.on('close', (code) => deps.sessions.close(session, `socket closed (${code})`));
}
