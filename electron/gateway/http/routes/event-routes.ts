import { Router, type Request } from 'express';
import { z } from 'zod';
import type { AgentRegistry } from '../../agents/agent-registry.js';
import type { EventHub } from '../../events/event-hub.js';
import type { TaskStore } from '../../tasks/task-store.js';
import { taskView } from '../../tasks/task-view.js';
import { eventGroups, groupedEventTypes } from '../../events/event-groups.js';
import { typesFromQuery } from '../event-socket.js';
import { openEventStream } from '../event-stream.js';
import { badRequest } from '../http-error.js';
import { parseOr400 } from '../validate.js';
import { seedEventFormatter, seedFrame } from './seed-events.js';
import { seedAgent, seedTask, seedTaskEvent } from './seed-views.js';

const filterQuery = z.object({ taskId: z.string().min(1).optional(), spaceId: z.string().min(1).optional(), groups: z.string().optional(), types: z.string().optional() });
/** agentmesh 1.x sends `{type, data}`; `event` is this gateway's earlier spelling of `type`. */
const broadcastBody = z.strictObject({ type: z.string().min(1).max(100).optional(), event: z.string().min(1).max(100).optional(), data: z.unknown() });

export const heartbeatMs = 15_000;

export interface EventRouteDeps {
  hub: EventHub;
  tasks: TaskStore;
  agents: AgentRegistry;
  wsPath: string;
  limitBytes: () => number;
  /** limits.eventHeartbeatMs (default 15 s). */
  heartbeatMs?: () => number;
}

/** SSE at /events (optionally one task or space) in agentmesh 1.x's unnamed `{type, …}` events, plus /ws-info and /broadcast. */
export function eventRoutes(deps: EventRouteDeps): Router {
  const { hub, tasks, wsPath } = deps;
  const router = Router();
  const format = seedEventFormatter(deps);
  router.get('/events', (req, res) => {
    const query = parseOr400(filterQuery, req.query, 'query');
    // `groups`/`types` (specs/002 §4) narrow the stream; without them it carries every event.
    const filter = { taskId: query.taskId, spaceId: query.spaceId, types: typesFromQuery(new URLSearchParams(req.query as Record<string, string>)) };
    const shown = { taskId: filter.taskId, spaceId: filter.spaceId, ...(filter.types ? { types: [...filter.types] } : {}) };
    const every = deps.heartbeatMs?.() ?? heartbeatMs;
    const stream = openEventStream(res, {
      limitBytes: deps.limitBytes(),
      heartbeatMs: every,
      heartbeat: () => seedFrame({ type: 'heartbeat' }),
      onClose: () => hub.remove(subscriber.id),
      unnamed: true,
    });
    // A follower that subscribes right after submitting must not miss the task's first events:
    // replay what is stored, then go live, dropping live events already replayed.
    let replayedSeq = 0;
    const subscriber = hub.add((type, data) => {
      if (type === 'task.event' && (data as { seq: number }).seq <= replayedSeq && filter.taskId) return;
      stream.write(format(type, data));
    }, filter);
    stream.write(seedFrame({ type: 'connected', client_id: subscriber.id }));
    const task = filter.taskId ? tasks.get(filter.taskId) : undefined;
    if (task) stream.write(seedFrame({ type: 'task_status', task_id: task.id, status: task.status, task: seedTask(taskView(task, tasks)) }));
    stream.write(seedFrame({ type: 'welcome', client_id: subscriber.id, agents: deps.agents.list().map(seedAgent), filter: shown, heartbeat_ms: every }));
    if (task && (!filter.types || filter.types.has('task.event'))) {
      for (const event of tasks.events(task.id, 0, 10_000)) {
        if (!stream.writeRequested(seedFrame({ type: 'task.event', ...seedTaskEvent(event), space_id: task.space_id }))) break;
        replayedSeq = event.seq;
      }
    }
  });
  router.get('/ws-info', (req: Request, res) => {
    res.json({
      url: `ws://${req.headers.host}${wsPath}`,
      client_count: hub.count(),
      endpoints: { events: '/events?taskId=<task_id>&spaceId=<space_id>&groups=<GROUP,…>&types=<type,…>', websocket: wsPath },
      events: ['connected', 'welcome', 'heartbeat', ...groupedEventTypes],
      groups: eventGroups,
      subscribe: { type: 'subscribe', taskId: '<optional>', spaceId: '<optional>' },
      subscribe_groups: { subscribe: { groups: ['AGENT_RUNTIME'], types: [] } },
    });
  });
  router.post('/broadcast', (req, res) => {
    const body = parseOr400(broadcastBody, req.body, 'body');
    const type = body.type ?? body.event;
    if (!type) throw badRequest('body.type: the event type to broadcast is required');
    const delivered = hub.broadcast(type, body.data);
    res.json({ delivered, client_count: hub.count() });
  });
  return router;
}
