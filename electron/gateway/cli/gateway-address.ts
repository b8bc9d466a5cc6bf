import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { readGatewayRuntime } from '../config/gateway-runtime.js';
import { interpolateEnv } from '../config/interpolate.js';
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

const local = (port: number) => `http://127.0.0.1:${port}`;
// The seed's shell-env block exported the /v1 base; our API lives at the root.
const apiRoot = (url: string) => url.replace(/\/+$/, '').replace(/\/v1$/, '');

/**
 * Where a running gateway is and its token, without reading the config file unless --config
 * names one: flags, then the environment (AGENTMESH_* or the seed's AGENT_GATEWAY_*), then the
 * address the gateway of the data dir wrote when it started, and the data dir's token file.
 */
export function gatewayAddress(flags: AddressFlags, env: NodeJS.ProcessEnv = process.env): { url: string; token: string } {
  const dataDir = flags.dataDir ?? defaultDataDir(env);
  const server = flags.config ? serverSection(flags.config, env) : {};
  const envUrl = env.AGENTMESH_URL || env.AGENT_GATEWAY_URL;
  const port = flags.port ?? server.port;
  const url = apiRoot(flags.url ?? envUrl ?? (port !== undefined ? local(port) : (readGatewayRuntime(dataDir)?.url ?? local(3000))));
  const file = tokenFile(dataDir);
  const token = flags.token || env.AGENTMESH_TOKEN || env.AGENT_GATEWAY_TOKEN || server.token || (existsSync(file) ? readFileSync(file, 'utf8').trim() : undefined);
  if (!token) throw new Error(`no gateway token: pass --token, set AGENTMESH_TOKEN, or start the gateway once so it writes ${file}`);
  return { url, token };
}

/**
 * Only `server.port` and `server.token` of a file the user named: the rest of the document is
 * the gateway's business, and a fault elsewhere in it must not stop a client command.
 */
function serverSection(path: string, env: NodeJS.ProcessEnv): { port?: number; token?: string } {
  let document: unknown;
  try {
    document = parseYaml(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read server.port and server.token from ${path}: ${(error as Error).message.split('\n')[0]}`);
  }
  const root = document as { port?: unknown; server?: { port?: unknown; token?: unknown } } | null;
  const server = root?.server;
  // agentmesh 1.x files keep the port at the top level.
  const port = typeof server?.port === 'number' ? server.port : typeof root?.port === 'number' ? root.port : undefined;
  const token = typeof server?.token === 'string' ? interpolateEnv(server.token, env) : undefined;
  return { port, token: token || undefined };
}
