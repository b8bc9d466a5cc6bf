import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentConfigSchema, type AdapterId } from '../../../../shared/schemas/agent.js';
import type { TaskEventBody } from '../../../../shared/schemas/task.js';
import { binPath } from '../../models/clients/run-cli.js';
import { chatOnlyConfig, startHarness, type Harness } from '../../testing/gateway-harness.js';
import type { ToolCallSpec } from '../../testing/upstream-types.js';
import { agentEnvironment, inheritedNames } from '../agent-env.js';
import { adapters } from './index.js';

// The real CLIs, started from the adapters' own spawn plans (argument arrays, prompt on
// stdin, no shell) with routeModelsThroughGateway on, against the gateway harness whose
// provider is the scripted upstream. This proves the plans and the gateway routing, and
// the recorded stdout is what the parser fixtures hold: AGENTMESH_RECORD_FIXTURES=1
// rewrites them (then update the ids in the parser tests). AGENTMESH_OPENCODE_BIN=<path>
// adds opencode, which is not a dependency of this repository.

interface Cli {
  id: AdapterId;
  binary: string | undefined;
  model: string;
  agent: Record<string, unknown>;
  shellCall(command: string): ToolCallSpec;
  fixtures: { plain: string; shell: string; fail: string };
  client: RegExp;
}

const clis: Cli[] = [
  {
    id: 'claude-code',
    binary: binPath('claude'),
    model: 'claude-via-mesh',
    agent: { allowedTools: ['Bash(echo:*)', 'Bash(ls:*)'] },
    shellCall: (command) => ({ name: 'Bash', arguments: { command } }),
    fixtures: { plain: 'claude-code-plain.jsonl', shell: 'claude-code-bash.jsonl', fail: 'claude-code-bash-fail.jsonl' },
    client: /claude/i,
  },
  {
    id: 'codex',
    binary: binPath('codex'),
    model: 'gpt-test-codex',
    agent: {},
    shellCall: (command) => ({ name: 'exec_command', arguments: { cmd: command } }),
    fixtures: { plain: 'codex-plain.jsonl', shell: 'codex-exec.jsonl', fail: 'codex-exec-fail.jsonl' },
    client: /codex/i,
  },
  {
    id: 'opencode',
    binary: process.env.AGENTMESH_OPENCODE_BIN,
    model: 'mesh-model',
    agent: {},
    shellCall: (command) => ({ name: 'bash', arguments: { command, description: 'Run it' } }),
    fixtures: { plain: 'opencode-plain.jsonl', shell: 'opencode-bash.jsonl', fail: 'opencode-bash-fail.jsonl' },
    client: /opencode/i,
  },
];

let h: Harness;
let home: string;

beforeAll(async () => {
  h = await startHarness({
    config: (url) => chatOnlyConfig(url),
  });
  home = mkdtempSync(join(tmpdir(), 'agentmesh-cli-home-'));
});
afterAll(() => h?.close());

/** Answers with the shell call until the conversation carries its result, then with `answer`. */
function script(toolCall: ToolCallSpec, answer: string) {
  h.upstream.reset();
  h.upstream.defaultReply = { text: 'Hello from AgentMesh', usage: { input: 300, output: 4, cached: 100 } };
  h.upstream.setHandler((req) => {
    const body = JSON.stringify(req.body);
    if (!body.includes('please run it')) return undefined;
    return body.includes('"role":"tool"') ? { text: answer, usage: { input: 500, output: 5, cached: 0 } } : { toolCall, usage: { input: 400, output: 20, cached: 0 } };
  });
}

