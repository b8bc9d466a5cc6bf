import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type RequestOptions } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Socket } from 'node:net';
import { urlToHttpOptions } from 'node:url';

// node:http rather than undici: its parser is part of node, while undici compiles a
// WebAssembly parser on the first request, which costs the idle gateway about 20 MB.

export interface HttpAgents {
  http: HttpAgent;
  https: HttpsAgent;
}

// lifo keeps reusing the warmest connections and lets the rest idle out: after 30 s, or
// sooner when the upstream's Keep-Alive header says it closes them earlier.
const pool = { keepAlive: true, maxSockets: 512, maxFreeSockets: 512, scheduling: 'lifo', timeout: 30_000 } as const;

/** One keep-alive pool per scheme for every provider: reused connections are the biggest latency win. */
export const upstreamAgents: HttpAgents = { http: new HttpAgent(pool), https: new HttpsAgent(pool) };

/**
 * A response body. A reader that stops iterating early leaves the connection open: the owner
 * then calls `release()` (the call finished normally) or `destroy()` (it did not).
 */
export interface ResponseBody extends AsyncIterable<Buffer> {
  /** The whole body; over `maxBytes` (default 64 MB) the connection is closed and a BodyTooLargeError thrown. */
  text(maxBytes?: number): Promise<string>;
  /** The whole body as bytes, with the same limit. */
  bytes(maxBytes?: number): Promise<Buffer>;
  json(maxBytes?: number): Promise<unknown>;
  /**
   * Reads what is left (the chunked terminator after a stream's last event, say) so the
   * connection goes back to the pool; past `maxBytes` of leftovers, or when the end has not
   * come within `waitMs`, it closes the connection instead.
   */
  release(maxBytes?: number, waitMs?: number): void;
  /** Closes the connection unless the body was read to its end. */
  destroy(): void;
}

export interface HttpResponse {
  statusCode: number;
  headers: IncomingHttpHeaders;
  body: ResponseBody;
}

/** What a request needs of a cancellation: an AbortSignal is one, and so is a lighter object of its shape. */
export interface Cancellation {
  readonly aborted: boolean;
  readonly reason?: unknown;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

export interface HttpRequest {
  method: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  signal?: Cancellation;
  /** Longest wait for the response headers (connecting included); it waits out a request body still being sent. */
  headersTimeoutMs: number;
  /** Longest silence between two reads of the response body. */
  bodyTimeoutMs: number;
  agents?: HttpAgents;
  /** The error a timeout raises (default: an HttpTimeoutError). */
  timeoutError?: (phase: TimeoutPhase) => Error;
}

export type TimeoutPhase = 'headers' | 'body';

/** The default of `limits.upstreamBodyBytes`. */
export const DEFAULT_BODY_BYTES = 64 * 1024 * 1024;

export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`the response body exceeded the ${limit}-byte limit (limits.upstreamBodyBytes)`);
    this.name = 'BodyTooLargeError';
  }
}

export class HttpTimeoutError extends Error {
  constructor(readonly phase: TimeoutPhase) {
    super(phase === 'headers' ? 'no response headers in time' : 'the response body stalled');
    this.name = 'HttpTimeoutError';
  }
}

/**
 * Sends one request; resolves once the response headers are in, whatever the status. An
 * abort closes the socket at once; the caller reads or destroys the body.
 */
