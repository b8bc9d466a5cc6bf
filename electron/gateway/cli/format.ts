import type { AgentInfo } from '../../../shared/schemas/agent.js';
import { costSourceText, type TaskEvent, type TaskRecord, type TaskStatus } from '../../../shared/schemas/task.js';

/** One line (or a few) per event, as a person following a task wants to read it. */
export function formatEvent(event: TaskEvent): string | undefined {
  const body = event.body;
  switch (body.kind) {
    case 'status':
      return `· ${statusLine(body.status, body.message)}`;
    case 'message':
      return body.text;
    case 'reasoning':
      return `(thinking) ${body.text}`;
    case 'command':
      return body.status === 'started' ? `$ ${body.command}` : `  exit ${body.exitCode ?? '?'}${body.output ? `\n${indent(body.output)}` : ''}`;
    case 'tool':
      return body.status === 'started' ? `→ ${body.name}` : `← ${body.name}${body.isError ? ' (error)' : ''}`;
    case 'file_change':
      return `  ${body.change} ${body.path}`;
    case 'usage':
      // Tokens only: the task's one cost is printed when it ends (formatTaskCost), from its source.
      return `  tokens in ${body.inputTokens} out ${body.outputTokens}`;
    case 'result':
      // An empty result (a cancelled or failed run) says nothing: the status line that follows says what happened.
      return body.text.trim() ? `${body.isError ? '✗' : '✓'} ${body.text}` : undefined;
    case 'error':
      return `✗ ${body.message.trim() || 'the agent reported an error without a message'}`;
    case 'quota_warning':
      return `! ${body.message}`;
    case 'log':
      return undefined;
    case 'progress':
      return `  … ${[body.percent !== undefined ? `${body.percent}%` : '', body.text ?? ''].filter(Boolean).join(' ')}`;
  }
}

/** The task's one cost and where it comes from, once it ended: `cost $0.000050 (from the gateway's usage ledger)`. */
export function formatTaskCost(task: Pick<TaskRecord, 'usage' | 'cost_source'>): string {
  const { inputTokens, outputTokens, costUsd } = task.usage;
  if (!task.cost_source) return 'cost: none reported';
  const cost = costUsd >= 0.01 ? costUsd.toFixed(2) : costUsd === 0 ? '0' : costUsd.toPrecision(2);
  return `cost $${cost}, tokens in ${inputTokens} out ${outputTokens} (${costSourceText[task.cost_source]})`;
}

/** "failed: the agent exited with code 3", "cancelled", "timeout: timed out after 30s"; never a bare status word with a repeat. */
function statusLine(status: TaskStatus, message: string | undefined): string {
  const detail = message?.trim();
  if (!detail || detail === status) return status;
  return `${status}: ${detail}`;
}

const indent = (text: string) =>
  text
    .trimEnd()
    .split('\n')
    .slice(-20)
    .map((line) => `    ${line}`)
    .join('\n');

export const seconds = (ms: number) => (ms < 10_000 ? `${(ms / 1_000).toFixed(1)}s` : ms < 120_000 ? `${Math.round(ms / 1_000)}s` : `${Math.floor(ms / 60_000)}m ${Math.round((ms % 60_000) / 1_000)}s`);

type Time = number | string;
/** What the CLI reads of a task from the REST face (agentmesh 1.x: epoch-ms times, `error` as `{code, message}`). */
export interface TaskOutcome {
  status: TaskRecord['status'];
  error: string | { code?: string; message: string } | null;
  created_at: Time;
  started_at: Time | null;
  finished_at: Time | null;
}

const msOf = (time: Time) => (typeof time === 'number' ? time : Date.parse(time));
export const errorText = (error: TaskOutcome['error']) => (error === null ? null : typeof error === 'string' ? error : error.message);

/** How long a finished task ran, from its own timestamps. */
export function taskDuration(task: Pick<TaskOutcome, 'created_at' | 'started_at' | 'finished_at'>): string {
  const start = msOf(task.started_at ?? task.created_at);
  const end = task.finished_at !== null ? msOf(task.finished_at) : Date.now();
  return seconds(Math.max(0, end - start));
}

/**
 * The closing line of a task, as a person reads it: a cancel someone asked for is not
 * styled as a failure, and a failure says why.
 */
export function outcomeLine(task: TaskOutcome): string {
  const took = taskDuration(task);
  const error = errorText(task.error);
  switch (task.status) {
    case 'completed':
      return `✓ completed in ${took}`;
    case 'cancelled':
      return `■ cancelled after ${took}${error && error !== 'cancelled' ? ` (${error})` : ''}`;
    case 'timeout':
      return `✗ ${error ?? 'timed out'}`;
    default:
      return `✗ ${task.status} after ${took}${error ? `: ${error}` : ''}`;
  }
}

export interface ChildResult {
  task_id: string;
  agent?: string;
  status: string;
  result: string | null;
  error: string | null;
}

/** Each agent's answer of a task sent to several, under a heading naming the agent. */
export function formatChildResults(results: ChildResult[]): string {
  return results
    .map((child) => {
      const parts = [(child.result ?? '').trim(), child.status !== 'completed' && child.error ? `(${child.error})` : ''].filter(Boolean);
      const body = parts.join('\n') || '(no answer)';
      return `── ${child.agent ?? child.task_id} (${child.status}) ──\n${body}`;
    })
    .join('\n\n');
}

export function formatAgents(agents: AgentInfo[]): string {
  if (agents.length === 0) return 'No agents. Add some under `agents:` in the config, or POST /agents.';
  const rows = agents.map((agent) => [agent.id, agent.adapter, agent.state, agent.version ?? '-', `${agent.running}/${agent.maxConcurrent}`, String(agent.queued), agent.capabilities.join(',')]);
  return table(['ID', 'ADAPTER', 'STATE', 'VERSION', 'RUNNING', 'QUEUED', 'CAPABILITIES'], rows);
}

interface ProviderHealth {
  id: string;
  available: boolean;
  reason?: string;
}

/** `agentmesh health`: the gateway line, then one row per provider. */
export function formatHealth(
  url: string,
  health: { status?: string; agents?: { status?: string }[] },
  providers: { status?: string; providers_available?: ProviderHealth[]; providers_unavailable?: ProviderHealth[] },
): string {
  const all = [...(providers.providers_available ?? []), ...(providers.providers_unavailable ?? [])];
  const online = (health.agents ?? []).filter((agent) => agent.status === 'online' || agent.status === 'busy').length;
  const head = `gateway ${url}: ${health.status ?? 'unknown'}, ${online} agent(s) online, providers ${providers.status ?? 'unknown'}`;
  if (all.length === 0) return `${head}\nNo providers configured.`;
  return `${head}\n${table(['PROVIDER', 'AVAILABLE', 'REASON'], all.map((provider) => [provider.id, provider.available ? 'yes' : 'no', provider.reason ?? '']))}`;
}

export function table(header: string[], rows: string[][]): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}
