import type { GatewayConfig } from '../../../shared/schemas/config.js';
import { ConfigError, type LoadedConfigFile } from './load.js';

/**
 * Refuses a file edit that would wipe the running config: an empty document (editors truncate
 * a file before writing it) or one that drops every provider and agent at once. At start
 * there is nothing to wipe, so an empty file is still a valid (empty) config there.
 */
export function refuseWipingEdit(next: LoadedConfigFile, running: GatewayConfig): void {
  if (next.yaml.contents === null) throw new ConfigError('the config file is empty (an editor may be half-way through saving it)');
  const had = running.providers.length + running.agents.length;
  if (had > 0 && next.config.providers.length === 0 && next.config.agents.length === 0) {
    throw new ConfigError(
      'the edit removes every provider and agent at once; to start over on purpose, remove them in the dashboard or restart the gateway on this file',
    );
  }
}
