import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { toHttpError } from '../http/error-mapper.js';
import { runtimeTools, type RuntimeTool, type ToolContext } from './runtime-tools.js';

export const mcpServerInfo = { name: 'agentmesh', version: '1.0.0' };

/** A tool's answer: the structured object, and the same as JSON text for clients that read only text. */
export const toolResult = (value: Record<string, unknown>): CallToolResult => ({
  content: [{ type: 'text', text: JSON.stringify(value) }],
  structuredContent: value,
});

/** A refusal the model can act on: the error code and message as the REST face would give them. */
function toolError(error: unknown): CallToolResult {
  const mapped = toHttpError(error);
  return { content: [{ type: 'text', text: `${mapped.code}: ${mapped.message}` }], isError: true };
}

/**
 * An MCP server with the runtime tools for one caller (who, and from which task). Cheap to
 * build: the HTTP face makes one per request (stateless streamable HTTP). The SDK is loaded by
 * the first call, not at start: most gateways never serve /mcp, and it weighs ~25 MB of memory.
 */
export async function createMcpServer(context: Omit<ToolContext, 'signal'>, tools: RuntimeTool[] = runtimeTools): Promise<McpServer> {
  const sdk = await import('@modelcontextprotocol/sdk/server/mcp.js');
  const server = new sdk.McpServer(mcpServerInfo, { capabilities: { tools: {} } });
  for (const tool of tools) {
    server.registerTool(tool.name, { description: tool.description, inputSchema: tool.input }, async (args: unknown, extra) => {
      try {
        return toolResult(await tool.run(args as Record<string, unknown>, { ...context, signal: extra.signal }));
      } catch (error) {
        return toolError(error);
      }
    });
  }
  return server;
}
