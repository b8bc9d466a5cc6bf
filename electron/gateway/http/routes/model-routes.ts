import type { IncomingMessage, ServerResponse } from 'node:http';
import { listModelNames, resolveChain } from '../../models/routing/router.js';
import { protocols } from '../../models/protocols/index.js';
import type { WireProtocol } from '../../models/protocols/types.js';
import { decodeCountTokensRequest, estimateTokens } from '../../models/protocols/messages/index.js';
import { handleModelCall, type CallTags, type ModelServices } from '../../models/pipeline/handle-model-call.js';
import type { TaskStore } from '../../tasks/task-store.js';
import type { Identity } from '../guards.js';
import { callUpstream, providerHeaders } from '../../models/providers/upstream-client.js';
import { isEmbeddingModel } from '../../models/embeddings/embedding-models.js';
import { handleEmbeddings } from '../../models/embeddings/handle-embeddings.js';
import { badRequest } from '../http-error.js';
import { sendJson, sendJsonText } from '../send-json.js';

/** Long Codex and Claude Code histories with images run to tens of megabytes. */
export const modelBodyLimit = 64 * 1024 * 1024;

export type ModelRequest = IncomingMessage & { body?: Buffer };

export interface ModelRoute {
  /** Whether the front reads the body (within the in-flight budget) before `serve`. */
  body: boolean;
  serve(req: ModelRequest, res: ServerResponse, identity: Identity): Promise<void> | void;
}

/**
 * Every /v1 route, keyed `METHOD /path`: the one list of them. The model front
 * (http/model-front.ts) serves exactly these, with node:http; express never sees them.
 */
export function modelRoutes(services: ModelServices, tasks: TaskStore): Map<string, ModelRoute> {
  // Calls made with a task-scoped token are booked to that task and its agent.
  const tagsOf = ({ taskId }: Identity): CallTags => (taskId ? { taskId, agentId: tasks.get(taskId)?.assigned_agents[0] ?? null } : {});
  const call = (protocol: WireProtocol): ModelRoute => ({
    body: true,
    serve: (req, res, identity) => {
      const tags = tagsOf(identity);
      // network_io_kb of the agent's metrics: the bytes of its model calls.
      if (tags.agentId) services.network?.meterCall(req, res, tags.agentId);
      return handleModelCall(services, protocol, req, res, tags);
    },
  });
  return new Map<string, ModelRoute>([
    ['GET /v1/models', { body: false, serve: (req, res) => listModels(services, req, res) }],
    ['POST /v1/chat/completions', call(protocols.chat)],
    ['POST /v1/responses', call(protocols.responses)],
    ['POST /v1/messages', call(protocols.messages)],
    ['POST /v1/messages/count_tokens', { body: true, serve: (req, res) => countTokens(services, req, res) }],
    ['POST /v1/embeddings', { body: true, serve: (req, res, identity) => handleEmbeddings(services, req, res, tagsOf(identity)) }],
  ]);
}

/** OpenAI's list shape, or Anthropic's when the caller is an Anthropic SDK (it sends anthropic-version). */
function listModels(services: ModelServices, req: IncomingMessage, res: ServerResponse) {
  const names = listModelNames(services.config());
  if (req.headers['anthropic-version']) {
    const data = names.map(({ id }) => ({ type: 'model', id, display_name: id, created_at: '2025-01-01T00:00:00Z' }));
    sendJson(res, 200, { data, has_more: false, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null });
    return;
  }
  const config = services.config();
  // Embedding models are marked (`type: "embedding"`) so a client can tell them from chat models.
  const data = names.map(({ id, ownedBy }) => ({ id, object: 'model', created: 0, owned_by: ownedBy, ...(isEmbeddingModel(config, id) ? { type: 'embedding' } : {}) }));
  sendJson(res, 200, { object: 'list', data });
}

async function countTokens(services: ModelServices, req: ModelRequest, res: ServerResponse) {
  let body: Record<string, unknown>;
  try {
    body = JSON.parse((req.body ?? Buffer.alloc(0)).toString('utf8')) as Record<string, unknown>;
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
      sendJsonText(res, 200, await upstream.body.text(services.config().limits.upstreamBodyBytes));
      return;
    } catch (error) {
      services.logger.warn('count_tokens upstream failed; estimating', { provider: anthropic.provider.id, error: String(error) });
    }
  }
  sendJson(res, 200, { input_tokens: estimateTokens(request) });
}
