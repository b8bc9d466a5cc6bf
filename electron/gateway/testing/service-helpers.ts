import { fileURLToPath } from 'node:url';
import { WebSocket } from 'ws';
import type { Harness } from './gateway-harness.js';

export const echoServicePath = fileURLToPath(new URL('./services/echo-service.mjs', import.meta.url));
export const pythonServicePath = fileURLToPath(new URL('./services/echo_service.py', import.meta.url));

/** Fast supervision for tests; Debian's python3 has python3-websockets. */
export const serviceTestConfig = (extra: Record<string, unknown> = {}) => ({
  detectAgents: false,
  services: { python: '/usr/bin/python3', backoffInitialMs: 100, backoffMaxMs: 400, stopGraceMs: 1_000, sampleIntervalS: 0, ...extra },
});

export interface ApiAnswer<T = Record<string, any>> {
  status: number;
  body: T;
}

/** One call to the specs/004 API at /api/v1. */
export async function serviceApi<T = Record<string, any>>(h: Pick<Harness, 'url' | 'token'>, method: string, path: string, body?: unknown): Promise<ApiAnswer<T>> {
  const response = await fetch(`${h.url}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${h.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as T };
}

/** Registers the Node echo service and starts it; returns its id. */
export async function startEcho(h: Pick<Harness, 'url' | 'token'>, name: string, options: { tags?: string[]; env?: Record<string, string>; config?: Record<string, unknown> } = {}): Promise<string> {
  const registered = await serviceApi(h, 'POST', '/services', {
    name, agent_factory_path: echoServicePath, tags: options.tags ?? ['echo'], env: options.env ?? {}, config: { health_check_interval: 60, ...options.config },
  });
  if (registered.status !== 201) throw new Error(`register ${name}: ${JSON.stringify(registered.body)}`);
  const id = registered.body.service_id as string;
  const started = await serviceApi(h, 'POST', `/services/${id}/start`);
  if (started.status !== 200) throw new Error(`start ${name}: ${JSON.stringify(started.body)}`);
  return id;
}

/** A WebSocket client of the proxy that queues what it receives. */
export class ServiceClient {
  readonly messages: any[] = [];
  private waiters: { test: (message: any) => boolean; resolve: (message: any) => void }[] = [];
  closed: Promise<{ code: number; reason: string }>;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const message = JSON.parse(String(data));
      const waiter = this.waiters.find((candidate) => candidate.test(message));
      if (waiter) {
        this.waiters = this.waiters.filter((candidate) => candidate !== waiter);
        waiter.resolve(message);
      } else this.messages.push(message);
    });
    this.closed = new Promise((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: String(reason) })));
  }

  static async open(h: Pick<Harness, 'url' | 'token'>, query: string, headers: Record<string, string> = {}): Promise<ServiceClient> {
    const ws = new WebSocket(`${h.url.replace('http', 'ws')}/ws?${query}`, { headers: { authorization: `Bearer ${h.token}`, ...headers } });
    const client = new ServiceClient(ws);
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    return client;
  }

  /** The first message (already received or to come) that passes `test`. */
  next(test: (message: any) => boolean = () => true, timeoutMs = 5_000): Promise<any> {
    const index = this.messages.findIndex(test);
    if (index >= 0) return Promise.resolve(this.messages.splice(index, 1)[0]);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching message within ${timeoutMs} ms; got ${JSON.stringify(this.messages)}`)), timeoutMs);
      this.waiters.push({ test, resolve: (message) => (clearTimeout(timer), resolve(message)) });
    });
  }

  event(name: string, timeoutMs?: number): Promise<any> {
    return this.next((message) => message.event === name, timeoutMs);
  }

  send(message: unknown): void {
    this.ws.send(JSON.stringify(message));
  }

  close(): void {
    this.ws.close();
  }
}
