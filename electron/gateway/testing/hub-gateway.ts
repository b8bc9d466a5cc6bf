import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../log/logger.js';
import { createGateway, type Gateway } from '../server.js';
import { freePort } from './ports.js';
import { apiOf, type Api } from './task-helpers.js';

export const HUB_TEST_TOKEN = 'hub-test-token-0123456789';

/** A gateway for hub client tests: a fixed port and data dir, so restart() brings it back where its agents look for it. */
export interface HubGateway {
  gateway: Gateway;
  url: string;
  token: string;
  dataDir: string;
  api: Api;
  logLines: string[];
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function startHubGateway(config: Record<string, unknown> = {}): Promise<HubGateway> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'agentmesh-hub-'));
  const logLines: string[] = [];
  const logger = createLogger({ level: 'debug', write: (line) => logLines.push(line) });
  const start = async () => {
    const gateway = createGateway({ config, host: '127.0.0.1', port, dataDir, token: HUB_TEST_TOKEN, logger });
    await gateway.start();
    return gateway;
  };
  const handle: HubGateway = {
    gateway: await start(),
    url: `http://127.0.0.1:${port}`,
    token: HUB_TEST_TOKEN,
    dataDir,
    api: retryingOnce(apiOf({ url: `http://127.0.0.1:${port}`, token: HUB_TEST_TOKEN })),
    logLines,
    async restart() {
      await handle.gateway.stop();
      handle.gateway = await start();
    },
    async close() {
      await handle.gateway.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return handle;
}

/** After restart() a kept-alive connection to the old server may be handed out once more: ask again on a fresh one. */
function retryingOnce(api: Api): Api {
  return (async (method: string, path: string, body?: unknown) => {
    try {
      return await api(method, path, body);
    } catch (error) {
      if ((error as { cause?: { code?: string } }).cause?.code !== 'UND_ERR_SOCKET') throw error;
      return api(method, path, body);
    }
  }) as Api;
}
