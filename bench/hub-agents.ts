import { readFileSync } from 'node:fs';
import WebSocket from 'ws';

/** A hub agent on a bare socket, light enough to run a thousand of in the load generator. */
export interface BenchAgent {
  id: string;
  ws: WebSocket;
  /** Replaced by scenarios; receives every frame after `connected`, unparsed. */
  onFrame: (data: Buffer) => void;
  stop(): void;
}

const HEARTBEAT = '{"type":"heartbeat"}';

/** Connects one agent; resolves after its `connected` frame. With heartbeatMs it heartbeats from a random offset, as independent agents would. */
export function connectAgent(gatewayUrl: string, token: string, id: string, heartbeatMs?: number): Promise<BenchAgent> {
  const url = `${gatewayUrl.replace('http', 'ws')}/gateway/connect?agent_id=${encodeURIComponent(id)}`;
  const ws = new WebSocket(url, { headers: { authorization: `Bearer ${token}` }, perMessageDeflate: false });
  let timer: NodeJS.Timeout | undefined;
  let offset: NodeJS.Timeout | undefined;
  const agent: BenchAgent = {
    id,
    ws,
    onFrame: () => {},
    stop() {
      clearTimeout(offset);
      clearInterval(timer);
      ws.close();
    },
  };
  return new Promise((resolve, reject) => {
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`${id}: upgrade refused with ${res.statusCode}`)));
    ws.once('message', () => {
      ws.on('message', (data) => agent.onFrame(data as Buffer));
      if (heartbeatMs) {
        offset = setTimeout(() => {
          ws.send(HEARTBEAT);
          timer = setInterval(() => ws.send(HEARTBEAT), heartbeatMs);
        }, Math.random() * heartbeatMs);
      }
      resolve(agent);
    });
  });
}

/** Connects `ids`, `parallel` at a time. */
export async function connectMany(gatewayUrl: string, token: string, ids: string[], heartbeatMs: number, parallel = 100): Promise<BenchAgent[]> {
  const agents: BenchAgent[] = [];
  for (let start = 0; start < ids.length; start += parallel) {
    agents.push(...(await Promise.all(ids.slice(start, start + parallel).map((id) => connectAgent(gatewayUrl, token, id, heartbeatMs)))));
  }
  return agents;
}

/** CPU seconds (user + system) a process has used so far. */
export function cpuSeconds(pid: number): number {
  const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ').map(Number);
  return ((fields[11] ?? 0) + (fields[12] ?? 0)) / 100;
}
