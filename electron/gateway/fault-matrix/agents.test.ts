import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { createLogger } from '../log/logger.js';
import { createGateway, type Gateway } from '../server.js';
import { openDatabase } from '../store/database.js';
import { isProcessGroupAlive } from '../tasks/process-tree.js';
import { killGatewayProcess, startGatewayProcess } from '../testing/gateway-process.js';
import { startHarness, TEST_TOKEN, type Harness } from '../testing/gateway-harness.js';
import { apiOf, processAlive, scriptAgent, taskMessage, until, waitForTask, type Api } from '../testing/task-helpers.js';

// Faults around starting and recovering agents, and what the gateway does about each.

/** What the gateway itself was started with: its own token, provider keys, unrelated variables. */
const gatewayEnv = {
  AGENTMESH_TOKEN: TEST_TOKEN,
  OPENAI_API_KEY: 'sk-openai-from-the-gateway-env',
  ANTHROPIC_API_KEY: 'sk-ant-from-the-gateway-env',
  DEEPSEEK_API_KEY: 'sk-deepseek-from-the-gateway-env',
  AGENTMESH_TEST_INHERITED: 'passed-on-request',
  AGENTMESH_TEST_UNLISTED: 'kept-from-agents',
};
const agentHome = realpathSync(mkdtempSync(join(tmpdir(), 'agentmesh-agent-cwd-')));
const uiDir = mkdtempSync(join(tmpdir(), 'agentmesh-ui-'));

let h: Harness;
let api: Api;

beforeAll(async () => {
  Object.assign(process.env, gatewayEnv);
  writeFileSync(join(uiDir, 'index.html'), '<!doctype html><title>AgentMesh</title>');
  h = await startHarness({
    uiDir,
    config: () => ({
      agents: [
        scriptAgent('printenv', 'env-agent', { inheritEnv: ['AGENTMESH_TEST_INHERITED'], env: { ANTHROPIC_API_KEY: 'sk-ant-chosen-for-this-agent' } }, []),
        scriptAgent('printenv-routed', 'env-agent', { routeModelsThroughGateway: true }, []),
        scriptAgent('dash-unsafe', 'argv-agent', {}, ['{prompt}']),
        scriptAgent('dash-safe', 'argv-agent', {}, ['--', '{prompt}']),
        scriptAgent('in-dir', 'echo-agent', { cwd: agentHome }),
      ],
    }),
  });
  api = apiOf(h);
});
afterAll(async () => {
  await h.close();
  for (const name of Object.keys(gatewayEnv)) delete process.env[name];
});

async function run(prompt: string, target: string, options: Record<string, unknown> = {}) {
  const { status, body } = await api('POST', '/tasks', taskMessage(prompt, target, options));
  expect(status, JSON.stringify(body)).toBe(202);
  return waitForTask(api, body.task_id);
}

const logOf = async (taskId: string) => JSON.stringify((await api('GET', `/tasks/${taskId}/events`)).body.events);

describe('agent environment', () => {
  it("gateway's own token and provider keys in its environment -> the agent and its task log never see them", async () => {
    const task = await run('print your environment', 'printenv');
    expect(task.status, task.error?.message).toBe('completed');
    const log = await logOf(task.id);
    expect(log).toContain('PATH=');
    expect(log).toContain(`HOME=${process.env.HOME}`);
    expect(log).not.toContain(TEST_TOKEN);
    expect(log).not.toContain('AGENTMESH_TOKEN=');
    for (const secret of ['sk-openai-from-the-gateway-env', 'sk-ant-from-the-gateway-env', 'sk-deepseek-from-the-gateway-env']) expect(log).not.toContain(secret);
    expect(log).not.toContain('AGENTMESH_TEST_UNLISTED');
  });

  it("a variable named in the agent's inheritEnv, or set in its env -> passed to the agent", async () => {
    const task = await run('print your environment', 'printenv');
    const log = await logOf(task.id);
    expect(log).toContain('AGENTMESH_TEST_INHERITED=passed-on-request');
    // The key set in the agent's env reaches it; being a configured secret, the task log masks it.
    expect(log).toContain('ANTHROPIC_API_KEY=***');
    expect(log).not.toContain('sk-ant-chosen-for-this-agent');
  });

  it('an agent routed through the gateway -> gets a token for its task only, never the gateway token', async () => {
    const task = await run('print your environment', 'printenv-routed');
    const log = await logOf(task.id);
    expect(log).toContain(`AGENTMESH_TOKEN=amt_${task.id}.`);
    expect(log).not.toContain(TEST_TOKEN);
  });
});

