import type { Command } from 'commander';
import { tokenFile } from '../config/token.js';
import { createLogger } from '../log/logger.js';
import { createGateway, defaultDataDir } from '../server.js';
import { killActiveRuns } from '../tasks/process-runner.js';
import { existingDefaultConfig } from './gateway-address.js';
import { gatewayFlagsSchema, parseFlags } from './options.js';

export function addGatewayCommand(program: Command): void {
  program
    .command('gateway')
    .alias('start')
    .description('run the gateway headless (model endpoints on /v1, agents and tasks API, events)')
    .option('--config <file>', 'YAML config file (watched; edits apply without restart)')
    .option('--port <n>', 'port to listen on (default: server.port, else 3000; 0 picks a free one)')
    .option('--host <h>', 'address to bind (default: server.host, else 127.0.0.1)')
    .option('--data-dir <dir>', 'where the database and generated token live (default: ~/.agentmesh)')
    .option('--token <t>', 'bearer token clients must send (default: server.token, else generated)')
    .option('--log-level <level>', 'debug | info | warn | error (default: logging.level in the config, else info)')
    .action(async (raw) => {
      const flags = parseFlags(gatewayFlagsSchema, raw);
      const dataDir = flags.dataDir ?? defaultDataDir();
      const configPath = flags.config ?? existingDefaultConfig(dataDir);
      const logger = createLogger({ level: flags.logLevel ?? 'info' });
      // Config warnings read as plain lines, at start and after every reload of the file.
      const warn = (message: string) => void process.stderr.write(`warning: ${message}\n`);
      const gateway = createGateway({ configPath, port: flags.port, host: flags.host, token: flags.token, dataDir: flags.dataDir, logger, logLevel: flags.logLevel, warn });
      const { url } = await gateway.start();
      process.stdout.write(`listening on ${url}\n`);
      process.stdout.write(`dashboard: ${gateway.loginLink()}  (one-time login link)\n`);
      if (!flags.token && !gateway.services.config.get().server.token) logger.info('token file', { path: tokenFile(gateway.dataDir) });
      let stopping = false;
      const stop = async (signal: string) => {
        if (stopping) return;
        stopping = true;
        logger.info('stopping', { signal });
        await gateway.stop();
        process.exit(0);
      };
      // Agents lead their own process groups; never leave them running behind a dying gateway.
      process.on('exit', () => killActiveRuns());
      process.on('SIGINT', () => void stop('SIGINT'));
      process.on('SIGTERM', () => void stop('SIGTERM'));
    });
}
