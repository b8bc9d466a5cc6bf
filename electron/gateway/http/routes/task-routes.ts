import { Router } from 'express';
import { z } from 'zod';
import { agentMessageSchema, taskStatuses } from '../../../../shared/schemas/task.js';
import type { TaskManager } from '../../tasks/task-manager.js';
import type { TaskStore } from '../../tasks/task-store.js';
import { taskView } from '../../tasks/task-view.js';
import { parseOr400 } from '../validate.js';

const listQuery = z.object({
  status: z.enum(taskStatuses).optional(),
  agent: z.string().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
  top: z.enum(['true', 'false']).optional(),
});
const eventsQuery = z.object({
  after: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(10_000).default(1_000),
});

export function taskRoutes(manager: TaskManager, store: TaskStore): Router {
  const router = Router();
  router.post('/tasks', async (req, res) => {
    res.status(202).json(await manager.submit(parseOr400(agentMessageSchema, req.body)));
  });
  router.get('/tasks', (req, res) => {
    const query = parseOr400(listQuery, req.query, 'query');
    const { tasks, total } = store.list({ ...query, parentId: query.top === 'true' ? null : undefined });
    res.json({ tasks: tasks.map((task) => taskView(task, store)), total, limit: query.limit, offset: query.offset });
  });
  router.get('/tasks/:id', (req, res) => {
    res.json(taskView(manager.require(req.params.id), store));
  });
  router.get('/tasks/:id/events', (req, res) => {
    manager.require(req.params.id);
    const { after, limit } = parseOr400(eventsQuery, req.query, 'query');
    res.json({ task_id: req.params.id, events: store.events(req.params.id, after, limit) });
  });
  router.post('/tasks/:id/cancel', (req, res) => {
    const task = manager.cancel(req.params.id);
    res.json({ task_id: task.id, status: task.status });
  });
  return router;
}
