import type { WebSocket } from 'ws';
import { z } from 'zod';
import type { EventHub } from '../events/event-hub.js';
import type { Logger } from '../log/logger.js';
import { destroyAfterGrace, slowConsumerReason } from './slow-consumer.js';
import type { UpgradeRoute } from './upgrade-router.js';
import { websocketEndpoint } from './websocket-endpoint.js';

const clientMessage = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('subscribe'), taskId: z.string().min(1).optional(), spaceId: z.string().min(1).optional() }),
  z.strictObject({ type: z.literal('ping') }),
]);

/** 1008 Policy Violation: the client broke the one rule of the stream, keep reading. */
const slowConsumerCloseCode = 1008;

export interface EventSocketOptions {
  path: string;
  hub: EventHub;
  logger: Logger;
  /** Unsent bytes past which a client is dropped (limits.eventClientBufferBytes). */
  limitBytes: () => number;
}

/** The event WebSocket: an upgrade route (management token) that streams the hub's events as JSON `{type, data}`. */
export function eventSocketRoute(options: EventSocketOptions): UpgradeRoute & { clients(): number; close(): void } {
  const endpoint = websocketEndpoint({ maxPayload: 64 * 1024, logger: options.logger, onConnection: (ws, { url }) => serve(ws, url, options) });
  return { path: options.path, accept: endpoint.accept, clients: endpoint.clients, close: endpoint.close };
}

function serve(ws: WebSocket, url: URL, options: EventSocketOptions) {
  const filter = { taskId: url.searchParams.get('taskId') ?? undefined, spaceId: url.searchParams.get('spaceId') ?? undefined };
  const limitBytes = options.limitBytes();
  const subscriber = options.hub.add((type, _data, json) => {
    if (ws.readyState !== ws.OPEN) return;
    ws.send(`{"type":${JSON.stringify(type)},"data":${json}}`);
    if (ws.bufferedAmount <= limitBytes) return;
    options.hub.remove(subscriber.id);
    ws.close(slowConsumerCloseCode, slowConsumerReason(limitBytes));
    const grace = destroyAfterGrace(() => ws.terminate());
    ws.once('close', () => grace.cancel());
  }, filter);
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
}
