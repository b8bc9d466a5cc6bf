import type { IncomingHttpHeaders } from 'node:http';

// The scripted upstream's public vocabulary. Deliberately independent of
// electron/gateway/models: the fake must check the gateway's translators, not share them.

/** Token counts as the gateway's canonical usage: `input` includes `cached`. */
export interface TokenUsage {
  input: number;
  output: number;
  cached?: number;
}

export interface ToolCallSpec {
  name: string;
  arguments: Record<string, unknown>;
}

// Without `usage`, a text/tool reply reports input = ceil(raw request body characters / 4)
// and output = whitespace-separated words of text + reasoning + the tool arguments' JSON.
export type Reply =
  | { text: string; reasoning?: string; usage?: TokenUsage }
  | { toolCall: ToolCallSpec; text?: string; reasoning?: string; usage?: TokenUsage }
  // An error answer in the protocol's own error shape; `body` replaces it verbatim.
  | { fault: 'status'; status: number; retryAfter?: number; retryAfterMs?: number; body?: string }
  // Accept the request and never answer, until the client goes away.
  | { fault: 'hang' }
  // Send the head and about half of the text deltas, then destroy the socket.
  | { fault: 'reset-mid-stream'; text: string }
  // End the response cleanly but early: a stream without its terminal event(s), half a JSON body.
  | { fault: 'end-early'; text: string }
  // Send the head and about half of the text deltas, then the protocol's in-band error event.
  | { fault: 'error-mid-stream'; text: string; message: string }
  // `chunks` text deltas, one every `chunkDelayMs` (a non-streaming request waits the total).
  | { fault: 'slow'; text: string; chunkDelayMs: number; chunks: number };

/** One scripted failure of an embeddings request (consumed in order, before normal answers). */
export type EmbeddingFault = { fault: 'status'; status: number; message?: string } | { fault: 'hang' };

export type ModelProtocol = 'chat' | 'responses' | 'messages';
export type Protocol = ModelProtocol | 'other';

export interface RecordedRequest {
  /** 'other' for side endpoints (models, count_tokens) and unknown paths; only model requests consume replies. */
  protocol: Protocol;
  method: string;
  /** Path without the query string. */
  path: string;
  headers: IncomingHttpHeaders;
  /** Parsed JSON; the raw text when it is not JSON; undefined when empty. */
  body: any;
  /** `performance.now()` on arrival: compare within one process only (retry spacing). */
  at: number;
  /** The reply chosen, set once decided (model endpoints only). */
  reply?: Reply;
  /** The usage the upstream reported for a text/tool reply (what the gateway should record). */
  usage?: Required<TokenUsage>;
}

export interface AbortInfo {
  protocol: ModelProtocol;
  path: string;
  /** 'text' | 'toolCall' for content replies, else the fault name. */
  kind: string;
  /** From the request's arrival to the client closing it. */
  elapsedMs: number;
}

export interface UpstreamOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Keep `requests`; turn off for benchmarks so memory stays flat. Default true. */
  record?: boolean;
  /** Ids listed by GET /v1/models. Default ['fake-model']. */
  models?: string[];
  /** Serve HTTPS with this key and certificate (PEM) instead of plain HTTP. */
  tls?: { key: string | Buffer; cert: string | Buffer };
}

export interface ScriptedUpstream {
  /** http://127.0.0.1:PORT (https:// with `tls`), no trailing slash and no /v1. */
  readonly url: string;
  readonly port: number;
  /** Everything received, in order, while `record` is true. */
  readonly requests: RecordedRequest[];
  record: boolean;
  /** Used when the queue is empty and no handler decides. Default `{ text: 'ok' }`. */
  defaultReply: Reply;
  /** Queues replies, consumed in order by model requests of any protocol. */
  script(...replies: Reply[]): void;
  /**
   * Answers a side endpoint (a provider's balance API…) with fixed JSON, replacing the
   * realistic default bodies of upstream-balance.ts; 401 without a bearer key unless told.
   */
  serveJson(path: string, body: unknown, options?: { status?: number; method?: string; requireBearer?: boolean }): void;
  /** Failures for the next embeddings requests, in order; after them requests get their vectors. */
  scriptEmbeddings(...faults: EmbeddingFault[]): void;
  /** Consulted after the queue; returning undefined falls through to `defaultReply`. */
  setHandler(fn: ((req: RecordedRequest) => Reply | undefined) | undefined): void;
  /** Empties the queue, embedding faults, requests and unclaimed aborts; drops the handler; restores `defaultReply` and side endpoints. */
  reset(): void;
  /** TCP connections currently open (keep-alive idle ones included). */
  openSockets(): number;
  /** TCP connections accepted since the upstream started: what a client's connection reuse saves. */
  connectionsOpened(): number;
  /** Model requests whose reply has not finished. */
  inFlight(): number;
  /** Called when a client closes a model request before its reply finished. Returns unsubscribe. */
  onAbort(listener: (info: AbortInfo) => void): () => void;
  /** The oldest abort not yet returned by this method, waiting up to `timeoutMs` (default 2000) for one. */
  waitForAbort(timeoutMs?: number): Promise<AbortInfo>;
  close(): Promise<void>;
}
