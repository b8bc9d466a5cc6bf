import type { WebSocket } from 'ws';
import { z } from 'zod';
import { eventGroupNames, isEventGroup, subscribedTypes } from '../events/event-groups.js';
import type { EventHub } from '../events/event-hub.js';
import { HttpError } from './http-error.js';
import type { Logger } from '../log/logger.js';
import { destroyAfterGrace, slowConsumerReason } from './slow-consumer.js';
import type { UpgradeRoute } from './upgrade-router.js';
import { websocketEndpoint } from './websocket-endpoint.js';

const groupList = z.array(z.string().refine(isEventGroup, { error: (issue) => `unknown group ${JSON.stringify(issue.input)}; one of ${eventGroupNames.join(', ')}` })).max(20);
const clientMessage = z.union([
  z.discriminatedUnion('type', [
    z.strictObject({ type: z.literal('subscribe'), taskId: z.string().min(1).optional(), spaceId: z.string().min(1).optional() }),
    z.strictObject({ type: z.literal('ping') }),
  ]),
  // specs/002 §4: event groups and/or explicit types.
  z.strictObject({ subscribe: z.strictObject({ groups: groupList.default([]), types: z.array(z.string().min(1)).max(100).default([]) }) }),
]);

/** `groups` and `types` of a query string (comma-separated), checked like a subscribe message. */
export function typesFromQuery(params: URLSearchParams): Set<string> | undefined {
  const list = (name: string) => (params.get(name) ?? '').split(',').map((item) => item.trim()).filter(Boolean);
  const groups = list('groups');
  const unknown = groups.find((group) => !isEventGroup(group));
  if (unknown) throw new HttpError(400, 'INVALID_REQUEST', `query.groups: unknown group "${unknown}"; one of ${eventGroupNames.join(', ')}`);
  return subscribedTypes(groups, list('types'));
}

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
  let types: Set<string> | undefined;
  try {
    types = typesFromQuery(url.searchParams);
  } catch (error) {
    ws.close(1008, (error as Error).message.slice(0, 120));
    return;
  }
  const filter = { taskId: url.searchParams.get('taskId') ?? undefined, spaceId: url.searchParams.get('spaceId') ?? undefined, types };
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
  const describe = ({ types: chosen, ...rest }: typeof subscriber.filter) => ({ ...rest, ...(chosen ? { types: [...chosen] } : {}) });
  ws.send(JSON.stringify({ type: 'connected', data: { client_id: subscriber.id, filter: describe(subscriber.filter) } }));
  ws.on('message', (raw) => {
    let parsed: z.infer<typeof clientMessage>;
    try {
      parsed = clientMessage.parse(JSON.parse(String(raw)));
    } catch (error) {
      ws.send(JSON.stringify({ type: 'error', data: { code: 'INVALID_MESSAGE', message: error instanceof z.ZodError ? error.issues.map((issue) => `${issue.path.join('.') || 'message'}: ${issue.message}`).join('; ') : 'messages must be JSON' } }));
      return;
    }
    if ('subscribe' in parsed) {
      const { groups, types: named } = parsed.subscribe;
      subscriber.filter = { ...subscriber.filter, types: subscribedTypes(groups, named) };
      const { taskId, spaceId } = subscriber.filter;
      ws.send(JSON.stringify({ type: 'subscribed', data: { taskId, spaceId, groups, types: named, events: [...(subscriber.filter.types ?? [])] } }));
    } else if (parsed.type === 'ping') ws.send(JSON.stringify({ type: 'pong', data: {} }));
    else {
      subscriber.filter = { taskId: parsed.taskId, spaceId: parsed.spaceId, types: subscriber.filter.types };
      ws.send(JSON.stringify({ type: 'subscribed', data: describe(subscriber.filter) }));
    }
  });
  ws.on('close', () => options.hub.remove(subscriber.id));
}
