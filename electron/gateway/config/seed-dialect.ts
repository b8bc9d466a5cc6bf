import { fromSeedAgent } from '../../../shared/schemas/agent.js';

/*
 * agentmesh 1.x wrote its gateway.yaml in its own spelling (docs/configuration.md): top-level
 * `port`, `host`, `wsPort`, `dataDir`, `logDir`, `logLevel`, `agents[].type`, and a `models:`
 * section (`default_model`, `providers.<name>.{base_url, api_key, api_key_env, models}`,
 * `fallback_chain`, `model_routing`, `model_aliases`). This module is the one place that reads
 * it: it rewrites such a document into this gateway's own schema, before `${VAR}` references
 * are resolved, and says what it translated. `routing:` is spelled the same in both.
 */

export type Path = (string | number)[];

/** One translated key: the 1.x spelling and the native one (null when the key has no effect here). */
export interface DialectNote {
  from: string;
  to: string | null;
  note?: string;
}

/** Where a native path came from, so an error names the key as the user wrote it. */
interface PathOrigin {
  native: Path;
  original: Path;
  /** Native field -> the 1.x field it came from, below `native`. */
  fields?: Record<string, string>;
}

export interface DialectResult {
  document: Record<string, unknown>;
  notes: DialectNote[];
  /** Maps a native path (a validation issue's) back to the key the user wrote. */
  originalPath(path: Path): Path;
}

/** A 1.x key that is not known: refused with its path, like an unknown native key. */
export class DialectError extends Error {
  constructor(readonly path: Path, message: string) {
    super(`${path.join('.')}: ${message}`);
    this.name = 'DialectError';
  }
}

type Plain = Record<string, unknown>;
const isPlain = (value: unknown): value is Plain => typeof value === 'object' && value !== null && !Array.isArray(value);

const topLevel: Record<string, Path | null> = {
  port: ['server', 'port'],
  host: ['server', 'host'],
  dataDir: ['server', 'dataDir'],
  logDir: ['logging', 'dir'],
  logLevel: ['logging', 'level'],
  wsPort: null,
};
const modelKeys = new Set(['default_model', 'providers', 'fallback_chain', 'model_routing', 'model_aliases', 'aliases']);
const providerKeys = new Set(['base_url', 'api_key', 'api_key_env', 'models']);
const seedAgentKeys = new Set(['id', 'name', 'type', 'capabilities', 'command', 'args', 'env', 'endpoint']);

/** Rewrites the 1.x keys of `input` into the native schema; a native document comes back unchanged, with no notes. */
export function translateSeedDialect(input: unknown): DialectResult {
  const origins: PathOrigin[] = [];
  const notes: DialectNote[] = [];
  const result: DialectResult = { document: isPlain(input) ? input : {}, notes, originalPath: (path) => mapPath(origins, path) };
  if (!isPlain(input)) return result;
  const out: Plain = { ...input };

  for (const [key, target] of Object.entries(topLevel)) {
    if (!(key in out)) continue;
    const value = out[key];
    delete out[key];
    if (target === null) {
      notes.push({ from: key, to: null, note: 'the WebSocket shares the HTTP port here (ws://HOST:PORT/ws); wsPort is ignored' });
      continue;
    }
    const [section, field] = target as [string, string];
    const existing = isPlain(out[section]) ? (out[section] as Plain) : {};
    if (field in existing) throw new DialectError([key], `both ${key} and ${section}.${field} are set; keep one (${section}.${field} is this gateway's spelling)`);
    out[section] = { ...existing, [field]: value };
    origins.push({ native: target, original: [key] });
    notes.push({ from: key, to: target.join('.') });
  }

  if (Array.isArray(out.agents)) {
    out.agents = out.agents.map((agent, index) => {
      if (!isPlain(agent) || !('type' in agent) || 'adapter' in agent) return agent;
      for (const key of Object.keys(agent)) if (!seedAgentKeys.has(key)) throw new DialectError(['agents', index, key], `unknown key in an agentmesh 1.x agent (known: ${[...seedAgentKeys].join(', ')})`);
      origins.push({ native: ['agents', index], original: ['agents', index], fields: { adapter: 'type', path: 'command' } });
      if (!notes.some((note) => note.from === 'agents[].type')) notes.push({ from: 'agents[].type', to: 'agents[].adapter', note: 'process agents become command agents (command -> path, the task as the last argument); http agents keep endpoint' });
      return fromSeedAgent(agent);
    });
  }

  if ('models' in out) {
    translateModels(out.models, out, origins, notes);
    delete out.models;
  }
  return { ...result, document: notes.length ? inWrittenOrder(input, out) : out };
}

/** The sections a 1.x key became, in the order they are placed where the key was written. */
export const sectionsOf = (key: string): string[] =>
  key === 'models' ? ['defaultModel', 'aliases', 'providers', 'routes'] : key in topLevel ? (topLevel[key] ? [String(topLevel[key]![0])] : []) : [key];

/** `out`'s keys in the order of what they came from in `input`, so a rewritten file reads like the original. */
function inWrittenOrder(input: Plain, out: Plain): Plain {
  const ordered: Plain = {};
  for (const key of Object.keys(input)) for (const section of sectionsOf(key)) if (section in out && !(section in ordered)) ordered[section] = out[section];
  for (const [key, value] of Object.entries(out)) if (!(key in ordered)) ordered[key] = value;
  return ordered;
}

