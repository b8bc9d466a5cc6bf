import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHubGateway, type HubGateway } from '../../electron/gateway/testing/hub-gateway.js';
import { taskMessage, until, waitForTask } from '../../electron/gateway/testing/task-helpers.js';

// The Python client (clients/python/agentmesh_client.py) against a real gateway, run by
// Debian's python3 with python3-websockets, as CI installs them.
const python = process.env.AGENTMESH_PYTHON ?? '/usr/bin/python3';
const scenarios = fileURLToPath(new URL('./tests/scenarios.py', import.meta.url));
const probe = spawnSync(python, ['-c', 'import websockets'], { encoding: 'utf8' });
if (probe.status !== 0) throw new Error(`${python} cannot import websockets (${probe.stderr.trim() || probe.error}): apt-get install -y python3-websockets`);

let g: HubGateway;
const children: ChildProcess[] = [];

beforeAll(async () => {
  g = await startHubGateway({ hub: { heartbeatInterval: 0.5, heartbeatTimeout: 3 } });
});
afterAll(async () => {
  for (const child of children) child.kill();
  await g.close();
});

/** Starts a scenario; `next` resolves with its next JSON line that matches. */
function scenario(name: string, env: Record<string, string> = {}) {
  const child = spawn(python, [scenarios, name], { env: { ...process.env, GATEWAY: g.url.replace('http', 'ws'), TOKEN: g.token, ...env } });
  children.push(child);
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const lines: any[] = [];
  const waiting: { test: (line: any) => boolean; resolve: (line: any) => void }[] = [];
  createInterface({ input: child.stdout }).on('line', (text) => {
    const line = JSON.parse(text);
    const index = waiting.findIndex((waiter) => waiter.test(line));
    if (index >= 0) waiting.splice(index, 1)[0]!.resolve(line);
    else lines.push(line);
  });
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  return {
    child,
    exited,
    next(event: string, timeoutMs = 15_000): Promise<any> {
      const test = (line: any) => line.event === event;
      const index = lines.findIndex(test);
      if (index >= 0) return Promise.resolve(lines.splice(index, 1)[0]);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no '${event}' from ${name} in ${timeoutMs} ms; stderr: ${stderr}`)), timeoutMs);
        waiting.push({ test, resolve: (line) => (clearTimeout(timer), resolve(line)) });
      });
    },
  };
}

describe('the Python client', () => {
  it('connects with the spec\'s options, sends, and gets a handler\'s return value back as the result', async () => {
    const run = scenario('messages', { LINGER: '4' });
    const connected = await run.next('connected');
    expect(connected.frame).toMatchObject({ type: 'connected', agent_id: 'py-alice', heartbeat_interval: 0.5, heartbeat_timeout: 3 });
    expect((await run.next('result')).frame).toMatchObject({ type: 'result', success: true, result: 'HELLO FROM PYTHON', from_agent_id: 'py-bob' });
    expect(await run.next('error')).toMatchObject({ code: 'AGENT_NOT_FOUND', message_id: expect.stringMatching(/^msg-/) });
    const seen = (await g.api('GET', '/gateway/agents/py-alice')).body;
    expect(seen).toMatchObject({ agent_name: 'Py Alice', capabilities: ['search', 'analyze'], status: 'online', agent_type: 'analyst', description: 'a Python agent', version: '0.3.0' });
    // Lingering past heartbeat_timeout: its heartbeats keep the first session alive.
    await until(async () => {
      const { body } = await g.api('GET', '/gateway/agents/py-alice');
      return Date.parse(body.last_heartbeat) - Date.parse(body.connected_at) > 3_300;
    }, 10_000, 'python heartbeats beyond the timeout');
    expect((await g.api('GET', '/gateway/agents/py-alice')).body).toMatchObject({ status: 'online', session_id: connected.frame.session_id });
    await run.next('done');
    expect(await run.exited).toBe(0);
  });

  it('takes tasks: progress, a returned value as the result, an exception as failure, cancel as cancellation', async () => {
    const run = scenario('worker');
    await run.next('ready');
    const submit = async (task: string) => (await g.api('POST', '/tasks', taskMessage(task, 'gateway', { capabilities: ['python'] }))).body.task_id as string;
    const ok = await submit('stressed');
    expect(await waitForTask(g.api, ok)).toMatchObject({ status: 'completed', result: '{"answer":"desserts"}', progress: 30, assigned_agents: ['py-worker'] });
    const bad = await submit('please fail');
    expect(await waitForTask(g.api, bad)).toMatchObject({ status: 'failed', error: { message: 'python says no' } });
    const endless = await submit('run forever');
    await waitForTask(g.api, endless, (task) => task.status === 'running');
    await g.api('POST', `/tasks/${endless}/cancel`);
    expect(await run.next('cancelled')).toEqual({ event: 'cancelled', task_id: endless });
    expect((await waitForTask(g.api, endless)).status).toBe('cancelled');
    run.child.kill();
  });

  it('reconnects by itself when the gateway restarts', async () => {
    const run = scenario('reconnect');
    const first = await run.next('ready');
    await g.restart();
    await run.next('state');
    await until(async () => {
      const { body } = await g.api('GET', '/gateway/agents/py-phoenix');
      return body.status === 'online' && body.session_id !== first.session;
    }, 15_000, 'the python agent back after a restart');
    const sent = await g.api('POST', '/gateway/send', { from_agent_id: 'tester', to_agent_id: 'py-phoenix', content: 'alive?', wait_for_result: true, timeout_ms: 5_000 });
    expect(sent.body.result).toMatchObject({ success: true, result: 'risen' });
    run.child.kill();
  });

  it('fails connect() at once when the token is refused', async () => {
    const run = scenario('refused');
    expect(await run.next('refused')).toEqual({ event: 'refused', code: 'UNAUTHORIZED', status: 401, state: 'closed' });
    expect(await run.exited).toBe(0);
  });
});
