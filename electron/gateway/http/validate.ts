import type { z } from 'zod';
import { HttpError } from './http-error.js';

/** Validates an HTTP input with its zod schema, or throws a 400 naming every bad field. */
export function parseOr400<T extends z.ZodType>(schema: T, input: unknown, where: 'body' | 'query' | 'params' = 'body'): z.infer<T> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const detail = result.error.issues.map((issue) => `${[where, ...issue.path].join('.')}: ${issue.message}`).join('; ');
  throw new HttpError(400, 'INVALID_REQUEST', detail);
}
