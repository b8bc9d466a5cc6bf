import { describe, expect, it } from 'vitest';
import type { HubMessageView } from '@shared/contract';
import { createFakeApi, settle } from '../testing/fake-api';
import { createHubStore } from './hub-store';

const message = (overrides: Partial<HubMessageView> = {}): HubMessageView => ({
  message_id: 'm1',
  kind: 'message',
  conversation_id: 'c1',
  from_agent_id: 'alice',
  to_agent_id: 'bob',
  text: 'hello',
  success: null,
  metadata: {},
  timestamp: '2026-01-01T00:00:00.000Z',
  ...overrides,
});

const setup = () => {
  const fake = createFakeApi({
    'hub.conversations': () => [{ conversation_id: 'c0', participants: ['x', 'y'], message_count: 3, started_at: '2025-12-31T00:00:00.000Z', updated_at: '2025-12-31T00:00:00.000Z', last: null }],
    'hub.messages': ({ conversationId }) => [message({ conversation_id: conversationId, message_id: 'old' })],
  });
  const store = createHubStore({ api: fake.api, notify: () => {} });
  return { fake, store };
};

describe('hub store', () => {
  it('puts a live message on top of the conversation list, counted', async () => {
    const { fake, store } = setup();
    await store.getState().load();
    const off = store.getState().connect();
    fake.emit('hub.message', message());
    fake.emit('hub.message', message({ message_id: 'm2', kind: 'result', from_agent_id: 'bob', to_agent_id: 'alice', text: 'hi back', success: true }));
    const [top, older] = store.getState().conversations;
    expect(top).toMatchObject({ conversation_id: 'c1', message_count: 2, participants: ['alice', 'bob'], last: { message_id: 'm2', text: 'hi back' } });
    expect(older?.conversation_id).toBe('c0');
    off();
    expect(fake.listenerCount('hub.message')).toBe(0);
  });

  it('loads the selected conversation and appends its live messages only', async () => {
    const { fake, store } = setup();
    store.getState().connect();
    await store.getState().select('c1');
    await settle();
    fake.emit('hub.message', message({ message_id: 'new' }));
    fake.emit('hub.message', message({ message_id: 'elsewhere', conversation_id: 'c9' }));
    expect(store.getState().messages.map((entry) => entry.message_id)).toEqual(['old', 'new']);
  });

  it('keeps a live message that arrives while the conversation loads, whether or not the page has it', async () => {
    let answer: (messages: HubMessageView[]) => void = () => {};
    const fake = createFakeApi({ 'hub.messages': () => new Promise<HubMessageView[]>((resolve) => (answer = resolve)) });
    const store = createHubStore({ api: fake.api, notify: () => {} });
    store.getState().connect();
    const first = message({ message_id: 'question' });
    const reply = message({ message_id: 'reply', kind: 'result', timestamp: '2026-01-01T00:00:01.000Z' });
    // The page was read before the reply was stored: the reply still shows, after the question.
    const loading = store.getState().select('c1');
    fake.emit('hub.message', reply);
    answer([first]);
    await loading;
    expect(store.getState().messages.map((entry) => entry.message_id)).toEqual(['question', 'reply']);
    // The page already had the live one: it shows once.
    const again = store.getState().select('c1');
    fake.emit('hub.message', reply);
    answer([first, reply]);
    await again;
    expect(store.getState().messages.map((entry) => entry.message_id)).toEqual(['question', 'reply']);
    fake.emit('hub.message', reply);
    expect(store.getState().messages).toHaveLength(2);
  });
});
