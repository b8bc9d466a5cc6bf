import type { z } from 'zod';
import { ServiceError } from './service-error.js';

/** Validates with zod, answering the spec's INVALID_REQUEST with every bad field in `details`. */
export function parseSpec<T extends z.ZodType>(schema: T, input: unknown, where: 'body' | 'query'): z.infer<T> {
  const result = schema.safeParse(input ?? (where === 'body' ? undefined : {}));
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({ field: [where, ...issue.path].join('.'), message: issue.message }));
  throw new ServiceError('INVALID_REQUEST', issues.map((issue) => `${issue.field}: ${issue.message}`).join('; '), { issues });
}
