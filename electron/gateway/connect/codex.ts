import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { writeWithBackup } from './backup.js';

export interface CodexConnectOptions {
  gatewayUrl: string;
  providerId?: string;
  envKey?: string;
  /** Also make the gateway Codex's default provider. */
  makeDefault?: boolean;
  env?: NodeJS.ProcessEnv;
}

export const codexConfigPath = (env: NodeJS.ProcessEnv = process.env) =>
  join(env.CODEX_HOME ?? join(env.HOME ?? homedir(), '.codex'), 'config.toml');

/**
 * Adds (or refreshes) a `[model_providers.<id>]` table and a `[profiles.<id>]` table in
 * Codex's config.toml, leaving the rest of the file, comments included, as it was.
 */
export function connectCodex(options: CodexConnectOptions) {
  const id = options.providerId ?? 'agentmesh';
  const envKey = options.envKey ?? 'AGENTMESH_TOKEN';
  const path = codexConfigPath(options.env);
  const before = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
  if (before !== undefined) assertToml(before, path);

  const provider = [
    `[model_providers.${id}]`,
    `name = "AgentMesh"`,
    `base_url = ${JSON.stringify(options.gatewayUrl.replace(/\/$/, '') + '/v1')}`,
    `wire_api = "responses"`,
    `env_key = ${JSON.stringify(envKey)}`,
    `request_max_retries = 2`,
    `stream_max_retries = 2`,
  ].join('\n');
  const profile = [`[profiles.${id}]`, `model_provider = ${JSON.stringify(id)}`].join('\n');

  let text = before ?? '';
  text = upsertTable(text, `model_providers.${id}`, provider);
  text = upsertTable(text, `profiles.${id}`, profile);
  if (options.makeDefault) text = upsertTopLevelKey(text, 'model_provider', JSON.stringify(id));
  assertToml(text, path);
  return { path, providerId: id, envKey, ...writeWithBackup(path, before, text) };
}

function assertToml(text: string, path: string) {
  try {
    parseToml(text);
  } catch (error) {
    throw new Error(`${path} is not valid TOML, so it was left alone: ${(error as Error).message.split('\n')[0]}`);
  }
}

/** Replaces the table `[name]` (up to the next table header) or appends it. */
function upsertTable(text: string, name: string, block: string): string {
  const lines = text.split('\n');
  const start = lines.findIndex((line) => line.trim() === `[${name}]`);
  if (start === -1) return `${text.replace(/\n*$/, '')}${text.trim() ? '\n\n' : ''}${block}\n`;
  let end = start + 1;
  while (end < lines.length && !/^\s*\[/.test(lines[end] as string)) end++;
  while (end > start + 1 && (lines[end - 1] as string).trim() === '') end--;
  return [...lines.slice(0, start), ...block.split('\n'), ...lines.slice(end)].join('\n');
}

/** Sets a key before the first table, where TOML top-level keys must live. */
function upsertTopLevelKey(text: string, key: string, value: string): string {
  const lines = text.split('\n');
  const firstTable = lines.findIndex((line) => /^\s*\[/.test(line));
  const top = firstTable === -1 ? lines.length : firstTable;
  const existing = lines.slice(0, top).findIndex((line) => new RegExp(`^\\s*${key}\\s*=`).test(line));
  if (existing !== -1) lines[existing] = `${key} = ${value}`;
  else lines.splice(0, 0, `${key} = ${value}`);
  return lines.join('\n');
}
