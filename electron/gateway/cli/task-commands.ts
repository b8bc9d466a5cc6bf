import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { AgentInfo } from '../../../shared/schemas/agent.js';
import type { TaskRecord } from '../../../shared/schemas/task.js';
import { ApiClient } from './api-client.js';
import { addressOptions } from './connect-commands.js';
import { formatAgents, formatEvent, table } from './format.js';
import { gatewayAddress } from './gateway-address.js';
import { clientFlagsSchema, parseFlags, taskFlagsSchema, tasksFlagsSchema } from './options.js';

const client = (raw: unknown) => {
  const flags = parseFlags(clientFlagsSchema.passthrough(), raw);
  const { url, token } = gatewayAddress(flags);
  return new ApiClient(url, token);
};
const print = (value: unknown): void => void process.stdout.write(`${typeof value === 'string' ? value : JSON.stringify(value, null, 2)}\n`);
const list = (value: string | undefined) => value?.split(',').map((item) => item.trim()).filter(Boolean);

async function submit(text: string[], target: string, raw: unknown): Promise<void> {
  const flags = parseFlags(taskFlagsSchema, raw);
  const api = client(raw);
  const agents = list(flags.agents);
  const answer = await api.call<{ task_id: string; message: string }>('POST', '/tasks', {
    type: 'task',
    source: 'cli',
    target,
    payload: {
      task: text.join(' '),
      ...(flags.space ? { context: { shared_space_id: flags.space } } : {}),
      options: {
        ...(agents ? { agents, mode: flags.sequential ? 'sequential' : 'parallel' } : {}),
        ...(flags.cap ? { capabilities: list(flags.cap) } : {}),
        // The gateway would take a relative path from the agent's cwd; the user meant from here.
        ...(flags.cwd ? { cwd: resolve(flags.cwd) } : {}),
        ...(flags.worktree ? { isolation: 'worktree' } : {}),
        ...(flags.timeout ? { timeout: flags.timeout } : {}),
        ...(flags.model ? { model: flags.model } : {}),
        ...(flags.dependsOn ? { dependsOn: list(flags.dependsOn) } : {}),
      },
    },
  });
  if (!flags.follow) return print(flags.json ? answer : `${answer.task_id}  ${answer.message}`);
  print(`${answer.task_id}  ${answer.message}`);
  const status = await api.follow(answer.task_id, (event) => {
    const line = formatEvent(event);
    if (line !== undefined) print(line);
  });
  const task = await api.call<TaskRecord>('GET', `/tasks/${answer.task_id}`);
  if (task.worktree) print(`worktree ${task.worktree.path} (branch ${task.worktree.branch})${task.worktree.diffStat ? `\n${task.worktree.diffStat}` : ''}`);
  process.exitCode = status === 'completed' ? 0 : 1;
}

const taskOptions = (command: Command) =>
  addressOptions(command)
    .option('--follow', 'stream the task\'s events until it ends (exit code 1 unless it completed)')
    .option('--cwd <dir>', 'directory the agent works in (relative to here; inside tasks.allowedRoots)')
    .option('--worktree', 'run in a fresh git worktree of --cwd on its own branch')
    .option('--space <id>', 'shared space whose recent history the agent sees')
    .option('--timeout <seconds>', 'stop the agent after this long')
    .option('--model <name>', 'model the agent should use')
    .option('--depends-on <ids>', 'comma-separated task ids that must complete first')
    .option('--json', 'print JSON');

export function addTaskCommands(program: Command): void {
  addressOptions(program.command('agents'))
    .description('list agents with their state, version and load')
    .option('--json', 'print JSON')
    .action(async (raw) => {
      const agents = await client(raw).call<AgentInfo[]>('GET', '/agents');
      print((raw as { json?: boolean }).json ? agents : formatAgents(agents));
    });

  taskOptions(program.command('task').argument('<text...>', 'what to do'))
    .description('send a task to the best-fitting agent (or --agents a,b to several)')
    .option('--cap <capabilities>', 'comma-separated capabilities the agent must have')
    .option('--agents <ids>', 'send the same task to several agents')
    .option('--sequential', 'with --agents: one after another instead of in parallel')
    .action((text: string[], raw) => submit(text, 'gateway', raw));

  taskOptions(program.command('to').argument('<agent>', 'agent id').argument('<text...>', 'what to do'))
    .description('send a task to one agent')
    .action((agent: string, text: string[], raw) => submit(text, agent, raw));

  addressOptions(program.command('tasks'))
    .description('list recent tasks')
    .option('--status <status>', 'only tasks with this status')
    .option('--agent <id>', 'only tasks of this agent')
    .option('--limit <n>', 'how many', '20')
    .option('--json', 'print JSON')
    .action(async (raw) => {
      const flags = parseFlags(tasksFlagsSchema, raw);
      const query = new URLSearchParams({ limit: String(flags.limit), top: 'true', ...(flags.status ? { status: flags.status } : {}), ...(flags.agent ? { agent: flags.agent } : {}) });
      const tasks = await client(raw).call<(Omit<TaskRecord, 'created_at'> & { created_at: number })[]>('GET', `/tasks?${query}`);
      if (flags.json) return print(tasks);
      const created = (ms: number) => new Date(ms).toISOString().slice(0, 19);
      print(tasks.length ? table(['ID', 'STATUS', 'AGENTS', 'CREATED', 'TASK'], tasks.map((task) => [task.id, task.status, task.assigned_agents.join(','), created(task.created_at), task.prompt.slice(0, 60).replace(/\s+/g, ' ')])) : 'No tasks yet.');
    });

  addressOptions(program.command('cancel').argument('<taskId>', 'task to cancel'))
    .description('cancel a task (kills the agent process tree)')
    .action(async (taskId: string, raw) => print(await client(raw).call('POST', `/tasks/${encodeURIComponent(taskId)}/cancel`)));

  const space = program.command('space').description('shared spaces: history shared by the tasks that name them');
  addressOptions(space.command('create'))
    .description('create a shared space and print its id')
    .option('--meta <key=value...>', 'metadata entries')
    .action(async (raw) => {
      const metadata = Object.fromEntries(((raw as { meta?: string[] }).meta ?? []).map((entry) => entry.split(/=(.*)/s).slice(0, 2)));
      const created = await client({ ...raw, meta: undefined }).call<{ space_id: string }>('POST', '/spaces', { metadata });
      print(created.space_id);
    });

  addressOptions(program.command('dashboard'))
    .description('print a one-time login link to the dashboard of a running gateway')
    .action(async (raw) => print((await client(raw).call<{ url: string }>('POST', '/dashboard-link')).url));

  addressOptions(program.command('health'))
    .description("show the gateway's health, agents and providers")
    .action(async (raw) => {
      const api = client(raw);
      const [health, providers] = await Promise.all([api.call('GET', '/health'), api.call('GET', '/model-gateway/health')]);
      print({ gateway: api.url, ...(health as object), providers });
    });
}
