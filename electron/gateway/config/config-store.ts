import { copyFileSync, existsSync, watch, writeFileSync, type FSWatcher } from 'node:fs';
import { stringify } from 'yaml';
import { basename, dirname } from 'node:path';
import type { GatewayConfig } from '../../../shared/schemas/config.js';
import type { EventBus } from '../events/bus.js';
import type { GatewayEvents } from '../events/gateway-events.js';
import type { Logger } from '../log/logger.js';
import { configSecrets } from './config-secrets.js';
import { ConfigError, loadConfigFile, parseConfig, type LoadedConfig } from './load.js';

/** Where edits made in the UI are kept: the YAML file, or the desktop app's settings store. */
export type ConfigPersistence = (document: Record<string, unknown>) => void;

/** Writes the document to a YAML file (mode 0600: it may hold keys typed into the UI), keeping one backup. */
export const yamlFilePersistence =
  (path: string): ConfigPersistence =>
  (document) => {
    if (existsSync(path)) copyFileSync(path, `${path}.bak`);
    writeFileSync(path, stringify(document), { mode: 0o600 });
  };

/**
 * Holds the running config. A file edit is re-validated as a whole; a bad edit is refused
 * with a message naming the bad field and the running config stays in force.
 */
export class ConfigStore {
  private current: GatewayConfig;
  private raw: Record<string, unknown>;
  private watcher: FSWatcher | undefined;
  private debounce: NodeJS.Timeout | undefined;

  constructor(
    initial: Pick<LoadedConfig, 'config' | 'document'>,
    private readonly bus: EventBus<GatewayEvents>,
    private readonly logger: Logger,
    private readonly path?: string,
    private readonly persist?: ConfigPersistence,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {
    this.current = initial.config;
    this.raw = initial.document;
    this.registerSecrets(initial.config);
  }

  get(): GatewayConfig {
    return this.current;
  }

  /** The document as written (env references unresolved), for editing. */
  document(): Record<string, unknown> {
    return structuredClone(this.raw);
  }

  /** Replaces the config from a document (desktop settings, UI edits); throws ConfigError. */
  replace(document: unknown): GatewayConfig {
    const loaded = parseConfig(document, this.env);
    this.raw = loaded.document;
    this.apply(loaded.config);
    return loaded.config;
  }

  /**
   * Applies an edit to the written document, validates the whole result, and keeps it
   * (file or settings store). A bad edit throws ConfigError and changes nothing.
   */
  update(edit: (document: Record<string, unknown>) => Record<string, unknown>): GatewayConfig {
    const next = edit(this.document());
    const loaded = parseConfig(next, this.env);
    this.persist?.(loaded.document);
    this.raw = loaded.document;
    this.apply(loaded.config);
    return loaded.config;
  }

  reloadFromFile(): boolean {
    if (!this.path) return false;
    try {
      const { config, document, missingEnv } = loadConfigFile(this.path, this.env);
      if (missingEnv.length) this.logger.warn('config names unset environment variables', { vars: missingEnv });
      this.raw = document;
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

  /** On every load and reload: the one redactor masks them in logs, client errors, usage rows and task events. */
  private registerSecrets(config: GatewayConfig): void {
    for (const secret of configSecrets(config)) this.logger.addSecret(secret.value, secret.minLength);
  }
}
