import { performance } from 'node:perf_hooks';
import { HttpError } from '../../http/http-error.js';
import { CallAbort } from '../pipeline/call-abort.js';
import type { CallTags, ModelServices } from '../pipeline/handle-model-call.js';
import { serveChain, type ChainCall } from '../pipeline/serve-chain.js';
import { costOf } from '../pricing.js';
import { resolveChain } from '../routing/router.js';
import { noEmbeddings } from './embedding-models.js';
import type { EmbeddingsRequest } from './embeddings-request.js';
import { fetchEmbeddings, type EmbeddingBatch } from './embeddings-upstream.js';

export interface EmbedOptions {
  tags?: CallTags;
  /** The usage row's client (a caller's User-Agent, or `agentmesh-memory`). */
  client: string | null;
  /** Ends the call (the client went away, the gateway stops). */
  signal?: AbortSignal;
}

export interface EmbedResult {
  vectors: number[][];
  inputTokens: number;
  provider: string;
  upstreamModel: string;
}

interface EmbeddingsCall extends ChainCall {
  abort: CallAbort;
  batch?: EmbeddingBatch;
}

/**
 * One embeddings call through the model pipeline: routing rules and aliases, the fallback
 * chain with its breaker and rate limits, budgets, and one usage-ledger row. POST /v1/embeddings
 * and space memory's background embedding both come through here.
 */
export async function embed(services: ModelServices, request: EmbeddingsRequest, options: EmbedOptions): Promise<EmbedResult> {
  const startedAt = performance.now();
  const abort = new CallAbort();
  const stop = () => abort.abort();
  if (options.signal?.aborted) stop();
  options.signal?.addEventListener('abort', stop, { once: true });
  const call: EmbeddingsCall = { request: { model: request.model }, abort, attempts: 0 };
  let failure: HttpError | undefined;
  try {
    const { targets } = resolveChain(services.config(), request.model);
    if (targets.length > 0 && targets.every((target) => noEmbeddings(target.provider))) {
      throw new HttpError(400, 'model_not_supported', `The model '${request.model}' is routed only to providers that serve no embeddings (${targets.map((target) => target.provider.id).join(', ')})`);
    }
    await serveChain(services, call, options.tags ?? {}, {
      attempt: async (current, target, config) => {
        current.batch = await fetchEmbeddings(target, request, current.abort.signal, config);
      },
      unsupported: (target) => noEmbeddings(target.provider),
    });
    const batch = call.batch as EmbeddingBatch;
    return { vectors: batch.vectors, inputTokens: inputTokensOf(call, request), provider: call.target!.provider.id, upstreamModel: call.target!.model };
  } catch (error) {
    failure = asHttpError(error, abort.aborted);
    throw failure;
  } finally {
    options.signal?.removeEventListener('abort', stop);
    record(services, request, call, failure, startedAt, options);
  }
}

/** The provider's count, else about four characters a token (token arrays count themselves). */
function inputTokensOf(call: EmbeddingsCall, request: EmbeddingsRequest): number {
  if (call.batch?.inputTokens !== undefined) return call.batch.inputTokens;
  const { input } = request;
  if (typeof input === 'string') return Math.ceil(input.length / 4);
  if (typeof input[0] === 'number') return input.length;
  return (input as (string | number[])[]).reduce((sum, item) => sum + (typeof item === 'string' ? Math.ceil(item.length / 4) : item.length), 0);
}

function asHttpError(error: unknown, aborted: boolean): HttpError {
  if (error instanceof HttpError) return error;
  if (aborted) return new HttpError(499, 'client_closed', 'The client closed the request');
  return new HttpError(500, 'internal_error', error instanceof Error ? error.message : String(error));
}

/** The row of a call refused before it could be routed (a body that is not an embeddings request). */
export function recordRefused(services: ModelServices, failure: HttpError, startedAt: number, options: EmbedOptions): void {
  record(services, undefined, { request: { model: '' }, abort: new CallAbort(), attempts: 0 }, failure, startedAt, options);
}

function record(services: ModelServices, request: EmbeddingsRequest | undefined, call: EmbeddingsCall, failure: HttpError | undefined, startedAt: number, options: EmbedOptions): void {
  const inputTokens = call.batch && request ? inputTokensOf(call, request) : 0;
  const usage = { inputTokens, outputTokens: 0 };
  const latencyMs = Math.round((performance.now() - startedAt) * 100) / 100;
  const row = {
    ts: Date.now(),
    client: options.client?.slice(0, 200) || null,
    inbound: 'embeddings',
    requestedModel: request?.model ?? null,
    provider: call.target?.provider.id ?? null,
    upstreamModel: call.target?.model ?? null,
    status: failure?.status ?? 200,
    error: failure ? services.logger.redact(failure.message) : null,
    latencyMs,
    ttfbMs: call.batch ? latencyMs : null,
    inputTokens,
    outputTokens: 0,
    cachedTokens: 0,
    costUsd: call.batch ? costOf(usage, services.config().prices, call.target?.model, request?.model) : 0,
    attempts: call.attempts,
    stream: false,
    agentId: options.tags?.agentId ?? null,
    taskId: options.tags?.taskId ?? null,
    skipped: call.skipped?.join('; ') ?? null,
    fallbacks: call.fallbacks ?? null,
    requestId: null,
  };
  services.ledger.record(row);
  services.bus.emit('usage.recorded', row);
}