async function run(cli: Cli, taskId: string, prompt: string, fixture: string) {
  const adapter = adapters[cli.id];
  const agent = agentConfigSchema.parse({ id: `real-${cli.id}`, adapter: cli.id, model: cli.model, routeModelsThroughGateway: true, ...cli.agent });
  const cwd = mkdtempSync(join(tmpdir(), `agentmesh-${cli.id}-work-`));
  const plan = adapter.buildSpawnPlan({ id: taskId, prompt }, agent, { binary: cli.binary!, cwd, gateway: { url: h.url, token: h.token } });
  const isolated = { HOME: home, CODEX_HOME: home, XDG_CONFIG_HOME: join(home, '.config'), XDG_DATA_HOME: join(home, '.local/share'), XDG_CACHE_HOME: join(home, '.cache'), XDG_STATE_HOME: join(home, '.local/state') };
  // What the task runner gives an agent: the minimal environment, not all of the test's.
  const env = { ...agentEnvironment({ ...process.env, ...isolated }, inheritedNames(adapter, agent)), ...plan.env };
  const child = spawn(plan.command, plan.args, { cwd: plan.cwd, env, stdio: [plan.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
  child.stdin?.end(plan.stdin);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  }).finally(() => clearTimeout(timer));
  if (process.env.AGENTMESH_RECORD_FIXTURES === '1') writeFileSync(fileURLToPath(new URL(`./__fixtures__/${fixture}`, import.meta.url)), stdout);
  const parser = adapter.createParser();
  const events: TaskEventBody[] = [...stdout.split('\n').flatMap((line) => parser.line(line)), ...parser.end(code)];
  return { code, stderr, events, cwd };
}

async function ledgerRow(model: string, client: RegExp) {
  for (let attempt = 0; attempt < 40; attempt++) {
    const row = h.gateway.services.ledger.recent(20).find((entry) => entry.requestedModel === model && client.test(entry.client ?? ''));
    if (row) return row;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return undefined;
}

const commandsDone = (events: TaskEventBody[]) => events.filter((event) => event.kind === 'command' && event.status === 'completed');

describe.each(clis)('real $id CLI through the gateway', (cli) => {
  it.skipIf(!cli.binary)('answers a plain task, and its model call lands in the usage ledger', async () => {
    script(cli.shellCall('true'), 'unused');
    const { code, stderr, events } = await run(cli, 'task-plain', 'say hello', cli.fixtures.plain);
    expect(code, stderr).toBe(0);
    expect(events.at(-1)).toMatchObject({ kind: 'result', text: 'Hello from AgentMesh', isError: false });
    expect(events).toContainEqual(expect.objectContaining({ kind: 'usage', inputTokens: 300, cachedTokens: 100 }));
    expect(await ledgerRow(cli.model, cli.client)).toMatchObject({ provider: 'chatonly', status: 200, inputTokens: 300 });
  });

  it.skipIf(!cli.binary)('runs the shell command the model asks for', async () => {
    script(cli.shellCall(`echo made-by-${cli.id} > created.txt`), 'The file is there.');
    const { code, stderr, events, cwd } = await run(cli, 'task-shell', 'please run it', cli.fixtures.shell);
    expect(code, stderr).toBe(0);
    expect(readFileSync(join(cwd, 'created.txt'), 'utf8').trim()).toBe(`made-by-${cli.id}`);
    expect(commandsDone(events)).toEqual([expect.objectContaining({ exitCode: 0 })]);
    expect(events.at(-1)).toMatchObject({ kind: 'result', text: 'The file is there.', isError: false });
  });

  it.skipIf(!cli.binary)('reports the exit code of a failing command', async () => {
    script(cli.shellCall('ls no-such-file'), 'That directory does not exist.');
    const { code, stderr, events, cwd } = await run(cli, 'task-fail', 'please run it', cli.fixtures.fail);
    expect(code, stderr).toBe(0);
    expect(existsSync(join(cwd, 'no-such-file'))).toBe(false);
    expect(commandsDone(events)).toEqual([expect.objectContaining({ exitCode: 2 })]);
    expect(events.at(-1)).toMatchObject({ kind: 'result', text: 'That directory does not exist.' });
  });
});
