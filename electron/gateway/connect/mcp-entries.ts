import { homedir } from 'node:os';
import { join } from 'node:path';
import type { ConnectContext, FileWriter } from './connect-types.js';
import { parseSettings, settingsText } from './json-settings.js';
import { upsertTable } from './toml-text.js';

// Registering the gateway's MCP server (the runtime tools at /mcp) with a client, beside its
// model provider. The server is named as in the orchestrator role: its tools show as
// mcp__agentmesh__agent_dispatch and so on.
export const mcpServerKey = 'agentmesh';
const mcpUrl = (ctx: ConnectContext) => `${ctx.gatewayUrl.replace(/\/$/, '')}/mcp`;

/** Codex: `[mcp_servers.agentmesh]`, streamable HTTP, the token read from the variable its provider uses too. */
export function withCodexMcpServer(text: string, ctx: ConnectContext, envKey: string): string {
  return upsertTable(text, `mcp_servers.${mcpServerKey}`, [`[mcp_servers.${mcpServerKey}]`, `url = ${JSON.stringify(mcpUrl(ctx))}`, `bearer_token_env_var = ${JSON.stringify(envKey)}`].join('\n'));
}

/** Where `claude mcp add --scope user` keeps its servers: .claude.json in CLAUDE_CONFIG_DIR, else in the home directory. */
export const claudeUserConfigPath = (env: NodeJS.ProcessEnv = process.env) => join(env.CLAUDE_CONFIG_DIR ?? env.HOME ?? homedir(), '.claude.json');

type ClaudeUserConfig = Record<string, unknown> & { mcpServers?: Record<string, unknown> };

/**
 * Claude Code: what `claude mcp add --scope user --transport http agentmesh <url> --header
 * "Authorization: Bearer <token>"` writes. Claude keeps its own state in the same file and
 * rewrites it all the time, so disconnect removes just this entry instead of restoring a backup.
 */
export const claudeMcpWriter: FileWriter = {
  path: (ctx) => claudeUserConfigPath(ctx.env),
  edit(before, ctx) {
    const config = parseSettings(before, claudeUserConfigPath(ctx.env)) as ClaudeUserConfig;
    const entry = { type: 'http', url: mcpUrl(ctx), headers: { Authorization: `Bearer ${ctx.token}` } };
    return settingsText(before, config, { ...config, mcpServers: { ...(config.mcpServers ?? {}), [mcpServerKey]: entry } });
  },
  undo(text) {
    const config = JSON.parse(text) as ClaudeUserConfig;
    if (!config.mcpServers || !(mcpServerKey in config.mcpServers)) return text;
    const { [mcpServerKey]: _ours, ...others } = config.mcpServers;
    const { mcpServers: _all, ...rest } = config;
    return `${JSON.stringify(Object.keys(others).length ? { ...rest, mcpServers: others } : rest, null, 2)}\n`;
  },
};
