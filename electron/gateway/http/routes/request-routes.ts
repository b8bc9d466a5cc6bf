import { Router } from 'express';
import { z } from 'zod';
import { requestQueryShape } from '../../../../shared/schemas/request-log.js';
import type { RequestLog } from '../../store/request-log.js';
import { HttpError } from '../http-error.js';
import { parseOr400 } from '../validate.js';

const listQuery = z.object(requestQueryShape);
const idParams = z.object({ id: z.coerce.number().int().positive('a request id') });

/** The request log: `GET /model-gateway/requests?limit&before&after&status&provider&model&task`, and one call with its bodies. */
export function requestRoutes(log: RequestLog): Router {
  const router = Router();
  router.get('/model-gateway/requests', (req, res) => {
    const query = parseOr400(listQuery, req.query, 'query');
    const requests = log.list(query);
    // Paging goes back in time; a follower (`after`) asks again with the last id it saw.
    const full = requests.length === query.limit && query.after === undefined;
    res.json({ requests, next_before: full ? requests.at(-1)!.id : null });
  });
  router.get('/model-gateway/requests/:id', (req, res) => {
    const { id } = parseOr400(idParams, req.params, 'params');
    const entry = log.get(id);
    if (!entry) throw new HttpError(404, 'REQUEST_NOT_FOUND', `No model call with id ${id} in the request log`);
    res.json(entry);
  });
  return router;
}