describe('command agent arguments', () => {
  it('a prompt starting with "-" where the template has no "--" before {prompt} -> the task fails saying so, the program never runs', async () => {
    const task = await run('-rf everything', 'dash-unsafe');
    expect(task.status).toBe('failed');
    expect(task.error.message).toMatch(/starts with "-".*"--"/);
    expect(task.pid).toBeNull();
  });

  it('a prompt starting with "-" after "--" in the template -> the program gets it as its operand', async () => {
    const task = await run('-rf everything', 'dash-safe');
    expect(task.status, task.error?.message).toBe('completed');
    expect(task.result).toBe('prompt: -rf everything');
  });
});

describe('task working directory', () => {
  const refused = async (cwd: string, target = 'in-dir') => {
    const { status, body } = await api('POST', '/tasks', taskMessage('look around', target, { cwd }));
    return { status, error: body.error };
  };
  const roots = [realpathSync(homedir()), realpathSync(tmpdir())];

  it('options.cwd outside tasks.allowedRoots (/etc) -> 400 CWD_NOT_ALLOWED naming the roots', async () => {
    const { status, error } = await refused('/etc');
    expect(status).toBe(400);
    expect(error).toMatchObject({ code: 'INVALID_REQUEST', detail_code: 'CWD_NOT_ALLOWED' });
    for (const root of roots) expect(error.message).toContain(root);
  });

  it("a relative options.cwd climbing out of the agent's cwd (../../..) -> 400 CWD_NOT_ALLOWED", async () => {
    expect(await refused('../../..')).toMatchObject({ status: 400, error: { detail_code: 'CWD_NOT_ALLOWED' } });
  });

  it('a symlink inside an allowed root pointing outside it -> 400 CWD_NOT_ALLOWED', async () => {
    const link = join(agentHome, 'link-to-etc');
    symlinkSync('/etc', link);
    expect(await refused(link)).toMatchObject({ status: 400, error: { detail_code: 'CWD_NOT_ALLOWED' } });
  });

  it('a fan-out whose cwd is outside the roots -> 400 before any child task exists', async () => {
    const before = (await api('GET', '/tasks?limit=1')).body.total;
    const { status, body } = await api('POST', '/tasks', taskMessage('look around', 'gateway', { cwd: '/etc', agents: ['in-dir', 'printenv'] }));
    expect(status).toBe(400);
    expect(body.error.detail_code).toBe('CWD_NOT_ALLOWED');
    expect((await api('GET', '/tasks?limit=1')).body.total).toBe(before);
  });

  it('options.cwd that does not exist -> 400 CWD_NOT_FOUND', async () => {
    expect(await refused(join(agentHome, 'no-such-dir'))).toMatchObject({ status: 400, error: { detail_code: 'CWD_NOT_FOUND' } });
  });

  it("a relative options.cwd -> resolved against the agent's cwd, and the task runs there", async () => {
    mkdirSync(join(agentHome, 'sub'));
    const task = await run('look around', 'in-dir', { cwd: 'sub' });
    expect(task.status, task.error?.message).toBe('completed');
    expect(task.cwd).toBe(join(agentHome, 'sub'));
  });

  it('an absolute options.cwd inside an allowed root -> the task runs there', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'agentmesh-task-cwd-'));
    const task = await run('look around', 'in-dir', { cwd: dir });
    expect(task.status, task.error?.message).toBe('completed');
    expect(task.cwd).toBe(realpathSync(dir));
  });
});

describe('dashboard', () => {
  it('a /ui path with no file -> 404 naming the request path, never the install path', async () => {
    const response = await fetch(`${h.url}/ui/no-such-page.js`);
    const text = await response.text();
    expect(response.status).toBe(404);
    expect(text).toContain('/ui/no-such-page.js');
    expect(text).not.toContain(uiDir);
    expect(text).not.toContain(realpathSync(uiDir));
  });
});

