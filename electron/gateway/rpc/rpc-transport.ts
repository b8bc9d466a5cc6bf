import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import express, { Router, type NextFunction, type Request, type Response } from 'express';
import type { WebSocket } from 'ws';
import { actorOf } from '../audit/audit-log.js';
import type { AgentTokens } from '../hub/agent-tokens.js';
import { bearerOf, jsonOnly, unauthorized, type GuardOptions, type Identity } from '../http/guards.js';
import { destroyAfterGrace, slowConsumerReason } from '../http/slow-consumer.js';
import type { Upgrade, UpgradeRoute } from '../http/upgrade-router.js';
import { websocketEndpoint } from '../http/websocket-endpoint.js';
import type { Logger } from '../log/logger.js';
import type { RpcConnection, RpcDispatcher } from './dispatcher.js';

export const rpcPath = '/rpc';

export interface RpcTransportDeps {
  dispatcher: RpcDispatcher;
  guards: GuardOptions;
  tokens: AgentTokens;
  logger: Logger;
  /** Unsent bytes past which a WebSocket client is dropped (limits.eventClientBufferBytes). */
  limitBytes: () => number;
}

/**
 * Who may call /rpc: the management token; a task token (for its own task); a per-agent hub
 * token (for its own agent). Which methods each may call is the dispatcher's business.
 */
export function rpcIdentity(given: string | undefined, req: IncomingMessage, deps: Pick<RpcTransportDeps, 'guards' | 'tokens'>): Identity | undefined {
  const identity = deps.guards.authenticate(given, req);
  if (identity) return identity;
  const agent = deps.tokens.verify(given);
  return agent ? { agentId: agent.agentId, tokenId: agent.tokenId } : undefined;
}

/** `POST /rpc`: one request or a batch per POST; 204 when it held only notifications. */
export function rpcHttpRoutes(deps: RpcTransportDeps): Router {
  const router = Router();
  const auth = (req: Request, res: Response, next: NextFunction) => {
    const identity = rpcIdentity(bearerOf(req), req, deps);
    if (!identity) return next(unauthorized());
    res.locals.identity = identity;
    next();
  };
  const body = express.raw({ type: () => true, limit: '1mb' });
  router.post(rpcPath, auth, jsonOnly, body, async (req, res) => {
    const abort = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) abort.abort();
    });
    const identity = res.locals.identity as Identity;
    const text = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
    const answer = await deps.dispatcher.handleText(text, { identity, actor: actorOf(identity), transport: 'http', signal: abort.signal });
    if (answer === undefined) return void res.status(204).end();
    res.status(200).type('application/json').send(answer);
  });
  return router;
}

/** `WS /rpc`: the same calls, one JSON text per frame, plus `event` notifications of event.subscribe. */
export function rpcSocketRoute(deps: RpcTransportDeps): UpgradeRoute & { clients(): number; close(): void } {
  const endpoint = websocketEndpoint({ maxPayload: 1024 * 1024, logger: deps.logger, onConnection: (ws, upgrade) => serve(ws, upgrade, deps) });
  return {
    path: rpcPath,
    authenticate: (req, url) => rpcIdentity(bearerOf(req) ?? url.searchParams.get('token') ?? undefined, req, deps),
    accept: endpoint.accept,
    clients: endpoint.clients,
    close: endpoint.close,
  };
}

function serve(ws: WebSocket, upgrade: Upgrade, deps: RpcTransportDeps): void {
  const abort = new AbortController();
  const closers: (() => void)[] = [];
  const limitBytes = deps.limitBytes();
  const send = (text: string) => {
    if (ws.readyState !== ws.OPEN) return;
    ws.send(text);
    if (ws.bufferedAmount <= limitBytes) return;
    ws.close(1008, slowConsumerReason(limitBytes));
    const grace = destroyAfterGrace(() => ws.terminate());
    ws.once('close', () => grace.cancel());
  };
  const connection: RpcConnection = {
    id: `rpc_${randomUUID()}`,
    notify: (method, params) => send(JSON.stringify({ jsonrpc: '2.0', method, params })),
    onClose: (listener) => closers.push(listener),
  };
  const call = { identity: upgrade.identity, actor: actorOf(upgrade.identity), transport: 'ws' as const, connection, signal: abort.signal };
  ws.on('message', (raw) => {
    void deps.dispatcher.handleText(String(raw), call).then((answer) => answer !== undefined && send(answer));
  });
  ws.on('close', () => {
    abort.abort();
    for (const close of closers) close();
  });
}
