import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { GatewayConfig } from '../../../shared/schemas/config.js';
import type { EventBus } from '../events/bus.js';
import type { GatewayEvents } from '../events/gateway-events.js';
import type { Logger } from '../log/logger.js';
import { ConfigError, loadConfigFile, parseConfig } from './load.js';

/**
 * Holds the running config. A file edit is re-validated as a whole; a bad edit is refused
 * with a message naming the bad field and the running config stays in force.
 */
export class ConfigStore {
  private current: GatewayConfig;
  private watcher: FSWatcher | undefined;
  private debounce: NodeJS.Timeout | undefined;

  constructor(
    initial: GatewayConfig,
    private readonly bus: EventBus<GatewayEvents>,
    private readonly logger: Logger,
    private readonly path?: string,
  ) {
    this.current = initial;
    this.registerSecrets(initial);
  }

  get(): GatewayConfig {
    return this.current;
  }

  /** Replaces the config from a document (desktop settings, UI edits); throws ConfigError. */
  replace(document: unknown): GatewayConfig {
    const { config } = parseConfig(document);
    this.apply(config);
    return config;
  }

  reloadFromFile(): boolean {
    if (!this.path) return false;
    try {
      const { config, missingEnv } = loadConfigFile(this.path);
      if (missingEnv.length) this.logger.warn('config names unset environment variables', { vars: missingEnv });
      this.apply(config);
      this.logger.info('config reloaded', { path: this.path });
      return true;
    } catch (error) {
      const message = error instanceof ConfigError ? error.message : String(error);
      this.logger.error('config edit refused; the running config stays', { reason: message });
      this.bus.emit('config.rejected', { message });
      return false;
    }
  }

  /** Watches the file's directory: editors often replace the file, which a file watch misses. */
  watch(): void {
    if (!this.path || this.watcher) return;
    const file = basename(this.path);
    this.watcher = watch(dirname(this.path), (_event, name) => {
      if (name && name !== file) return;
      clearTimeout(this.debounce);
      this.debounce = setTimeout(() => this.reloadFromFile(), 100);
    });
  }

  close(): void {
    clearTimeout(this.debounce);
    this.watcher?.close();
    this.watcher = undefined;
  }

  private apply(config: GatewayConfig): void {
    this.registerSecrets(config);
    this.current = config;
    this.bus.emit('config.changed', { config });
  }

  private registerSecrets(config: GatewayConfig): void {
    this.logger.addSecret(config.server.token);
    for (const provider of config.providers) this.logger.addSecret(provider.apiKey);
  }
}
