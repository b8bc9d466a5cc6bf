import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { GatewayFiles } from './gateway-process.js';

export const MODEL = 'bench-model';
const TOKEN = 'bench-token-0123456789abcdef';

/** The gateway's files, all under `dir`, which the bench removes at the end. */
export type BenchFiles = GatewayFiles & { dir: string };

/**
 * One openai-chat provider on the scripted upstream and a literal route to it: a chat
 * client asking for MODEL takes the same-protocol pass-through path, a messages client the
 * translated one. No retries, so a failure shows instead of being hidden by a second try.
 */
export function writeGatewayFiles(upstreamUrl: string): BenchFiles {
  const dir = mkdtempSync(join(tmpdir(), 'agentmesh-bench-'));
  const config = {
    providers: [{ id: 'bench', type: 'openai-chat', baseUrl: `${upstreamUrl}/v1`, apiKey: 'sk-bench-upstream-key', models: [MODEL] }],
    routes: [{ match: MODEL, to: [`bench:${MODEL}`] }],
    prices: { [MODEL]: { input: 1, output: 2 } },
    resilience: { retries: 0 },
  };
  const configPath = join(dir, 'config.yaml');
  writeFileSync(configPath, stringify(config));
  return { dir, configPath, dataDir: join(dir, 'data'), token: TOKEN };
}
