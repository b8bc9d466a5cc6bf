import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { configSchema, type GatewayConfig } from '../../shared/schemas/config.js';
import { ConfigStore } from './config/config-store.js';
import { loadConfigFile, parseConfig } from './config/load.js';
import { resolveToken } from './config/token.js';
import { createEventBus, type EventBus } from './events/bus.js';
import type { GatewayEvents } from './events/gateway-events.js';
import { createApp } from './http/app.js';
import { allowedHostSet } from './http/guards.js';
import { createLogger, type Logger } from './log/logger.js';
import type { ModelServices } from './models/pipeline/handle-model-call.js';
import { ProviderStates } from './models/providers/provider-states.js';
import { openDatabase, type Db } from './store/database.js';
import { UsageLedger } from './store/usage-ledger.js';

export interface GatewayOptions {
  /** A YAML file, watched for edits. */
  configPath?: string;
  /** Or a config document given directly (desktop settings, tests). */
  config?: unknown;
  host?: string;
  port?: number;
  token?: string;
  dataDir?: string;
  logger?: Logger;
  env?: NodeJS.ProcessEnv;
}

export interface GatewayServices {
  config: ConfigStore;
  bus: EventBus<GatewayEvents>;
  ledger: UsageLedger;
  providers: ProviderStates;
  db: Db;
  logger: Logger;
}

export interface Gateway {
  start(): Promise<{ url: string; port: number; host: string }>;
  stop(): Promise<void>;
  readonly url: string;
  readonly token: string;
  readonly services: GatewayServices;
}

export const defaultDataDir = (env: NodeJS.ProcessEnv = process.env) => env.AGENTMESH_DATA_DIR ?? join(homedir(), '.agentmesh');

/** Wires config, store, providers and the HTTP app; nothing listens until start(). */
export function createGateway(options: GatewayOptions = {}): Gateway {
  const env = options.env ?? process.env;
  const logger = options.logger ?? createLogger();
  const bus = createEventBus<GatewayEvents>();
  const initial: GatewayConfig = options.configPath
    ? loadConfigFile(options.configPath, env).config
    : options.config !== undefined
      ? parseConfig(options.config, env).config
      : configSchema.parse({});
  const config = new ConfigStore(initial, bus, logger, options.configPath);
  const dataDir = options.dataDir ?? defaultDataDir(env);
  const host = options.host ?? initial.server.host;
  let port = options.port ?? initial.server.port;
  const token = resolveToken(options.token, initial.server.token, dataDir);
  logger.addSecret(token);

  const db = openDatabase(dataDir);
  const ledger = new UsageLedger(db);
  const providers = new ProviderStates(() => config.get(), bus);
  const models: ModelServices = { config: () => config.get(), ledger, providers, bus, logger };
  const services: GatewayServices = { config, bus, ledger, providers, db, logger };

  let hosts = new Set<string>();
  const app = createApp({ guards: { allowedHosts: () => hosts, token: () => token }, models, logger });
  let server: Server | undefined;

  return {
    services,
    token,
    get url() {
      return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
    },
    async start() {
      const { requestTimeoutMs, headersTimeoutMs } = initial.server;
      server = createServer(
        {
          requestTimeout: requestTimeoutMs,
          headersTimeout: headersTimeoutMs,
          // Node checks those deadlines on this interval (30 s by default): too coarse for slowloris.
          connectionsCheckingInterval: Math.min(1_000, Math.ceil(headersTimeoutMs / 2)),
        },
        app,
      );
      server.keepAliveTimeout = 65_000;
      await new Promise<void>((resolve, reject) => {
        server!.once('error', reject);
        server!.listen(port, host, () => resolve());
      });
      port = (server.address() as AddressInfo).port;
      const extra = host === '0.0.0.0' || host === '::' ? initial.server.allowedHosts : [host, ...initial.server.allowedHosts];
      hosts = allowedHostSet(port, extra);
      config.watch();
      return { url: this.url, port, host };
    },
    async stop() {
      config.close();
      if (server) {
        const closing = new Promise<void>((resolve) => server!.close(() => resolve()));
        server.closeIdleConnections();
        const force = setTimeout(() => server?.closeAllConnections(), 2_000);
        await closing;
        clearTimeout(force);
        server = undefined;
      }
      ledger.flush();
      db.close();
    },
  };
}
