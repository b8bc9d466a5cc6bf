import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocket, WebSocketServer } from 'ws';
import { z } from 'zod';
import type { EventHub } from '../events/event-hub.js';
import type { Logger } from '../log/logger.js';
import type { GuardOptions } from './guards.js';
import { bearerOf } from './guards.js';

const clientMessage = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('subscribe'), taskId: z.string().min(1).optional(), spaceId: z.string().min(1).optional() }),
  z.strictObject({ type: z.literal('ping') }),
]);

/**
 * The event WebSocket at `path`. The upgrade is authenticated (host, origin, token) before
 * `handleUpgrade`, so an unauthenticated client never gets a socket.
 */
export function attachEventSocket(server: Server, options: { path: string; guards: GuardOptions; hub: EventHub; logger: Logger }) {
  // ws is loaded by the first upgrade: it adds a few MB to a gateway no dashboard ever opens.
  let wss: WebSocketServer | undefined;
  let loading: Promise<WebSocketServer> | undefined;
  let closed = false;
  const load = () =>
    (loading ??= import('ws').then(({ WebSocketServer }) => (wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 }))));
  const upgrade = (wss: WebSocketServer, req: IncomingMessage, socket: Duplex, head: Buffer, url: URL) =>
    wss.handleUpgrade(req, socket, head, (ws) => serve(ws, url, options));
  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== options.path) return;
    const refusal = refuse(req, options.guards);
    if (refusal) {
      socket.end(`HTTP/1.1 ${refusal}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    if (wss) return upgrade(wss, req, socket, head, url);
    // Until ws takes the socket over, an error on it must not go unheard.
    const early = (error: Error) => options.logger.debug('websocket error', { error: error.message });
    socket.on('error', early);
    load().then(
      (ready) => {
        socket.off('error', early);
        if (closed) socket.destroy();
        else if (!socket.destroyed) upgrade(ready, req, socket, head, url);
      },
      (error: unknown) => {
        options.logger.error('cannot load ws', { error: String(error) });
        socket.destroy();
      },
    );
  };
  server.on('upgrade', onUpgrade);
  const heartbeat = setInterval(() => {
    for (const ws of wss?.clients ?? []) {
      const alive = ws as WebSocket & { alive?: boolean };
      if (alive.alive === false) ws.terminate();
      else {
        alive.alive = false;
        ws.ping();
      }
    }
  }, 30_000);
  return {
    clients: () => wss?.clients.size ?? 0,
    close() {
      closed = true;
      clearInterval(heartbeat);
      server.off('upgrade', onUpgrade);
      for (const ws of wss?.clients ?? []) ws.terminate();
      wss?.close();
    },
  };
}

function refuse(req: IncomingMessage, guards: GuardOptions): string | undefined {
  const host = (req.headers.host ?? '').toLowerCase();
  if (!guards.allowedHosts().has(host)) return '403 Forbidden';
  const origin = req.headers.origin;
  if (origin !== undefined && !guards.allowedHosts().has(origin.replace(/^http:\/\//i, '').toLowerCase())) return '403 Forbidden';
  const identity = guards.authenticate(bearerOf(req), req);
  if (!identity || identity.taskId) return '401 Unauthorized';
  return undefined;
}

function serve(ws: WebSocket, url: URL, options: { hub: EventHub; logger: Logger }) {
  const filter = { taskId: url.searchParams.get('taskId') ?? undefined, spaceId: url.searchParams.get('spaceId') ?? undefined };
  const subscriber = options.hub.add((type, _data, json) => {
    if (ws.readyState === ws.OPEN) ws.send(`{"type":${JSON.stringify(type)},"data":${json}}`);
  }, filter);
  (ws as WebSocket & { alive?: boolean }).alive = true;
  ws.on('pong', () => ((ws as WebSocket & { alive?: boolean }).alive = true));
  ws.send(JSON.stringify({ type: 'connected', data: { client_id: subscriber.id, filter } }));
  ws.on('message', (raw) => {
    let parsed: z.infer<typeof clientMessage>;
    try {
      parsed = clientMessage.parse(JSON.parse(String(raw)));
    } catch (error) {
      ws.send(JSON.stringify({ type: 'error', data: { code: 'INVALID_MESSAGE', message: error instanceof z.ZodError ? error.issues.map((issue) => `${issue.path.join('.') || 'message'}: ${issue.message}`).join('; ') : 'messages must be JSON' } }));
      return;
    }
    if (parsed.type === 'ping') ws.send(JSON.stringify({ type: 'pong', data: {} }));
    else {
      subscriber.filter = { taskId: parsed.taskId, spaceId: parsed.spaceId };
      ws.send(JSON.stringify({ type: 'subscribed', data: subscriber.filter }));
    }
  });
  ws.on('close', () => options.hub.remove(subscriber.id));
  ws.on('error', (error) => options.logger.debug('websocket error', { error: error.message }));
}
