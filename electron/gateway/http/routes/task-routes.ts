import { Router } from 'express';
import { z } from 'zod';
import { agentMessageSchema, taskStatuses } from '../../../../shared/schemas/task.js';
import type { TaskManager } from '../../tasks/task-manager.js';
import type { TaskStore } from '../../tasks/task-store.js';
import { taskView } from '../../tasks/task-view.js';
import { toHttpError } from '../error-mapper.js';
import { HttpError } from '../http-error.js';
import { parseOr400 } from '../validate.js';
import { seedTask, seedTaskEvent } from './seed-views.js';

const listQuery = z.object({
  status: z.enum(taskStatuses).optional(),
  agent: z.string().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
  top: z.enum(['true', 'false']).optional(),
});
const eventsQuery = z.object({
  after: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(10_000).default(1_000),
});

/**
 * Codes agentmesh 1.x documents for POST /tasks, and AGENT_OFFLINE (a refusal 1.x had no code
 * for, which clients should be able to tell apart from a failed run); any other refusal is
 * 1.x's TASK_FAILED, ours kept as detail_code.
 */
const seedSubmitCodes = new Set(['INVALID_REQUEST', 'TASK_NOT_FOUND', 'SPACE_NOT_FOUND', 'AGENT_NOT_FOUND', 'AGENT_OFFLINE', 'STARTING', 'GATEWAY_PAUSED']);

export function asSubmitError(error: unknown): HttpError {
  const mapped = toHttpError(error);
  if (seedSubmitCodes.has(mapped.code)) return mapped;
  const code = mapped.status === 400 ? 'INVALID_REQUEST' : 'TASK_FAILED';
  return new HttpError(mapped.status, code, mapped.message, { cause: mapped.cause, headers: mapped.headers, detailCode: mapped.code });
}

/** Tasks as agentmesh 1.x serves them: arrays, epoch-ms times, paging in headers. */
export function taskRoutes(manager: TaskManager, store: TaskStore): Router {
  const router = Router();
  router.post('/tasks', async (req, res) => {
    try {
      res.status(202).json(await manager.submit(parseOr400(agentMessageSchema, req.body)));
    } catch (error) {
      throw asSubmitError(error);
    }
  });
  router.get('/tasks', (req, res) => {
    const query = parseOr400(listQuery, req.query, 'query');
    const { tasks, total } = store.list({ ...query, parentId: query.top === 'true' ? null : undefined });
    res.set({ 'x-total-count': String(total), 'x-limit': String(query.limit), 'x-offset': String(query.offset) });
    res.json(tasks.map((task) => seedTask(taskView(task, store))));
  });
  router.get('/tasks/:id', (req, res) => {
    res.json(seedTask(taskView(manager.require(req.params.id), store)));
  });
  router.get('/tasks/:id/events', (req, res) => {
    manager.require(req.params.id);
    const { after, limit } = parseOr400(eventsQuery, req.query, 'query');
    res.json({ task_id: req.params.id, events: store.events(req.params.id, after, limit).map(seedTaskEvent) });
  });
  router.post('/tasks/:id/cancel', (req, res) => {
    const task = manager.cancel(req.params.id);
    res.json({ task_id: task.id, status: task.status, updated_at: Date.parse(task.updated_at) });
  });
  return router;
}
