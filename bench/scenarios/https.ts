import { CHAT_PATH, chatBody, Client, MESSAGES_PATH, messagesBody, RESPONSES_PATH, responsesBody, type Endpoint, type StreamTiming } from '../client.js';
import { countLoop } from '../load.js';
import type { Row } from '../report.js';
import { summarize } from '../stats.js';
import type { UpstreamProcess } from '../upstream-process.js';
import { words, type BenchContext } from './context.js';

/** The HTTPS upstream: a second scripted upstream with a self-signed certificate, and the gateway's model routed to it. */
export interface TlsUpstream {
  upstream: UpstreamProcess;
  /** Straight to it, trusting its certificate. */
  direct: Endpoint;
  /** The model name the gateway routes to its openai-chat provider. */
  model: string;
}

const WARM = 100;
const STREAMS = 400;
const CONCURRENCY = 8;
const CALLS = 1_000;

const inbound = [
  { name: 'chat (pass-through)', path: CHAT_PATH, body: (stream: boolean, model: string) => chatBody(stream, model) },
  { name: 'responses → chat', path: RESPONSES_PATH, body: (stream: boolean, model: string) => responsesBody(stream, model) },
  { name: 'messages → chat', path: MESSAGES_PATH, body: (stream: boolean, model: string) => messagesBody(stream, model) },
];

/**
 * Through an HTTPS upstream: the TTFB the gateway adds with TLS on its upstream leg, per
 * inbound protocol, and how many upstream connections 1,000 calls open (a handshake each).
 */
export async function httpsUpstream(ctx: BenchContext, tls: TlsUpstream): Promise<Row[]> {
  await tls.upstream.setReply({ text: words(24) });
  const section = `HTTPS upstream (self-signed, trusted through NODE_EXTRA_CA_CERTS), openai-chat provider`;
  const direct = summarize((await streams(tls.direct, CHAT_PATH, chatBody(true, tls.model))).map((t) => t.ttfb));
  const raw: Record<string, unknown> = { direct };
  const rows: Row[] = [];
  for (const protocol of inbound) {
    const gateway = summarize((await streams(ctx.via, protocol.path, protocol.body(true, tls.model))).map((t) => t.ttfb));
    raw[protocol.name] = gateway;
    rows.push(
      { section, metric: `TTFB p50, 1 client, ${protocol.name}; direct = chat over TLS`, unit: 'ms', direct: direct.p50, gateway: gateway.p50, compare: 'diff' },
      { section, metric: `TTFB p99, 1 client, ${protocol.name}`, unit: 'ms', direct: direct.p99, gateway: gateway.p99, compare: 'diff' },
    );
  }
  for (const stream of [true, false]) {
    for (const protocol of inbound) {
      const opened = await connectionsOpened(ctx, tls, protocol.path, protocol.body(stream, tls.model), stream);
      raw[`connections ${protocol.name} ${stream ? 'stream' : 'json'}`] = opened;
      rows.push({
        section,
        metric: `upstream connections per ${CALLS.toLocaleString('en-US')} calls, ${CONCURRENCY} clients, ${protocol.name}, ${stream ? 'streaming' : 'non-streaming'}`,
        unit: 'count',
        gateway: opened.count,
        goal: { of: 'gateway', atMost: CONCURRENCY },
        note: opened.errors ? `${opened.errors} errors, first: ${(opened.firstError ?? '').slice(0, 160)}` : undefined,
      });
    }
  }
  ctx.raw.httpsUpstream = raw;
  return rows;
}

async function streams(endpoint: Endpoint, path: string, body: string): Promise<StreamTiming[]> {
  const client = new Client(endpoint, 1);
  try {
    for (let i = 0; i < WARM; i++) await client.stream(path, body);
    const timings: StreamTiming[] = [];
    for (let i = 0; i < STREAMS; i++) timings.push(await client.stream(path, body));
    return timings;
  } finally {
    await client.close();
  }
}

async function connectionsOpened(ctx: BenchContext, tls: TlsUpstream, path: string, body: string, stream: boolean) {
  const client = new Client(ctx.via, CONCURRENCY);
  try {
    const before = await tls.upstream.connectionsOpened();
    const result = await countLoop(CONCURRENCY, CALLS, () => (stream ? client.stream(path, body) : client.call(path, body)));
    return { count: (await tls.upstream.connectionsOpened()) - before, ...result };
  } finally {
    await client.close();
  }
}
