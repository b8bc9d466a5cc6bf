import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { ConfigStatus } from '../../../shared/contract/index.js';
import type { GatewayConfig } from '../../../shared/schemas/config.js';
import type { EventBus } from '../events/bus.js';
import type { GatewayEvents } from '../events/gateway-events.js';
import { HttpError } from '../http/http-error.js';
import type { Logger } from '../log/logger.js';
import type { ConfigFile } from './config-file.js';
import { configSecrets } from './config-secrets.js';
import { configWarnings, providerUnsetReason } from './config-warnings.js';
import type { UnsetReference } from './interpolate.js';
import { refuseWipingEdit } from './edit-guards.js';
import { ConfigError, parseConfig, type LoadedConfig } from './load.js';

/** Where edits made in the UI are kept when there is no YAML file: the desktop app's settings store. */
export type ConfigPersistence = (document: Record<string, unknown>) => void;

type FileProblem = NonNullable<ConfigStatus['error']>;

export interface ConfigStoreOptions {
  /** The YAML file UI edits are written into (and, when `watch`, read back from on every edit). */
  file?: ConfigFile;
  watch?: boolean;
  /** Used instead of a file. */
  persist?: ConfigPersistence;
  env?: NodeJS.ProcessEnv;
  /** Where config warnings (unset variables, shadowed routes) are said; default: the logger's warn. */
  warn?: (message: string) => void;
}

// Editors write in steps (truncate, then write; or write a temporary file, then rename): read once they are done.
const settleMs = 300;

/**
 * Holds the running config. A file edit is re-validated as a whole; a bad edit is refused
 * with a message naming the bad field and the running config stays in force. While the file
 * holds a refused edit, UI saves are refused too, since writing the file would lose that edit.
 */
export class ConfigStore {
  private current: GatewayConfig;
  private raw: Record<string, unknown>;
  private watcher: FSWatcher | undefined;
  private debounce: NodeJS.Timeout | undefined;
  private problem: FileProblem | null = null;
  /** The text last refused, so that reading it again neither logs nor announces it twice. */
  private refusedText: string | null | undefined;
  private readonly env: NodeJS.ProcessEnv;
  /** Where the running config names a variable the environment does not set. */
  private unset: UnsetReference[];
  /** agentmesh 1.x keys already warned about: once each, not on every reload. */
  private readonly dialectWarned = new Set<string>();

  constructor(
    initial: Pick<LoadedConfig, 'config' | 'document' | 'dialect'> & Partial<Pick<LoadedConfig, 'unsetEnv'>>,
    private readonly bus: EventBus<GatewayEvents>,
    private readonly logger: Logger,
    private readonly options: ConfigStoreOptions = {},
  ) {
    this.env = options.env ?? process.env;
    this.current = initial.config;
    this.raw = initial.document;
    this.unset = initial.unsetEnv ?? [];
    this.registerSecrets(initial.config);
    this.announceWarnings();
    this.warnDialect(initial.dialect);
  }

  get(): GatewayConfig {
    return this.current;
  }

  /** The document as written (env references unresolved), for editing. */
  document(): Record<string, unknown> {
    return structuredClone(this.raw);
  }

  /** Valid but suspicious parts of the running config, one sentence each. */
  warnings(): string[] {
    return configWarnings(this.current, this.unset);
  }

  /** Why a provider cannot be called because its config names an unset variable; undefined when it can. */
  unsetReason(providerId: string): string | undefined {
    return providerUnsetReason(this.current, this.unset, providerId);
  }

  status(): ConfigStatus {
    return { path: this.options.file?.path ?? null, error: this.problem };
  }

  /** Replaces the config from a document (desktop settings, UI edits); throws ConfigError. */
  replace(document: unknown): GatewayConfig {
    const loaded = parseConfig(document, this.env);
    this.raw = loaded.document;
    this.unset = loaded.unsetEnv;
    this.apply(loaded.config);
    return loaded.config;
  }

