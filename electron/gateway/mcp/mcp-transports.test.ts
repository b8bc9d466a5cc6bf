import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../testing/gateway-harness.js';
import { apiOf, scriptAgent, until, type Api } from '../testing/task-helpers.js';
import { mintTaskToken } from '../tasks/task-token.js';

// The runtime tools over both transports, with the official SDK's client.
let h: Harness;
let api: Api;
const toolNames = ['agent.list', 'agent.capabilities', 'agent.deploy', 'agent.dispatch', 'agent.control', 'task.status', 'task.result', 'memory.search'];

beforeAll(async () => {
  h = await startHarness({ config: () => ({ agents: [scriptAgent('echo', 'echo-agent'), scriptAgent('sessions', 'session-agent')], orchestration: { orchestrator: 'echo' } }) });
  api = apiOf(h);
});
afterAll(() => h.close());

async function httpClient(headers: Record<string, string> = { authorization: `Bearer ${h.token}` }) {
  const client = new Client({ name: 'mcp-test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL('/mcp', h.url), { requestInit: { headers } }));
  return client;
}

describe('streamable HTTP at /mcp', () => {
  it('lists the runtime tools with input schemas from the REST bodies', async () => {
    const client = await httpClient();
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(toolNames);
    const dispatch = tools.find((tool) => tool.name === 'agent.dispatch')!;
    expect(dispatch.inputSchema.required).toEqual(['targetAgentId', 'task']);
    expect(Object.keys(dispatch.inputSchema.properties!)).toEqual(['sourceAgentId', 'targetAgentId', 'task', 'sessionId', 'workflowId', 'blocking', 'metadata']);
    const control = tools.find((tool) => tool.name === 'agent.control')!;
    expect((control.inputSchema.properties!.action as { enum: string[] }).enum).toEqual(['status', 'pause', 'resume', 'interrupt', 'cancel']);
    await client.close();
  });

  it('answers with structured content and the same as text; dispatch blocks by default and returns the result', async () => {
    const client = await httpClient();
    const listed = await client.callTool({ name: 'agent.list', arguments: {} });
    expect((listed.structuredContent as any).orchestrator).toBe('echo');
    expect(JSON.parse((listed.content as any)[0].text)).toEqual(listed.structuredContent);
    const blocked = await client.callTool({ name: 'agent.dispatch', arguments: { targetAgentId: 'echo', task: 'wait for me' } });
    // echo is the orchestrator: it was told about its role and its team before its task.
    expect(blocked.structuredContent).toMatchObject({ blocking: true, status: 'completed', result: expect.stringMatching(/^done: You are the orchestrator[\s\S]*- sessions \(command, executor[\s\S]*wait for me$/) });
    const sent = await client.callTool({ name: 'agent.dispatch', arguments: { targetAgentId: 'sessions', task: 'x', blocking: false } });
    const taskId = (sent.structuredContent as any).taskId;
    const status = await client.callTool({ name: 'task.status', arguments: { taskId } });
    expect(status.structuredContent).toMatchObject({ taskId, agentId: 'sessions', children: [] });
    await client.callTool({ name: 'agent.control', arguments: { action: 'cancel', targetAgentId: 'sessions' } });
    const ended = await client.callTool({ name: 'task.result', arguments: { taskId, wait: true } });
    expect(ended.structuredContent).toMatchObject({ status: 'cancelled', ended: true });
    await client.close();
  });

  it('reports bad input and refusals as tool errors the model can read', async () => {
    const client = await httpClient();
    const missing = await client.callTool({ name: 'agent.dispatch', arguments: { task: 'no target' } });
    expect(missing.isError).toBe(true);
    expect((missing.content as any)[0].text).toContain('targetAgentId');
    const unknown = await client.callTool({ name: 'agent.capabilities', arguments: { agentId: 'ghost' } });
    expect((unknown.content as any)[0].text).toBe("AGENT_NOT_FOUND: No agent 'ghost'");
    await client.close();
  });

  it('needs the token, checks Origin, and opens to a task token only while that task orchestrates', async () => {
    const init = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } };
    const raw = (headers: Record<string, string>) =>
      fetch(`${h.url}/mcp`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers }, body: JSON.stringify(init) });
    expect((await raw({})).status).toBe(401);
    const foreign = await raw({ authorization: `Bearer ${h.token}`, origin: 'http://evil.example' });
    expect(foreign.status).toBe(403);
    expect(((await foreign.json()) as any).error.code).toBe('FORBIDDEN_ORIGIN');
    expect((await raw({ authorization: `Bearer ${h.token}`, origin: h.url })).status).toBe(200);
    expect((await fetch(`${h.url}/mcp`, { headers: { authorization: `Bearer ${h.token}` } })).status).toBe(405);

    // A task of a non-orchestrator agent, running: its token opens the model routes, not the tools.
    const running = (await api('POST', '/api/v1/agents/dispatch', { targetAgentId: 'sessions', task: 'busy' })).body;
    await until(async () => (await api('GET', `/tasks/${running.taskId}`)).body.status === 'running', 10_000, 'running');
    const denied = await raw({ authorization: `Bearer ${mintTaskToken(h.token, running.taskId)}` });
    expect(denied.status).toBe(403);
    expect(((await denied.json()) as any).error.code).toBe('NOT_ORCHESTRATOR');
    await api('POST', '/api/v1/agents/control', { action: 'cancel', targetAgentId: 'sessions' });
  });
});

describe('stdio via `agentmesh mcp`', () => {
  it('serves the same tools from the running gateway', async () => {
    const bin = fileURLToPath(new URL('../../../bin/agentmesh.mjs', import.meta.url));
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [bin, 'mcp'],
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', AGENTMESH_URL: h.url, AGENTMESH_TOKEN: h.token },
      stderr: 'pipe',
    });
    const client = new Client({ name: 'stdio-test', version: '1.0.0' });
    await client.connect(transport);
    expect((await client.listTools()).tools.map((tool) => tool.name)).toEqual(toolNames);
    const sent = await client.callTool({ name: 'agent.dispatch', arguments: { targetAgentId: 'sessions', task: 'resume me later', workflowId: 'wf-stdio', blocking: false } });
    expect(sent.structuredContent).toMatchObject({ targetAgentId: 'sessions', workflowId: 'wf-stdio' });
    const stopped = await client.callTool({ name: 'agent.control', arguments: { action: 'cancel', workflowId: 'wf-stdio', hard: true } });
    expect((stopped.structuredContent as any).message).toContain('killed at once');
    await client.close();
  }, 60_000);

  it('reports a gateway that is down as a tool error', async () => {
    const bin = fileURLToPath(new URL('../../../bin/agentmesh.mjs', import.meta.url));
    const client = new Client({ name: 'stdio-test', version: '1.0.0' });
    await client.connect(new StdioClientTransport({ command: process.execPath, args: [bin, 'mcp', '--url', 'http://127.0.0.1:9', '--token', 'x'], stderr: 'pipe' }));
    await expect(client.listTools()).rejects.toThrow(/cannot reach the AgentMesh gateway at http:\/\/127\.0\.0\.1:9/);
    await client.close();
  }, 60_000);
});
