import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { TaskRecord } from '../../../shared/schemas/task.js';
import { addressOptions } from './address-options.js';
import { apiClient } from './api-client.js';
import { table } from './format.js';
import { clientFlagsSchema, parseFlags, taskFlagsSchema, tasksFlagsSchema } from './options.js';
import { list, output } from './output.js';
import { followAndPrint, waitAndPrint } from './task-wait.js';

async function submit(text: string[], target: string, raw: unknown): Promise<void> {
  const flags = parseFlags(taskFlagsSchema, raw);
  const api = apiClient(flags);
  const agents = list(flags.agents);
  const answer = await api.call<{ task_id: string; status: string; message: string; children?: string[] }>('POST', '/tasks', {
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
  if (!flags.wait && !flags.follow) return output(flags.json, answer, () => `${answer.task_id}  ${answer.message}`);
  if (!flags.json) output(false, answer, () => `${answer.task_id}  ${answer.message}`);
  if (flags.follow) await followAndPrint(api, answer.task_id, flags.json);
  else await waitAndPrint(api, answer.task_id, flags.json);
}

const taskOptions = (command: Command) =>
  addressOptions(command)
    .option('--no-wait', 'print the task id and return at once')
    .option('--follow', "stream the task's events (each agent's, when sent to several) until it ends")
    .option('--cwd <dir>', 'directory the agent works in (relative to here; inside tasks.allowedRoots)')
    .option('--worktree', 'run in a fresh git worktree of --cwd on its own branch')
    .option('--space <id>', 'shared space whose recent history the agent sees')
    .option('--timeout <seconds>', 'stop the agent after this long')
    .option('--model <name>', 'model the agent should use')
    .option('--depends-on <ids>', 'comma-separated task ids that must complete first')
    .option('--json', 'print JSON (with --follow: one event per line, then the task)');

const exitCodes = 'Waits for the result (exit code 0 when the task completed, 130 when it was cancelled, 1 otherwise).';

export function addTaskCommands(program: Command): void {
  taskOptions(program.command('task').argument('<text...>', 'what to do'))
    .description(`send a task to the best-fitting agent (or --agents a,b to several). ${exitCodes}`)
    .option('--cap <capabilities>', 'comma-separated capabilities the agent must have')
    .option('--agents <ids>', 'send the same task to several agents')
    .option('--sequential', 'with --agents: one after another instead of in parallel')
    .action((text: string[], raw) => submit(text, 'gateway', raw));

  taskOptions(program.command('to').argument('<agent>', 'agent id').argument('<text...>', 'what to do'))
    .description(`send a task to one agent. ${exitCodes}`)
    .action((agent: string, text: string[], raw) => submit(text, agent, raw));

  addressOptions(program.command('tasks').alias('list-tasks'))
    .description('list recent tasks')
    .option('--status <status>', 'only tasks with this status')
    .option('--agent <id>', 'only tasks of this agent')
    .option('--limit <n>', 'how many', '20')
    .option('--json', 'print JSON')
    .action(async (raw) => {
      const flags = parseFlags(tasksFlagsSchema, raw);
      const query = new URLSearchParams({ limit: String(flags.limit), top: 'true', ...(flags.status ? { status: flags.status } : {}), ...(flags.agent ? { agent: flags.agent } : {}) });
      const tasks = await apiClient(flags).call<(Omit<TaskRecord, 'created_at'> & { created_at: number })[]>('GET', `/tasks?${query}`);
      const created = (ms: number) => new Date(ms).toISOString().slice(0, 19);
      output(flags.json, tasks, () =>
        tasks.length
          ? table(['ID', 'STATUS', 'AGENTS', 'CREATED', 'TASK'], tasks.map((task) => [task.id, task.status, task.assigned_agents.join(','), created(task.created_at), task.prompt.slice(0, 60).replace(/\s+/g, ' ')]))
          : 'No tasks yet.',
      );
    });

  addressOptions(program.command('cancel').argument('<taskId>', 'task to cancel'))
    .description('cancel a task (kills the agent process tree)')
    .option('--json', 'print JSON')
    .action(async (taskId: string, raw) => {
      const flags = parseFlags(clientFlagsSchema, raw);
      const answer = await apiClient(flags).call<{ task_id: string; status: string }>('POST', `/tasks/${encodeURIComponent(taskId)}/cancel`);
      output(flags.json, answer, () => `cancelled task ${answer.task_id ?? taskId}`);
    });
}
