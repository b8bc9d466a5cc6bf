import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { killGatewayProcess, startGatewayProcess } from '../testing/gateway-process.js';
import { isProcessGroupAlive } from './process-tree.js';
import { processAlive, scriptAgent, taskMessage, until, waitForTask } from '../testing/task-helpers.js';

const token = 'restart-token-0123456789';
const children: ChildProcess[] = [];
afterEach(() => children.splice(0).forEach((child) => child.kill('SIGKILL')));

async function startGateway(dataDir: string, configPath: string) {
  const gateway = await startGatewayProcess({ dataDir, configPath, token });
  children.push(gateway.child);
  return gateway;
}

it('comes back after SIGKILL with the running task interrupted, its agent stopped, and queued tasks requeued', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'agentmesh-restart-'));
  const configPath = join(dataDir, 'config.yaml');
  writeFileSync(configPath, stringify({ agents: [scriptAgent('worker', 'slow-agent', { maxConcurrent: 1 }, ['{prompt}', '{model}'])] }));

  const first = await startGateway(dataDir, configPath);
  const submit = async (task: string, seconds: string) => (await first.api('POST', '/tasks', taskMessage(task, 'worker', { model: seconds }))).body.task_id as string;
  const running = await submit('long', '60');
  const queued = [await submit('next', '0.2'), await submit('last', '0.2')];
  const live = await waitForTask(first.api, running, (task) => task.status === 'running' && task.pid);
  expect((await first.api('GET', `/tasks/${queued[0]}`)).body.status).toBe('pending');

  await killGatewayProcess(first.child);
  expect(processAlive(live.pid)).toBe(true);

  const second = await startGateway(dataDir, configPath);
  const interrupted = await second.api('GET', `/tasks/${running}`);
  expect(interrupted.body).toMatchObject({ status: 'interrupted', error: { code: 'TASK_INTERRUPTED', message: 'the gateway stopped while this task was running' } });
  // The whole group: the agent's child ignores SIGTERM and goes only with the SIGKILL that follows.
  await until(() => !isProcessGroupAlive(live.pid), 8_000, 'leftover agent and its children stopped');
  const done = await Promise.all(queued.map((id) => waitForTask(second.api, id)));
  expect(done.map((task) => [task.status, task.result])).toEqual([
    ['completed', 'finished: next'],
    ['completed', 'finished: last'],
  ]);
  const all = await second.api('GET', '/tasks?limit=10');
  expect(all.body).toHaveLength(3);
});
