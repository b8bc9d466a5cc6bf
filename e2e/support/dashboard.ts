import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { createLogger } from '../../electron/gateway/log/logger.js';
import { createGateway, type Gateway } from '../../electron/gateway/server.js';
import { withoutDetection } from '../../electron/gateway/testing/gateway-harness.js';
import { scriptAgent } from '../../electron/gateway/testing/task-helpers.js';
import { startScriptedUpstream, type ScriptedUpstream } from '../../electron/gateway/testing/upstream.js';

export const uiDir = fileURLToPath(new URL('../../out/renderer/', import.meta.url));
export const artifactsDir = fileURLToPath(new URL('../artifacts/', import.meta.url));

export interface Dashboard {
  gateway: Gateway;
  upstream: ScriptedUpstream;
  dataDir: string;
  /** The watched YAML file, when started with `configFile`. */
  configPath?: string;
  close(): Promise<void>;
}

/**
 * A real gateway serving the built dashboard, with two harmless command agents and (by default)
 * no providers yet. `configFile`: run on a watched YAML file in the data dir, as headless users do.
 */
export async function startDashboard(
  extraConfig: (upstreamUrl: string) => Record<string, unknown> = () => ({}),
  options: { configFile?: boolean; env?: NodeJS.ProcessEnv } = {},
): Promise<Dashboard> {
  if (!existsSync(join(uiDir, 'index.html'))) throw new Error(`the dashboard is not built (${uiDir}); run \`npm run build\` first`);
  mkdirSync(artifactsDir, { recursive: true });
  const upstream = await startScriptedUpstream({ models: ['e2e-model'] });
  const dataDir = mkdtempSync(join(tmpdir(), 'agentmesh-e2e-'));
  const config = withoutDetection({
    agents: [
      scriptAgent('echo', 'echo-agent', { capabilities: ['docs'] }),
      scriptAgent('slow', 'slow-agent', { capabilities: ['slow'] }, ['{prompt}', '60']),
    ],
    ...extraConfig(upstream.url),
  }) as Record<string, unknown>;
  const configPath = options.configFile ? join(dataDir, 'config.yaml') : undefined;
  if (configPath) writeFileSync(configPath, stringify(config));
  const gateway = createGateway({
    ...(configPath ? { configPath } : { config, persist: () => {} }),
    dataDir,
    port: 0,
    token: 'e2e-token-0123456789',
    uiDir,
    logger: createLogger({ level: 'error' }),
    ...(options.env ? { env: options.env } : {}),
  });
  await gateway.start();
  return {
    gateway,
    upstream,
    dataDir,
    configPath,
    async close() {
      await gateway.stop();
      await upstream.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
