import type { Command } from 'commander';
import { claudeEnvironment } from '../connect/claude.js';
import { clientIds, connectClients, isClientId, type ClientId } from '../connect/clients.js';
import { connectClient, detectedClients, disconnectClient, listConnections, type ConnectOutcome } from '../connect/connections.js';
import { defaultDataDir } from '../server.js';
import { addressOptions } from './address-options.js';
import { table } from './format.js';
import { gatewayAddress } from './gateway-address.js';
import { connectFlagsSchema, parseFlags, type ConnectFlags } from './options.js';
import { output, print } from './output.js';

const mask = (token: string) => (token.length > 8 ? `${token.slice(0, 4)}…${token.slice(-4)}` : '•'.repeat(token.length));

export function describeConnect(outcome: ConnectOutcome, dryRun: boolean, token: string): string {
  const lines: string[] = [];
  if (dryRun) {
    // A diff is often pasted into an issue: the token stays out of it.
    lines.push(outcome.diff ? `${outcome.label} (dry run, nothing written):\n${outcome.diff.replaceAll(token, mask(token)).trimEnd()}` : `${outcome.label}: already up to date`);
    return lines.join('\n');
  }
  for (const file of outcome.written) lines.push(`${outcome.label}: ${file.created ? 'created' : 'updated'} ${file.path}${file.backup ? ` (backup: ${file.backup})` : ''}`);
  for (const path of outcome.unchanged) lines.push(`${outcome.label}: ${path} already up to date`);
  lines.push(...outcome.notes);
  return lines.join('\n');
}

/** Connects each client; one that fails (a settings file that is not JSON) does not stop the rest. */
function runConnect(ids: ClientId[], flags: ConnectFlags): void {
  const { url, token } = gatewayAddress(flags);
  const ctx = { gatewayUrl: url, token, dataDir: flags.dataDir ?? defaultDataDir(), env: process.env, providerId: flags.name ?? 'agentmesh' };
  const outcomes: ConnectOutcome[] = [];
  const failures: { client: ClientId; error: string }[] = [];
  for (const id of ids) {
    try {
      outcomes.push(connectClient(id, ctx, { dryRun: flags.dryRun }));
    } catch (error) {
      failures.push({ client: id, error: (error as Error).message });
    }
  }
  output(flags.json, { gateway: url, dryRun: Boolean(flags.dryRun), connected: outcomes, failed: failures }, () =>
    [...outcomes.map((outcome) => describeConnect(outcome, Boolean(flags.dryRun), token)), ...failures.map((failure) => `${connectClients[failure.client].label}: not connected: ${failure.error}`)].join('\n\n'),
  );
  if (failures.length) process.exitCode = 1;
}

const connectOptions = (command: Command) =>
  addressOptions(command)
    .option('--dry-run', 'print the changes as a diff and write nothing')
    .option('--json', 'print JSON');

export function addConnectCommands(program: Command): void {
  const connect = program
    .command('connect')
    .description('point Codex, Claude Code, Cursor or your shell at this gateway (files are backed up first; `disconnect` restores them)');

  for (const id of clientIds) {
    const command = connectOptions(connect.command(id)).description(`connect ${connectClients[id].label}`);
    if (id === 'codex' || id === 'codex-desktop') command.option('--name <id>', 'Codex model provider and profile id', 'agentmesh');
    if (id === 'codex') command.option('--default', "also make it Codex's default model_provider");
    if (id === 'claude') command.option('--print', 'only print the environment for Claude Code; write nothing').option('--write', 'write settings.json (the default; kept for older scripts)');
    command.action((raw) => {
      const flags = parseFlags(connectFlagsSchema, raw);
      if (id === 'claude' && flags.print) {
        const { url, token } = gatewayAddress(flags);
        const environment = claudeEnvironment(url, token);
        return output(flags.json, environment, () => Object.entries(environment).map(([key, value]) => `export ${key}=${value}`).join('\n'));
      }
      runConnect([id === 'codex' && flags.default ? 'codex-desktop' : id], flags);
    });
  }

  connectOptions(connect.command('all'))
    .description('connect every client found on this machine')
    .action((raw) => {
      const flags = parseFlags(connectFlagsSchema, raw);
      const ids = detectedClients(process.env);
      if (ids.length === 0) return print(`No client found to connect (looked for ${clientIds.join(', ')}).`);
      runConnect(ids, flags);
    });

  connect
    .command('list')
    .description('show which clients are connected, and to which gateway')
    .option('--data-dir <dir>', 'gateway data dir (default: $AGENTMESH_DATA_DIR, else ~/.agentmesh)')
    .option('--json', 'print JSON')
    .action((raw: { dataDir?: string; json?: boolean }) => {
      const statuses = listConnections({ dataDir: raw.dataDir ?? defaultDataDir(), env: process.env });
      output(raw.json, statuses, () =>
        table(
          ['CLIENT', 'FOUND', 'CONNECTED TO', 'SINCE'],
          statuses.map((status) => [status.client, status.detected ? 'yes' : 'no', status.gateway ?? '-', status.connectedAt?.slice(0, 19).replace('T', ' ') ?? '-']),
        ),
      );
    });

  program
    .command('disconnect')
    .argument('<client>', `${clientIds.join(' | ')} | all`)
    .description('undo `connect`: restore the files it backed up (a later edit is kept as a copy)')
    .option('--data-dir <dir>', 'gateway data dir (default: $AGENTMESH_DATA_DIR, else ~/.agentmesh)')
    .option('--json', 'print JSON')
    .action((name: string, raw: { dataDir?: string; json?: boolean }) => {
      if (name !== 'all' && !isClientId(name)) throw new Error(`unknown client "${name}"; one of: ${clientIds.join(', ')}, all`);
      const ctx = { dataDir: raw.dataDir ?? defaultDataDir(), env: process.env };
      const ids = name === 'all' ? [...clientIds] : [name as ClientId];
      const outcomes = ids.map((id) => disconnectClient(id, ctx)).filter((outcome) => outcome.connected || name !== 'all');
      output(raw.json, outcomes, () =>
        outcomes.length === 0 ? 'Nothing is connected.' : outcomes.map((outcome) => (outcome.connected ? outcome.actions.map((action) => `${outcome.label}: ${action}`).join('\n') : `${outcome.label} is not connected.`)).join('\n'),
      );
    });
}
