import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/api-error';
import { createFakeApi, settle } from '../testing/fake-api';
import { provider } from '../testing/fixtures';
import { createProvidersStore } from './providers-store';

const setup = (handlers: Parameters<typeof createFakeApi>[0] = {}) => {
  const fake = createFakeApi({ 'providers.list': () => [provider()], ...handlers });
  const toasts: { kind: string; message: string }[] = [];
  const store = createProvidersStore({ api: fake.api, notify: (toast) => toasts.push(toast) });
  return { fake, store, toasts };
};

describe('providers store', () => {
  it('adds a new provider and replaces a renamed one in place', async () => {
    const { fake, store } = setup({ 'providers.save': ({ provider: input }) => provider({ id: input.id, baseUrl: input.baseUrl }) });
    await store.getState().load();
    await store.getState().save({ id: 'local', type: 'openai-chat', baseUrl: 'http://127.0.0.1:11434/v1' });
    expect(store.getState().providers.map((entry) => entry.id)).toEqual(['openai', 'local']);
    await store.getState().save({ id: 'oa', type: 'openai-chat', baseUrl: 'https://api.openai.com/v1' }, 'openai');
    expect(store.getState().providers.map((entry) => entry.id)).toEqual(['oa', 'local']);
    expect(fake.callsOf('providers.save')[1]).toMatchObject({ previousId: 'openai' });
  });

  it('leaves the key out of the call when the form left it blank', async () => {
    const { fake, store } = setup({ 'providers.save': ({ provider: input }) => provider({ id: input.id }) });
    await store.getState().save({ id: 'openai', type: 'openai-chat', baseUrl: 'https://api.openai.com/v1', models: ['gpt-4o'] }, 'openai');
    expect(fake.callsOf('providers.save')[0]).not.toHaveProperty('provider.apiKey');
  });

  it('keeps a refused removal on the card', async () => {
    const { store } = setup({ 'providers.remove': () => Promise.reject(new ApiError('PROVIDER_IN_USE', 'Routes "gpt-*" send calls to openai')) });
    await store.getState().load();
    await expect(store.getState().remove('openai')).resolves.toBe(false);
    expect(store.getState().actionErrors.openai).toBe('Routes "gpt-*" send calls to openai');
    expect(store.getState().providers).toHaveLength(1);
  });

  it('records a connection test, including a failed call', async () => {
    const { fake, store } = setup({ 'providers.test': () => ({ ok: true, latencyMs: 12, message: 'Connected in 12 ms, 3 models' }) });
    const running = store.getState().test('openai');
    expect(store.getState().tests.openai).toEqual({ running: true });
    await running;
    expect(store.getState().tests.openai).toMatchObject({ running: false, ok: true, latencyMs: 12 });
    fake.handlers['providers.test'] = () => Promise.reject(new ApiError('NETWORK', 'Cannot reach the gateway'));
    await store.getState().test('openai');
    expect(store.getState().tests.openai).toMatchObject({ ok: false, message: 'Cannot reach the gateway' });
  });

  it('refetches on providers.changed and raises a toast on quota.alert', async () => {
    const { fake, store, toasts } = setup();
    store.getState().connect();
    fake.handlers['providers.list'] = () => [provider({ circuit: 'open', available: false })];
    fake.emit('providers.changed', { id: 'openai' });
    await settle();
    expect(store.getState().providers[0]).toMatchObject({ circuit: 'open' });
    fake.emit('quota.alert', { provider: 'openai', level: 'exhausted', summary: 'balance is 0 USD' });
    expect(toasts).toEqual([{ kind: 'error', message: 'openai: balance is 0 USD' }]);
  });
});
