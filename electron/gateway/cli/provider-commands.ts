import type { Command } from 'commander';
import { z } from 'zod';
import type { ProviderView } from '../../../shared/contract/index.js';
import { providerFromPreset, providerPreset, providerPresetIds, providerPresets } from '../../../shared/provider-presets.js';
import { defaultDataDir } from '../server.js';
import { addressOptions } from './address-options.js';
import { ApiClient, GatewayUnreachable } from './api-client.js';
import { addProviderToFile } from './config-edit.js';
import { table } from './format.js';
import { gatewayAddress } from './gateway-address.js';
import { clientFlagsSchema, parseFlags } from './options.js';
import { list, output } from './output.js';

const addFlagsSchema = clientFlagsSchema.extend({
  preset: z.string().min(1),
  id: z.string().min(1).optional(),
  key: z.string().min(1).optional(),
  keyEnv: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a variable name').optional(),
  models: z.string().optional(),
  baseUrl: z.url().optional(),
  replace: z.boolean().optional(),
});

type Provider = ReturnType<typeof providerFromPreset>;

/** Through the running gateway (it validates and saves wherever its config lives), else into the config file. */
async function save(provider: Provider, flags: z.infer<typeof addFlagsSchema>): Promise<string> {
  let api: ApiClient | undefined;
  try {
    const { url, token } = gatewayAddress(flags);
    api = new ApiClient(url, token);
    const existing = await api.call<ProviderView[]>('POST', '/api/providers.list', {});
    if (!flags.replace && existing.some((entry) => entry.id === provider.id)) throw new Error(`a provider "${provider.id}" exists; pass --id to add another, or --replace`);
    await api.call('POST', '/api/providers.save', { provider });
    return `the running gateway at ${url}`;
  } catch (error) {
    // No gateway (never started, or not running now): the file is where it will read the provider from.
    if (api && !(error instanceof GatewayUnreachable)) throw error;
  }
  const path = flags.config ?? `${flags.dataDir ?? defaultDataDir()}/config.yaml`;
  addProviderToFile(path, provider, Boolean(flags.replace));
  return path;
}

export function addProviderCommands(program: Command): void {
  const provider = program.command('provider').description('model providers the gateway sends calls to');

  addressOptions(provider.command('add'))
    .description('add a provider from a preset: you give only the key (or the variable holding it)')
    .requiredOption('--preset <name>', `one of: ${providerPresetIds.join(', ')}`)
    .option('--id <id>', 'provider id (default: the preset name)')
    .option('--key <key>', 'the API key, stored in the config (mode 0600)')
    .option('--key-env <VAR>', 'read the key from this environment variable (default: the preset\'s, e.g. DEEPSEEK_API_KEY)')
    .option('--models <list>', 'comma-separated models it serves (default: the preset\'s)')
    .option('--base-url <url>', "override the preset's base URL")
    .option('--replace', 'replace a provider with the same id')
    .option('--json', 'print JSON')
    .action(async (raw) => {
      const flags = parseFlags(addFlagsSchema, raw);
      const preset = providerPreset(flags.preset);
      const apiKey = flags.key ?? (flags.keyEnv ? `\${${flags.keyEnv}}` : undefined);
      const entry = providerFromPreset(flags.preset, { id: flags.id, apiKey, models: list(flags.models), baseUrl: flags.baseUrl });
      const where = await save(entry, flags);
      const keyNote = preset.local ? 'It needs no key.' : flags.key ? 'The key is stored in the config.' : `It reads its key from $${flags.keyEnv ?? preset.keyEnv}: set that where the gateway runs.`;
      const shown = { ...entry, ...(flags.key ? { apiKey: '(stored)' } : {}) };
      output(flags.json, { provider: shown, savedTo: where }, () =>
        [`added provider ${entry.id} (${preset.label}, ${entry.baseUrl}) to ${where}`, keyNote, entry.models.length ? `Models: ${entry.models.join(', ')}` : 'Models: any name routed to it.'].join('\n'),
      );
    });

  provider
    .command('presets')
    .description('list the provider presets')
    .option('--json', 'print JSON')
    .action((raw: { json?: boolean }) => {
      const presets = Object.values(providerPresets);
      output(raw.json, presets, () => table(['PRESET', 'NAME', 'TYPE', 'BASE URL', 'KEY'], presets.map((preset) => [preset.id, preset.label, preset.type, preset.baseUrl, 'keyEnv' in preset ? `$${preset.keyEnv}` : 'none'])));
    });
}
