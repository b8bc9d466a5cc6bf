import { Router, type Request } from 'express';
import { z } from 'zod';
import type { EventHub } from '../../events/event-hub.js';
import type { TaskStore } from '../../tasks/task-store.js';
import { eventGroups, groupedEventTypes } from '../../events/event-groups.js';
import { typesFromQuery } from '../event-socket.js';
import { openEventStream } from '../event-stream.js';
import { parseOr400 } from '../validate.js';

const filterQuery = z.object({ taskId: z.string().min(1).optional(), spaceId: z.string().min(1).optional(), groups: z.string().optional(), types: z.string().optional() });
const broadcastBody = z.strictObject({ event: z.string().min(1).max(100).default('broadcast'), data: z.unknown() });

export const heartbeatMs = 15_000;

/** SSE at /events (optionally one task or space), plus /ws-info and /broadcast. */
export function eventRoutes(hub: EventHub, tasks: TaskStore, wsPath: string, limitBytes: () => number): Router {
  const router = Router();
  router.get('/events', (req, res) => {
    const query = parseOr400(filterQuery, req.query, 'query');
    const filter = { taskId: query.taskId, spaceId: query.spaceId, types: typesFromQuery(new URLSearchParams(req.query as Record<string, string>)) };
    const shown = { taskId: filter.taskId, spaceId: filter.spaceId, ...(filter.types ? { types: [...filter.types] } : {}) };
    const frame = (type: string, data: unknown, json = JSON.stringify(data)) => `event: ${type}\ndata: ${json}\n\n`;
    const stream = openEventStream(res, {
      limitBytes: limitBytes(),
      heartbeatMs,
      heartbeat: () => frame('heartbeat', { ts: new Date().toISOString() }),
      onClose: () => hub.remove(subscriber.id),
    });
    // A follower that subscribes right after submitting must not miss the task's first events:
    // replay what is stored, then go live, dropping live events already replayed.
    let replayedSeq = 0;
    const subscriber = hub.add((type, data, json) => {
      if (type === 'task.event' && (data as { seq: number }).seq <= replayedSeq && filter.taskId) return;
      stream.write(frame(type, data, json));
    }, filter);
    stream.write(frame('connected', { client_id: subscriber.id }));
    stream.write(frame('welcome', { client_id: subscriber.id, filter: shown, heartbeat_ms: heartbeatMs }));
    if (filter.taskId && (!filter.types || filter.types.has('task.event'))) {
      for (const event of tasks.events(filter.taskId, 0, 10_000)) {
        if (!stream.writeRequested(frame('task.event', { ...event, space_id: null }))) break;
        replayedSeq = event.seq;
      }
    }
  });
  router.get('/ws-info', (req: Request, res) => {
    res.json({
      url: `ws://${req.headers.host}${wsPath}`,
      client_count: hub.count(),
      events: groupedEventTypes,
      groups: eventGroups,
      subscribe: { type: 'subscribe', taskId: '<optional>', spaceId: '<optional>' },
      subscribe_groups: { subscribe: { groups: ['AGENT_RUNTIME'], types: [] } },
    });
  });
  router.post('/broadcast', (req, res) => {
    const { event, data } = parseOr400(broadcastBody, req.body, 'body');
    const delivered = hub.broadcast(event, data);
    res.json({ delivered, client_count: hub.count() });
  });
  return router;
}
