import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { stringify as stringifyToml } from 'smol-toml';
import { writeWithBackup } from './backup.js';
import type { ConnectContext, FileWriter } from './connect-types.js';
import { withCodexMcpServer } from './mcp-entries.js';
import { planEdits } from './plan-edits.js';
import { parseTomlOrExplain, removeTables, removeTopLevelKey, upsertTable, upsertTopLevelKey } from './toml-text.js';

export const codexHome = (env: NodeJS.ProcessEnv = process.env) => env.CODEX_HOME ?? join(env.HOME ?? homedir(), '.codex');
export const codexConfigPath = (env: NodeJS.ProcessEnv = process.env) => join(codexHome(env), 'config.toml');
/** Current Codex (0.169 is tested) layers `$CODEX_HOME/<name>.config.toml` over config.toml for `--profile <name>`. */
export const codexProfilePath = (id: string, env: NodeJS.ProcessEnv = process.env) => join(codexHome(env), `${id}.config.toml`);

/** Codex reads the gateway token from this variable (`env_key`). */
export const codexEnvKey = 'AGENTMESH_TOKEN';

const readIfExists = (path: string) => (existsSync(path) ? readFileSync(path, 'utf8') : undefined);
const legacyProfile = (config: Record<string, unknown>, id: string) => (config.profiles as Record<string, Record<string, unknown>> | undefined)?.[id];

function providerBlock(ctx: ConnectContext): string {
  return [
    `[model_providers.${ctx.providerId}]`,
    `name = "AgentMesh"`,
    `base_url = ${JSON.stringify(ctx.gatewayUrl.replace(/\/$/, '') + '/v1')}`,
    `wire_api = "responses"`,
    `env_key = ${JSON.stringify(codexEnvKey)}`,
    `request_max_retries = 2`,
    `stream_max_retries = 2`,
  ].join('\n');
}

/**
 * config.toml: the model provider (Codex Desktop and `-c model_provider=…` see it there) and the
 * gateway's MCP server (`[mcp_servers.agentmesh]`, the runtime tools). An
 * inline `[profiles.<id>]` table, which an earlier version of this tool wrote, is removed:
 * current Codex refuses `--profile <id>` while it exists, and its settings move to the profile file.
 */
function configWriter(makeDefault: boolean): FileWriter {
  return {
    path: (ctx) => codexConfigPath(ctx.env),
    edit(before, ctx) {
      const path = codexConfigPath(ctx.env);
      const parsed = before === undefined ? {} : parseTomlOrExplain(before, path);
      const id = ctx.providerId;
      let text = upsertTable(before ?? '', `model_providers.${id}`, providerBlock(ctx));
      text = withCodexMcpServer(text, ctx, codexEnvKey);
      text = removeTables(text, `profiles.${id}`);
      // `profile = "<id>"` chose the legacy profile by default: its equivalent is the provider as default.
      const selected = parsed.profile === id;
      if (selected) text = removeTopLevelKey(text, 'profile');
      if (makeDefault || selected) text = upsertTopLevelKey(text, 'model_provider', JSON.stringify(id));
      const after = parseTomlOrExplain(text, path);
      if (legacyProfile(after, id) || after.profile === id) {
        throw new Error(`${path} defines the "${id}" profile in a way this tool cannot move; move it into ${codexProfilePath(id, ctx.env)} by hand`);
      }
      return text;
    },
  };
}

/** `<id>.config.toml`: what `codex --profile <id>` adds to config.toml, including settings moved from a legacy table. */
const profileWriter: FileWriter = {
  path: (ctx) => codexProfilePath(ctx.providerId, ctx.env),
  edit(before, ctx) {
    const id = ctx.providerId;
    const configText = readIfExists(codexConfigPath(ctx.env));
    const legacy = configText === undefined ? undefined : legacyProfile(parseTomlOrExplain(configText, codexConfigPath(ctx.env)), id);
    const moved = Object.fromEntries(Object.entries(legacy ?? {}).filter(([key]) => key !== 'model_provider'));
    const path = codexProfilePath(id, ctx.env);
    if (before === undefined) {
      const body = stringifyToml({ model_provider: id, ...moved });
      return `# Used by \`codex --profile ${id}\` (written by \`agentmesh connect codex\`).\n${body.trimEnd()}\n`;
    }
    const current = parseTomlOrExplain(before, path);
    const missing = Object.fromEntries(Object.entries(moved).filter(([key]) => !(key in current)));
    if (Object.keys(missing).length === 0) return upsertTopLevelKey(before, 'model_provider', JSON.stringify(id));
    // Rare (a profile file and a legacy table at once): a rewrite, which drops this file's comments.
    return `${stringifyToml({ ...current, ...missing, model_provider: id }).trimEnd()}\n`;
  },
};

export const codexWriters = (options: { makeDefault: boolean }): FileWriter[] => [configWriter(options.makeDefault), profileWriter];

export interface CodexConnectOptions {
  gatewayUrl: string;
  providerId?: string;
  /** Also make the gateway Codex's default provider. */
  makeDefault?: boolean;
  env?: NodeJS.ProcessEnv;
}

/** Writes both Codex files with backups (the dashboard's Connect Codex button). */
export function connectCodex(options: CodexConnectOptions) {
  const env = options.env ?? process.env;
  const ctx: ConnectContext = { gatewayUrl: options.gatewayUrl, token: '', dataDir: '', env, providerId: options.providerId ?? 'agentmesh' };
  const results = planEdits(codexWriters({ makeDefault: options.makeDefault ?? false }), ctx).map((edit) => ({ path: edit.path, ...writeWithBackup(edit.path, edit.before, edit.after) }));
  const [config] = results;
  return { path: config!.path, providerId: ctx.providerId, envKey: codexEnvKey, changed: results.some((result) => result.changed), backup: config!.backup };
}
