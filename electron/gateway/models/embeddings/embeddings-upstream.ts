import type { GatewayConfig } from '../../../../shared/schemas/config.js';
import { badRequest } from '../../http/http-error.js';
import { BodyTooLargeError } from '../providers/http-client.js';
import { callUpstream, providerHeaders, UpstreamError } from '../providers/upstream-client.js';
import type { Target } from '../routing/router.js';
import { inputCount, type EmbeddingsRequest } from './embeddings-request.js';

/** One provider's answer: a vector per input, in input order, and the tokens it counted (when it said). */
export interface EmbeddingBatch {
  vectors: number[][];
  inputTokens?: number;
}

interface Wire {
  path: string;
  baseUrl(baseUrl: string): string;
  payload(request: EmbeddingsRequest, model: string): unknown;
  decode(body: unknown): EmbeddingBatch;
}

/** OpenAI and every server copying it (Ollama's /v1, LM Studio, vLLM…): POST {baseUrl}/embeddings. */
const openaiWire: Wire = {
  path: '/embeddings',
  baseUrl: (baseUrl) => baseUrl,
  // Always floats from the upstream: every compatible server speaks them; base64 is made here when asked.
  payload: (request, model) => ({
    model,
    input: request.input,
    encoding_format: 'float',
    ...(request.dimensions ? { dimensions: request.dimensions } : {}),
    ...(request.user ? { user: request.user } : {}),
  }),
  decode(body) {
    const { data, usage } = (body ?? {}) as { data?: { index?: number; embedding?: unknown }[]; usage?: { prompt_tokens?: number } };
    if (!Array.isArray(data)) throw new Error('no `data` array');
    const ordered = [...data].sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
    return { vectors: ordered.map((item) => vectorOf(item.embedding)), ...tokens(usage?.prompt_tokens) };
  },
};

/** Ollama's own API: POST /api/embed on the server's root (a `/v1` in the base URL is dropped). */
const ollamaWire: Wire = {
  path: '/api/embed',
  baseUrl: (baseUrl) => baseUrl.replace(/\/v1\/?$/, ''),
  payload(request, model) {
    if (typeof request.input !== 'string' && typeof request.input[0] !== 'string') throw badRequest('body.input: this provider (Ollama /api/embed) takes text, not token arrays', 'invalid_request_error');
    return { model, input: request.input, truncate: true, ...(request.dimensions ? { dimensions: request.dimensions } : {}) };
  },
  decode(body) {
    const { embeddings, prompt_eval_count } = (body ?? {}) as { embeddings?: unknown[]; prompt_eval_count?: number };
    if (!Array.isArray(embeddings)) throw new Error('no `embeddings` array');
    return { vectors: embeddings.map(vectorOf), ...tokens(prompt_eval_count) };
  },
};

const tokens = (count: unknown) => (typeof count === 'number' && Number.isFinite(count) ? { inputTokens: count } : {});

/** A JSON number array, or base64 little-endian float32 (what a server sends when it ignores `encoding_format`). */
function vectorOf(value: unknown): number[] {
  if (typeof value === 'string') {
    const bytes = Buffer.from(value, 'base64');
    return Array.from(new Float32Array(bytes.buffer, bytes.byteOffset, Math.floor(bytes.length / 4)));
  }
  if (!Array.isArray(value) || value.length === 0 || value.some((x) => typeof x !== 'number')) throw new Error('an embedding is not an array of numbers');
  return value as number[];
}

/** Asks one target for the request's vectors; throws UpstreamError so the chain can fall back. */
export async function fetchEmbeddings(target: Target, request: EmbeddingsRequest, signal: AbortSignal, config: GatewayConfig): Promise<EmbeddingBatch> {
  const wire = target.provider.embeddingsApi === 'ollama' ? ollamaWire : openaiWire;
  const payload = JSON.stringify(wire.payload(request, target.model));
  const timeout = target.provider.timeoutMs;
  const response = await callUpstream({
    provider: { ...target.provider, baseUrl: wire.baseUrl(target.provider.baseUrl) },
    path: wire.path,
    payload,
    headers: providerHeaders(target.provider, {}),
    signal,
    headersTimeoutMs: timeout ?? config.resilience.firstByteTimeoutMs,
    bodyTimeoutMs: timeout ?? config.resilience.defaultTimeoutMs,
  });
  let batch: EmbeddingBatch;
  try {
    batch = wire.decode(JSON.parse(await response.body.text(config.limits.upstreamBodyBytes)));
  } catch (error) {
    if (error instanceof BodyTooLargeError) throw new UpstreamError(`${target.provider.id} sent too much: ${error.message}`, 502, false, { code: 'upstream_too_large' });
    throw new UpstreamError(`${target.provider.id} sent an unreadable embeddings body: ${(error as Error).message}`, 502, true);
  }
  const expected = inputCount(request.input);
  if (batch.vectors.length !== expected) {
    throw new UpstreamError(`${target.provider.id} sent ${batch.vectors.length} embeddings for ${expected} inputs`, 502, true);
  }
  return batch;
}
