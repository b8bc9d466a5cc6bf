import { Router } from 'express';
import { z } from 'zod';
import type { SpaceStore } from '../../tasks/space-store.js';
import { HttpError } from '../http-error.js';
import { parseOr400 } from '../validate.js';
import { seedSpace } from './seed-views.js';

const createBody = z.strictObject({ metadata: z.record(z.string(), z.unknown()).default({}) });

export function spaceRoutes(spaces: SpaceStore): Router {
  const router = Router();
  router.post('/spaces', (req, res) => {
    const space = spaces.create(parseOr400(createBody, req.body).metadata);
    res.status(201).json({ space_id: space.shared_space_id, ...seedSpace(space) });
  });
  router.get('/spaces/:id', (req, res) => {
    const space = spaces.get(req.params.id);
    if (!space) throw new HttpError(404, 'SPACE_NOT_FOUND', `No shared space '${req.params.id}'`);
    res.json(seedSpace(space));
  });
  return router;
}
