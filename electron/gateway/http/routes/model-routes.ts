import { Router, type Request, type Response } from 'express';
import { listModelNames, resolveChain } from '../../models/routing/router.js';
import { protocols } from '../../models/protocols/index.js';
import { decodeCountTokensRequest, estimateTokens } from '../../models/protocols/messages/index.js';
import { handleModelCall, type CallTags, type ModelServices } from '../../models/pipeline/handle-model-call.js';
import type { TaskStore } from '../../tasks/task-store.js';
import type { Identity } from '../guards.js';
import { callUpstream, providerHeaders } from '../../models/providers/upstream-client.js';
import { boundedRawBody } from '../bounded-raw-body.js';
import { isEmbeddingModel } from '../../models/embeddings/embedding-models.js';
import { handleEmbeddings } from '../../models/embeddings/handle-embeddings.js';
import { badRequest } from '../http-error.js';

/** Long Codex and Claude Code histories with images run to tens of megabytes. */
export const modelBodyLimit = 64 * 1024 * 1024;

export function modelRoutes(services: ModelServices, tasks: TaskStore): Router {
  const router = Router();
  // One budget for all model routes: sixteen 60 MB histories at once must not take 2 GB.
  const raw = boundedRawBody(modelBodyLimit, () => services.config().limits.inflightRequestBytes);
  // Calls made with a task-scoped token are booked to that task and its agent.
  const tagsOf = (res: Response): CallTags => {
    const taskId = (res.locals.identity as Identity | undefined)?.taskId;
    if (!taskId) return {};
    return { taskId, agentId: tasks.get(taskId)?.assigned_agents[0] ?? null };
  };

  router.get('/v1/models', (req, res) => listModels(services, req, res));
  router.post('/v1/chat/completions', raw, (req, res) => handleModelCall(services, protocols.chat, req, res, tagsOf(res)));
  router.post('/v1/responses', raw, (req, res) => handleModelCall(services, protocols.responses, req, res, tagsOf(res)));
  router.post('/v1/messages', raw, (req, res) => handleModelCall(services, protocols.messages, req, res, tagsOf(res)));
  router.post('/v1/messages/count_tokens', raw, async (req, res) => countTokens(services, req, res));
  router.post('/v1/embeddings', raw, (req, res) => handleEmbeddings(services, req, res, tagsOf(res)));
  return router;
}

/** OpenAI's list shape, or Anthropic's when the caller is an Anthropic SDK (it sends anthropic-version). */
function listModels(services: ModelServices, req: Request, res: Response) {
  const names = listModelNames(services.config());
  if (req.headers['anthropic-version']) {
    const data = names.map(({ id }) => ({ type: 'model', id, display_name: id, created_at: '2025-01-01T00:00:00Z' }));
    res.json({ data, has_more: false, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null });
    return;
  }
  const config = services.config();
  // Embedding models are marked (`type: "embedding"`) so a client can tell them from chat models.
  const data = names.map(({ id, ownedBy }) => ({ id, object: 'model', created: 0, owned_by: ownedBy, ...(isEmbeddingModel(config, id) ? { type: 'embedding' } : {}) }));
  res.json({ object: 'list', data });
}

async function countTokens(services: ModelServices, req: Request, res: Response) {
  let body: Record<string, unknown>;
  try {
    body = JSON.parse((req.body as Buffer).toString('utf8')) as Record<string, unknown>;
  } catch (error) {
    throw badRequest(`The request body is not valid JSON: ${(error as Error).message}`);
  }
  const request = decodeCountTokensRequest(body);
  const { targets } = resolveChain(services.config(), request.model);
  const anthropic = targets.find(
    (target) => target.provider.type === 'anthropic' && !services.providers.unavailableReason(target.provider),
  );
  if (anthropic) {
    const abort = new AbortController();
    res.on('close', () => abort.abort());
    try {
      const upstream = await callUpstream({
        provider: anthropic.provider,
        path: '/v1/messages/count_tokens',
        payload: JSON.stringify({ ...body, model: anthropic.model }),
        headers: providerHeaders(anthropic.provider, req.headers),
        signal: abort.signal,
        headersTimeoutMs: 30_000,
        bodyTimeoutMs: 30_000,
      });
      res.status(200).type('application/json').send(await upstream.body.text(services.config().limits.upstreamBodyBytes));
      return;
    } catch (error) {
      services.logger.warn('count_tokens upstream failed; estimating', { provider: anthropic.provider.id, error: String(error) });
    }
  }
  res.json({ input_tokens: estimateTokens(request) });
}
