import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../gateway/log/logger.js';
import { createGateway } from '../gateway/server.js';
import { openSettingsStore, settingsVersion } from './settings-store.js';
import { fakeSafeStorage } from './testing/fake-safe-storage.js';

vi.mock('electron-store', async () => ({ default: (await import('./testing/conf-electron-store.js')).ConfElectronStore }));

let dir: string;
let lines: string[];
const logger = () => createLogger({ write: (line) => lines.push(line) });
const file = () => join(dir, 'settings.json');
const readFile = () => JSON.parse(readFileSync(file(), 'utf8'));

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'agentmesh-settings-'));
  lines = [];
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const document = {
  server: { port: 0, token: 'amk_configured-token-value' },
  providers: [
    { id: 'openai', type: 'openai-chat', baseUrl: 'https://api.openai.com/v1', apiKey: 'sk-live-abcdefghijklmnop', headers: { 'x-org': 'org-secret-header' } },
    { id: 'byenv', type: 'anthropic', baseUrl: 'https://api.anthropic.com', apiKey: '${ANTHROPIC_API_KEY}' },
    { id: 'local', type: 'openai-chat', baseUrl: 'http://127.0.0.1:11434/v1' },
  ],
  agents: [{ id: 'echo', adapter: 'command', path: '/usr/bin/node', env: { TOKEN: 'agent-env-secret' } }],
};
const secrets = ['sk-live-abcdefghijklmnop', 'org-secret-header', 'agent-env-secret', 'amk_configured-token-value'];

