import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { binPath } from '../models/clients/run-cli.js';
import { chatOnlyConfig, startHarness, type Harness } from '../testing/gateway-harness.js';
import type { RecordedRequest, Reply } from '../testing/upstream.js';
import { apiOf, scriptAgent, waitForTask, type Api } from '../testing/task-helpers.js';

// The real Claude Code and Codex CLIs as the orchestrator: the gateway attaches its MCP server
// to their run, the scripted model asks for agent.dispatch to a command agent, and the child's
// result must come back to the CLI as the tool result and end up in its final answer.
let h: Harness;
let api: Api;
const homes = { codex: mkdtempSync(join(tmpdir(), 'orch-codex-home-')), claude: mkdtempSync(join(tmpdir(), 'orch-claude-home-')) };

beforeAll(async () => {
  h = await startHarness({
    config: (url) =>
      chatOnlyConfig(url, {
        agents: [
          { id: 'codex', adapter: 'codex', path: binPath('codex'), model: 'gpt-test-codex', role: 'orchestrator', routeModelsThroughGateway: true, env: { CODEX_HOME: homes.codex }, timeoutMs: 120_000 },
          { id: 'claude', adapter: 'claude-code', path: binPath('claude'), model: 'claude-via-mesh', role: 'orchestrator', routeModelsThroughGateway: true, env: { HOME: homes.claude, ANTHROPIC_API_KEY: '' }, timeoutMs: 120_000 },
          scriptAgent('helper', 'echo-agent'),
        ],
      }),
  });
  api = apiOf(h);
});
afterAll(() => h.close());

interface ChatTool {
  function: { name: string };
}

/** The model: call the dispatch tool (by whatever name the CLI gave it) once, then answer with what it returned. */
function orchestrate(trigger: string): (req: RecordedRequest) => Reply | undefined {
  return (req) => {
    const body = req.body as { messages: { role: string; content: unknown }[]; tools?: ChatTool[] };
    if (!JSON.stringify(body.messages).includes(trigger)) return undefined;
    const toolMessage = body.messages.find((message) => message.role === 'tool');
    if (toolMessage) {
      const text = typeof toolMessage.content === 'string' ? toolMessage.content : JSON.stringify(toolMessage.content);
      const result = /done: [^"\\]*/.exec(text)?.[0] ?? `no result in: ${text.slice(0, 1500)}`;
      return { text: `The helper reported: ${result}` };
    }
    const name = body.tools?.map((tool) => tool.function.name).find((tool) => /agent.dispatch$/.test(tool));
    if (!name) return { text: `no dispatch tool among: ${body.tools?.map((tool) => tool.function.name).join(', ')}` };
    return { toolCall: { name, arguments: { targetAgentId: 'helper', task: `write the docs for ${trigger}` } } };
  };
}

describe.each(['claude', 'codex'] as const)('%s as the orchestrator', (agent) => {
  it('dispatches to a command agent over MCP and answers with the child\'s result', async () => {
    const trigger = `project-${agent}`;
    h.upstream.reset();
    h.upstream.setHandler(orchestrate(trigger));
    const sent = await api('POST', '/api/v1/message', { target: agent, message: `Plan ${trigger} and hand the docs to helper`, sender: 'cli' });
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    const task = await waitForTask(api, sent.body.taskId, undefined, 120_000);
    expect(task.status, `${task.error}\n${JSON.stringify((await api('GET', `/tasks/${task.id}/events`)).body.events.slice(-8))}`).toBe('completed');
    expect(task.children, task.result).toHaveLength(1);
    const child = (await api('GET', `/tasks/${task.children[0]}`)).body;
    expect(child).toMatchObject({ status: 'completed', assigned_agents: ['helper'], parent_id: task.id, source_agent: agent, workflow_id: sent.body.workflowId });
    expect(child.result).toBe(`done: write the docs for ${trigger}`);
    // The tool result the CLI sent back to the model carried the child's result...
    const followUp = h.upstream.requests.filter((req) => req.protocol === 'chat' && JSON.stringify(req.body).includes('"role":"tool"')).at(-1);
    expect(JSON.stringify(followUp?.body)).toContain(`done: write the docs for ${trigger}`);
    // ...and the final answer contains it.
    expect(task.result).toBe(`The helper reported: done: write the docs for ${trigger}`);
    // The CLI was told its role and its team, and offered the runtime tools under its own names for them.
    const first = h.upstream.requests.find((req) => req.protocol === 'chat' && JSON.stringify(req.body).includes(trigger))!;
    expect(JSON.stringify(first.body)).toContain('You are the orchestrator of a team of coding agents');
    expect(JSON.stringify(first.body)).toContain('- helper (command, executor, online');
    const offered = (first.body.tools as ChatTool[]).map((tool) => tool.function.name).filter((name) => name.includes('agentmesh'));
    expect(offered.sort()).toEqual(['agent_capabilities', 'agent_control', 'agent_deploy', 'agent_dispatch', 'agent_list', 'memory_search', 'task_result', 'task_status'].map((name) => `mcp__agentmesh__${name}`));
  });
});
