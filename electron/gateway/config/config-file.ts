import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { Document } from 'yaml';
import { privateFileMode, restrictFile, writePrivateFile } from '../store/private-files.js';
import { ConfigError, parseConfigText, readConfigText, type LoadedConfigFile } from './load.js';
import { migrateDocument } from './migrate-document.js';
import { flowPadding } from './yaml-merge.js';

/** How many earlier versions a dashboard save keeps: `config.yaml.1` (newest) … `.5`. */
export const keptVersions = 5;

/**
 * The YAML file behind the running config: what it held when last read or written, and that
 * document with its comments, so a dashboard save edits the file rather than rewriting it.
 */
export class ConfigFile {
  /** The text last read or written; null while there is no file (it is created on first save). */
  private known: string | null = null;
  private yaml: Document | undefined;

  constructor(readonly path: string) {}

  /** Reads and validates the file (at start); throws ConfigError. */
  load(env: NodeJS.ProcessEnv): LoadedConfigFile {
    const text = readConfigText(this.path);
    const loaded = parseConfigText(text, this.path, env);
    this.adopt(text, loaded.yaml);
    return loaded;
  }

  /** The file's text now; null when it does not exist. */
  read(): string | null {
    if (!existsSync(this.path)) return null;
    return readConfigText(this.path);
  }

  /** True when `text` is not what the gateway last read or wrote (someone edited the file). */
  differs(text: string | null): boolean {
    return text !== this.known;
  }

  /** Parses text read by `read()`; a missing file is an error once there was one. */
  parse(text: string | null, env: NodeJS.ProcessEnv): LoadedConfigFile {
    if (text === null) throw new ConfigError(`the config file ${this.path} was removed`);
    return parseConfigText(text, this.path, env);
  }

  /** Takes a good edit as the new baseline. */
  adopt(text: string, yaml: Document): void {
    this.known = text;
    this.yaml = yaml;
  }

  /** Writes `document` into the file's YAML in place, keeping the previous versions (all 0600). */
  save(document: Record<string, unknown>): void {
    const { text, yaml } = this.render(document);
    if (existsSync(this.path)) this.keepVersion();
    writePrivateFile(this.path, text);
    this.adopt(text, yaml);
  }

  /** The file's text with `document` merged in (comments and layout kept where nothing changed); writes nothing. */
  render(document: Record<string, unknown>): { text: string; yaml: Document } {
    const yaml = this.yaml?.clone() ?? new Document();
    // A file written in agentmesh 1.x's spelling becomes the native one; its new sections take the old keys' places.
    migrateDocument(yaml, document);
    return { text: yaml.toString({ lineWidth: 0, flowCollectionPadding: flowPadding(this.known ?? '') }), yaml };
  }

  /** config.yaml -> .1, .1 -> .2 … the oldest beyond `keptVersions` is dropped. */
  private keepVersion(): void {
    const version = (n: number) => `${this.path}.${n}`;
    rmSync(version(keptVersions), { force: true });
    for (let n = keptVersions - 1; n >= 1; n--) {
      if (!existsSync(version(n))) continue;
      renameSync(version(n), version(n + 1));
      restrictFile(version(n + 1));
    }
    writeFileSync(version(1), readFileSync(this.path), { mode: privateFileMode });
  }
}
