import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { resolveExecutable } from '../agents/detect.js';
import { tokenFile } from '../config/token.js';
import { claudeSettingsPath, claudeSettingsWriter } from './claude.js';
import { codexEnvKey, codexHome, codexWriters } from './codex.js';
import type { ConnectClient, ConnectContext } from './connect-types.js';
import { cursorSettingsWriter, cursorUserDir } from './cursor.js';
import { claudeMcpWriter } from './mcp-entries.js';
import { shellEnvWriter } from './shell-env.js';

export const clientIds = ['codex', 'codex-desktop', 'claude', 'cursor', 'shell-env'] as const;
export type ClientId = (typeof clientIds)[number];
export const isClientId = (name: string): name is ClientId => (clientIds as readonly string[]).includes(name);

const home = (env: NodeJS.ProcessEnv) => env.HOME ?? homedir();
const codexTokenNote = (ctx: ConnectContext) => [
  `Codex reads the token from $${codexEnvKey} (for the model provider and the agentmesh MCP server); set it where Codex runs:`,
  `  export ${codexEnvKey}=${ctx.token}`,
];

/**
 * What `agentmesh connect <client>` writes for each client: a list of file writers, so
 * another file (an MCP server entry, say) is one more writer in a list.
 */
export const connectClients = {
  codex: {
    label: 'Codex CLI',
    detect: (env) => resolveExecutable('codex', env) !== null || existsSync(codexHome(env)),
    writers: codexWriters({ makeDefault: false }),
    notes: (ctx) => [
      ...codexTokenNote(ctx),
      `Then: codex --profile ${ctx.providerId}`,
      `  (a Codex older than profile files: codex -c model_provider=${ctx.providerId})`,
    ],
  },
  'codex-desktop': {
    label: 'Codex Desktop',
    detect: () => process.platform === 'darwin' && ['/Applications', join(homedir(), 'Applications')].some((dir) => existsSync(join(dir, 'Codex.app'))),
    // The desktop app takes no --profile: the gateway becomes Codex's default provider.
    writers: codexWriters({ makeDefault: true }),
    notes: (ctx) => [
      ...codexTokenNote(ctx),
      `A desktop app does not see your shell's variables: on macOS run  launchctl setenv ${codexEnvKey} <token>  and restart Codex Desktop.`,
    ],
  },
  claude: {
    label: 'Claude Code',
    detect: (env) => resolveExecutable('claude', env) !== null || existsSync(claudeSettingsPath(env).replace(/settings\.json$/, '')),
    writers: [claudeSettingsWriter, claudeMcpWriter],
    notes: () => [
      'Claude Code now sends its model calls to the gateway (settings.json "env"); run claude as usual, --model NAME picks a routed model.',
      'Its MCP servers now include agentmesh (the runtime tools: agent.dispatch and the rest, as mcp__agentmesh__*).',
    ],
  },
  cursor: {
    label: 'Cursor',
    detect: (env) => existsSync(cursorUserDir(env)),
    writers: [cursorSettingsWriter],
    notes: () => ["In Cursor's model settings, enter the gateway token as the OpenAI API key (Cursor keeps keys in its own store)."],
  },
  'shell-env': {
    label: 'Shell environment',
    detect: (env) => /(ba|z)sh$/.test(env.SHELL ?? '') || ['.zshrc', '.bashrc'].some((name) => existsSync(join(home(env), name))),
    writers: [shellEnvWriter],
    notes: (ctx) => [
      'New shells get AGENTMESH_URL, AGENT_GATEWAY_URL and OPENAI_API_BASE; run  exec $SHELL  to load them here.',
      ...(existsSync(tokenFile(ctx.dataDir)) ? [] : [`No token file in ${ctx.dataDir}: set AGENTMESH_TOKEN yourself.`]),
    ],
  },
} satisfies Record<ClientId, ConnectClient>;
