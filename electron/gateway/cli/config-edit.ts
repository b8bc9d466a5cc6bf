import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { ConfigFile } from '../config/config-file.js';
import { parseConfig } from '../config/load.js';
import { privateDirMode } from '../store/private-files.js';

type Document = Record<string, unknown>;
type Entry = Record<string, unknown> & { id: string };

/**
 * Applies `change` to the config file's document and writes it in place (comments and layout
 * kept, earlier versions kept as config.yaml.1…), after checking the result is a valid config.
 * A missing file is created.
 */
export function editConfigFile(path: string, change: (document: Document) => Document): void {
  const file = new ConfigFile(path);
  const document = existsSync(path) ? file.load(process.env).document : {};
  const next = change(structuredClone(document));
  // An unset ${VAR} key is no fault here: the gateway's environment, not this shell's, fills it in.
  parseConfig(next, process.env);
  mkdirSync(dirname(path), { recursive: true, mode: privateDirMode });
  file.save(next);
}

/** Writes a new config in place of whatever is there (broken or not), keeping that as config.yaml.1. */
export function replaceConfigFile(path: string, document: Document): void {
  parseConfig(document, process.env);
  mkdirSync(dirname(path), { recursive: true, mode: privateDirMode });
  new ConfigFile(path).save(document);
}

export function addProviderToFile(path: string, provider: Entry, replace: boolean): void {
  editConfigFile(path, (document) => {
    const providers = Array.isArray(document.providers) ? (document.providers as Entry[]) : [];
    const index = providers.findIndex((entry) => entry.id === provider.id);
    if (index >= 0 && !replace) throw new Error(`${path} already has a provider "${provider.id}"; pass --id to add another, or --replace`);
    return { ...document, providers: index >= 0 ? providers.map((entry, i) => (i === index ? provider : entry)) : [...providers, provider] };
  });
}
