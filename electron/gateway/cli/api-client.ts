import type { TaskEvent } from '../../../shared/schemas/task.js';
import { parseSse } from '../models/sse.js';
import { gatewayAddress, type AddressFlags } from './gateway-address.js';

export const apiClient = (flags: AddressFlags) => {
  const { url, token } = gatewayAddress(flags);
  return new ApiClient(url, token);
};

/** No gateway answered at the address: a command that can work without one falls back on that. */
export class GatewayUnreachable extends Error {
  constructor(url: string, cause: unknown) {
    super(`cannot reach the gateway at ${url} (${String(cause)}); is it running?`);
    this.name = 'GatewayUnreachable';
  }
}

/** A small client for a running gateway's agentmesh API, used by the CLI commands. */
export class ApiClient {
  constructor(
    readonly url: string,
    private readonly token: string,
  ) {}

  async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await fetch(this.url + path, {
        method,
        headers: { authorization: `Bearer ${this.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      throw new GatewayUnreachable(this.url, (error as Error).cause ?? (error as Error).message);
    }
    const text = await response.text();
    const parsed = text ? (JSON.parse(text) as T & { error?: { code: string; message: string } }) : ({} as T & { error?: { code: string; message: string } });
    if (!response.ok) throw new Error(parsed.error ? `${parsed.error.code}: ${parsed.error.message}` : `HTTP ${response.status}`);
    return parsed;
  }

  /** Streams a task's events (stored ones first) until the task ends; resolves with its final status. */
  async follow(taskId: string, onEvent: (event: TaskEvent) => void): Promise<string> {
    const controller = new AbortController();
    const response = await fetch(`${this.url}/events?taskId=${encodeURIComponent(taskId)}`, {
      headers: { authorization: `Bearer ${this.token}`, accept: 'text/event-stream' },
      signal: controller.signal,
    });
    if (!response.ok || !response.body) throw new Error(`cannot follow ${taskId}: HTTP ${response.status}`);
    try {
      for await (const frame of parseSse(response.body)) {
        // agentmesh 1.x events: unnamed, `{type, …}` in the data.
        const data = JSON.parse(frame.data) as { type?: string } & TaskEvent;
        if (data.type !== 'task.event') continue;
        const event = data;
        onEvent(event);
        if (event.body.kind === 'status' && ['completed', 'failed', 'cancelled', 'timeout', 'interrupted'].includes(event.body.status)) {
          return event.body.status;
        }
      }
    } finally {
      controller.abort();
    }
    throw new Error('the gateway closed the event stream before the task ended');
  }
}
