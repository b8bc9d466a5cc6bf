import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { writeWithBackup } from './backup.js';
import type { ConnectContext, FileWriter } from './connect-types.js';
import { parseSettings, settingsText } from './json-settings.js';

export const claudeSettingsPath = (env: NodeJS.ProcessEnv = process.env) =>
  join(env.CLAUDE_CONFIG_DIR ?? join(env.HOME ?? homedir(), '.claude'), 'settings.json');

/** The environment that points Claude Code at the gateway (it appends /v1/messages itself). */
export function claudeEnvironment(gatewayUrl: string, token: string): Record<string, string> {
  return {
    ANTHROPIC_BASE_URL: gatewayUrl.replace(/\/$/, ''),
    ANTHROPIC_AUTH_TOKEN: token,
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
  };
}

/** settings.json `env`, merged: every other setting and variable stays. */
export const claudeSettingsWriter: FileWriter = {
  path: (ctx) => claudeSettingsPath(ctx.env),
  edit(before, ctx: ConnectContext) {
    const settings = parseSettings(before, claudeSettingsPath(ctx.env));
    const current = settings.env && typeof settings.env === 'object' ? (settings.env as Record<string, string>) : {};
    return settingsText(before, settings, { ...settings, env: { ...current, ...claudeEnvironment(ctx.gatewayUrl, ctx.token) } });
  },
};

/** Merges the environment into settings.json with a backup (the dashboard's Connect Claude Code button). */
export function writeClaudeSettings(gatewayUrl: string, token: string, env: NodeJS.ProcessEnv = process.env) {
  const ctx: ConnectContext = { gatewayUrl, token, env, dataDir: '', providerId: '' };
  const path = claudeSettingsPath(env);
  const before = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
  return { path, ...writeWithBackup(path, before, claudeSettingsWriter.edit(before, ctx)) };
}