  /**
   * Applies an edit to the written document, validates the whole result, and keeps it
   * (file or settings store). A bad edit throws ConfigError and changes nothing; so does a
   * file that holds a refused edit (409), after a hand edit not yet read is taken in.
   */
  update(edit: (document: Record<string, unknown>) => Record<string, unknown>): GatewayConfig {
    const { file, persist } = this.options;
    if (file) {
      this.reloadFromFile();
      if (this.problem) throw brokenFileError(this.problem);
    }
    const next = edit(this.document());
    const loaded = parseConfig(next, this.env);
    if (file) file.save(loaded.document);
    else persist?.(loaded.document);
    this.raw = loaded.document;
    this.unset = loaded.unsetEnv;
    this.apply(loaded.config);
    return loaded.config;
  }

  /** Takes in an edit of the file, or refuses it; a file back to its last good text is fixed. */
  reloadFromFile(): void {
    const { file } = this.options;
    if (!file) return;
    let text: string | null = null;
    try {
      text = file.read();
      if (!file.differs(text)) return this.setProblem(null);
      if (text === this.refusedText) return;
      const loaded = file.parse(text, this.env);
      refuseWipingEdit(loaded, this.current);
      file.adopt(text!, loaded.yaml);
      this.warnDialect(loaded.dialect);
      this.raw = loaded.document;
      this.unset = loaded.unsetEnv;
      this.apply(loaded.config);
      this.logger.info('config reloaded', { path: file.path });
      this.announceWarnings();
      this.setProblem(null);
    } catch (error) {
      // Anything that stops an edit (a YAML alias bomb included) refuses it; none may stop the gateway.
      const message = error instanceof Error ? error.message : String(error);
      const line = error instanceof ConfigError ? error.line : null;
      this.refusedText = text;
      this.logger.error('config edit refused; the running config stays', { reason: message, line });
      this.bus.emit('config.rejected', { message });
      this.setProblem({ message, line });
    }
  }

  /** Watches the file's directory: editors often replace the file, which a file watch misses. */
  watch(): void {
    const { file } = this.options;
    if (!file || !this.options.watch || this.watcher) return;
    const name = basename(file.path);
    this.watcher = watch(dirname(file.path), (_event, changed) => {
      if (changed && changed !== name) return;
      clearTimeout(this.debounce);
      this.debounce = setTimeout(() => this.reloadFromFile(), settleMs);
    });
  }

  close(): void {
    clearTimeout(this.debounce);
    this.watcher?.close();
    this.watcher = undefined;
  }

  private announceWarnings(): void {
    const warn = this.options.warn ?? ((message: string) => this.logger.warn(message));
    for (const warning of this.warnings()) warn(warning);
  }

  /** One warning per agentmesh 1.x key, naming this gateway's spelling of it. */
  private warnDialect(notes: LoadedConfig['dialect']): void {
    for (const note of notes ?? []) {
      if (this.dialectWarned.has(note.from)) continue;
      this.dialectWarned.add(note.from);
      const how = note.to ? `write it as ${note.to}` : 'it has no effect here';
      this.logger.warn(`config: ${note.from} is agentmesh 1.x's spelling; ${how} (agentmesh config migrate FILE rewrites the file)`, note.note ? { detail: note.note } : undefined);
    }
  }

  private setProblem(problem: FileProblem | null): void {
    if (problem === null) this.refusedText = undefined;
    if (problem?.message === this.problem?.message && problem?.line === this.problem?.line) return;
    this.problem = problem;
    this.bus.emit('config.file', this.status());
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

function brokenFileError(problem: FileProblem): HttpError {
  const where = problem.line === null ? 'an error' : `an error at line ${problem.line}`;
  return new HttpError(409, 'CONFIG_FILE_BROKEN', `The config file has ${where}; fix or discard it first. Your change was not saved (${problem.message}).`);
}
