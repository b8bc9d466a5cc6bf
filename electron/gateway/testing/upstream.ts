import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { answerSide, defaultSideRoutes, type SideRoute } from './upstream-balance.js';
import { estimateInputTokens } from './upstream-content.js';
import { answerEmbeddings } from './upstream-embeddings.js';
import { renderers, sendJson, serveReply, type Exchange } from './upstream-serve.js';
import type {
  AbortInfo,
  EmbeddingFault,
  ModelProtocol,
  RecordedRequest,
  Reply,
  ScriptedUpstream,
  UpstreamOptions,
} from './upstream-types.js';

export type * from './upstream-types.js';
export { countWords, estimateInputTokens } from './upstream-content.js';
export { scriptedEmbedding } from './upstream-embeddings.js';

// The one fake the project allows: a scripted LLM provider on 127.0.0.1, speaking OpenAI chat,
// OpenAI responses and Anthropic messages. It shares no code with the gateway's translators.

type Route = ModelProtocol | 'models' | 'count_tokens' | 'embeddings' | 'ollama-embed';

const routes = new Map<string, Route>([
  ['POST /v1/chat/completions', 'chat'],
  ['POST /chat/completions', 'chat'],
  ['POST /v1/responses', 'responses'],
  ['POST /responses', 'responses'],
  ['POST /v1/messages', 'messages'],
  ['POST /messages', 'messages'],
  ['POST /v1/messages/count_tokens', 'count_tokens'],
  ['POST /messages/count_tokens', 'count_tokens'],
  ['POST /v1/embeddings', 'embeddings'],
  ['POST /embeddings', 'embeddings'],
  ['POST /api/embed', 'ollama-embed'],
  ['GET /v1/models', 'models'],
  ['GET /models', 'models'],
]);

const DEFAULT_REPLY: Reply = { text: 'ok' };
// Unclaimed aborts are kept for waitForAbort; the cap keeps a long benchmark's memory flat.
const MAX_UNCLAIMED_ABORTS = 1000;

export async function startScriptedUpstream(options: UpstreamOptions = {}): Promise<ScriptedUpstream> {
  const upstream = new Upstream(options);
  await upstream.listen(options.port ?? 0);
  return upstream;
}