export function sendRequest(url: string, options: HttpRequest): Promise<HttpResponse> {
  const { signal } = options;
  if (signal?.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const target = parsed(url);
    const agents = options.agents ?? upstreamAgents;
    const secure = target.protocol === 'https:';
    const req = (secure ? httpsRequest : httpRequest)({ ...target, method: options.method, headers: options.headers, agent: secure ? agents.https : agents.http });
    let res: IncomingMessage | undefined;
    let socket: Socket | undefined;
    let settled = false;
    let readerBehind = false;
    const settle = (error: Error) => {
      if (settled) return;
      settled = true;
      reject(error);
    };
    const timedOut = (phase: TimeoutPhase) => options.timeoutError?.(phase) ?? new HttpTimeoutError(phase);
    // The socket's idle timer: Node holds it off while a write is still draining.
    const onTimeout = () => {
      if (!res) {
        settle(timedOut('headers'));
        req.destroy();
      } else if (res.readableLength > 0) {
        // Unread data waits in the buffer: the reader is behind, not the upstream.
        readerBehind = true;
        socket?.setTimeout(options.bodyTimeoutMs);
      } else if (readerBehind) {
        // The reader has just caught up (the timer ran while it was behind): the upstream
        // gets a full period of its own before it can be blamed.
        readerBehind = false;
        socket?.setTimeout(options.bodyTimeoutMs);
      } else {
        res.destroy(timedOut('body'));
      }
    };
    const onAbort = () => {
      settle(signal!.reason as Error);
      // No error object: destroy() would format its stack, which a burst of aborts pays for.
      if (res) res.destroy();
      else req.destroy();
    };
    req.on('socket', (assigned: Socket) => {
      socket = assigned;
      socket.setTimeout(options.headersTimeoutMs);
      socket.on('timeout', onTimeout);
    });
    req.on('response', (response: IncomingMessage) => {
      res = response;
      socket?.setTimeout(options.bodyTimeoutMs);
      settled = true;
      resolve({ statusCode: response.statusCode ?? 0, headers: response.headers, body: new Body(response) });
    });
    // Errors after the headers reach the reader through the body stream.
    req.on('error', settle);
    req.on('close', () => {
      socket?.off('timeout', onTimeout);
      signal?.removeEventListener('abort', onAbort);
    });
    signal?.addEventListener('abort', onAbort, { once: true });
    req.end(options.body);
  });
}

// A gateway calls a handful of URLs over and over: parse each once.
const targets = new Map<string, RequestOptions>();

function parsed(url: string): RequestOptions {
  let target = targets.get(url);
  if (!target) {
    if (targets.size >= 256) targets.clear();
    target = urlToHttpOptions(new URL(url));
    targets.set(url, target);
  }
  return target;
}

/** Leftovers a finished stream may still owe (a `[DONE]`, the chunked terminator) are far smaller. */
const RELEASE_BYTES = 64 * 1024;
/**
 * They come with the last event or one round trip later. An upstream that holds its end back
 * longer loses the connection, rather than pinning one of the pool's sockets meanwhile.
 */
const RELEASE_WAIT_MS = 5_000;

class Body implements ResponseBody {
  private iterator: AsyncIterator<Buffer> | undefined;

  constructor(private readonly res: IncomingMessage) {}

  [Symbol.asyncIterator](): AsyncIterator<Buffer> {
    const inner = (this.iterator ??= this.res[Symbol.asyncIterator]());
    // Node's iterator destroys the response (and the socket) when a reader stops early; a
    // decoder that stops at its terminal event would cost a new connection per call.
    return { next: () => inner.next(), return: async () => ({ done: true, value: undefined }) };
  }

  async text(maxBytes = DEFAULT_BODY_BYTES): Promise<string> {
    return (await this.bytes(maxBytes)).toString();
  }

  bytes(maxBytes = DEFAULT_BODY_BYTES): Promise<Buffer> {
    const res = this.res;
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let bytes = 0;
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (bytes <= maxBytes) return void chunks.push(chunk);
        chunks.length = 0;
        reject(new BodyTooLargeError(maxBytes));
        res.destroy();
      });
      res.on('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
      res.on('error', reject);
      res.on('close', () => {
        if (!res.readableEnded) reject(new Error('the response body was cut short'));
      });
    });
  }

  async json(maxBytes?: number): Promise<unknown> {
    return JSON.parse(await this.text(maxBytes));
  }

  release(maxBytes = RELEASE_BYTES, waitMs = RELEASE_WAIT_MS): void {
    if (this.res.readableEnded || this.res.destroyed) return;
    // The request's timeout handler closes it; a socket that goes back to the pool gets the
    // pool's idle timeout again.
    this.res.socket?.setTimeout(waitMs);
    void this.drain(maxBytes);
  }

  destroy(): void {
    if (!this.res.readableEnded) this.res.destroy();
  }

  private async drain(maxBytes: number): Promise<void> {
    const iterator = (this.iterator ??= this.res[Symbol.asyncIterator]());
    let left = maxBytes;
    try {
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
        left -= next.value.length;
        if (left < 0) return this.destroy();
      }
    } catch {
      // A body that fails now has already closed its connection; the call itself was complete.
    }
  }
}
