import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { createLogger, type LogLevel } from '../log/logger.js';
import { createGateway, type Gateway } from '../server.js';
import { startScriptedUpstream, type ScriptedUpstream } from './upstream.js';

export const TEST_TOKEN = 'test-token-0123456789';

/** Three providers on one scripted upstream, one per wire protocol, and routes to each. */
export function defaultTestConfig(upstreamUrl: string) {
  return {
    providers: [
      { id: 'chatty', type: 'openai-chat', baseUrl: `${upstreamUrl}/v1`, apiKey: 'sk-upstream-chat-secret', models: ['chat-model'] },
      { id: 'respy', type: 'openai-responses', baseUrl: `${upstreamUrl}/v1`, apiKey: 'sk-upstream-resp-secret', models: ['resp-model'] },
      { id: 'anthro', type: 'anthropic', baseUrl: upstreamUrl, apiKey: 'sk-ant-upstream-secret', models: ['claude-test'] },
    ],
    routes: [
      { match: 'via-chat', to: ['chatty:chat-model'] },
      { match: 'via-responses', to: ['respy:resp-model'] },
      { match: 'via-anthropic', to: ['anthro:claude-test'] },
    ],
    prices: { 'chat-model': { input: 1, output: 2 } },
    resilience: { retries: 0, retryBaseMs: 10 },
  };
}

/** One chat-only provider serving every model name: what the real Codex and Claude Code tests route to. */
export const chatOnlyConfig = (upstreamUrl: string, extra: Record<string, unknown> = {}) => ({
  providers: [{ id: 'chatonly', type: 'openai-chat', baseUrl: `${upstreamUrl}/v1`, apiKey: 'sk-chat-only', models: ['small-chat-model'] }],
  // The CLIs also ask side questions (titles, summaries) under other model names.
  routes: [{ match: '*', to: ['chatonly:small-chat-model'] }],
  ...extra,
});

/**
 * Tests see only the agents they configure: `npm test` puts node_modules/.bin, which holds
 * codex and claude, on PATH. A test about detection sets `detectAgents` itself.
 */
export function withoutDetection(document: unknown): unknown {
  return document && typeof document === 'object' && !('detectAgents' in document) ? { ...document, detectAgents: false } : document;
}

export interface Harness {
  upstream: ScriptedUpstream;
  gateway: Gateway;
  url: string;
  token: string;
  dataDir: string;
  configPath?: string;
  logLines: string[];
  /** The gateway's base URL with /v1, for the OpenAI SDK. */
  v1: string;
  close(): Promise<void>;
}

export interface HarnessOptions {
  config?: (upstreamUrl: string) => unknown;
  /** Write the config to a YAML file (watched) instead of passing it in memory. */
  configFile?: boolean;
  logLevel?: LogLevel;
  /** The gateway's environment (HOME, CODEX_HOME, CLAUDE_CONFIG_DIR…); default process.env. */
  env?: NodeJS.ProcessEnv;
  /** The built dashboard to serve at /ui (default: the app's build, if any). */
  uiDir?: string;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const upstream = await startScriptedUpstream();
  const dataDir = mkdtempSync(join(tmpdir(), 'agentmesh-test-'));
  const document = withoutDetection((options.config ?? defaultTestConfig)(upstream.url));
  let configPath: string | undefined;
  if (options.configFile) {
    configPath = join(dataDir, 'config.yaml');
    writeFileSync(configPath, stringify(document));
  }
  const logLines: string[] = [];
  const logger = createLogger({ level: options.logLevel ?? 'debug', write: (line) => logLines.push(line) });
  const gateway = createGateway({
    ...(configPath ? { configPath } : { config: document }),
    host: '127.0.0.1',
    port: 0,
    dataDir,
    token: TEST_TOKEN,
    logger,
    ...(options.env ? { env: options.env } : {}),
    ...(options.uiDir ? { uiDir: options.uiDir } : {}),
  });
  await gateway.start();
  return {
    upstream,
    gateway,
    url: gateway.url,
    v1: `${gateway.url}/v1`,
    token: TEST_TOKEN,
    dataDir,
    configPath,
    logLines,
    async close() {
      await gateway.stop();
      await upstream.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
