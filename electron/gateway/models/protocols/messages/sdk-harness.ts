import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CanonicalRequest, CanonicalResponse, StreamEvent } from '../../canonical.js';
import { HttpError } from '../../../http/http-error.js';
import type { EncodeContext } from '../types.js';
import { messagesProtocol } from './index.js';

/** What the fake provider answers: canonical events, a canonical response, or an error. */
export type Script =
  | { events: StreamEvent[] }
  | { response: CanonicalResponse }
  | { status: number; message: string };

export interface Harness {
  baseURL: string;
  /** Raw bytes the gateway side wrote, per request. */
  written: string[];
  /** Each POST /v1/messages body as this codec decoded it. */
  requests: CanonicalRequest[];
  close(): Promise<void>;
}

async function* replay(events: StreamEvent[]): AsyncIterable<StreamEvent> {
  for (const event of events) {
    await new Promise((resolve) => setImmediate(resolve));
    yield event;
  }
}

/**
 * A loopback server speaking the Messages protocol through this codec, the way the
 * gateway does for a non-Anthropic provider: decode the client's body, then encode a
 * scripted canonical answer. Test code for SDK and Claude Code round trips.
 */
export async function startHarness(script: (body: Record<string, unknown>, call: number) => Script): Promise<Harness> {
  const written: string[] = [];
  const requests: CanonicalRequest[] = [];
  let calls = 0;
  const server: Server = createServer((req, res) => {
    // Claude Code probes the base URL (HEAD /) before its first call.
    if (req.method !== 'POST' || !req.url?.startsWith('/v1/messages')) {
      res.writeHead(404).end();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      void (async () => {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
        const decode = { toolNames: new Map() };
        const request = messagesProtocol.decodeRequest(body, decode);
        requests.push(request);
        const ctx: EncodeContext = { requestedModel: request.model, decode, request };
        const answer = script(body, calls++);
        let out = '';
        if ('status' in answer) {
          out = JSON.stringify(messagesProtocol.errorBody(answer.status, 'test', answer.message));
          res.writeHead(answer.status, { 'content-type': 'application/json' });
        } else if ('response' in answer) {
          out = JSON.stringify(messagesProtocol.encodeResponse(answer.response, ctx));
          res.writeHead(200, { 'content-type': 'application/json' });
        } else {
          res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
          for await (const frame of messagesProtocol.encodeStream(replay(answer.events), ctx)) {
            out += frame;
            res.write(frame);
          }
        }
        written.push(out);
        res.end('status' in answer || 'response' in answer ? out : undefined);
      })().catch((error: unknown) => {
        // A request the codec refuses gets the 4xx a gateway would send; anything else is a bug.
        if (error instanceof HttpError && !res.headersSent) {
          res.writeHead(error.status, { 'content-type': 'application/json' });
          res.end(JSON.stringify(messagesProtocol.errorBody(error.status, error.code, error.message)));
        } else res.destroy(error as Error);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}`,
    written,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
