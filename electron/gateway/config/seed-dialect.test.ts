import { describe, expect, it } from 'vitest';
import { parseConfig } from './load.js';
import { translateSeedDialect } from './seed-dialect.js';

// One test per agentmesh 1.x key (docs/configuration.md, config/gateway.yaml): what it becomes here.
const env = { DEEPSEEK_API_KEY: 'sk-deepseek-from-env-0123' };
const load = (document: unknown) => parseConfig(document, env);
const notesOf = (document: unknown) => translateSeedDialect(document).notes.map((note) => [note.from, note.to]);
const failure = (document: unknown) => {
  try {
    load(document);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the document to be refused');
};

describe('agentmesh 1.x config keys', () => {
  it('port -> server.port', () => {
    expect(load({ port: 3100 }).config.server.port).toBe(3100);
    expect(notesOf({ port: 3100 })).toEqual([['port', 'server.port']]);
  });

  it('host -> server.host', () => {
    expect(load({ host: '0.0.0.0' }).config.server.host).toBe('0.0.0.0');
    expect(notesOf({ host: '0.0.0.0' })).toEqual([['host', 'server.host']]);
  });

  it('wsPort -> accepted and dropped, with a note that the WebSocket shares the HTTP port', () => {
    const loaded = load({ wsPort: 3001 });
    expect(loaded.document).toEqual({});
    expect(loaded.dialect).toEqual([{ from: 'wsPort', to: null, note: expect.stringMatching(/shares the HTTP port/) }]);
  });

  it('dataDir -> server.dataDir', () => {
    expect(load({ dataDir: './data' }).config.server.dataDir).toBe('./data');
  });

  it('logDir -> logging.dir, logLevel -> logging.level', () => {
    expect(load({ logDir: './logs', logLevel: 'debug' }).config.logging).toMatchObject({ dir: './logs', level: 'debug', keepDays: 7 });
    expect(notesOf({ logDir: './logs', logLevel: 'debug' })).toEqual([['logDir', 'logging.dir'], ['logLevel', 'logging.level']]);
  });

  it('routing (defaultAgent, rules) is the same key here', () => {
    const routing = { defaultAgent: 'claude-code', rules: [{ name: 'x', keywords: ['x'], agent: 'claude-code', priority: 3 }] };
    expect(load({ routing }).config.routing).toMatchObject(routing);
    expect(notesOf({ routing })).toEqual([]);
  });

  it.each([
    ['claude-code', { id: 'claude-code', name: 'Claude Code', type: 'claude-code', capabilities: ['code-review'] }, { adapter: 'claude-code', capabilities: ['code-review'] }],
    ['openclaw', { id: 'openclaw', type: 'openclaw' }, { adapter: 'openclaw' }],
    ['process', { id: 'mine', type: 'process', command: 'my-agent-cli', args: ['--interactive'], env: { MODE: 'x' } }, { adapter: 'command', path: 'my-agent-cli', args: ['--interactive', '{prompt}'], env: { MODE: 'x' } }],
    ['http', { id: 'remote', type: 'http', endpoint: 'http://127.0.0.1:8080' }, { adapter: 'http', endpoint: 'http://127.0.0.1:8080' }],
  ])('agents[].type %s -> agents[].adapter', (_type, agent, expected) => {
    expect(load({ agents: [agent] }).config.agents[0]).toMatchObject(expected);
  });

  it('models.default_model -> defaultModel', () => {
    expect(load({ models: { default_model: 'deepseek-chat' } }).config.defaultModel).toBe('deepseek-chat');
  });

  it('models.model_aliases -> aliases', () => {
    expect(load({ models: { model_aliases: { 'gpt-5.4': 'deepseek-v4-pro' } } }).config.aliases).toEqual({ 'gpt-5.4': 'deepseek-v4-pro' });
  });

  it('models.providers.<name>.{base_url, api_key_env, models} -> an openai-chat provider whose key is ${VAR}', () => {
    const loaded = load({ models: { providers: { deepseek: { base_url: 'https://api.deepseek.com/v1', api_key_env: 'DEEPSEEK_API_KEY', models: ['deepseek-chat'] } } } });
    expect(loaded.document.providers).toEqual([{ id: 'deepseek', type: 'openai-chat', baseUrl: 'https://api.deepseek.com/v1', apiKey: '${DEEPSEEK_API_KEY}', models: ['deepseek-chat'] }]);
    expect(loaded.config.providers[0]).toMatchObject({ id: 'deepseek', apiKey: 'sk-deepseek-from-env-0123', models: ['deepseek-chat'] });
  });

  it('models.providers.<name>.api_key -> apiKey, winning over api_key_env as in 1.x; neither -> an empty key (skipped: no key)', () => {
    const loaded = load({ models: { providers: { ollama: { base_url: 'http://127.0.0.1:11434/v1', api_key: 'ollama', api_key_env: 'DEEPSEEK_API_KEY' }, bare: { base_url: 'http://127.0.0.1:9/v1' } } } });
    expect(loaded.config.providers.map((provider) => [provider.id, provider.apiKey])).toEqual([['ollama', 'ollama'], ['bare', '']]);
  });

  it('models.fallback_chain -> a last route "*" through the chain, then the other providers', () => {
    const providers = { a: { base_url: 'http://127.0.0.1:1/v1', api_key: 'k' }, b: { base_url: 'http://127.0.0.1:2/v1', api_key: 'k' }, c: { base_url: 'http://127.0.0.1:3/v1', api_key: 'k' } };
    expect(load({ models: { providers, fallback_chain: ['b', 'a'] } }).config.routes).toEqual([{ match: '*', to: ['b', 'a', 'c'] }]);
  });

  it('models.model_routing -> a prefix route per entry, falling back through the chain as 1.x did', () => {
    const providers = { openai: { base_url: 'http://127.0.0.1:1/v1', api_key: 'k' }, deepseek: { base_url: 'http://127.0.0.1:2/v1', api_key: 'k' } };
    const config = load({ models: { providers, fallback_chain: ['deepseek'], model_routing: { 'gpt-': ['openai'] } } }).config;
    expect(config.routes).toEqual([
      { match: 'gpt-*', to: ['openai', 'deepseek'] },
      { match: '*', to: ['deepseek', 'openai'] },
    ]);
  });
});

describe('mistakes in a 1.x config', () => {
  it.each([
    [{ models: { default_model: 'x', fallback: ['a'] } }, /^invalid config: models\.fallback: unknown key/],
    [{ models: { providers: { deepseek: { base_url: 'https://api.deepseek.com/v1', apikey: 'k' } } } }, /^invalid config: models\.providers\.deepseek\.apikey: unknown key/],
    [{ agents: [{ id: 'x', type: 'process', command: 'x', cmd: 'y' }] }, /^invalid config: agents\.0\.cmd: unknown key/],
    [{ models: { providers: { deepseek: { base_url: 'ftp://nope' } } } }, /^invalid config: models\.providers\.deepseek\.base_url: an http\(s\) URL/],
    [{ agents: [{ id: 'x', type: 'process' }] }, /^invalid config: agents\.0\.command: a command agent needs `path`/],
    [{ agents: [{ id: 'x', type: 'robot' }] }, /^invalid config: agents\.0\.type: Invalid option/],
    [{ models: { providers: {}, model_routing: { 'gpt-': ['openai'] } } }, /^invalid config: models\.model_routing\.gpt-: unknown provider "openai"/],
    [{ port: 3000, server: { port: 3001 } }, /^invalid config: port: both port and server\.port are set/],
    [{ port: 3000, colour: 'blue' }, /^invalid config: \(root\): Unrecognized key: "colour"/],
  ])('%j is refused, naming the key as written', (document, message) => {
    expect(failure(document)).toMatch(message);
  });
});
