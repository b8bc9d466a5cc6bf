import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHubGateway, type HubGateway } from '../testing/hub-gateway.js';
import { agentScript, processAlive, taskMessage, until, waitForTask } from '../testing/task-helpers.js';

// `agentmesh agent run` as a user starts it: the real CLI, a real gateway, real programs.
const bin = fileURLToPath(new URL('../../../bin/agentmesh.mjs', import.meta.url));
let g: HubGateway;
let scratch: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  g = await startHubGateway({ hub: { heartbeatInterval: 0.5, heartbeatTimeout: 5 } });
  scratch = mkdtempSync(join(tmpdir(), 'agentmesh-agent-run-'));
});
afterAll(async () => {
  for (const child of children) child.kill('SIGTERM');
  await Promise.all(children.map((child) => new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('close', resolve)))));
  await g.close();
  rmSync(scratch, { recursive: true, force: true });
});

function cli(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [bin, ...args], { env: { ...process.env, AGENTMESH_TOKEN: g.token, ...env } });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  return { child, exited, output: () => ({ stdout, stderr }) };
}
const online = (id: string) => until(async () => (await g.api('GET', `/gateway/agents/${id}`)).body.status === 'online', 20_000, `${id} online`);
const submit = async (target: string, task: string, options: Record<string, unknown> = {}) => (await g.api('POST', '/tasks', taskMessage(task, target, options))).body.task_id as string;
const gatewayWs = () => g.url.replace('http', 'ws');

describe('agentmesh agent run', () => {
  it('turns a command into a remote agent: the prompt as {prompt}, output as progress, the result back', async () => {
    cli(['agent', 'run', '--id', 'cli-echo', '--capabilities', 'docs,echo', '--gateway', gatewayWs(), '--', process.execPath, agentScript('echo-agent'), '{prompt}']);
    await online('cli-echo');
    expect((await g.api('GET', '/gateway/agents/cli-echo')).body.capabilities).toEqual(['docs', 'echo']);
    const id = await submit('gateway', 'tidy the docs', { capabilities: ['echo'] });
    const task = await waitForTask(g.api, id);
    expect(task).toMatchObject({ status: 'completed', result: 'done: tidy the docs', assigned_agents: ['cli-echo'] });
    const events = (await g.api('GET', `/tasks/${id}/events`)).body.events.map((event: any) => event.body);
    expect(events).toContainEqual(expect.objectContaining({ kind: 'progress', text: expect.stringContaining('working on: tidy the docs') }));
  });

  it('writes the prompt to stdin when the arguments have no {prompt}, without the gateway token in the environment', async () => {
    const script = "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>console.log(JSON.stringify({type:'result',text:'stdin='+s.trim()+' token='+(process.env.AGENTMESH_TOKEN??'none')})))";
    cli(['agent', 'run', '--id', 'cli-stdin', '--gateway', gatewayWs(), '--', process.execPath, '-e', script]);
    await online('cli-stdin');
    const id = await submit('cli-stdin', 'from stdin');
    expect(await waitForTask(g.api, id)).toMatchObject({ status: 'completed', result: 'stdin=from stdin token=none' });
  });

  it('kills the command\'s whole process tree when the task is cancelled, and fails a task whose command fails', async () => {
    const pidFile = join(scratch, 'grandchild.pid');
    cli(['agent', 'run', '--id', 'cli-slow', '--gateway', gatewayWs(), '--', process.execPath, agentScript('slow-agent'), '{prompt}', '60', pidFile]);
    await online('cli-slow');
    const id = await submit('cli-slow', 'a long one');
    await until(async () => (await g.api('GET', `/tasks/${id}/events`)).body.events.some((event: any) => /started: a long one/.test(event.body.text ?? '')), 20_000, 'slow agent started');
    const grandchild = Number(readFileSync(pidFile, 'utf8'));
    expect(processAlive(grandchild)).toBe(true);
    await g.api('POST', `/tasks/${id}/cancel`);
    expect((await waitForTask(g.api, id)).status).toBe('cancelled');
    await until(() => !processAlive(grandchild), 10_000, 'grandchild killed');

    cli(['agent', 'run', '--id', 'cli-crash', '--gateway', gatewayWs(), '--', process.execPath, agentScript('crash-agent')]);
    await online('cli-crash');
    const crashed = await submit('cli-crash', 'anything');
    expect(await waitForTask(g.api, crashed)).toMatchObject({ status: 'failed', error: { message: expect.stringMatching(/exited with code 3: fatal: could not open the project/) } });
  });

  it('connects with a per-agent token from `agentmesh agent token create`, and reconnects by itself after a gateway restart', async () => {
    const created = cli(['agent', 'token', 'create', 'cli-field', '--url', g.url]);
    expect(await created.exited).toBe(0);
    const token = created.output().stdout.trim();
    expect(token).toMatch(/^amh_/);
    const run = cli(['agent', 'run', '--id', 'cli-field', '--gateway', gatewayWs(), '--token', token, '--', process.execPath, agentScript('echo-agent'), '{prompt}'], { AGENTMESH_TOKEN: '' });
    await online('cli-field');
    await g.restart();
    await online('cli-field');
    const id = await submit('cli-field', 'after the restart');
    expect(await waitForTask(g.api, id)).toMatchObject({ status: 'completed', result: 'done: after the restart' });
    expect(run.output().stderr).toMatch(/reconnecting/);
    expect(run.output().stderr).not.toContain(token);
  });

  it('exits 1 when the gateway refuses it', async () => {
    const refused = cli(['agent', 'run', '--id', 'cli-refused', '--gateway', gatewayWs(), '--token', 'wrong-token-1234', '--', process.execPath, agentScript('echo-agent')]);
    expect(await refused.exited).toBe(1);
    expect(refused.output().stderr).toMatch(/refused the connection \(401\)/);
  });
});
