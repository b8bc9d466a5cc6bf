import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { mcpServerInfo } from './mcp-server.js';
import { mcpPath } from './mcp-http.js';

export interface StdioBridgeOptions {
  /** The running gateway (no /mcp). */
  url: string;
  token: string;
  /** Default: this process's stdin/stdout. */
  transport?: Transport;
}

/**
 * `agentmesh mcp`: the runtime tools over stdio for clients that start their MCP servers as
 * processes. It holds no tools of its own: it lists and calls those of the running gateway's
 * /mcp, so both transports always offer the same tools. A gateway that is down is a tool error
 * the client can show, not a crash.
 */
export async function runStdioBridge(options: StdioBridgeOptions): Promise<{ close(): Promise<void> }> {
  // Imported here, not at the top: the gateway's own process shares this CLI bundle and never needs them.
  const [{ Client }, { StreamableHTTPClientTransport }, { Server }, { StdioServerTransport }, { CallToolRequestSchema, ListToolsRequestSchema }] = await Promise.all([
    import('@modelcontextprotocol/sdk/client/index.js'),
    import('@modelcontextprotocol/sdk/client/streamableHttp.js'),
    import('@modelcontextprotocol/sdk/server/index.js'),
    import('@modelcontextprotocol/sdk/server/stdio.js'),
    import('@modelcontextprotocol/sdk/types.js'),
  ]);
  let upstream: Promise<Client> | undefined;
  const connect = () =>
    (upstream ??= (async () => {
      const client = new Client({ name: 'agentmesh-mcp-stdio', version: mcpServerInfo.version });
      const transport = new StreamableHTTPClientTransport(new URL(mcpPath, options.url), { requestInit: { headers: { authorization: `Bearer ${options.token}` } } });
      await client.connect(transport);
      return client;
    })().catch((error: unknown) => {
      upstream = undefined;
      throw new Error(`cannot reach the AgentMesh gateway at ${options.url}: ${(error as Error).message}; is it running?`);
    }));
  const server = new Server(mcpServerInfo, { capabilities: { tools: {} } });
  server.setRequestHandler(ListToolsRequestSchema, async (request) => (await connect()).listTools(request.params));
  server.setRequestHandler(CallToolRequestSchema, async (request, extra): Promise<CallToolResult> => {
    try {
      // No client-side timeout: a blocking dispatch lasts as long as its task.
      return (await (await connect()).callTool(request.params, undefined, { signal: extra.signal, timeout: 24 * 3_600_000 })) as CallToolResult;
    } catch (error) {
      return { content: [{ type: 'text', text: (error as Error).message }], isError: true };
    }
  });
  await server.connect(options.transport ?? new StdioServerTransport());
  return {
    async close() {
      await server.close();
      if (upstream) await (await upstream.catch(() => undefined))?.close();
    },
  };
}
