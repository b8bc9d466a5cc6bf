import { performance } from 'node:perf_hooks';
import { Pool, type Dispatcher } from 'undici';
import { MODEL } from './config.js';
import { epochMs } from './ipc.js';

// The load generator: undici pools with keep-alive, one per endpoint and concurrency level.

export interface Endpoint {
  name: 'direct' | 'floor' | 'gateway';
  origin: string;
  headers: Record<string, string>;
  /** A CA (PEM) to trust for an https origin. */
  ca?: string;
  /** The process behind it when it is ours (floor, gateway): its CPU time is read per scenario. */
  pid?: number;
}

export const CHAT_PATH = '/v1/chat/completions';
export const MESSAGES_PATH = '/v1/messages';
export const RESPONSES_PATH = '/v1/responses';

const system = 'You are a terse assistant. Answer in one sentence.';
const question = 'Summarise why keep-alive connections lower the latency of a local model gateway, in about twenty words.';

/** A small, typical chat request (what an SDK sends), ~300 bytes. */
export function chatBody(stream: boolean, model = MODEL): string {
  return JSON.stringify({
    model,
    messages: [
      { role: 'system', content: system },
      { role: 'user', content: question },
    ],
    max_tokens: 64,
    temperature: 0.2,
    stream,
  });
}

/** The same question in Anthropic's Messages shape: the gateway translates it to chat. */
export function messagesBody(stream = false, model = MODEL): string {
  return JSON.stringify({ model, system, messages: [{ role: 'user', content: question }], max_tokens: 64, stream });
}

/** The same question in the Responses shape (what Codex sends, much shortened). */
export function responsesBody(stream = false, model = MODEL): string {
  return JSON.stringify({ model, instructions: system, input: question, max_output_tokens: 64, stream });
}

export interface StreamTiming {
  /** Request sent to first body byte, ms. */
  ttfb: number;
  /** Between consecutive body chunks, ms. */
  gaps: number[];
}

export interface OpenStream {
  /** Resolves once `readyAfter` body chunks arrived; rejects if the stream fails first. */
  ready: Promise<void>;
  /** Aborts the request and returns the `epochMs()` just before doing so. */
  abort(): number;
  finished: Promise<void>;
}

export class Client {
  private readonly pool: Pool;

  constructor(
    readonly endpoint: Endpoint,
    connections: number,
  ) {
    this.pool = new Pool(endpoint.origin, {
      connections,
      pipelining: 1,
      keepAliveTimeout: 60_000,
      keepAliveMaxTimeout: 600_000,
      ...(endpoint.ca ? { connect: { ca: endpoint.ca } } : {}),
    });
  }

  /** One non-streaming call, first byte sent to last byte read, ms. */
  async call(path: string, body: string): Promise<number> {
    const start = performance.now();
    const response = await this.send(path, body);
    await expectOk(response);
    await response.body.text();
    return performance.now() - start;
  }

  async stream(path: string, body: string): Promise<StreamTiming> {
    const start = performance.now();
    const response = await this.send(path, body);
    await expectOk(response);
    let ttfb = NaN;
    let last = 0;
    const gaps: number[] = [];
    for await (const _chunk of response.body) {
      const now = performance.now();
      if (Number.isNaN(ttfb)) ttfb = now - start;
      else gaps.push(now - last);
      last = now;
    }
    return { ttfb, gaps };
  }

  open(path: string, body: string, readyAfter: number): OpenStream {
    const controller = new AbortController();
    let markReady!: () => void;
    const reached = new Promise<void>((resolve) => (markReady = resolve));
    const finished = (async () => {
      try {
        const response = await this.send(path, body, controller.signal);
        await expectOk(response);
        let chunks = 0;
        for await (const _chunk of response.body) if (++chunks === readyAfter) markReady();
      } catch (error) {
        if (!controller.signal.aborted) throw error;
      }
    })();
    const ended = finished.then(() => {
      throw new Error('the stream ended before it was ready');
    });
    return {
      ready: Promise.race([reached, ended]),
      abort() {
        const at = epochMs();
        controller.abort();
        return at;
      },
      finished,
    };
  }

  close(): Promise<void> {
    return this.pool.destroy();
  }

  private send(path: string, body: string, signal?: AbortSignal): Promise<Dispatcher.ResponseData> {
    return this.pool.request({ path, method: 'POST', headers: this.endpoint.headers, body, signal });
  }
}

async function expectOk(response: Dispatcher.ResponseData): Promise<void> {
  if (response.statusCode === 200) return;
  const text = await response.body.text();
  throw new Error(`HTTP ${response.statusCode}: ${text.slice(0, 300)}`);
}