// POSIX process groups: a Windows gateway leaves leftovers alone (no start times), which the events then say.
describe.skipIf(process.platform === 'win32')('recovery after the gateway was killed', () => {
  const token = 'fault-matrix-token-0123456789';
  const dataDir = mkdtempSync(join(tmpdir(), 'agentmesh-recovery-'));
  const configPath = join(dataDir, 'config.yaml');
  const strangers: ChildProcess[] = [];
  let second: Gateway;
  let secondApi: Api;
  let reused: { taskId: string; stranger: ChildProcess };
  let unrecorded: { taskId: string; stranger: ChildProcess };
  let leftover: { taskId: string; pid: number };

  /** An unrelated long-lived process leading its own process group, as an agent would. */
  const stranger = () => {
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { detached: true, stdio: 'ignore' });
    strangers.push(child);
    return child;
  };
  const killGroup = (pid: number) => {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  };

  beforeAll(async () => {
    writeFileSync(configPath, stringify({ agents: [scriptAgent('worker', 'slow-agent', { maxConcurrent: 3 }, ['{prompt}', '60'])] }));
    const first = await startGatewayProcess({ dataDir, configPath, token });
    const ids: string[] = [];
    for (const name of ['reused', 'unrecorded', 'leftover']) ids.push((await first.api('POST', '/tasks', taskMessage(name, 'worker'))).body.task_id);
    const pids: number[] = [];
    for (const id of ids) pids.push((await waitForTask(first.api, id, (task) => task.status === 'running' && task.pid)).pid);
    await killGatewayProcess(first.child);

    // Two agents end while no gateway watches, and other processes get their pids; the
    // first keeps the start time recorded for the agent, the second has none recorded.
    killGroup(pids[0]!);
    killGroup(pids[1]!);
    reused = { taskId: ids[0]!, stranger: stranger() };
    unrecorded = { taskId: ids[1]!, stranger: stranger() };
    leftover = { taskId: ids[2]!, pid: pids[2]! };
    const db = openDatabase(dataDir);
    db.prepare('UPDATE tasks SET pid = ? WHERE id = ?').run(reused.stranger.pid, reused.taskId);
    db.prepare('UPDATE tasks SET pid = ?, pid_start = NULL WHERE id = ?').run(unrecorded.stranger.pid, unrecorded.taskId);
    db.close();

    second = createGateway({ configPath, dataDir, port: 0, token, logger: createLogger({ level: 'error' }) });
    await second.start();
    secondApi = apiOf({ url: second.url, token });
  });
  afterAll(async () => {
    await second?.stop();
    for (const child of strangers) killGroup(child.pid!);
    if (leftover) killGroup(leftover.pid);
  });

  const interruptedMessages = async (taskId: string) =>
    (await secondApi('GET', `/tasks/${taskId}/events`)).body.events
      .map((event: { body: { kind: string; status?: string; message?: string } }) => event.body)
      .filter((body: { kind: string; status?: string }) => body.kind === 'status' && body.status === 'interrupted')
      .map((body: { message?: string }) => body.message ?? '');

  it("the agent still running with its recorded pid and start time -> its process group is stopped and the task says so", async () => {
    await until(() => !isProcessGroupAlive(leftover.pid), 8_000, 'leftover agent and its children stopped');
    expect((await secondApi('GET', `/tasks/${leftover.taskId}`)).body.status).toBe('interrupted');
    expect((await interruptedMessages(leftover.taskId)).join('\n')).toMatch(new RegExp(`stopped the agent's leftover process group ${leftover.pid}`));
  });

  it('the recorded pid now belongs to a process that started at another time -> that process survives and the task says why', async () => {
    await until(() => !processAlive(leftover.pid), 8_000, 'recovery done');
    expect(processAlive(reused.stranger.pid!)).toBe(true);
    expect((await secondApi('GET', `/tasks/${reused.taskId}`)).body.status).toBe('interrupted');
    expect((await interruptedMessages(reused.taskId)).join('\n')).toMatch(new RegExp(`left process ${reused.stranger.pid} alone: .*started at a different time`));
  });

  it('a pid stored without a start time (a task from before start times were kept) -> the process is left alone and the task says why', async () => {
    await until(() => !processAlive(leftover.pid), 8_000, 'recovery done');
    expect(processAlive(unrecorded.stranger.pid!)).toBe(true);
    expect((await interruptedMessages(unrecorded.taskId)).join('\n')).toMatch(new RegExp(`left process ${unrecorded.stranger.pid} alone: .*no start time`));
  });
});
