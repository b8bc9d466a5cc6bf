import { once } from 'node:events';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A real agent reachable over HTTP, the way agentmesh 1.x `http` agents are: it takes a task
 * as a POSTed AgentMessage and answers by what the task says —
 * `stream …` (SSE parts, then `stream_end`), `fail …` (an AgentMessage error), `crash` (HTTP
 * 500), `hang` (never answers; the gateway must abort), anything else a JSON `result`.
 */
export interface HttpAgent {
  url: string;
  /** Every AgentMessage received, in order. */
  received: Record<string, any>[];
  /** Requests whose client went away before the answer (a cancel or a timeout). */
  aborted: string[];
  close(): Promise<void>;
}

export async function startHttpAgent(): Promise<HttpAgent> {
  const received: Record<string, any>[] = [];
  const aborted: string[] = [];
  const server = createServer(async (req, res) => {
    if (req.method !== 'POST') return void res.writeHead(405).end();
    const message = JSON.parse(await bodyOf(req)) as Record<string, any>;
    received.push({ ...message, headers: req.headers });
    const task = String(message.payload?.task ?? '');
    res.on('close', () => {
      if (!res.writableFinished) aborted.push(task);
    });
    const reply = (body: unknown, status = 200) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    const base = { id: `reply-${message.id}`, type: 'response', source: 'http-echo', target: message.source, correlation_id: message.correlation_id, timestamp: Date.now() };
    if (task === 'hang') return;
    if (task === 'crash') return reply({ oops: 'internal' }, 500);
    if (task.startsWith('fail')) return reply({ ...base, error: { code: 'EXECUTION_ERROR', message: `cannot ${task.slice(5)}` } });
    if (task.startsWith('stream')) {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      for (const part of ['one ', 'two ', 'three']) res.write(`data: ${JSON.stringify({ ...base, type: 'stream', result: part })}\n\n`);
      res.write(`data: ${JSON.stringify({ type: 'file_change', path: 'out.txt', change: 'add' })}\n\n`);
      return res.end(`data: ${JSON.stringify({ ...base, type: 'stream_end', result: 'one two three' })}\n\n`);
    }
    const history = (message.payload?.context?.history ?? []) as string[];
    reply({ ...base, result: `echo: ${task}${history.length ? ` (after ${history.length} messages)` : ''}` });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/agent`,
    received,
    aborted,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function bodyOf(req: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of req) text += chunk;
  return text;
}
