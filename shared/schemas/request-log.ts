import { z } from 'zod';

export const requestStatusFilters = ['ok', 'error', '2xx', '4xx', '5xx'] as const;
export type RequestStatusFilter = (typeof requestStatusFilters)[number] | number;

/**
 * A query of the request log, the same for GET /model-gateway/requests, the UI contract and
 * `agentmesh logs`: newest first, `before` an id for the next page; `after` an id for what
 * came since (oldest first, as a follower reads it).
 */
export const requestQueryShape = {
  limit: z.coerce.number().int().min(1).max(500).default(50),
  before: z.coerce.number().int().positive().optional(),
  after: z.coerce.number().int().min(0).optional(),
  status: z.union([z.enum(requestStatusFilters), z.coerce.number().int().min(100).max(599)], 'an HTTP status, or ok, error, 2xx, 4xx or 5xx').optional(),
  provider: z.string().min(1).optional(),
  /** The model asked for or the model used. */
  model: z.string().min(1).optional(),
  task: z.string().min(1).optional(),
};

export type RequestQuery = z.output<z.ZodObject<typeof requestQueryShape>>;
