import ElectronStore from 'electron-store';
import { existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { formatIssues } from '../../shared/schemas/config.js';
import type { ConfigPersistence } from '../gateway/config/config-store.js';
import { ConfigError, parseConfig } from '../gateway/config/load.js';
import type { Logger } from '../gateway/log/logger.js';
import { openSecrets, sealSecrets, type SecretBox } from './config-secrets.js';

export const settingsVersion = 1;

export const appSettingsSchema = z.strictObject({
  /** A system notification when a task ends. */
  notifyOnTaskEnd: z.boolean().default(true),
});
export type AppSettings = z.infer<typeof appSettingsSchema>;

const storedSchema = z.strictObject({
  version: z.literal(settingsVersion),
  /** The gateway's config document, with its secrets sealed by safeStorage. */
  config: z.record(z.string(), z.unknown()),
  app: appSettingsSchema.prefault({}),
  /** Stored data the app could not use, kept (not deleted) so that nothing typed in is lost. */
  setAside: z.array(z.strictObject({ at: z.string(), reason: z.string(), data: z.unknown() })).default([]),
});
type Stored = z.infer<typeof storedSchema>;

type Migration = (data: Record<string, unknown>) => Record<string, unknown>;

/** migrations[n] lifts stored settings from version n to n + 1; a store with no version is version 0. */
export const migrations: Migration[] = [
  // 0 -> 1: the first layout; an empty file (first run) becomes an empty config.
  (data) => ({ ...data, version: 1, config: data.config ?? {}, app: data.app ?? {} }),
];

/** electron-store's whole-object accessor: reading parses the file, assigning writes it atomically. */
export interface SettingsBacking {
  store: Record<string, unknown>;
}

/**
 * The desktop app's settings file: the config document the gateway runs on and the app's own
 * settings. Checked on load with the shared config schema; what does not pass is set aside
 * with a log line naming the bad fields, and the app starts on what remains.
 */
export class SettingsStore {
  private data: Stored;
  private document: Record<string, unknown> = {};

  constructor(
    private readonly backing: SettingsBacking,
    private readonly box: SecretBox,
    private readonly logger: Logger,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {
    this.data = this.load();
  }

  /** The config document with its secrets decrypted: what createGateway receives. */
  configDocument(): Record<string, unknown> {
    return structuredClone(this.document);
  }

  /** Given to createGateway as `persist`: keeps each UI edit, secrets sealed. */
  readonly persistConfig: ConfigPersistence = (document) => {
    const sealed = sealSecrets(document, this.box);
    this.write({ ...this.data, config: sealed });
    this.document = structuredClone(document);
  };

  appSettings(): AppSettings {
    return { ...this.data.app };
  }

  updateAppSettings(patch: Partial<AppSettings>): AppSettings {
    this.write({ ...this.data, app: appSettingsSchema.parse({ ...this.data.app, ...patch }) });
    return this.appSettings();
  }

  private write(data: Stored): void {
    this.backing.store = data;
    this.data = data;
  }

  private load(): Stored {
    const raw = this.backing.store;
    const from = typeof raw.version === 'number' ? raw.version : 0;
    if (from > settingsVersion) return this.startOver(raw, `written by a newer AgentMesh (settings version ${from}; this one reads up to ${settingsVersion})`);
    const migrated = migrations.slice(from).reduce((data, migrate) => migrate(data), raw);
    const parsed = storedSchema.safeParse(migrated);
    if (!parsed.success) return this.startOver(raw, formatIssues(parsed.error));
    let stored = parsed.data;

    const document = openSecrets(stored.config, this.box, (where, reason) =>
      this.logger.error('settings: a stored secret cannot be decrypted (was the keychain reset?); enter it again', { field: where, reason }),
    );
    try {
      parseConfig(document, this.env);
      this.document = document;
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      this.logger.error('settings: the stored config is invalid; it was set aside in the settings file and AgentMesh starts with an empty config', {
        reason: error.message,
      });
      stored = { ...stored, config: {}, setAside: [...stored.setAside, { at: new Date().toISOString(), reason: error.message, data: stored.config }] };
    }
    if (from !== settingsVersion || stored !== parsed.data) this.backing.store = stored;
    return stored;
  }

  private startOver(raw: Record<string, unknown>, reason: string): Stored {
    this.logger.error('settings: the settings file cannot be used; it was set aside and AgentMesh starts with empty settings', { reason });
    const stored = storedSchema.parse({ version: settingsVersion, config: {}, setAside: [{ at: new Date().toISOString(), reason, data: raw }] });
    this.backing.store = stored;
    return stored;
  }
}

/** Opens `<dir>/settings.json`; a file that is not even JSON is moved aside, never silently emptied. */
export function openSettingsStore(options: { dir: string; box: SecretBox; logger: Logger }): SettingsStore {
  const open = () => new ElectronStore<Record<string, unknown>>({ name: 'settings', cwd: options.dir, clearInvalidConfig: false, configFileMode: 0o600 });
  let backing: ElectronStore<Record<string, unknown>>;
  try {
    backing = open();
  } catch (error) {
    const file = join(options.dir, 'settings.json');
    if (!existsSync(file)) throw error;
    const aside = `${file}.unreadable-${Date.now()}`;
    renameSync(file, aside);
    options.logger.error('settings: the settings file is not readable JSON; it was moved aside and AgentMesh starts with empty settings', {
      movedTo: aside,
      reason: error instanceof Error ? error.message : String(error),
    });
    backing = open();
  }
  return new SettingsStore(backing, options.box, options.logger);
}
