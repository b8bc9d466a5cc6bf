import { z } from 'zod';
import type { GatewayConfig } from '../../../../shared/schemas/config.js';
import { badRequest } from '../../http/http-error.js';

const text = z.string().min(1, 'must not be empty');
const tokens = z.array(z.number().int().nonnegative()).min(1, 'must not be empty');

/** POST /v1/embeddings, OpenAI's shape: `input` is text, texts, or token arrays. */
export const embeddingsRequestSchema = z.looseObject({
  model: z.string().min(1).optional(),
  input: z.union([text, z.array(text).min(1).max(2_048), tokens, z.array(tokens).min(1).max(2_048)]),
  encoding_format: z.enum(['float', 'base64']).default('float'),
  dimensions: z.number().int().positive().max(16_384).optional(),
  user: z.string().max(256).optional(),
});

export type EmbeddingsInput = z.infer<typeof embeddingsRequestSchema>['input'];

export interface EmbeddingsRequest {
  model: string;
  input: EmbeddingsInput;
  encodingFormat: 'float' | 'base64';
  dimensions?: number;
  user?: string;
}

/** How many vectors the answer must hold: one per text (or per token array). */
export function inputCount(input: EmbeddingsInput): number {
  if (typeof input === 'string') return 1;
  return typeof input[0] === 'number' ? 1 : input.length;
}

/** Validates a client's body; a call naming no model is served by `memory.embeddingModel`. */
export function decodeEmbeddingsRequest(body: unknown, config: GatewayConfig): EmbeddingsRequest {
  const parsed = embeddingsRequestSchema.safeParse(body);
  if (!parsed.success) {
    throw badRequest(parsed.error.issues.map((issue) => `${['body', ...issue.path].join('.')}: ${issue.message}`).join('; '), 'invalid_request_error');
  }
  const { model, input, encoding_format, dimensions, user } = parsed.data;
  const chosen = model ?? config.memory.embeddingModel;
  if (!chosen) throw badRequest('body.model: name an embedding model (or set memory.embeddingModel)', 'invalid_request_error');
  return { model: chosen, input, encodingFormat: encoding_format, ...(dimensions ? { dimensions } : {}), ...(user ? { user } : {}) };
}
