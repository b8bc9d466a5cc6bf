import { validAgentSchema } from '../../../shared/schemas/agent.js';
import type { TaskEventBody } from '../../../shared/schemas/task.js';
import type { IncomingTask, TaskContext } from '../../../clients/typescript/index.js';
import { command as commandAdapter } from '../agents/adapters/command.js';
import { runProcess } from '../tasks/process-runner.js';

export interface CommandAgentOptions {
  id: string;
  /** The program and its argument template (`{prompt}`, `{cwd}`, `{taskId}`, `{model}`), as for a `command` agent. */
  command: string[];
  /** Resolved executable. */
  binary: string;
  cwd: string;
  timeoutSeconds?: number;
  /** The environment the program starts from (the gateway token already taken out). */
  env: NodeJS.ProcessEnv;
}

const flushMs = 200;
const maxProgressChars = 16_000;

/** Joins output lines into progress reports a few times a second, so a chatty program stays under the hub's rate limit. */
function progressBatcher(report: TaskContext['progress']) {
  let lines: string[] = [];
  let size = 0;
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    if (!lines.length) return;
    report({ text: lines.join('\n') });
    lines = [];
    size = 0;
  };
  return {
    add(line: string) {
      lines.push(line);
      size += line.length + 1;
      if (size >= maxProgressChars) flush();
      else timer ??= setTimeout(flush, flushMs);
    },
    flush,
  };
}

/**
 * The task handler of `agentmesh agent run`: runs the program once per task, as the `command`
 * adapter does (no shell; the prompt in `{prompt}` or on stdin), streams its output as progress
 * and answers with its result. Aborting (cancel, timeout) kills the program's whole tree.
 */
export function commandTaskHandler(options: CommandAgentOptions) {
  const [program, ...args] = options.command;
  const agent = validAgentSchema.parse({ id: options.id, adapter: 'command', path: program, args });
  return async (task: IncomingTask, { signal, progress }: TaskContext): Promise<string> => {
    const model = typeof task.options.model === 'string' ? task.options.model : undefined;
    const plan = commandAdapter.buildSpawnPlan({ id: task.task_id, prompt: task.prompt, model }, agent, { binary: options.binary, cwd: options.cwd });
    const parser = commandAdapter.createParser();
    const batch = progressBatcher(progress);
    let result: { text: string; isError: boolean } | undefined;
    const see = (event: TaskEventBody) => {
      if (event.kind === 'message') batch.add(event.text);
      else if (event.kind === 'error') batch.add(`error: ${event.message}`);
      else if (event.kind === 'result') result = { text: event.text, isError: event.isError ?? false };
    };
    const handle = runProcess({
      plan,
      baseEnv: options.env,
      signal,
      timeoutMs: options.timeoutSeconds ? options.timeoutSeconds * 1_000 : undefined,
      onStdoutLine: (line) => parser.line(line).forEach(see),
      onStderrLine: (line) => batch.add(line),
    });
    const outcome = await handle.done;
    parser.end(outcome.exitCode).forEach(see);
    batch.flush();
    if (outcome.kind === 'cancelled') throw new Error('cancelled');
    if (outcome.kind === 'timeout') throw new Error(`timed out after ${options.timeoutSeconds}s`);
    if (outcome.kind === 'spawn-error') throw new Error(outcome.error ?? `cannot start ${program}`);
    if (outcome.exitCode !== 0) {
      const tail = outcome.stderrTail.trim().split('\n').slice(-10).join('\n');
      throw new Error(`${program} exited with code ${outcome.exitCode}${tail ? `: ${tail}` : ''}`);
    }
    if (result?.isError) throw new Error(result.text || `${program} reported an error`);
    return result?.text ?? '';
  };
}
