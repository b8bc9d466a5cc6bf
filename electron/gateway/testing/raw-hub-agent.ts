import WebSocket from 'ws';

/** A hub agent on a bare `ws` socket: what tests use to send exactly the frames they mean, good or bad. */
export interface RawHubAgent {
  ws: WebSocket;
  connected: any;
  frames: any[];
  /** The next frame (of a type, or matching a test) not yet taken; waits for it. */
  next(match?: string | ((frame: any) => boolean), timeoutMs?: number): Promise<any>;
  send(frame: unknown): void;
  /** Resolves with the close code and reason once the socket is closed. */
  closed: Promise<{ code: number; reason: string }>;
  stopHeartbeats(): void;
  close(): void;
}

export interface RawConnect {
  agent_id: string;
  agent_name?: string;
  capabilities?: string;
  max_concurrent?: number;
  token?: string;
  /** Send the token as ?token= instead of the Authorization header. */
  tokenInQuery?: boolean;
  headers?: Record<string, string>;
  /** Send heartbeats at the interval the gateway announces (default true). */
  heartbeats?: boolean;
}

export class UpgradeRefused extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
  ) {
    super(`upgrade refused: ${status} ${body}`);
  }
}

export function hubUrl(gatewayUrl: string, params: RawConnect): string {
  const url = new URL('/gateway/connect', gatewayUrl.replace(/^http/, 'ws'));
  url.searchParams.set('agent_id', params.agent_id);
  if (params.agent_name) url.searchParams.set('agent_name', params.agent_name);
  if (params.capabilities !== undefined) url.searchParams.set('capabilities', params.capabilities);
  if (params.max_concurrent) url.searchParams.set('max_concurrent', String(params.max_concurrent));
  if (params.token && params.tokenInQuery) url.searchParams.set('token', params.token);
  return url.toString();
}

/** Connects and resolves once the `connected` frame came; rejects with UpgradeRefused when the gateway says no. */
export function connectRawAgent(gatewayUrl: string, params: RawConnect): Promise<RawHubAgent> {
  const headers = { ...(params.token && !params.tokenInQuery ? { authorization: `Bearer ${params.token}` } : {}), ...params.headers };
  const ws = new WebSocket(hubUrl(gatewayUrl, params), { headers });
  const frames: any[] = [];
  const waiting: { match: (frame: any) => boolean; resolve: (frame: any) => void }[] = [];
  let heartbeat: NodeJS.Timeout | undefined;
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    ws.on('close', (code, reason) => {
      clearInterval(heartbeat);
      resolve({ code, reason: reason.toString() });
    });
  });
  ws.on('message', (data) => {
    const frame = JSON.parse(String(data));
    const index = waiting.findIndex((waiter) => waiter.match(frame));
    if (index >= 0) waiting.splice(index, 1)[0]!.resolve(frame);
    else frames.push(frame);
  });
  const matcher = (match?: string | ((frame: any) => boolean)) => (typeof match === 'function' ? match : (frame: any) => match === undefined || frame.type === match);
  const agent: Omit<RawHubAgent, 'connected'> = {
    ws,
    frames,
    next(match, timeoutMs = 5_000) {
      const test = matcher(match);
      const index = frames.findIndex(test);
      if (index >= 0) return Promise.resolve(frames.splice(index, 1)[0]);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${typeof match === 'string' ? match : 'matching'} frame within ${timeoutMs} ms; got ${JSON.stringify(frames)}`)), timeoutMs);
        waiting.push({ match: test, resolve: (frame) => (clearTimeout(timer), resolve(frame)) });
      });
    },
    send: (frame) => ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame)),
    closed,
    stopHeartbeats: () => clearInterval(heartbeat),
    close: () => ws.close(),
  };
  return new Promise((resolve, reject) => {
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => reject(new UpgradeRefused(res.statusCode ?? 0, body)));
    });
    ws.once('error', reject);
    agent.next('connected').then((connected) => {
      if (params.heartbeats !== false) {
        heartbeat = setInterval(() => agent.send({ type: 'heartbeat', timestamp: new Date().toISOString() }), connected.heartbeat_interval * 1_000);
        heartbeat.unref();
        // Acks are noise to most tests; a test that wants one asks for it before they pile up.
        ws.on('message', () => {
          for (let index = frames.length - 1; index >= 0; index--) if (frames[index].type === 'heartbeat_ack') frames.splice(index, 1);
        });
      }
      resolve({ ...agent, connected });
    }, reject);
  });
}
