import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { GatewayFiles } from './gateway-process.js';

export const MODEL = 'bench-model';
/** Routed to the same kind of provider on the HTTPS upstream. */
export const TLS_MODEL = 'bench-tls-model';
const TOKEN = 'bench-token-0123456789abcdef';

/** The gateway's files, all under `dir` (the bench's temporary directory, removed at the end). */
export type BenchFiles = GatewayFiles & { dir: string };

/**
 * One openai-chat provider on the scripted upstream and a literal route to it: a chat
 * client asking for MODEL takes the same-protocol pass-through path, a messages client the
 * translated one. A second one on the HTTPS upstream serves TLS_MODEL. No retries, so a
 * failure shows instead of being hidden by a second try.
 */
export function writeGatewayFiles(dir: string, upstreamUrl: string, tlsUpstreamUrl: string): BenchFiles {
  const config = {
    providers: [
      { id: 'bench', type: 'openai-chat', baseUrl: `${upstreamUrl}/v1`, apiKey: 'sk-bench-upstream-key', models: [MODEL] },
      { id: 'bench-tls', type: 'openai-chat', baseUrl: `${tlsUpstreamUrl}/v1`, apiKey: 'sk-bench-upstream-key', models: [TLS_MODEL] },
    ],
    routes: [
      { match: MODEL, to: [`bench:${MODEL}`] },
      { match: TLS_MODEL, to: [`bench-tls:${TLS_MODEL}`] },
    ],
    prices: { [MODEL]: { input: 1, output: 2 } },
    resilience: { retries: 0 },
  };
  const configPath = join(dir, 'config.yaml');
  writeFileSync(configPath, stringify(config));
  return { dir, configPath, dataDir: join(dir, 'data'), token: TOKEN };
}
