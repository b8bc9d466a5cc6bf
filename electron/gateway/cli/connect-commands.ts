import type { Command } from 'commander';
import { claudeEnvironment, writeClaudeSettings } from '../connect/claude.js';
import { connectCodex } from '../connect/codex.js';
import { gatewayAddress } from './gateway-address.js';
import { connectFlagsSchema, parseFlags } from './options.js';

export const addressOptions = (command: Command) =>
  command
    .option('--url <url>', 'gateway URL (default: $AGENTMESH_URL, else http://127.0.0.1:<port>)')
    .option('--port <n>', 'gateway port when --url is not given (default: from config, else 3000)')
    .option('--token <t>', 'gateway token (default: $AGENTMESH_TOKEN, config, or the data dir token file)')
    .option('--config <file>', 'gateway config file to read port and token from')
    .option('--data-dir <dir>', 'gateway data dir (default: ~/.agentmesh)');

const describeWrite = (result: { path: string; changed: boolean; backup?: string }) =>
  result.changed ? `updated ${result.path}${result.backup ? ` (backup: ${result.backup})` : ''}` : `${result.path} already up to date`;

export function addConnectCommands(program: Command): void {
  const connect = program.command('connect').description('point Codex or Claude Code at this gateway');

  addressOptions(connect.command('codex'))
    .description('add an AgentMesh model provider and profile to $CODEX_HOME/config.toml (backed up first)')
    .option('--name <id>', 'model provider id', 'agentmesh')
    .option('--default', "also make it Codex's default model_provider")
    .action((raw) => {
      const flags = parseFlags(connectFlagsSchema, raw);
      const { url, token } = gatewayAddress(flags);
      const result = connectCodex({ gatewayUrl: url, providerId: flags.name, makeDefault: flags.default });
      process.stdout.write(`${describeWrite(result)}\n`);
      process.stdout.write(`Codex reads the token from $${result.envKey}; set it where Codex runs:\n  export ${result.envKey}=${token}\n`);
      process.stdout.write(`Then: codex --profile ${result.providerId}  (or pick the "${result.providerId}" provider in Codex Desktop)\n`);
    });

  addressOptions(connect.command('claude'))
    .description('print the environment for Claude Code; --write puts it into ~/.claude/settings.json (backed up first)')
    .option('--write', 'write the environment into settings.json "env"')
    .action((raw) => {
      const flags = parseFlags(connectFlagsSchema, raw);
      const { url, token } = gatewayAddress(flags);
      if (flags.write) {
        process.stdout.write(`${describeWrite(writeClaudeSettings(url, token))}\n`);
        return;
      }
      for (const [key, value] of Object.entries(claudeEnvironment(url, token))) process.stdout.write(`export ${key}=${value}\n`);
    });
}
