import type { Command } from 'commander';
import { z } from 'zod';
import type { ActiveEnvView, EnvPresetView, EnvSnapshot } from '../../../shared/schemas/env-presets.js';
import { addressOptions } from './address-options.js';
import { apiClient, type ApiClient } from './api-client.js';
import { table } from './format.js';
import { clientFlagsSchema, parseFlags } from './options.js';
import { output } from './output.js';

const envFlagsSchema = clientFlagsSchema.extend({
  agent: z.string().min(1).optional(),
  snapshot: z.boolean().optional(),
  id: z.string().min(1).optional(),
  description: z.string().optional(),
  force: z.boolean().optional(),
  set: z.array(z.string().regex(/^[^=]+=/, 'NAME=value')).optional(),
});

/** One JSON-RPC call to the gateway's /rpc, its error shown as `code message`. */
async function rpc<T>(api: ApiClient, method: string, params: Record<string, unknown>): Promise<T> {
  const answer = await api.call<{ result?: T; error?: { code: number; message: string } }>('POST', '/rpc', { jsonrpc: '2.0', id: 1, method, params });
  if (answer.error) throw new Error(`${answer.error.code}: ${answer.error.message}`);
  return answer.result as T;
}

const scope = (agentId: string) => (agentId === '*' ? '* (every agent)' : agentId);

/** `agentmesh env switch|snapshot|rollback|list`: env presets of a running gateway, over its JSON-RPC face. */
export function addEnvCommands(program: Command): void {
  const env = program.command('env').description("env presets: which variables the agents this gateway spawns get (never your shell's)");
  const options = (command: Command) => addressOptions(command).option('--json', 'print JSON');

  options(env.command('list').alias('ls'))
    .description('presets, the one each agent runs with, and the snapshots')
    .action(async (raw) => {
      const flags = parseFlags(envFlagsSchema, raw);
      const api = apiClient(flags);
      const { presets, active } = await api.call<{ presets: EnvPresetView[]; active: ActiveEnvView[] }>('POST', '/api/env.presets', {});
      const { snapshots } = await rpc<{ snapshots: EnvSnapshot[] }>(api, 'env.list_snapshots', {});
      output(flags.json, { presets, active, snapshots }, () =>
        [
          table(['PRESET', 'DESCRIPTION', 'VARIABLES'], presets.map((preset) => [preset.name, preset.description ?? '', Object.keys(preset.variables).join(', ')])),
          '',
          table(['AGENT', 'PRESET', 'SINCE'], active.map((entry) => [scope(entry.agent_id), `${entry.preset}${entry.inherited ? ' (default)' : ''}`, entry.switched_at ?? ''])),
          '',
          snapshots.length ? table(['SNAPSHOT', 'AGENT', 'PRESET', 'TAKEN'], snapshots.map((snapshot) => [snapshot.snapshot_id, scope(snapshot.agent_id), snapshot.preset_name, snapshot.timestamp])) : 'no snapshots',
        ].join('\n'),
      );
    });

  options(env.command('switch').argument('<preset>', 'preset name (presets: in the config)'))
    .description("switch an agent (or, without --agent, every agent that has none of its own) to a preset for its next task")
    .option('--agent <id>', 'the agent (default: every agent without its own preset)')
    .option('--set <NAME=value...>', 'variables on top of the preset')
    .option('--snapshot', 'take a snapshot of the current state first')
    .action(async (preset: string, raw) => {
      const flags = parseFlags(envFlagsSchema, raw);
      const variables = flags.set ? Object.fromEntries(flags.set.map((entry) => entry.split(/=(.*)/s).slice(0, 2))) : undefined;
      const answer = await rpc<{ previous_preset: string; current_preset: string; snapshot_id?: string }>(apiClient(flags), 'env.switch', { agent_id: flags.agent, preset, variables, create_snapshot: flags.snapshot ?? false });
      output(flags.json, answer, () => `${scope(flags.agent ?? '*')}: ${answer.previous_preset} → ${answer.current_preset}${answer.snapshot_id ? ` (snapshot ${answer.snapshot_id})` : ''}`);
    });

  options(env.command('snapshot'))
    .description('snapshot what an agent (or the default) runs with now')
    .option('--agent <id>', 'the agent (default: the default of every agent)')
    .option('--id <snapshotId>', 'the snapshot id (default: generated)')
    .option('--description <text>', 'a note kept with it')
    .action(async (raw) => {
      const flags = parseFlags(envFlagsSchema, raw);
      const answer = await rpc<EnvSnapshot>(apiClient(flags), 'env.snapshot', { agent_id: flags.agent, snapshot_id: flags.id, description: flags.description });
      output(flags.json, answer, () => `${answer.snapshot_id}  ${scope(answer.agent_id)}  ${answer.preset_name}  sha256 ${answer.checksum}`);
    });

  options(env.command('rollback').argument('<snapshotId>', 'a snapshot id (agentmesh env list)'))
    .description('go back to a snapshot (refused if it was altered, unless --force)')
    .option('--force', 'roll back even if the checksum does not match')
    .action(async (snapshotId: string, raw) => {
      const flags = parseFlags(envFlagsSchema, raw);
      const answer = await rpc<{ snapshot: EnvSnapshot }>(apiClient(flags), 'env.rollback', { snapshot_id: snapshotId, force: flags.force ?? false });
      output(flags.json, answer, () => `${scope(answer.snapshot.agent_id)}: back to ${answer.snapshot.preset_name} (${answer.snapshot.snapshot_id})`);
    });
}
