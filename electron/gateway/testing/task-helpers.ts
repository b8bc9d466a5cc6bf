import { fileURLToPath } from 'node:url';
import type { Harness } from './gateway-harness.js';

export type AgentScriptName =
  | 'echo-agent' | 'slow-agent' | 'crash-agent' | 'model-call-agent' | 'chatty-agent' | 'fake-claude' | 'env-agent' | 'argv-agent' | 'progress-agent'
  | 'self-pricing-agent' | 'writer-agent' | 'session-agent' | 'orchestrator-agent';

export const agentScript = (name: AgentScriptName) => fileURLToPath(new URL(`./agents/${name}.mjs`, import.meta.url));

/** A `command` agent running one of the test scripts with node. */
export const scriptAgent = (id: string, script: AgentScriptName, extra: Record<string, unknown> = {}, args: string[] = ['{prompt}']) => ({
  id,
  adapter: 'command',
  path: process.execPath,
  args: [agentScript(script), ...args],
  ...extra,
});

export interface Api {
  <T = any>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
}

export function apiOf(h: Pick<Harness, 'url' | 'token'>): Api {
  return async (method, path, body) => {
    const response = await fetch(h.url + path, {
      method,
      headers: { authorization: `Bearer ${h.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };
}

export const taskMessage = (task: string, target = 'gateway', options: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => ({
  type: 'task',
  source: 'test',
  target,
  payload: { task, options, ...extra },
});

const terminal = ['completed', 'failed', 'cancelled', 'timeout', 'interrupted'];

/** Polls a task until `done` holds (by default: it ended), within a deadline. */
export async function waitForTask(api: Api, id: string, done: (task: any) => boolean = (task) => terminal.includes(task.status), timeoutMs = 20_000): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { body } = await api('GET', `/tasks/${id}`);
    if (done(body)) return body;
    if (Date.now() > deadline) throw new Error(`task ${id} still ${body.status} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 30));
  }
}

export async function until(check: () => boolean | Promise<boolean>, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what} not met in ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
