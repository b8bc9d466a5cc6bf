import type { WebSocket, WebSocketServer } from 'ws';
import type { Logger } from '../log/logger.js';
import { HttpError } from './http-error.js';
import { refuseUpgrade, type Upgrade } from './upgrade-router.js';

export interface WebSocketEndpoint {
  /** Completes an upgrade the router accepted and hands the socket to `onConnection`. */
  accept(upgrade: Upgrade): void;
  clients(): number;
  /** Terminates every socket; an upgrade still waiting for ws to load is refused. */
  close(): void;
}

type Live = WebSocket & { alive?: boolean };

/**
 * The WebSocket side of one upgrade route: ws is loaded by the first upgrade (it adds a few
 * MB to a gateway no client ever opens), and a ping every 30 s ends sockets whose peer is gone.
 */
export function websocketEndpoint(options: { maxPayload: number; logger: Logger; onConnection(ws: WebSocket, upgrade: Upgrade): void }): WebSocketEndpoint {
  let wss: WebSocketServer | undefined;
  let loading: Promise<WebSocketServer> | undefined;
  let closed = false;
  const load = () => (loading ??= import('ws').then(({ WebSocketServer }) => (wss = new WebSocketServer({ noServer: true, maxPayload: options.maxPayload }))));
  const complete = (server: WebSocketServer, upgrade: Upgrade) =>
    server.handleUpgrade(upgrade.req, upgrade.socket, upgrade.head, (ws) => {
      (ws as Live).alive = true;
      ws.on('pong', () => ((ws as Live).alive = true));
      ws.on('error', (error) => options.logger.debug('websocket error', { error: error.message }));
      options.onConnection(ws, upgrade);
    });
  const heartbeat = setInterval(() => {
    for (const ws of wss?.clients ?? []) {
      if ((ws as Live).alive === false) ws.terminate();
      else {
        (ws as Live).alive = false;
        ws.ping();
      }
    }
  }, 30_000);
  heartbeat.unref();
  return {
    accept(upgrade) {
      if (wss) return complete(wss, upgrade);
      load().then(
        (ready) => {
          if (closed) refuseUpgrade(upgrade.socket, new HttpError(503, 'STOPPING', 'The gateway is stopping'));
          else if (!upgrade.socket.destroyed) complete(ready, upgrade);
        },
        (error: unknown) => {
          options.logger.error('cannot load ws', { error: String(error) });
          upgrade.socket.destroy();
        },
      );
    },
    clients: () => wss?.clients.size ?? 0,
    close() {
      closed = true;
      clearInterval(heartbeat);
      for (const ws of wss?.clients ?? []) ws.terminate();
      wss?.close();
    },
  };
}