function translateModels(models: unknown, out: Plain, origins: PathOrigin[], notes: DialectNote[]): void {
  if (!isPlain(models)) throw new DialectError(['models'], 'expected a mapping (default_model, providers, fallback_chain, model_routing)');
  for (const key of Object.keys(models)) if (!modelKeys.has(key)) throw new DialectError(['models', key], `unknown key (known: ${[...modelKeys].join(', ')})`);
  const note = (from: string, to: string, extra?: string) => notes.push({ from: `models.${from}`, to, ...(extra ? { note: extra } : {}) });

  if (models.default_model !== undefined) {
    if ('defaultModel' in out) throw new DialectError(['models', 'default_model'], 'both models.default_model and defaultModel are set; keep one');
    out.defaultModel = models.default_model;
    origins.push({ native: ['defaultModel'], original: ['models', 'default_model'] });
    note('default_model', 'defaultModel');
  }
  for (const key of ['model_aliases', 'aliases'] as const) {
    if (models[key] === undefined) continue;
    if (!isPlain(models[key])) throw new DialectError(['models', key], 'expected a mapping of alias: model');
    out.aliases = { ...(isPlain(out.aliases) ? out.aliases : {}), ...models[key] };
    origins.push({ native: ['aliases'], original: ['models', key] });
    note(key, 'aliases');
  }

  const providers = models.providers === undefined ? {} : models.providers;
  if (!isPlain(providers)) throw new DialectError(['models', 'providers'], 'expected a mapping of provider name: {base_url, api_key | api_key_env, models}');
  const existing = Array.isArray(out.providers) ? out.providers : [];
  const names = Object.keys(providers);
  out.providers = [
    ...existing,
    ...names.map((name, index) => {
      const provider = providers[name];
      if (!isPlain(provider)) throw new DialectError(['models', 'providers', name], 'expected a mapping (base_url, api_key or api_key_env, models)');
      for (const key of Object.keys(provider)) if (!providerKeys.has(key)) throw new DialectError(['models', 'providers', name, key], `unknown key (known: ${[...providerKeys].join(', ')})`);
      origins.push({ native: ['providers', existing.length + index], original: ['models', 'providers', name], fields: { baseUrl: 'base_url', apiKey: provider.api_key !== undefined ? 'api_key' : 'api_key_env', id: '' } });
      // 1.x took an inline api_key first, then the variable api_key_env names; with neither the provider was skipped.
      const apiKey = provider.api_key ?? (typeof provider.api_key_env === 'string' ? `\${${provider.api_key_env}}` : '');
      return { id: name, type: 'openai-chat', baseUrl: provider.base_url, apiKey, ...(provider.models === undefined ? {} : { models: provider.models }) };
    }),
  ];
  if (names.length) note('providers', 'providers', '<name>: {base_url, api_key | api_key_env, models} -> {id, type: openai-chat, baseUrl, apiKey (api_key_env as "${VAR}"), models}');

  const chain = models.fallback_chain === undefined ? [] : models.fallback_chain;
  if (!Array.isArray(chain)) throw new DialectError(['models', 'fallback_chain'], 'expected a list of provider names');
  const routing = models.model_routing === undefined ? {} : models.model_routing;
  if (!isPlain(routing)) throw new DialectError(['models', 'model_routing'], 'expected a mapping of model-name prefix: [provider, …]');
  // 1.x tried a matching prefix's providers, then the fallback chain, then any provider with a key.
  const rest = names.filter((name) => !chain.includes(name));
  const routes = Array.isArray(out.routes) ? [...out.routes] : [];
  for (const [prefix, targets] of Object.entries(routing)) {
    if (!Array.isArray(targets)) throw new DialectError(['models', 'model_routing', prefix], 'expected a list of provider names');
    origins.push({ native: ['routes', routes.length], original: ['models', 'model_routing', prefix], fields: { to: '' } });
    routes.push({ match: `${prefix}*`, to: [...new Set([...targets, ...chain, ...rest])] });
  }
  if (Object.keys(routing).length) note('model_routing', 'routes', '"prefix": [providers] -> {match: "prefix*", to: [providers, then fallback_chain, then the other providers]}');
  if (names.length || chain.length) {
    origins.push({ native: ['routes', routes.length], original: ['models', 'fallback_chain'], fields: { to: '' } });
    routes.push({ match: '*', to: [...new Set([...chain, ...rest])] });
    note('fallback_chain', 'routes', 'a last route {match: "*", to: [fallback_chain, then the other providers]}');
  }
  out.routes = routes;
}

function mapPath(origins: PathOrigin[], path: Path): Path {
  let best: PathOrigin | undefined;
  for (const origin of origins) {
    if (origin.native.length > path.length || !origin.native.every((part, index) => part === path[index])) continue;
    if (!best || origin.native.length > best.native.length) best = origin;
  }
  if (!best) return path;
  const [field, ...deeper] = path.slice(best.native.length);
  if (field === undefined) return best.original;
  const renamed = best.fields && typeof field === 'string' && field in best.fields ? best.fields[field] : field;
  // '' marks a native field with no 1.x key of its own: the error belongs to the entry.
  return renamed === '' ? best.original : [...best.original, renamed as string | number, ...deeper];
}