describe('settings store', () => {
  it('starts a new store at the current version with an empty config and default app settings', () => {
    const store = openSettingsStore({ dir, box: fakeSafeStorage().box, logger: logger() });
    expect(store.configDocument()).toEqual({});
    expect(store.appSettings()).toEqual({ notifyOnTaskEnd: true });
    expect(readFile()).toMatchObject({ version: settingsVersion, config: {}, setAside: [] });
    expect(lines).toEqual([]);
  });

  it('round-trips a config document with every secret encrypted at rest and env references kept readable', () => {
    const { box } = fakeSafeStorage();
    openSettingsStore({ dir, box, logger: logger() }).persistConfig(document);
    const raw = readFileSync(file(), 'utf8');
    for (const secret of secrets) expect(raw).not.toContain(secret);
    const stored = JSON.parse(raw);
    expect(stored.config.providers[0].apiKey).toEqual({ encrypted: expect.any(String) });
    expect(stored.config.providers[0].headers['x-org']).toEqual({ encrypted: expect.any(String) });
    expect(stored.config.agents[0].env.TOKEN).toEqual({ encrypted: expect.any(String) });
    expect(stored.config.server.token).toEqual({ encrypted: expect.any(String) });
    expect(stored.config.providers[1].apiKey).toBe('${ANTHROPIC_API_KEY}');
    expect(stored.config.providers[2]).not.toHaveProperty('apiKey');
    if (process.platform !== 'win32') expect(statSync(file()).mode & 0o777).toBe(0o600);

    const reopened = openSettingsStore({ dir, box, logger: logger() });
    expect(reopened.configDocument()).toEqual(document);
    expect(lines).toEqual([]);
  });

  it('keeps UI edits made through the gateway, with the new key sealed and only a masked key in the view', async () => {
    const { box } = fakeSafeStorage();
    const store = openSettingsStore({ dir, box, logger: logger() });
    const gateway = createGateway({ config: store.configDocument(), persist: store.persistConfig, dataDir: dir, desktop: true, logger: logger() });
    try {
      const view = await gateway.handlers['providers.save']({ provider: { id: 'deepseek', type: 'openai-chat', baseUrl: 'https://api.deepseek.com/v1', apiKey: 'sk-deepseek-0123456789', models: [], enabled: true } });
      expect(view.keyPreview).toBe('sk-…6789');
      expect(readFileSync(file(), 'utf8')).not.toContain('sk-deepseek-0123456789');
      expect(openSettingsStore({ dir, box, logger: logger() }).configDocument()).toMatchObject({ providers: [{ id: 'deepseek', apiKey: 'sk-deepseek-0123456789' }] });
    } finally {
      await gateway.stop();
    }
  });

  it('does not let a stored key follow its provider to another host', async () => {
    const { box } = fakeSafeStorage();
    const store = openSettingsStore({ dir, box, logger: logger() });
    store.persistConfig(document);
    const gateway = createGateway({ config: store.configDocument(), persist: store.persistConfig, dataDir: dir, desktop: true, logger: logger() });
    try {
      const moved = { id: 'openai', type: 'openai-chat' as const, baseUrl: 'https://elsewhere.example.com/v1', models: [], enabled: true };
      await expect(Promise.resolve().then(() => gateway.handlers['providers.save']({ provider: moved }))).rejects.toMatchObject({ code: 'KEY_REQUIRED' });
      const openai = () => (openSettingsStore({ dir, box, logger: logger() }).configDocument() as typeof document).providers[0];
      expect(openai()).toMatchObject({ baseUrl: 'https://api.openai.com/v1', apiKey: 'sk-live-abcdefghijklmnop' });
      await gateway.handlers['providers.save']({ provider: { ...moved, apiKey: 'sk-elsewhere-0123456789' } });
      expect(openai()).toMatchObject({ baseUrl: moved.baseUrl, apiKey: 'sk-elsewhere-0123456789' });
    } finally {
      await gateway.stop();
    }
  });

  it('refuses to store a secret unencrypted when the keychain is unavailable, and changes nothing', () => {
    const { box, state } = fakeSafeStorage();
    const store = openSettingsStore({ dir, box, logger: logger() });
    state.available = false;
    expect(() => store.persistConfig(document)).toThrow(expect.objectContaining({ code: 'KEYCHAIN_UNAVAILABLE', message: expect.stringMatching(/environment reference/) }));
    expect(readFile().config).toEqual({});
    // A document whose only keys are env references needs no keychain.
    store.persistConfig({ providers: [document.providers[1]] });
    expect(readFile().config.providers[0].apiKey).toBe('${ANTHROPIC_API_KEY}');
  });

  it('drops a secret that no longer decrypts, names its field in the log, and keeps the rest', () => {
    const { box, state } = fakeSafeStorage();
    openSettingsStore({ dir, box, logger: logger() }).persistConfig(document);
    state.keychain = 'keychain-2';
    const document2 = openSettingsStore({ dir, box, logger: logger() }).configDocument() as typeof document;
    expect(document2.providers[0]).not.toHaveProperty('apiKey');
    expect(document2.providers[0]!.baseUrl).toBe('https://api.openai.com/v1');
    expect(document2.providers[1]!.apiKey).toBe('${ANTHROPIC_API_KEY}');
    expect(lines.join('\n')).toMatch(/cannot be decrypted.*field=providers\.openai\.apiKey/);
  });

  it('sets an invalid stored config aside with a log naming the bad field, and starts on an empty config', () => {
    const bad = { providers: [{ id: 'p', type: 'carrier-pigeon', baseUrl: 'https://example.com' }] };
    writeFileSync(file(), JSON.stringify({ version: 1, config: bad, app: { notifyOnTaskEnd: false } }));
    const store = openSettingsStore({ dir, box: fakeSafeStorage().box, logger: logger() });
    expect(store.configDocument()).toEqual({});
    expect(store.appSettings()).toEqual({ notifyOnTaskEnd: false });
    expect(lines.join('\n')).toMatch(/ERROR settings: the stored config is invalid.*providers\.0\.type/);
    const stored = readFile();
    expect(stored.config).toEqual({});
    expect(stored.setAside).toEqual([expect.objectContaining({ data: bad, reason: expect.stringContaining('providers.0.type') })]);
  });

  it('migrates a store written before versioning to the current layout', () => {
    writeFileSync(file(), JSON.stringify({ config: { providers: [document.providers[2]] } }));
    const store = openSettingsStore({ dir, box: fakeSafeStorage().box, logger: logger() });
    expect(store.configDocument()).toEqual({ providers: [document.providers[2]] });
    expect(readFile()).toMatchObject({ version: settingsVersion, app: { notifyOnTaskEnd: true } });
  });

  it('sets aside settings written by a newer version or of the wrong shape, instead of guessing', () => {
    writeFileSync(file(), JSON.stringify({ version: settingsVersion + 1, config: { future: true } }));
    expect(openSettingsStore({ dir, box: fakeSafeStorage().box, logger: logger() }).configDocument()).toEqual({});
    expect(lines.join('\n')).toMatch(/newer AgentMesh/);
    expect(readFile().setAside[0].data).toEqual({ version: settingsVersion + 1, config: { future: true } });

    writeFileSync(file(), JSON.stringify({ version: 1, config: 'not a document' }));
    lines = [];
    openSettingsStore({ dir, box: fakeSafeStorage().box, logger: logger() });
    expect(lines.join('\n')).toMatch(/cannot be used.*config: /);
  });

  it('moves a file that is not JSON aside rather than emptying it', () => {
    writeFileSync(file(), '{ "version": 1, "config": ');
    const store = openSettingsStore({ dir, box: fakeSafeStorage().box, logger: logger() });
    expect(store.configDocument()).toEqual({});
    const aside = readdirSync(dir).find((name) => name.startsWith('settings.json.unreadable-'));
    expect(aside).toBeDefined();
    expect(readFileSync(join(dir, aside!), 'utf8')).toBe('{ "version": 1, "config": ');
    expect(lines.join('\n')).toMatch(/not readable JSON/);
  });

  it('updates app settings, schema-checked', () => {
    const store = openSettingsStore({ dir, box: fakeSafeStorage().box, logger: logger() });
    expect(store.updateAppSettings({ notifyOnTaskEnd: false })).toEqual({ notifyOnTaskEnd: false });
    expect(readFile().app).toEqual({ notifyOnTaskEnd: false });
    expect(() => store.updateAppSettings({ notifyOnTaskEnd: 'yes' as unknown as boolean })).toThrow();
  });
});
