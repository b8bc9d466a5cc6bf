import type { Command } from 'commander';
import type { AgentInfo } from '../../../shared/schemas/agent.js';
import { addressOptions } from './address-options.js';
import { apiClient } from './api-client.js';
import { formatAgents, formatHealth } from './format.js';
import { clientFlagsSchema, parseFlags } from './options.js';
import { output } from './output.js';

const flagsOf = (raw: unknown) => parseFlags(clientFlagsSchema.passthrough(), raw);

async function createSpace(raw: { meta?: string[] }): Promise<void> {
  const { meta, ...rest } = raw;
  const flags = flagsOf(rest);
  const metadata = Object.fromEntries((meta ?? []).map((entry) => entry.split(/=(.*)/s).slice(0, 2)));
  const created = await apiClient(flags).call<{ space_id: string }>('POST', '/spaces', { metadata: { createdBy: 'cli', ...metadata } });
  output(flags.json, created, () => created.space_id);
}

const spaceOptions = (command: Command) =>
  addressOptions(command)
    .option('--meta <key=value...>', 'metadata entries (name=X names the space)')
    .option('--json', 'print JSON');

/** The seed's read-only commands and their aliases: agents (list, ls), health (status), space (create-space). */
export function addInfoCommands(program: Command): void {
  addressOptions(program.command('agents').aliases(['list', 'ls']))
    .description('list agents with their state, version and load')
    .option('--json', 'print JSON')
    .action(async (raw) => {
      const flags = flagsOf(raw);
      // agentmesh 1.x's shape: a bare array.
      const agents = await apiClient(flags).call<AgentInfo[]>('GET', '/agents');
      output(flags.json, agents, () => formatAgents(agents));
    });

  addressOptions(program.command('health').alias('status'))
    .description("show the gateway's health and its providers'")
    .option('--json', 'print JSON')
    .action(async (raw) => {
      const flags = flagsOf(raw);
      const api = apiClient(flags);
      const [health, providers] = await Promise.all([api.call<Parameters<typeof formatHealth>[1]>('GET', '/health'), api.call<Parameters<typeof formatHealth>[2]>('GET', '/model-gateway/health')]);
      output(flags.json, { gateway: api.url, ...health, providers }, () => formatHealth(api.url, health, providers));
    });

  addressOptions(program.command('dashboard'))
    .description('print a one-time login link to the dashboard of a running gateway')
    .option('--json', 'print JSON')
    .action(async (raw) => {
      const flags = flagsOf(raw);
      const link = await apiClient(flags).call<{ url: string }>('POST', '/dashboard-link');
      output(flags.json, link, () => link.url);
    });

  const space = program.command('space').description('shared spaces: history shared by the tasks that name them (`agentmesh space` alone creates one)');
  spaceOptions(space.command('create', { isDefault: true })).description('create a shared space and print its id').action(createSpace);
  spaceOptions(program.command('create-space')).description('create a shared space and print its id (same as `space create`)').action(createSpace);
}
