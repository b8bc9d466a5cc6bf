import WebSocket from 'ws';
import { GatewayError, type GatewayClientOptions } from './types.js';

/** Statuses that will not change by trying again (bad token, bad id, id taken, foreign origin). */
const fatalStatuses = new Set([400, 401, 403, 404, 409]);

export function connectUrl(options: GatewayClientOptions): string {
  const url = new URL(options.gatewayUrl.replace(/^http(s?):/i, 'ws$1:'));
  if (url.pathname === '' || url.pathname === '/') url.pathname = '/gateway/connect';
  url.searchParams.set('agent_id', options.agentId);
  if (options.agentName) url.searchParams.set('agent_name', options.agentName);
  if (options.capabilities?.length) url.searchParams.set('capabilities', JSON.stringify(options.capabilities));
  if (options.maxConcurrent) url.searchParams.set('max_concurrent', String(options.maxConcurrent));
  return url.toString();
}

/** Whether a failed attempt is worth repeating. */
export const isFatal = (error: unknown) => error instanceof GatewayError && error.status !== undefined && fatalStatuses.has(error.status);

export interface SocketEvents {
  message(ws: WebSocket, data: string): void;
  close(ws: WebSocket, code: number, reason: string): void;
}

/**
 * Opens one WebSocket to the hub. Resolves once it is open; rejects with a GatewayError
 * carrying the status and the gateway's error code when the upgrade is refused. The
 * listeners are attached first: the gateway's `connected` frame can arrive with the handshake.
 */
export function openSocket(url: string, token: string | undefined, events: SocketEvents): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers: token ? { authorization: `Bearer ${token}` } : {}, handshakeTimeout: 15_000 });
    ws.on('message', (data) => events.message(ws, String(data)));
    let settled = false;
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      reject(error);
    };
    ws.once('open', () => {
      settled = true;
      ws.on('close', (code, reason) => events.close(ws, code, String(reason)));
      resolve(ws);
    });
    ws.on('error', (error) => fail(new GatewayError('DISCONNECTED', `cannot reach the gateway: ${error.message}`)));
    ws.once('close', () => fail(new GatewayError('DISCONNECTED', 'the gateway closed the connection')));
    ws.once('unexpected-response', (req, res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => {
        let code = `HTTP_${res.statusCode}`;
        let message = body;
        try {
          const parsed = JSON.parse(body) as { error?: { code?: string; message?: string } };
          code = parsed.error?.code ?? code;
          message = parsed.error?.message ?? message;
        } catch {
          // Not our error shape (a proxy's page): keep the raw text.
        }
        fail(new GatewayError(code, `the gateway refused the connection (${res.statusCode}): ${message}`, undefined, res.statusCode));
        req.destroy();
      });
    });
  });
}
