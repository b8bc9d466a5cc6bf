// Helpers shared by this folder's tests (not a test file itself).
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CanonicalRequest, StreamEvent } from '../../canonical.js';
import { parseSse, type SseEvent } from '../../sse.js';
import type { DecodeContext, EncodeContext } from '../types.js';

export const fixtureText = (name: string): string =>
  readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');

export const fixtureJson = (name: string): unknown => JSON.parse(fixtureText(name));

export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

export async function* iterate<T>(items: readonly T[]): AsyncIterable<T> {
  for (const item of items) yield item;
}

/** SSE events of a recorded stream, delivered in small uneven chunks as a socket would. */
export function sseFixture(name: string): AsyncIterable<SseEvent> {
  const text = fixtureText(name);
  const chunks: string[] = [];
  for (let i = 0, size = 7; i < text.length; i += size, size = (size * 7) % 97 + 5) chunks.push(text.slice(i, i + size));
  return parseSse(iterate(chunks));
}

export const newDecodeContext = (): DecodeContext => ({ toolNames: new Map() });

export function encodeContext(request: Partial<CanonicalRequest> = {}, decode = newDecodeContext()): EncodeContext {
  return { requestedModel: 'mesh-model', decode, request: { model: 'mesh-model', messages: [], stream: true, ...request } };
}

export type Reply = { status?: number; contentType: string; body: string | AsyncIterable<string> };

/** A loopback HTTP server standing in for the gateway, so real clients can consume our output. */
export async function serve(reply: (body: unknown, request: IncomingMessage) => Reply | Promise<Reply>) {
  const bodies: unknown[] = [];
  const server = createServer(async (req, res) => {
    let raw = '';
    for await (const chunk of req) raw += String(chunk);
    const body = raw ? JSON.parse(raw) : undefined;
    bodies.push(body);
    const answer = await reply(body, req);
    res.writeHead(answer.status ?? 200, { 'content-type': answer.contentType });
    if (typeof answer.body === 'string') res.end(answer.body);
    else {
      for await (const frame of answer.body) res.write(frame);
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    bodies,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A canonical stream as a chat provider would produce it. */
export const events = (...list: StreamEvent[]): AsyncIterable<StreamEvent> => iterate(list);
