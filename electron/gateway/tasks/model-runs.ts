import type { ModelAgentRecord } from '../agents/model-agents.js';
import type { RemoteRunIo } from './remote-runs.js';
import { promptWithHistory } from './space-store.js';
import type { RunResult } from './task-run.js';
import type { StoredTask } from './task-store.js';

export interface ModelRunDeps {
  agent(agentId: string): ModelAgentRecord | undefined;
  /** The model the agent's active env preset names (ANTHROPIC_MODEL, OPENAI_MODEL, AGENTMESH_MODEL), if any. */
  presetModel?(agentId: string, adapterType: ModelAgentRecord['adapterType']): string | undefined;
  gatewayAccess(taskId: string): { url: string; token: string } | undefined;
  /** fetch, injectable for tests of the wire format. */
  fetch?: typeof fetch;
}

const defaultTimeoutMs = 3_600_000;
const noUsage = { inputTokens: 0, outputTokens: 0, cachedTokens: 0, costUsd: 0 };

/**
 * Runs a task on a model agent: one call to this gateway's own /v1 endpoint with the task's
 * scoped token, so routing, fallback, budgets and the usage ledger apply and the call is
 * booked to the task. A `claude` agent speaks Anthropic Messages, the others Chat Completions.
 */
export class ModelTaskRuns {
  constructor(private readonly deps: ModelRunDeps) {}

  async run(task: StoredTask, agentId: string, signal: AbortSignal, io: RemoteRunIo): Promise<RunResult> {
    const agent = this.deps.agent(agentId);
    const access = this.deps.gatewayAccess(task.id);
    const fail = (status: RunResult['status'], error: string): RunResult => ({ status, result: null, error, exitCode: null, usage: { ...noUsage }, fileChanges: [] });
    if (!agent) return fail('failed', `model agent '${agentId}' no longer exists`);
    if (!access) return fail('failed', 'the gateway address is not known yet');
    const model = (task.options.model as string | undefined) ?? this.deps.presetModel?.(agentId, agent.adapterType) ?? agent.model;
    if (!model) return fail('failed', `model agent '${agentId}' has no model: register it with config.model`);
    const timeoutSeconds = task.options.timeout as number | undefined;
    const timeoutMs = timeoutSeconds ? timeoutSeconds * 1_000 : defaultTimeoutMs;
    const deadline = AbortSignal.timeout(timeoutMs);
    // A task in a space: the chunks of its memory most relevant to it come before the prompt.
    const request = buildRequest(agent, io.memory?.length ? { ...task, prompt: promptWithHistory(task.prompt, [], io.memory) } : task, model);
    io.update(task.id, { status: 'running', started_at: new Date().toISOString() });
    io.emit(task.id, { kind: 'status', status: 'running', message: `calling ${model} through the gateway (${request.path})` });
    try {
      const response = await (this.deps.fetch ?? fetch)(access.url + request.path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${access.token}`, 'user-agent': `agentmesh-model-agent/${agentId}`, ...request.headers },
        body: JSON.stringify(request.body),
        signal: AbortSignal.any([signal, deadline]),
      });
      const body = (await response.json().catch(() => undefined)) as Record<string, unknown> | undefined;
      if (!response.ok) return fail('failed', `${model}: ${errorText(body) ?? `HTTP ${response.status}`}`);
      const text = agent.adapterType === 'claude' ? messagesText(body) : chatText(body);
      io.emit(task.id, { kind: 'result', text });
      return { status: 'completed', result: text, error: null, exitCode: null, usage: { ...noUsage }, fileChanges: [] };
    } catch (error) {
      if (signal.aborted) return fail('cancelled', 'cancelled');
      if (deadline.aborted) return fail('timeout', `timed out after ${Math.round(timeoutMs / 100) / 10}s`);
      return fail('failed', `${model}: ${(error as Error).message}`);
    }
  }
}

function buildRequest(agent: ModelAgentRecord, task: StoredTask, model: string): { path: string; headers: Record<string, string>; body: Record<string, unknown> } {
  const options = task.options;
  const system = (options.systemPrompt as string | undefined) ?? agent.systemPrompt ?? undefined;
  const temperature = (options.temperature as number | undefined) ?? agent.temperature ?? undefined;
  const maxTokens = (options.maxTokens as number | undefined) ?? agent.maxTokens ?? undefined;
  if (agent.adapterType === 'claude') {
    return {
      path: '/v1/messages',
      headers: { 'anthropic-version': '2023-06-01' },
      body: { model, max_tokens: maxTokens ?? 4_096, ...(system ? { system } : {}), ...(temperature !== undefined ? { temperature } : {}), messages: [{ role: 'user', content: task.prompt }] },
    };
  }
  const messages = [...(system ? [{ role: 'system', content: system }] : []), { role: 'user', content: task.prompt }];
  return {
    path: '/v1/chat/completions',
    headers: {},
    body: { model, messages, ...(temperature !== undefined ? { temperature } : {}), ...(maxTokens !== undefined ? { max_tokens: maxTokens } : {}) },
  };
}

const messagesText = (body: Record<string, unknown> | undefined) =>
  ((body?.content as { type: string; text?: string }[] | undefined) ?? []).filter((block) => block.type === 'text').map((block) => block.text ?? '').join('');

const chatText = (body: Record<string, unknown> | undefined) => {
  const content = (body?.choices as { message?: { content?: unknown } }[] | undefined)?.[0]?.message?.content;
  return typeof content === 'string' ? content : '';
};

const errorText = (body: Record<string, unknown> | undefined) => {
  const error = body?.error as { message?: unknown } | string | undefined;
  if (typeof error === 'string') return error;
  return typeof error?.message === 'string' ? error.message : undefined;
};
