import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { writeWithBackup } from './backup.js';

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

/** Merges the environment into settings.json `env`, keeping every other setting. */
export function writeClaudeSettings(gatewayUrl: string, token: string, env: NodeJS.ProcessEnv = process.env) {
  const path = claudeSettingsPath(env);
  const before = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
  let settings: Record<string, unknown> = {};
  if (before !== undefined && before.trim()) {
    try {
      settings = JSON.parse(before) as Record<string, unknown>;
    } catch (error) {
      throw new Error(`${path} is not valid JSON, so it was left alone: ${(error as Error).message}`);
    }
  }
  const current = (settings.env && typeof settings.env === 'object' ? settings.env : {}) as Record<string, string>;
  settings.env = { ...current, ...claudeEnvironment(gatewayUrl, token) };
  return { path, ...writeWithBackup(path, before, JSON.stringify(settings, null, 2) + '\n') };
}
