import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLogger } from '../../electron/gateway/log/logger.js';
import { createGateway, type Gateway } from '../../electron/gateway/server.js';
import { scriptAgent } from '../../electron/gateway/testing/task-helpers.js';
import { startScriptedUpstream, type ScriptedUpstream } from '../../electron/gateway/testing/upstream.js';

export const uiDir = fileURLToPath(new URL('../../out/renderer/', import.meta.url));
export const artifactsDir = fileURLToPath(new URL('../artifacts/', import.meta.url));

export interface Dashboard {
  gateway: Gateway;
  upstream: ScriptedUpstream;
  dataDir: string;
  close(): Promise<void>;
}

/** A real gateway serving the built dashboard, with two harmless command agents and (by default) no providers yet. */
export async function startDashboard(extraConfig: (upstreamUrl: string) => Record<string, unknown> = () => ({})): Promise<Dashboard> {
  if (!existsSync(join(uiDir, 'index.html'))) throw new Error(`the dashboard is not built (${uiDir}); run \`npm run build\` first`);
  mkdirSync(artifactsDir, { recursive: true });
  const upstream = await startScriptedUpstream({ models: ['e2e-model'] });
  const dataDir = mkdtempSync(join(tmpdir(), 'agentmesh-e2e-'));
  const gateway = createGateway({
    config: {
      agents: [
        scriptAgent('echo', 'echo-agent', { capabilities: ['docs'] }),
        scriptAgent('slow', 'slow-agent', { capabilities: ['slow'] }, ['{prompt}', '60']),
      ],
      ...extraConfig(upstream.url),
    },
    persist: () => {},
    dataDir,
    port: 0,
    token: 'e2e-token-0123456789',
    uiDir,
    logger: createLogger({ level: 'error' }),
  });
  await gateway.start();
  return {
    gateway,
    upstream,
    dataDir,
    async close() {
      await gateway.stop();
      await upstream.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
