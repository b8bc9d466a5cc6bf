import { Router } from 'express';
import { terminalStatuses } from '../../../../shared/schemas/task.js';
import { searchQuerySchema } from '../../memory/memory-queries.js';
import type { SpaceMemory } from '../../memory/space-memory.js';
import type { SpaceStore } from '../../tasks/space-store.js';
import type { TaskStore } from '../../tasks/task-store.js';
import { HttpError } from '../http-error.js';
import { parseOr400 } from '../validate.js';

export interface MemoryRouteDeps {
  memory: SpaceMemory;
  spaces: SpaceStore;
  taskStore: TaskStore;
}

const notFound = (id: string) => new HttpError(404, 'SPACE_NOT_FOUND', `No shared space '${id}'`);

/**
 * Space memory over REST: search one space or many (hybrid, text or vector), count a space's
 * indexed chunks (agentmesh 1.x's getCount), delete a space with its memory (its deleteSpace),
 * and the embedding backlog.
 */
export function memoryRoutes({ memory, spaces, taskStore }: MemoryRouteDeps): Router {
  const router = Router();
  const requireSpace = (id: string) => {
    if (!spaces.get(id)) throw notFound(id);
    return id;
  };

  router.get('/spaces/:id/search', async (req, res) => {
    const space = requireSpace(req.params.id);
    const { q, limit, mode } = parseOr400(searchQuerySchema, req.query, 'query');
    res.json({ space_id: space, ...(await memory.search({ q, limit, mode, spaces: [space] })) });
  });

  router.get('/memory/search', async (req, res) => {
    const { q, limit, mode, spaces: ids } = parseOr400(searchQuerySchema, req.query, 'query');
    ids?.forEach(requireSpace);
    res.json({ spaces: ids, ...(await memory.search({ q, limit, mode, spaces: ids })) });
  });

  router.get('/memory/status', (_req, res) => {
    res.json(memory.status());
  });

  router.get('/spaces/:id/count', (req, res) => {
    const id = requireSpace(req.params.id);
    const space = spaces.get(id)!;
    const counts = memory.counts(id);
    res.json({ space_id: id, count: counts.chunks, ...counts, messages: space.message_count, artifacts: space.artifact_count });
  });

  router.delete('/spaces/:id', (req, res) => {
    const id = requireSpace(req.params.id);
    const { tasks } = taskStore.list({ spaceId: id, limit: 10_000, offset: 0 });
    const busy = tasks.filter((task) => !terminalStatuses.includes(task.status));
    if (busy.length) throw new HttpError(409, 'SPACE_IN_USE', `The space has ${busy.length} unfinished task(s) (${busy.slice(0, 3).map((task) => task.id).join(', ')}); cancel them first`);
    const removed = memory.store.transaction(() => {
      const chunks = memory.forgetSpace(id);
      spaces.delete(id);
      return chunks;
    });
    res.json({ space_id: id, deleted: true, chunks_removed: removed });
  });
  return router;
}
