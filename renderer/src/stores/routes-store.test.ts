import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/api-error';
import { createFakeApi, settle } from '../testing/fake-api';
import { createRoutesStore } from './routes-store';

const rules = [
  { match: 'gpt-*', to: ['openai'] },
  { match: '*', to: ['local:qwen3:14b'] },
];

const setup = (handlers: Parameters<typeof createFakeApi>[0] = {}) => {
  const fake = createFakeApi({ 'routes.list': () => rules, 'routes.save': ({ routes }) => routes, ...handlers });
  const store = createRoutesStore({ api: fake.api, notify: () => undefined });
  return { fake, store };
};

describe('routes store', () => {
  it('edits a draft: add, reorder rules and targets, and knows when it is dirty', async () => {
    const { store } = setup();
    await store.getState().load();
    const state = () => store.getState();
    state().addTarget(0, 'azure:gpt-4o');
    state().moveTarget(0, 1, -1);
    expect(state().draft[0]?.to).toEqual(['azure:gpt-4o', 'openai']);
    state().moveRule(1, -1);
    expect(state().draft.map((rule) => rule.match)).toEqual(['*', 'gpt-*']);
    expect(state().dirty).toBe(true);
    state().moveRule(0, 1);
    state().moveTarget(0, 0, 1);
    state().removeTarget(0, 1);
    expect(state().draft).toEqual(rules);
    expect(state().dirty).toBe(false);
  });

  it('refuses to save a rule with no pattern or no target, naming the rule', async () => {
    const { fake, store } = setup();
    await store.getState().load();
    store.getState().addRule();
    await expect(store.getState().save()).resolves.toBe(false);
    expect(store.getState().saveError).toBe('Rule 3: Give the rule a model pattern, such as gpt-4o* or *');
    store.getState().setMatch(2, 'claude-*');
    await store.getState().save();
    expect(store.getState().saveError).toBe('Rule 3: Add at least one target');
    expect(fake.callsOf('routes.save')).toHaveLength(0);
  });

  it('saves the draft and shows the server refusal inline', async () => {
    const { fake, store } = setup();
    await store.getState().load();
    store.getState().removeRule(1);
    await expect(store.getState().save()).resolves.toBe(true);
    expect(fake.callsOf('routes.save')).toEqual([{ routes: [rules[0]] }]);
    expect(store.getState()).toMatchObject({ dirty: false, saved: [rules[0]] });

    fake.handlers['routes.save'] = () => Promise.reject(new ApiError('CONFIG_INVALID', 'routes.0.to.0: unknown provider "nope"'));
    store.getState().addTarget(0, 'nope');
    await store.getState().save();
    expect(store.getState()).toMatchObject({ dirty: true, saveError: 'routes.0.to.0: unknown provider "nope"' });
  });

  it('reloads on providers.changed without dropping unsaved edits', async () => {
    const { fake, store } = setup();
    await store.getState().load();
    store.getState().connect();
    store.getState().setMatch(0, 'gpt-4o*');
    fake.handlers['routes.list'] = () => [{ match: 'gpt-*', to: ['oa'] }];
    fake.emit('providers.changed', { id: 'oa' });
    await settle();
    expect(store.getState().draft[0]?.match).toBe('gpt-4o*');
    expect(store.getState().dirty).toBe(true);
    store.getState().discard();
    expect(store.getState().draft).toEqual([{ match: 'gpt-*', to: ['oa'] }]);
  });

  it('tests which chain serves a model', async () => {
    const result = { model: 'gpt-4o', rule: 'gpt-*', error: null, targets: [{ provider: 'openai', model: 'gpt-4o', available: false, reason: 'circuit open' }] };
    const { fake, store } = setup({ 'routes.test': () => result });
    await store.getState().runTest(' gpt-4o ');
    expect(fake.callsOf('routes.test')).toEqual([{ model: 'gpt-4o' }]);
    expect(store.getState().test).toEqual({ running: false, result, error: null });
  });
});
