import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/api-error';
import { createFakeApi } from '../testing/fake-api';
import { createSettingsStore } from './settings-store';

const view = { url: 'http://127.0.0.1:3000', host: '127.0.0.1', port: 3000, dataDir: '/d', tokenPreview: 'abc…wxyz', desktop: false, launchAtLogin: null, paused: false, configPath: null };

const setup = (handlers: Parameters<typeof createFakeApi>[0] = {}) => {
  const fake = createFakeApi({ 'settings.get': () => view, 'settings.revealToken': () => ({ token: 'abc-secret-wxyz' }), ...handlers });
  return { fake, store: createSettingsStore({ api: fake.api, notify: () => undefined }) };
};

describe('settings store', () => {
  it('reveals and hides the token, and rotates it', async () => {
    const { store } = setup({ 'settings.rotateToken': () => ({ token: 'new-token' }) });
    await store.getState().load();
    await store.getState().revealToken();
    expect(store.getState().token).toEqual({ value: 'abc-secret-wxyz', busy: null, error: null });
    store.getState().hideToken();
    expect(store.getState().token.value).toBeNull();
    await store.getState().rotateToken();
    expect(store.getState().token.value).toBe('new-token');
  });

  it('shows what connecting a client did, or why it failed', async () => {
    const { fake, store } = setup({ 'settings.connect': ({ client }) => ({ message: `${client} now uses this gateway`, path: '/home/u/.codex/config.toml' }) });
    await store.getState().connectClient('codex');
    expect(store.getState().clients.codex).toEqual({ running: false, message: 'codex now uses this gateway', path: '/home/u/.codex/config.toml', error: null });
    fake.handlers['settings.connect'] = () => Promise.reject(new ApiError('EACCES', 'cannot write settings.json'));
    await store.getState().connectClient('claude');
    expect(store.getState().clients.claude?.error).toBe('cannot write settings.json');
  });

  it('keeps a desktop-only refusal beside the toggle', async () => {
    const { store } = setup({ 'settings.setLaunchAtLogin': () => Promise.reject(new ApiError('DESKTOP_ONLY', 'Only the desktop app can do this', 501)) });
    await store.getState().load();
    await store.getState().setLaunchAtLogin(true);
    expect(store.getState().toggleError).toBe('Only the desktop app can do this');
  });
});
