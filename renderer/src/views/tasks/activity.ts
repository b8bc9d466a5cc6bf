import type { TaskEvent } from '@shared/contract';
import type { TaskStatus } from '@shared/schemas/task';
import { buildTimeline } from './timeline';

export type Activity =
  | { kind: 'queued' | 'starting' | 'model' }
  | { kind: 'command'; command: string }
  | { kind: 'tool'; name: string };

/** Tools through which agents run shell commands (Claude Code's Bash, Codex's exec_command). */
const shellTools = new Set(['bash', 'shell', 'exec_command', 'run_shell_command', 'local_shell']);

/**
 * What a running task is doing now, from its latest events: running a command or a tool
 * while one is open, otherwise waiting for the model (thinking, or writing its answer).
 */
export function currentActivity(status: TaskStatus, events: readonly TaskEvent[]): Activity {
  if (status === 'pending') return { kind: 'queued' };
  if (status === 'assigned') return { kind: 'starting' };
  const open = buildTimeline(events).findLast((item) => (item.kind === 'command' || item.kind === 'tool') && item.running);
  if (open?.kind === 'command') return { kind: 'command', command: open.command };
  if (open?.kind === 'tool') {
    const command = (open.input as { command?: unknown; cmd?: unknown } | undefined)?.command ?? (open.input as { cmd?: unknown } | undefined)?.cmd;
    if (shellTools.has(open.name.toLowerCase()) && (typeof command === 'string' || Array.isArray(command))) {
      return { kind: 'command', command: Array.isArray(command) ? command.join(' ') : command };
    }
    return { kind: 'tool', name: open.name };
  }
  return { kind: 'model' };
}

export function describeActivity(activity: Activity): string {
  switch (activity.kind) {
    case 'queued':
      return 'Queued: waiting for a free agent';
    case 'starting':
      return 'Starting the agent';
    case 'model':
      return 'Waiting for the model';
    case 'command':
      return 'Running a command';
    case 'tool':
      return `Using ${activity.name}`;
  }
}
