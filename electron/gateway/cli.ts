import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { parseFlags, connectFlagsSchema, gatewayFlagsSchema, type ConnectFlags } from './cli-options.js';
import { loadConfigFile } from './config/load.js';
import { tokenFile } from './config/token.js';
import { claudeEnvironment, writeClaudeSettings } from './connect/claude.js';
import { connectCodex } from './connect/codex.js';
import { createLogger } from './log/logger.js';
import { createGateway, defaultDataDir } from './server.js';
import { readFileSync } from 'node:fs';

const program = new Command('agentmesh')
  .description('Local gateway for coding agents and model providers')
  .showHelpAfterError();

program
  .command('gateway')
  .description('run the gateway headless (model endpoints on /v1, management API)')
  .option('--config <file>', 'YAML config file (watched; edits apply without restart)')
  .option('--port <n>', 'port to listen on (default: server.port, else 3000; 0 picks a free one)')
  .option('--host <h>', 'address to bind (default: server.host, else 127.0.0.1)')
  .option('--data-dir <dir>', 'where the database and generated token live (default: ~/.agentmesh)')
  .option('--token <t>', 'bearer token clients must send (default: server.token, else generated)')
  .option('--log-level <level>', 'debug | info | warn | error', 'info')
  .action(async (raw) => {
    const flags = parseFlags(gatewayFlagsSchema, raw);
    const dataDir = flags.dataDir ?? defaultDataDir();
    const configPath = flags.config ?? existingDefaultConfig(dataDir);
    const logger = createLogger({ level: flags.logLevel });
    const gateway = createGateway({ configPath, port: flags.port, host: flags.host, token: flags.token, dataDir, logger });
    const { url } = await gateway.start();
    process.stdout.write(`listening on ${url}\n`);
    if (!flags.token && !gateway.services.config.get().server.token) logger.info('token file', { path: tokenFile(dataDir) });
    let stopping = false;
    const stop = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      logger.info('stopping', { signal });
      await gateway.stop();
      process.exit(0);
    };
    process.on('SIGINT', () => void stop('SIGINT'));
    process.on('SIGTERM', () => void stop('SIGTERM'));
  });

const connect = program.command('connect').description('point Codex or Claude Code at this gateway');
const connectOptions = (command: Command) =>
  command
    .option('--url <url>', 'gateway URL (default: http://127.0.0.1:<port>)')
    .option('--port <n>', 'gateway port when --url is not given (default: from config, else 3000)')
    .option('--token <t>', 'gateway token (default: $AGENTMESH_TOKEN, config, or the data dir token file)')
    .option('--config <file>', 'gateway config file to read port and token from')
    .option('--data-dir <dir>', 'gateway data dir (default: ~/.agentmesh)');

connectOptions(connect.command('codex'))
  .description('add an AgentMesh model provider and profile to $CODEX_HOME/config.toml (backed up first)')
  .option('--name <id>', 'model provider id', 'agentmesh')
  .option('--default', 'also make it Codex\'s default model_provider')
  .action((raw) => {
    const flags = parseFlags(connectFlagsSchema, raw);
    const { url, token } = gatewayAddress(flags);
    const result = connectCodex({ gatewayUrl: url, providerId: flags.name, makeDefault: flags.default });
    const what = result.changed ? `updated ${result.path}${result.backup ? ` (backup: ${result.backup})` : ''}` : `${result.path} already up to date`;
    process.stdout.write(`${what}\n`);
    process.stdout.write(`Codex reads the token from $${result.envKey}; set it where Codex runs:\n  export ${result.envKey}=${token}\n`);
    process.stdout.write(`Then: codex --profile ${result.providerId}  (or pick the "${result.providerId}" provider in Codex Desktop)\n`);
  });

connectOptions(connect.command('claude'))
  .description('print the environment for Claude Code; --write puts it into ~/.claude/settings.json (backed up first)')
  .option('--write', 'write the environment into settings.json "env"')
  .action((raw) => {
    const flags = parseFlags(connectFlagsSchema, raw);
    const { url, token } = gatewayAddress(flags);
    if (flags.write) {
      const result = writeClaudeSettings(url, token);
      const what = result.changed ? `updated ${result.path}${result.backup ? ` (backup: ${result.backup})` : ''}` : `${result.path} already up to date`;
      process.stdout.write(`${what}\n`);
      return;
    }
    for (const [key, value] of Object.entries(claudeEnvironment(url, token))) process.stdout.write(`export ${key}=${value}\n`);
  });

function existingDefaultConfig(dataDir: string): string | undefined {
  const candidate = join(dataDir, 'config.yaml');
  return existsSync(candidate) ? candidate : undefined;
}

function gatewayAddress(flags: ConnectFlags): { url: string; token: string } {
  const dataDir = flags.dataDir ?? defaultDataDir();
  const configPath = flags.config ?? existingDefaultConfig(dataDir);
  const server = configPath ? loadConfigFile(configPath).config.server : undefined;
  const url = flags.url ?? `http://127.0.0.1:${flags.port ?? server?.port ?? 3000}`;
  const file = tokenFile(dataDir);
  const token = flags.token ?? process.env.AGENTMESH_TOKEN ?? server?.token ?? (existsSync(file) ? readFileSync(file, 'utf8').trim() : undefined);
  if (!token) throw new Error(`no gateway token: pass --token, set AGENTMESH_TOKEN, or start the gateway once so it writes ${file}`);
  return { url, token };
}

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`agentmesh: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
