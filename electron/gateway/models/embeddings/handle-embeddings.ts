import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { badRequest, HttpError } from '../../http/http-error.js';
import { protocols } from '../protocols/index.js';
import { sendError, type CallTags, type ModelServices } from '../pipeline/handle-model-call.js';
import { embed, recordRefused } from './embed.js';
import { decodeEmbeddingsRequest } from './embeddings-request.js';

/** Float32 little-endian, base64: what the OpenAI SDKs ask for by default and decode themselves. */
export const base64Vector = (vector: number[]) => Buffer.from(Float32Array.from(vector).buffer).toString('base64');

/**
 * POST /v1/embeddings in OpenAI's shape, for any body reader: express's raw parser or the lean
 * /v1 front both leave the body as a Buffer on `req.body`. Errors take OpenAI's shape too.
 */
export async function handleEmbeddings(services: ModelServices, req: IncomingMessage & { body?: unknown }, res: ServerResponse, tags: CallTags = {}): Promise<void> {
  const startedAt = performance.now();
  const abort = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) abort.abort();
  });
  const options = { tags, client: req.headers['user-agent'] ?? null, signal: abort.signal };
  try {
    let request;
    try {
      request = decodeEmbeddingsRequest(parseBody(req.body), services.config());
    } catch (error) {
      if (error instanceof HttpError) recordRefused(services, error, startedAt, options);
      throw error;
    }
    const result = await embed(services, request, options);
    const data = result.vectors.map((vector, index) => ({
      object: 'embedding',
      index,
      embedding: request.encodingFormat === 'base64' ? base64Vector(vector) : vector,
    }));
    const body = { object: 'list', data, model: request.model, usage: { prompt_tokens: result.inputTokens, total_tokens: result.inputTokens } };
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  } catch (error) {
    if (abort.signal.aborted || res.headersSent) return void res.end();
    const failure = error instanceof HttpError ? error : new HttpError(500, 'internal_error', String(error));
    sendError(res, protocols.chat, failure, services.logger.redact);
  }
}

function parseBody(raw: unknown): unknown {
  const text = Buffer.isBuffer(raw) ? raw.toString('utf8') : '';
  if (!text) throw badRequest('The request body is empty; send a JSON object', 'invalid_request_error');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw badRequest(`The request body is not valid JSON: ${(error as Error).message}`, 'invalid_request_error');
  }
}
