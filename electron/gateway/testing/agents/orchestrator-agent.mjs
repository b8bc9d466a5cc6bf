#!/usr/bin/env node
// A command agent in the orchestrator role: it calls the gateway's runtime tools over MCP
// (AGENTMESH_MCP_URL, AGENTMESH_MCP_TOKEN) with the official SDK client. The last line of its
// prompt is JSON: {"tool": "agent.dispatch", "arguments": {...}}; it answers with the result.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

let prompt = '';
for await (const chunk of process.stdin) prompt += chunk;
const call = JSON.parse(prompt.trim().split('\n').at(-1));
const transport = new StreamableHTTPClientTransport(new URL(process.env.AGENTMESH_MCP_URL), {
  requestInit: { headers: { authorization: `Bearer ${process.env.AGENTMESH_MCP_TOKEN}` } },
});
const client = new Client({ name: 'orchestrator-agent', version: '1.0.0' });
await client.connect(transport);
const result = await client.callTool({ name: call.tool, arguments: call.arguments }, undefined, { timeout: 60_000 });
await client.close();
const say = (event) => process.stdout.write(JSON.stringify(event) + '\n');
say({ type: 'tool', name: call.tool, status: 'completed', output: result.content?.[0]?.text ?? '' });
const structured = result.structuredContent ?? {};
say({ type: 'result', text: result.isError ? `tool error: ${result.content?.[0]?.text}` : `child said: ${structured.result ?? JSON.stringify(structured)}`, isError: Boolean(result.isError) });
