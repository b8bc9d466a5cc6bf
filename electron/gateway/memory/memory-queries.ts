import { z } from 'zod';
import { searchModes } from '../../../shared/schemas/memory.js';

/** The query of GET /spaces/:id/search and GET /memory/search (`spaces` only on the latter). */
export const searchQuerySchema = z.object({
  q: z.string().trim().min(1, 'give a query').max(4_000),
  limit: z.coerce.number().int().min(1).max(100).default(10),
  mode: z.enum(searchModes).default('hybrid'),
  /** Comma-separated space ids; absent, every space. */
  spaces: z
    .string()
    .optional()
    .transform((value) => (value === undefined ? null : [...new Set(value.split(',').map((id) => id.trim()).filter(Boolean))])),
});