function parseBody(raw: string): unknown {
  if (raw === '') return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

const isObject = (v: unknown): v is Record<string, any> => typeof v === 'object' && v !== null && !Array.isArray(v);

class Upstream implements ScriptedUpstream {
  url = '';
  port = 0;
  readonly requests: RecordedRequest[] = [];
  record: boolean;
  defaultReply: Reply = DEFAULT_REPLY;

  private queue: Reply[] = [];
  private embeddingFaults: EmbeddingFault[] = [];
  private side: Map<string, SideRoute> = defaultSideRoutes();
  private handler: ((req: RecordedRequest) => Reply | undefined) | undefined;
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private accepted = 0;
  private inflight = 0;
  private readonly abortListeners = new Set<(info: AbortInfo) => void>();
  private unclaimedAborts: AbortInfo[] = [];
  private abortWaiters: ((info: AbortInfo) => void)[] = [];
  private closing = false;
  private readonly idPrefix = randomBytes(4).toString('hex');
  private readonly scheme: 'http' | 'https';
  private seq = 0;
  // Precomputed: the listing never changes and benchmarks may poll it.
  private readonly openaiModels: unknown;
  private readonly anthropicModels: unknown;

  constructor(options: UpstreamOptions) {
    this.record = options.record ?? true;
    const ids = options.models ?? ['fake-model'];
    this.openaiModels = {
      object: 'list',
      data: ids.map((id) => ({ id, object: 'model', created: 1_700_000_000, owned_by: 'scripted' })),
    };
    this.anthropicModels = {
      data: ids.map((id) => ({ type: 'model', id, display_name: id, created_at: '2025-01-01T00:00:00Z' })),
      has_more: false,
      first_id: ids[0] ?? null,
      last_id: ids.at(-1) ?? null,
    };
    // requestTimeout 0: a 'hang' must last until the client leaves, not until Node's 5-minute cut.
    const serverOptions = { noDelay: true, keepAliveTimeout: 65_000, requestTimeout: 0 };
    const receive = (req: IncomingMessage, res: ServerResponse) => this.receive(req, res);
    this.server = options.tls ? createTlsServer({ ...serverOptions, ...options.tls }, receive) : createServer(serverOptions, receive);
    this.scheme = options.tls ? 'https' : 'http';
    // 'connection' is the TCP socket for both schemes, before any TLS handshake.
    this.server.on('connection', (socket: Socket) => {
      this.accepted++;
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
  }

  listen(port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => {
        this.server.off('error', reject);
        const address = this.server.address();
        this.port = typeof address === 'object' && address ? address.port : port;
        this.url = `${this.scheme}://127.0.0.1:${this.port}`;
        resolve();
      });
    });
  }

  script(...replies: Reply[]): void {
    this.queue.push(...replies);
  }

  serveJson(path: string, body: unknown, options: { status?: number; method?: string; requireBearer?: boolean } = {}): void {
    this.side.set(`${options.method ?? 'GET'} ${path}`, { status: options.status ?? 200, body, requireBearer: options.requireBearer });
  }

  scriptEmbeddings(...faults: EmbeddingFault[]): void {
    this.embeddingFaults.push(...faults);
  }

  setHandler(fn: ((req: RecordedRequest) => Reply | undefined) | undefined): void {
    this.handler = fn;
  }

  reset(): void {
    this.queue = [];
    this.embeddingFaults = [];
    this.requests.length = 0;
    this.unclaimedAborts = [];
    this.handler = undefined;
    this.defaultReply = DEFAULT_REPLY;
    this.side = defaultSideRoutes();
  }

  openSockets(): number {
    return this.sockets.size;
  }

  connectionsOpened(): number {
    return this.accepted;
  }

  inFlight(): number {
    return this.inflight;
  }

  onAbort(listener: (info: AbortInfo) => void): () => void {
    this.abortListeners.add(listener);
    return () => this.abortListeners.delete(listener);
  }

  waitForAbort(timeoutMs = 2000): Promise<AbortInfo> {
    const ready = this.unclaimedAborts.shift();
    if (ready) return Promise.resolve(ready);
    return new Promise((resolve, reject) => {
      const waiter = (info: AbortInfo) => {
        clearTimeout(timer);
        resolve(info);
      };
      const timer = setTimeout(() => {
        this.abortWaiters = this.abortWaiters.filter((w) => w !== waiter);
        reject(new Error(`no client abort within ${timeoutMs} ms`));
      }, timeoutMs);
      this.abortWaiters.push(waiter);
    });
  }

  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    this.queue = [];
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private receive(req: IncomingMessage, res: ServerResponse): void {
    const at = performance.now();
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (raw += chunk));
    req.on('end', () => this.dispatch(req, res, raw, at));
  }

  private dispatch(req: IncomingMessage, res: ServerResponse, raw: string, at: number): void {
    const url = req.url ?? '/';
    const query = url.indexOf('?');
    const path = query === -1 ? url : url.slice(0, query);
    const method = req.method ?? 'GET';
    const route = routes.get(`${method} ${path}`);
    const isModel = route === 'chat' || route === 'responses' || route === 'messages';
    const recorded: RecordedRequest = {
      protocol: isModel ? route : 'other',
      method,
      path,
      headers: req.headers,
      body: parseBody(raw),
      at,
    };
    if (this.record) this.requests.push(recorded);

    if (isModel) return this.answerModel(route, recorded, raw, res);
    if (route === 'models') {
      return sendJson(res, 200, req.headers['anthropic-version'] ? this.anthropicModels : this.openaiModels);
    }
    if (route === 'count_tokens') return sendJson(res, 200, { input_tokens: estimateInputTokens(raw) });
    if (route === 'embeddings' || route === 'ollama-embed') {
      const fault = this.embeddingFaults.shift();
      // A hung request is answered when the client leaves (or the upstream closes).
      if (fault?.fault === 'hang') return;
      if (fault) return sendJson(res, fault.status, { error: { message: fault.message ?? `scripted ${fault.status}`, type: 'server_error' } });
      return answerEmbeddings(res, recorded.body, route === 'ollama-embed');
    }
    const side = this.side.get(`${method} ${path}`);
    if (side) return answerSide(side, req, res);
    sendJson(res, 404, { error: { message: `No route ${method} ${path}`, type: 'invalid_request_error' } });
  }

  private answerModel(protocol: ModelProtocol, recorded: RecordedRequest, raw: string, res: ServerResponse): void {
    const body = recorded.body;
    if (!isObject(body)) {
      return sendJson(res, 400, renderers[protocol].error(400, 'The request body must be a JSON object'));
    }
    let reply: Reply;
    try {
      reply = this.queue.shift() ?? this.handler?.(recorded) ?? this.defaultReply;
    } catch (error) {
      // A broken handler is a test bug: answer loudly instead of hanging the client.
      return sendJson(res, 500, renderers[protocol].error(500, `Scripted handler threw: ${String(error)}`));
    }
    recorded.reply = reply;

    const exchange: Exchange = {
      res,
      protocol,
      rawBody: raw,
      stream: body.stream === true,
      ctx: {
        id: `${this.idPrefix}${++this.seq}`,
        model: typeof body.model === 'string' ? body.model : 'fake-model',
        created: Math.floor(Date.now() / 1000),
        body,
      },
      selfDestroyed: false,
    };
    this.inflight++;
    res.once('close', () => {
      this.inflight--;
      clearTimeout(exchange.timer);
      if (res.writableFinished || exchange.selfDestroyed || this.closing) return;
      this.reportAbort({
        protocol,
        path: recorded.path,
        kind: 'fault' in reply ? reply.fault : 'toolCall' in reply ? 'toolCall' : 'text',
        elapsedMs: performance.now() - recorded.at,
      });
    });
    recorded.usage = serveReply(reply, exchange);
  }

  private reportAbort(info: AbortInfo): void {
    for (const listener of this.abortListeners) listener(info);
    const waiter = this.abortWaiters.shift();
    if (waiter) return waiter(info);
    this.unclaimedAborts.push(info);
    if (this.unclaimedAborts.length > MAX_UNCLAIMED_ABORTS) this.unclaimedAborts.shift();
  }
}
