import type { AgentInfo } from '../../../shared/schemas/agent.js';
import { costSourceText, type TaskEvent, type TaskRecord } from '../../../shared/schemas/task.js';

/** One line (or a few) per event, as a person following a task wants to read it. */
export function formatEvent(event: TaskEvent): string | undefined {
  const body = event.body;
  switch (body.kind) {
    case 'status':
      return `· ${body.status}${body.message ? `: ${body.message}` : ''}`;
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
      return `${body.isError ? '✗' : '✓'} ${body.text}`;
    case 'error':
      return `✗ ${body.message}`;
    case 'log':
      return undefined;
  }
}

/** The task's one cost and where it comes from, once it ended: `cost $0.000050 (from the gateway's usage ledger)`. */
export function formatTaskCost(task: Pick<TaskRecord, 'usage' | 'cost_source'>): string {
  const { inputTokens, outputTokens, costUsd } = task.usage;
  if (!task.cost_source) return 'cost: none reported';
  const cost = costUsd >= 0.01 ? costUsd.toFixed(2) : costUsd === 0 ? '0' : costUsd.toPrecision(2);
  return `cost $${cost}, tokens in ${inputTokens} out ${outputTokens} (${costSourceText[task.cost_source]})`;
}

const indent = (text: string) =>
  text
    .trimEnd()
    .split('\n')
    .slice(-20)
    .map((line) => `    ${line}`)
    .join('\n');

export function formatAgents(agents: AgentInfo[]): string {
  if (agents.length === 0) return 'No agents. Add some under `agents:` in the config, or POST /agents.';
  const rows = agents.map((agent) => [agent.id, agent.adapter, agent.state, agent.version ?? '-', `${agent.running}/${agent.maxConcurrent}`, String(agent.queued), agent.capabilities.join(',')]);
  return table(['ID', 'ADAPTER', 'STATE', 'VERSION', 'RUNNING', 'QUEUED', 'CAPABILITIES'], rows);
}

export function table(header: string[], rows: string[][]): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}
