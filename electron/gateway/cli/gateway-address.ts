import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadConfigFile } from '../config/load.js';
import { tokenFile } from '../config/token.js';
import { defaultDataDir } from '../server.js';

export interface AddressFlags {
  url?: string;
  port?: number;
  token?: string;
  dataDir?: string;
  config?: string;
}

export function existingDefaultConfig(dataDir: string): string | undefined {
  const candidate = join(dataDir, 'config.yaml');
  return existsSync(candidate) ? candidate : undefined;
}

/** Where a running gateway is and its token: flags, then env, then config, then the data dir. */
export function gatewayAddress(flags: AddressFlags, env: NodeJS.ProcessEnv = process.env): { url: string; token: string } {
  const dataDir = flags.dataDir ?? defaultDataDir(env);
  const configPath = flags.config ?? existingDefaultConfig(dataDir);
  const server = configPath ? loadConfigFile(configPath, env).config.server : undefined;
  const url = (flags.url ?? env.AGENTMESH_URL ?? `http://127.0.0.1:${flags.port ?? server?.port ?? 3000}`).replace(/\/$/, '');
  const file = tokenFile(flags.dataDir ?? (server?.dataDir ? resolve(server.dataDir) : dataDir));
  const token = flags.token ?? env.AGENTMESH_TOKEN ?? server?.token ?? (existsSync(file) ? readFileSync(file, 'utf8').trim() : undefined);
  if (!token) throw new Error(`no gateway token: pass --token, set AGENTMESH_TOKEN, or start the gateway once so it writes ${file}`);
  return { url, token };
}
