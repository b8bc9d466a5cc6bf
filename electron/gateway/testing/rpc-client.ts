import WebSocket from 'ws';

/** A JSON-RPC error answer, thrown by `call` so tests can match its code and data. */
export class RpcCallError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data: any,
  ) {
    super(`${code} ${message}`);
  }
}

export interface RpcClient {
  /** One call over POST /rpc: the result, or a thrown RpcCallError. */
  call<T = any>(method: string, params?: unknown): Promise<T>;
  /** POSTs any body (text as is, else JSON): the HTTP status and parsed answer (undefined when empty). */
  post(body: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any }>;
}

let nextId = 1;

export function rpcClient(url: string, token: string): RpcClient {
  const post = async (body: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${url}/rpc`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };
  return {
    post,
    async call(method, params) {
      const { body } = await post({ jsonrpc: '2.0', id: nextId++, method, ...(params === undefined ? {} : { params }) });
      if (body.error) throw new RpcCallError(body.error.code, body.error.message, body.error.data);
      return body.result;
    },
  };
}

/** The error code a call fails with (or 'ok'). */
export async function codeOf(promise: Promise<unknown>): Promise<number | 'ok'> {
  try {
    await promise;
    return 'ok';
  } catch (error) {
    if (error instanceof RpcCallError) return error.code;
    throw error;
  }
}

export interface RpcSocket {
  ws: WebSocket;
  call<T = any>(method: string, params?: unknown): Promise<T>;
  send(payload: unknown): void;
  /** The next message that is not an answer to `call` (notifications, batch answers), waiting for it. */
  next(test?: (message: any) => boolean, timeoutMs?: number): Promise<any>;
  close(): Promise<void>;
}

/** WS /rpc with the token in the Authorization header. */
export async function rpcSocket(url: string, token: string): Promise<RpcSocket> {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/rpc`, { headers: { authorization: `Bearer ${token}` } });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
    ws.once('error', reject);
  });
  const pending = new Map<number, { resolve(value: any): void; reject(error: Error): void }>();
  const inbox: any[] = [];
  const waiters: { test: (message: any) => boolean; resolve(message: any): void }[] = [];
  ws.on('message', (raw) => {
    const message = JSON.parse(String(raw));
    const answer = !Array.isArray(message) && message.id !== undefined ? pending.get(message.id) : undefined;
    if (answer) {
      pending.delete(message.id);
      if (message.error) answer.reject(new RpcCallError(message.error.code, message.error.message, message.error.data));
      else answer.resolve(message.result);
      return;
    }
    const at = waiters.findIndex((waiter) => waiter.test(message));
    if (at >= 0) waiters.splice(at, 1)[0]!.resolve(message);
    else inbox.push(message);
  });
  return {
    ws,
    call(method, params) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        ws.send(JSON.stringify({ jsonrpc: '2.0', id, method, ...(params === undefined ? {} : { params }) }));
      });
    },
    send: (payload) => ws.send(typeof payload === 'string' ? payload : JSON.stringify(payload)),
    next(test = () => true, timeoutMs = 10_000) {
      const at = inbox.findIndex(test);
      if (at >= 0) return Promise.resolve(inbox.splice(at, 1)[0]);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no matching message in ${timeoutMs} ms`)), timeoutMs);
        waiters.push({ test, resolve: (message) => (clearTimeout(timer), resolve(message)) });
      });
    },
    close: () => new Promise((resolve) => {
      ws.once('close', () => resolve());
      ws.close();
    }),
  };
}
