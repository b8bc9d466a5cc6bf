import type { ServerResponse } from 'node:http';
import { chatRenderer } from './upstream-chat.js';
import { toContent, type ContentInput, type RenderContext, type Renderer } from './upstream-content.js';
import { messagesRenderer } from './upstream-messages.js';
import { responsesRenderer } from './upstream-responses.js';
import type { ModelProtocol, Reply, TokenUsage } from './upstream-types.js';

export const renderers = {
  chat: chatRenderer,
  responses: responsesRenderer,
  messages: messagesRenderer,
} satisfies Record<ModelProtocol, Renderer>;

/** One model request being answered; `upstream.ts` owns its lifecycle. */
export interface Exchange {
  res: ServerResponse;
  protocol: ModelProtocol;
  rawBody: string;
  stream: boolean;
  ctx: RenderContext;
  /** A pending pacing timer, cleared when the client goes away. */
  timer?: NodeJS.Timeout;
  /** Set when the fake kills the connection itself, so it is not reported as a client abort. */
  selfDestroyed: boolean;
}

const SSE_HEADERS = { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' };

export function sendJson(res: ServerResponse, status: number, body: unknown, extra?: Record<string, string>): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...extra,
  });
  res.end(text);
}

/** Answers with `reply`; returns the usage reported, if the reply completes with one. */
export function serveReply(reply: Reply, ex: Exchange): Required<TokenUsage> | undefined {
  const renderer = renderers[ex.protocol];
  if (!('fault' in reply)) return serveContent(reply, ex, renderer);
  switch (reply.fault) {
    case 'status':
      return void sendStatus(ex.res, renderer, reply);
    case 'hang':
      return undefined;
    case 'reset-mid-stream':
      return void resetMidway(ex, renderer, reply.text);
    case 'end-early':
      return void endEarly(ex, renderer, reply.text);
    case 'error-mid-stream':
      return void failMidway(ex, renderer, reply.text, reply.message);
    case 'slow':
      return servePaced(ex, renderer, reply);
  }
}

function serveContent(input: ContentInput, ex: Exchange, renderer: Renderer) {
  const content = toContent(input, ex.rawBody);
  if (!ex.stream) {
    sendJson(ex.res, 200, renderer.json(content, ex.ctx));
  } else {
    ex.res.writeHead(200, SSE_HEADERS);
    ex.res.end(renderer.stream(content, ex.ctx).join(''));
  }
  return content.usage;
}

function sendStatus(res: ServerResponse, renderer: Renderer, reply: { status: number; retryAfter?: number; retryAfterMs?: number; body?: string }) {
  const headers: Record<string, string> = {};
  if (reply.retryAfter !== undefined) headers['retry-after'] = String(reply.retryAfter);
  if (reply.retryAfterMs !== undefined) headers['retry-after-ms'] = String(reply.retryAfterMs);
  if (reply.body === undefined) {
    sendJson(res, reply.status, renderer.error(reply.status, `Scripted upstream error ${reply.status}`), headers);
    return;
  }
  const looksJson = /^\s*[{[]/.test(reply.body);
  res.writeHead(reply.status, {
    'content-type': looksJson ? 'application/json' : 'text/plain; charset=utf-8',
    'content-length': Buffer.byteLength(reply.body),
    ...headers,
  });
  res.end(reply.body);
}

/** The head and the first half of the deltas of a stream. */
function firstHalf(ex: Exchange, renderer: Renderer, text: string): string {
  const beats = renderer.stream(toContent({ text }, ex.rawBody), ex.ctx);
  const deltas = beats.length - 2;
  return beats.slice(0, 1 + Math.ceil(deltas / 2)).join('');
}

/** Sends the head and the first half of the deltas (or half the JSON bytes), then drops the socket. */
function resetMidway(ex: Exchange, renderer: Renderer, text: string) {
  const content = toContent({ text }, ex.rawBody);
  let partial: string | Buffer;
  if (ex.stream) {
    partial = firstHalf(ex, renderer, text);
    ex.res.writeHead(200, SSE_HEADERS);
  } else {
    const body = Buffer.from(JSON.stringify(renderer.json(content, ex.ctx)));
    partial = body.subarray(0, Math.floor(body.length / 2));
    ex.res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
  }
  ex.selfDestroyed = true;
  // Destroy only once the bytes are flushed, so the client really sees a stream cut mid-way.
  ex.res.write(partial, () => setImmediate(() => ex.res.socket?.destroy()));
}

/** Ends a well-formed response before its end: every beat but the tail, or half the JSON with a matching length. */
function endEarly(ex: Exchange, renderer: Renderer, text: string) {
  const content = toContent({ text }, ex.rawBody);
  if (!ex.stream) {
    const body = JSON.stringify(renderer.json(content, ex.ctx));
    const half = body.slice(0, Math.floor(body.length / 2));
    ex.res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(half) });
    ex.res.end(half);
    return;
  }
  const beats = renderer.stream(content, ex.ctx);
  ex.res.writeHead(200, SSE_HEADERS);
  ex.res.end(beats.slice(0, -1).join(''));
}

/** Half the deltas, then the protocol's in-band error; a non-streaming request gets a 500. */
function failMidway(ex: Exchange, renderer: Renderer, text: string, message: string) {
  if (!ex.stream) return sendJson(ex.res, 500, renderer.error(500, message));
  const partial = firstHalf(ex, renderer, text);
  ex.res.writeHead(200, SSE_HEADERS);
  ex.res.end(partial + renderer.streamError(message, ex.ctx, partial));
}

function servePaced(ex: Exchange, renderer: Renderer, reply: { text: string; chunkDelayMs: number; chunks: number }) {
  const content = toContent({ text: reply.text, textChunks: reply.chunks }, ex.rawBody);
  const delay = Math.max(0, reply.chunkDelayMs);
  if (!ex.stream) {
    ex.timer = setTimeout(() => sendJson(ex.res, 200, renderer.json(content, ex.ctx)), delay * reply.chunks);
    return content.usage;
  }
  const beats = renderer.stream(content, ex.ctx);
  const tail = beats.pop() ?? '';
  ex.res.writeHead(200, SSE_HEADERS);
  ex.res.write(beats[0] ?? '');
  let next = 1;
  const step = () => {
    ex.res.write(beats[next++] ?? '');
    if (next < beats.length) ex.timer = setTimeout(step, delay);
    else ex.res.end(tail);
  };
  if (beats.length > 1) ex.timer = setTimeout(step, delay);
  else ex.res.end(tail);
  return content.usage;
}
